# drivers/qr: the ZXing adapter, the scanner loop on simulated
# frames, the keyboard wedge through umockdev, and `jiayi qr decode`.
pkg_check_modules(QrTestStb REQUIRED IMPORTED_TARGET stb)
# The payload forms (common/qr_payload) run here too, beside what reads them.
jiayi_test(test_qr common/qr_payload_test.cpp drivers/qr/qr_decoder_test.cpp
  drivers/qr/qr_scanner_test.cpp drivers/qr/qr_keys_test.cpp drivers/qr/qr_config_test.cpp)
target_link_libraries(test_qr PRIVATE jiayi_qr jiayi_qr_payload jiayi_devices PkgConfig::QrTestStb)

# `jiayi qr decode` as a process, on PNG and JPEG files the test writes.
jiayi_test(test_qr_cli apps/jiayi/qr_cli_test.cpp)
target_link_libraries(test_qr_cli PRIVATE jiayi_qr PkgConfig::QrTestStb)
target_compile_definitions(test_qr_cli PRIVATE JIAYI_BIN="$<TARGET_FILE:jiayi>")
add_dependencies(test_qr_cli jiayi)

# The keyboard wedge through its real evdev code on a device umockdev
# emulates: the binary runs under umockdev-wrapper (LD_PRELOAD), one ctest
# test for the whole binary.
add_executable(test_qr_wedge drivers/qr/qr_wedge_test.cpp)
target_link_libraries(test_qr_wedge PRIVATE jiayi_test_support jiayi_qr PkgConfig::UMockdev
  jiayi_warnings)
add_test(NAME "qr wedge: evdev grab, keys, debounce, unplug (umockdev)"
  COMMAND ${JIAYI_UMOCKDEV_RUN} $<TARGET_FILE:test_qr_wedge>)

# The V4L2 camera through its real code (format negotiation, mmap streaming,
# unplug) on a USB camera umockdev emulates (tests/support/v4l2_fake.hpp),
# under umockdev-wrapper; one ctest test for the whole binary.
add_executable(test_qr_v4l2 drivers/qr/qr_v4l2_test.cpp)
target_link_libraries(test_qr_v4l2 PRIVATE jiayi_test_support jiayi_qr PkgConfig::UMockdev
  PkgConfig::QrTestStb jiayi_warnings)
add_test(NAME "qr v4l2: YUYV and MJPEG, the granted size, not a camera, dropped frames, unplug (umockdev)"
  COMMAND ${JIAYI_UMOCKDEV_RUN} $<TARGET_FILE:test_qr_v4l2>)
