#include "drivers/idcard/usb_transport.hpp"

#include <algorithm>
#include <charconv>

#include "drivers/usb/devices.hpp"

namespace jiayi::drivers::idcard {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kWriteTimeout{500};
constexpr std::size_t kHeader = 7;
// How long a drained pipe stays silent before it counts as empty.
constexpr std::chrono::milliseconds kQuiet{20};

// A read asks for whole packets: a device that sends more than asked for
// overflows the transfer.
std::size_t whole_packets(std::size_t n, std::size_t packet) {
    return std::max<std::size_t>(packet, (n + packet - 1) / packet * packet);
}

std::chrono::milliseconds left(Clock::time_point deadline) {
    return std::max(0ms,
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

std::optional<std::uint16_t> hex16(std::string_view text) {
    std::uint16_t v = 0;
    if (text.size() != 4) {
        return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return v;
}

}  // namespace

std::optional<UsbPipes> usb_pipes_from(std::string_view word) {
    if (word == "split") {
        return UsbPipes::Split;
    }
    if (word == "single") {
        return UsbPipes::Single;
    }
    if (word == "probe") {
        return UsbPipes::Probe;
    }
    return std::nullopt;
}

std::string_view code(UsbPipes pipes) {
    switch (pipes) {
        case UsbPipes::Split:
            return "split";
        case UsbPipes::Single:
            return "single";
        case UsbPipes::Probe:
            break;
    }
    return "probe";
}

UsbTransport::UsbTransport(std::unique_ptr<usb::BulkDevice> device, UsbPipes pipes)
    : device_(std::move(device)), pipes_(pipes == UsbPipes::Single ? pipes : UsbPipes::Split) {}

bool UsbTransport::can_split() const {
    return device_->has_endpoint(kHeaderOut) && device_->has_endpoint(kBodyOut) &&
           device_->has_endpoint(kHeaderIn) && device_->has_endpoint(kBodyIn);
}

std::string UsbTransport::describe() const {
    return device_->describe() + ", " + std::string(code(pipes_)) + " pipes";
}

Result<void, IoError> UsbTransport::write(std::span<const std::uint8_t> frame) {
    if (unsettled_) {
        drain(kQuiet);
    }
    if (pipes_ == UsbPipes::Single || frame.size() <= kHeader) {
        return device_->write(frame,
                              pipes_ == UsbPipes::Single ? device_->out_endpoint() : kHeaderOut,
                              kWriteTimeout);
    }
    if (auto header = device_->write(frame.first(kHeader), kHeaderOut, kWriteTimeout); !header) {
        return header;
    }
    return device_->write(frame.subspan(kHeader), kBodyOut, kWriteTimeout);
}

Result<std::size_t, IoError> UsbTransport::read(std::span<std::uint8_t> into,
                                                std::chrono::milliseconds timeout) {
    if (pending_.empty()) {
        auto got = pipes_ == UsbPipes::Split ? read_split(timeout) : read_single(timeout);
        if (!got) {
            unsettled_ = true;
            return got;
        }
    }
    const std::size_t n = std::min(into.size(), pending_.size());
    std::copy_n(pending_.begin(), n, into.begin());
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
}

Result<std::size_t, IoError> UsbTransport::read_single(std::chrono::milliseconds timeout) {
    const std::uint8_t in = device_->in_endpoint();
    Bytes buffer(whole_packets(kMaxFrame, device_->max_packet(in)));
    auto got = device_->read(buffer, in, timeout);
    if (!got) {
        return got;
    }
    pending_.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*got));
    return *got;
}

// The header from 0x81; when it is a frame's header, LEN more bytes from
// 0x85. Anything else (noise) is handed on as it came: the frame reader
// skips it.
Result<std::size_t, IoError> UsbTransport::read_split(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Bytes header(whole_packets(kHeader, device_->max_packet(kHeaderIn)));
    auto got = device_->read(header, kHeaderIn, timeout);
    if (!got) {
        return got;
    }
    header.resize(*got);
    pending_ = header;
    const bool is_header = header.size() >= kHeader &&
                           std::equal(std::begin(kPreamble), std::end(kPreamble), header.begin());
    if (!is_header) {
        return pending_.size();
    }
    const std::size_t len = (std::size_t{header[5]} << 8) | header[6];
    if (kHeader + len > kMaxFrame) {
        return pending_.size();  // a LEN no reply has: let the frame reader say so
    }
    const std::size_t have = header.size() - kHeader;
    std::size_t need = len > have ? len - have : 0;
    while (need > 0) {
        Bytes body(whole_packets(need, device_->max_packet(kBodyIn)));
        auto more = device_->read(body, kBodyIn, std::max(left(deadline), 1ms));
        if (!more) {
            if (more.error().kind == IoError::Kind::Timeout) {
                unsettled_ = true;  // the rest may still come, after its request
                break;              // a partial frame: the frame reader waits, then gives up
            }
            return more;
        }
        pending_.insert(pending_.end(), body.begin(),
                        body.begin() + static_cast<std::ptrdiff_t>(*more));
        need = *more >= need ? 0 : need - *more;
    }
    return pending_.size();
}

void UsbTransport::drain(std::chrono::milliseconds quiet) {
    pending_.clear();
    unsettled_ = false;
    std::vector<std::uint8_t> ins{device_->in_endpoint()};
    if (can_split()) {
        ins = {kHeaderIn, kBodyIn};
    }
    for (std::uint8_t in : ins) {
        Bytes buffer(whole_packets(kMaxFrame, device_->max_packet(in)));
        // Bounded: a reader that never stops talking is not drained for ever.
        for (int i = 0; i < 16; ++i) {
            if (!device_->read(buffer, in, quiet)) {
                break;
            }
        }
    }
}

Result<UsbPipes, IoError> probe_pipes(UsbTransport& transport, std::chrono::milliseconds timeout) {
    std::vector<UsbPipes> order{UsbPipes::Single};
    if (transport.can_split()) {
        order.insert(order.begin(), UsbPipes::Split);
    }
    for (UsbPipes pipes : order) {
        transport.set_pipes(pipes);
        auto status = exchange(transport, kSamStatus, timeout);
        if (status) {
            // A wrong guess may have been answered late (a SW3 10 to a
            // half frame): what is left belongs to no request.
            transport.drain(kQuiet);
            return pipes;
        }
        if (status.error().kind != IoError::Kind::Timeout) {
            return fail(status.error());
        }
    }
    return fail(IoError{IoError::Kind::Timeout,
                        "no answer in either pipe style from " + transport.describe()});
}

std::vector<usb::Match> known_usb_readers() {
    std::vector<usb::Match> readers;
    for (auto [vendor, product] : {std::pair<std::uint16_t, std::uint16_t>{0x0400, 0xC35A},
                                   std::pair<std::uint16_t, std::uint16_t>{0x0316, 0x5020}}) {
        usb::Match m = usb::Match::id(vendor, product);
        m.interface_class = usb::kVendorClass;
        readers.push_back(m);
    }
    return readers;
}

std::optional<std::vector<usb::Match>> usb_reader_matches(std::string_view device) {
    if (device == "usb") {
        return known_usb_readers();
    }
    if (device.size() != 13 || device.substr(0, 4) != "usb:" || device[8] != ':') {
        return std::nullopt;
    }
    const auto vendor = hex16(device.substr(4, 4));
    const auto product = hex16(device.substr(9, 4));
    if (!vendor || !product) {
        return std::nullopt;
    }
    usb::Match m = usb::Match::id(*vendor, *product);
    m.interface_class = usb::kVendorClass;
    return std::vector<usb::Match>{m};
}

Connect usb_reader(std::vector<usb::Match> candidates, UsbPipes pipes) {
    return [candidates = std::move(candidates),
            pipes]() -> Result<std::unique_ptr<Transport>, IoError> {
        IoError last{IoError::Kind::Closed, "no USB reader is attached"};
        for (const usb::Match& m : candidates) {
            auto device = usb::BulkDevice::open(m);
            if (!device) {
                last = device.error();
                continue;
            }
            auto transport = std::make_unique<UsbTransport>(std::move(device).value(), pipes);
            if (pipes == UsbPipes::Probe) {
                if (auto found = probe_pipes(*transport, 500ms); !found) {
                    return fail(found.error());
                }
            } else if (pipes == UsbPipes::Split && !transport->can_split()) {
                return fail(IoError{
                    IoError::Kind::Failed,
                    transport->describe() + " lacks the split style's endpoints 02, 06, 81, 85"});
            }
            return std::unique_ptr<Transport>(std::move(transport));
        }
        return fail(last);
    };
}

Connect reader_at(const std::string& device, int baud, UsbPipes pipes) {
    if (auto matches = usb_reader_matches(device)) {
        return usb_reader(std::move(*matches), pipes);
    }
    return serial_reader(device, baud);
}

}  // namespace jiayi::drivers::idcard
