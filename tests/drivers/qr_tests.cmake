# drivers/qr: payloads, the ZXing adapter, the scanner loop on simulated
# frames, the keyboard wedge through umockdev, and `jiayi qr decode`.
pkg_check_modules(QrTestStb REQUIRED IMPORTED_TARGET stb)
jiayi_test(test_qr drivers/qr_payload_test.cpp drivers/qr_decoder_test.cpp
  drivers/qr_scanner_test.cpp)
target_link_libraries(test_qr PRIVATE jiayi_qr PkgConfig::QrTestStb)

# `jiayi qr decode` as a process, on PNG and JPEG files the test writes.
jiayi_test(test_qr_cli cli/qr_cli_test.cpp)
target_link_libraries(test_qr_cli PRIVATE jiayi_qr PkgConfig::QrTestStb)
target_compile_definitions(test_qr_cli PRIVATE JIAYI_BIN="$<TARGET_FILE:jiayi>")
add_dependencies(test_qr_cli jiayi)
