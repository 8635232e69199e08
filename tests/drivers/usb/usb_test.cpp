// drivers/usb through the real libusb, against a device faked with umockdev.

#include <doctest/doctest.h>

#include <thread>

#include "drivers/usb/bulk_device.hpp"
#include "drivers/usb/devices.hpp"
#include "support/usb_fake.hpp"

using namespace std::chrono_literals;
using jiayi::IoError;
using jiayi::test::UsbBytes;
using jiayi::test::UsbFake;
using jiayi::test::UsbFakeSpec;
namespace usb = jiayi::usb;

TEST_CASE("a bulk device is opened by VID:PID, written to and read from") {
    UsbFake fake(UsbFakeSpec{});
    fake.on_out([&](std::uint8_t ep, const UsbBytes& bytes) {
        UsbBytes echo = bytes;
        echo.push_back(ep);
        fake.queue_in(0x81, echo);
    });
    auto device = usb::BulkDevice::open(usb::Match::id(0x0400, 0xC35A));
    REQUIRE_MESSAGE(device.ok(), device.error().message);
    CHECK((*device)->in_endpoint() == 0x81);
    CHECK((*device)->out_endpoint() == 0x02);
    CHECK((*device)->endpoints().size() == 4);
    const UsbBytes hello = {1, 2, 3};
    REQUIRE((*device)->write(hello, 500ms).ok());
    std::uint8_t buffer[64];
    auto got = (*device)->read(buffer, 500ms);
    REQUIRE_MESSAGE(got.ok(), got.error().message);
    CHECK(UsbBytes(buffer, buffer + *got) == UsbBytes{1, 2, 3, 0x02});
}

TEST_CASE("list names each attached device, its interfaces and whether it is one of ours") {
    UsbFakeSpec printer;
    printer.vendor = 0x6868;
    printer.product = 0x0500;
    printer.interface_class = usb::kPrinterClass;
    printer.interface_protocol = 2;
    printer.endpoints = {0x01, 0x82};
    printer.product_name = "Receipt Printer";
    printer.serial = "GP-0001";
    UsbFake fake(printer);
    auto devices = usb::list();
    REQUIRE(devices.ok());
    REQUIRE(devices->size() == 1);
    const usb::UsbDeviceInfo& d = devices->front();
    CHECK(usb::vid_pid(d.vendor, d.product) == "6868:0500");
    CHECK(d.bus == 1);
    CHECK(d.address == 2);
    CHECK(d.port == "1-1");
    CHECK(d.interface_classes == std::vector<std::uint8_t>{usb::kPrinterClass});
    CHECK(d.product_name == "Receipt Printer");
    CHECK(d.serial == "GP-0001");
    CHECK(d.role == usb::Role::Printer);
    CHECK(d.model == "Gprinter");
}

TEST_CASE("known devices are recognised by VID:PID and interface class together") {
    using R = usb::Role;
    const std::vector<std::uint8_t> vendor{usb::kVendorClass};
    CHECK(usb::recognise(0x0400, 0xC35A, vendor).role == R::IdCardReader);
    CHECK(usb::recognise(0x0316, 0x5020, vendor).role == R::IdCardReader);
    // VID 0400 is shared: the same IDs with only a mass-storage interface are not a reader.
    CHECK(usb::recognise(0x0400, 0xC35A, {0x08}).role == R::Unknown);
    CHECK(usb::recognise(0x0483, 0x5743, {usb::kPrinterClass}).model == "Xprinter");
    CHECK(usb::recognise(0x0FE6, 0x811E, {usb::kPrinterClass}).model == "Rongta");
    for (std::uint16_t pid : {std::uint16_t{0x0202}, std::uint16_t{0x0E03}, std::uint16_t{0x0E15},
                              std::uint16_t{0x0E28}}) {
        CHECK(usb::recognise(0x04B8, pid, {usb::kPrinterClass}).model == "Epson");
    }
    CHECK(usb::recognise(0x6868, 0x0200, {}).model == "Gprinter");
    // Any printer-class interface is a printer, of a model we do not know.
    auto other = usb::recognise(0x1234, 0x5678, {0x03, usb::kPrinterClass});
    CHECK(other.role == R::Printer);
    CHECK(other.model.empty());
    CHECK(usb::recognise(0x1234, 0x5678, {0x03}).role == R::Unknown);
    CHECK(usb::code(R::IdCardReader) == "idcard-reader");
}

TEST_CASE("a printer-class interface is claimed after its kernel driver is detached") {
    UsbFakeSpec printer;
    printer.vendor = 0x0483;
    printer.product = 0x5743;
    printer.interface_class = usb::kPrinterClass;
    printer.endpoints = {0x81, 0x01};  // IN listed first: order must not matter
    printer.kernel_driver = "usblp";
    UsbFake fake(printer);
    auto match = usb::Match::id(0x0483, 0x5743);
    match.interface_class = usb::kPrinterClass;
    auto device = usb::BulkDevice::open(match);
    REQUIRE_MESSAGE(device.ok(), device.error().message);
    CHECK(fake.kernel_driver_detached());
    CHECK((*device)->interface_class() == usb::kPrinterClass);
    CHECK((*device)->out_endpoint() == 0x01);
    CHECK((*device)->in_endpoint() == 0x81);
    const UsbBytes init = {0x1B, 0x40};
    REQUIRE((*device)->write(init, 500ms).ok());
    CHECK(fake.written(0x01) == std::vector<UsbBytes>{init});
}

TEST_CASE("a device is matched on interface class, bus and address, and serial number") {
    UsbFake fake(UsbFakeSpec{});
    auto wrong_class = usb::Match::id(0x0400, 0xC35A);
    wrong_class.interface_class = usb::kPrinterClass;
    auto refused = usb::BulkDevice::open(wrong_class);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == IoError::Kind::Closed);
    CHECK(refused.error().message.find("not attached") != std::string::npos);

    auto elsewhere = usb::Match::id(0x0400, 0xC35A);
    elsewhere.address = 9;
    CHECK_FALSE(usb::BulkDevice::open(elsewhere).ok());

    auto other_serial = usb::Match::id(0x0400, 0xC35A);
    other_serial.serial = "SOMEONE-ELSE";
    CHECK_FALSE(usb::BulkDevice::open(other_serial).ok());

    auto exact = usb::Match::id(0x0400, 0xC35A);
    exact.interface_class = usb::kVendorClass;
    exact.bus = 1;
    exact.address = 2;
    exact.serial = "FAKE0001";
    auto device = usb::BulkDevice::open(exact);
    REQUIRE_MESSAGE(device.ok(), device.error().message);
    CHECK((*device)->describe() == "usb 0400:c35a on bus 1 address 2");
}

TEST_CASE("endpoints can be given, and one the interface lacks is refused") {
    UsbFake fake(UsbFakeSpec{});
    auto split = usb::Match::id(0x0400, 0xC35A);
    split.in_endpoint = 0x85;
    split.out_endpoint = 0x06;
    auto device = usb::BulkDevice::open(split);
    REQUIRE(device.ok());
    CHECK((*device)->in_endpoint() == 0x85);
    CHECK((*device)->out_endpoint() == 0x06);
    auto missing = usb::Match::id(0x0400, 0xC35A);
    missing.in_endpoint = 0x83;
    auto refused = usb::BulkDevice::open(missing);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("no bulk endpoint 0x83") != std::string::npos);
}

TEST_CASE("a read with nothing to read times out, and the device still works after") {
    UsbFake fake(UsbFakeSpec{});
    auto device = usb::BulkDevice::open(usb::Match::id(0x0400, 0xC35A));
    REQUIRE(device.ok());
    std::uint8_t buffer[64];
    const auto start = std::chrono::steady_clock::now();
    auto nothing = (*device)->read(buffer, 50ms);
    REQUIRE_FALSE(nothing.ok());
    CHECK(nothing.error().kind == IoError::Kind::Timeout);
    CHECK(std::chrono::steady_clock::now() - start >= 50ms);
    fake.queue_in(0x81, {0x90});
    auto got = (*device)->read(buffer, 500ms);
    REQUIRE(got.ok());
    CHECK(*got == 1);
}

TEST_CASE("a packet longer than the read takes the rest to the next read") {
    UsbFake fake(UsbFakeSpec{});
    auto device = usb::BulkDevice::open(usb::Match::id(0x0400, 0xC35A));
    REQUIRE(device.ok());
    fake.queue_in(0x85, UsbBytes(100, 0x5A));
    fake.queue_in(0x85, {0x01});
    std::uint8_t buffer[64];
    CHECK((*device)->read(buffer, 0x85, 500ms).value() == 64);
    CHECK((*device)->read(buffer, 0x85, 500ms).value() == 36);
    CHECK((*device)->read(buffer, 0x85, 500ms).value() == 1);
}

TEST_CASE("a stall and a wire error are failures with libusb's words, not an unplug") {
    UsbFake fake(UsbFakeSpec{});
    auto device = usb::BulkDevice::open(usb::Match::id(0x0400, 0xC35A));
    REQUIRE(device.ok());
    fake.fail_next(0x02, -EPIPE);
    auto stalled = (*device)->write(UsbBytes{1}, 500ms);
    REQUIRE_FALSE(stalled.ok());
    CHECK(stalled.error().kind == IoError::Kind::Failed);
    CHECK(stalled.error().message.find("Pipe error") != std::string::npos);
    fake.fail_next(0x81, -EPROTO);
    std::uint8_t buffer[64];
    auto broken = (*device)->read(buffer, 500ms);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().kind == IoError::Kind::Failed);
    CHECK(broken.error().message.find("Input/Output Error") != std::string::npos);
    // Both cleared: the next transfers go through.
    CHECK((*device)->write(UsbBytes{2}, 500ms).ok());
}

TEST_CASE("unplugged mid-read: Closed, and the device is found again once it is back") {
    UsbFake fake(UsbFakeSpec{});
    auto device = usb::BulkDevice::open(usb::Match::id(0x0400, 0xC35A));
    REQUIRE(device.ok());
    std::uint8_t buffer[64];
    auto pull = std::thread([&] {
        CHECK(fake.wait_reading(0x81));
        fake.unplug();
    });
    auto got = (*device)->read(buffer, 3s);
    pull.join();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == IoError::Kind::Closed);
    auto again = (*device)->write(UsbBytes{1}, 100ms);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().kind == IoError::Kind::Closed);
    device = usb::BulkDevice::open(usb::Match::id(0x0400, 0xC35A));
    REQUIRE_FALSE(device.ok());
    CHECK(device.error().kind == IoError::Kind::Closed);
    fake.plug();
    device = usb::BulkDevice::open(usb::Match::id(0x0400, 0xC35A));
    REQUIRE_MESSAGE(device.ok(), device.error().message);
    CHECK((*device)->describe() == "usb 0400:c35a on bus 1 address 3");
}
