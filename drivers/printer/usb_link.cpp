#include "drivers/printer/usb_link.hpp"

namespace jiayi::drivers::printer {

// Filled in over drivers/usb's BulkDevice once it lands.
Result<std::unique_ptr<Link>, IoError> open_usb_link(const std::string& ids) {
    return fail(IoError{IoError::Kind::Failed,
                        "USB printer " + (ids.empty() ? std::string("(any)") : ids) +
                            ": the libusb link is not built yet; use /dev/usb/lpN"});
}

}  // namespace jiayi::drivers::printer
