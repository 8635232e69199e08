#pragma once
// USB printer class (interface class 7) through libusb: the kernel driver
// detached, the interface claimed, the bulk endpoints found in the descriptors.

#include <memory>
#include <string>

#include "drivers/printer/link.hpp"

namespace jiayi::drivers::printer {

// `ids` is "vvvv:pppp" or empty for the first printer-class interface.
Result<std::unique_ptr<Link>, IoError> open_usb_link(const std::string& ids);

}  // namespace jiayi::drivers::printer
