# drivers/printer: bytes, the table of commands, pages, our renderer, and the
# real links and print queue against the printer simulator over TCP and a pty;
# kiosk/printing: receipts laid out (with golden files), in the same binary.
pkg_check_modules(PrinterTestZXing REQUIRED IMPORTED_TARGET zxing)
jiayi_test(test_printer drivers/printer/printer_test.cpp kiosk/printing/receipt_layout_test.cpp)
target_link_libraries(test_printer PRIVATE jiayi_printer jiayi_printing jiayi_store PkgConfig::PrinterTestZXing)
target_compile_definitions(test_printer PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# The USB printer class through the real libusb, against a printer faked with
# umockdev (tests/support/usb_fake.hpp): runs under umockdev-wrapper.
add_executable(test_printer_usb drivers/printer/printer_usb_test.cpp)
target_link_libraries(test_printer_usb PRIVATE jiayi_test_support jiayi_warnings jiayi_printer
  jiayi_printing jiayi_store PkgConfig::UMockdev)
target_link_libraries(test_printer_usb PRIVATE nlohmann_json::nlohmann_json)
target_compile_definitions(test_printer_usb PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  JIAYI_BIN="$<TARGET_FILE:jiayi>")
add_dependencies(test_printer_usb jiayi)
set_target_properties(test_printer_usb PROPERTIES CROSSCOMPILING_EMULATOR "${JIAYI_UMOCKDEV_RUN}")
doctest_discover_tests(test_printer_usb WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
  PROPERTIES LABELS usb)
