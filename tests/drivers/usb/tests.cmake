# drivers/usb and the ID card reader's USB transport, through the real libusb
# against devices faked with umockdev: each test runs under umockdev-wrapper,
# whose preload library redirects sysfs and hands usbdevfs ioctls to the fake.

add_executable(test_usb drivers/usb/usb_test.cpp drivers/usb/usb_reader_test.cpp)
target_link_libraries(test_usb PRIVATE jiayi_test_support jiayi_warnings jiayi_usb jiayi_idcard
  jiayi_devices PkgConfig::UMockdev)
# The emulator prefixes both the listing of test cases and every run.
set_target_properties(test_usb PROPERTIES CROSSCOMPILING_EMULATOR "${JIAYI_UMOCKDEV_RUN}")
doctest_discover_tests(test_usb WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
  PROPERTIES LABELS usb)

