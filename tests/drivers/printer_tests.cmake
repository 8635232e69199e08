# drivers/printer: bytes, layouts (with golden files), our renderer, and the
# real links and print queue against the printer simulator over TCP and a pty.
pkg_check_modules(PrinterTestZXing REQUIRED IMPORTED_TARGET zxing)
jiayi_test(test_printer drivers/printer_test.cpp)
target_link_libraries(test_printer PRIVATE jiayi_printer jiayi_store PkgConfig::PrinterTestZXing)
target_compile_definitions(test_printer PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
