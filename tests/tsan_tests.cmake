# The threaded tests, once more as whole binaries labelled "threaded", for
# the ThreadSanitizer build (the tsan presets; scripts/tsan): the ID card
# reader's thread against the pty simulator, the flow's event queue and
# device events and the print queue, the USB reader and printer under
# umockdev, the printer's queue against its simulator, the QR scanner, the
# keyboard wedge and the V4L2 camera under umockdev, the watchdog's pings
# and the loops that beat it, the voice's worker and SDL's audio thread.
if(JIAYI_TSAN)
  add_test(NAME "threaded: test_idcard" COMMAND test_idcard)
  add_test(NAME "threaded: test_flow, event queue and devices"
    COMMAND test_flow --source-file=*event_queue_test.cpp,*device_test.cpp,*printer_test.cpp)
  add_test(NAME "threaded: test_usb" COMMAND ${UMOCKDEV_WRAPPER} $<TARGET_FILE:test_usb>)
  add_test(NAME "threaded: test_printer" COMMAND test_printer)
  add_test(NAME "threaded: test_printer_usb"
    COMMAND ${UMOCKDEV_WRAPPER} $<TARGET_FILE:test_printer_usb>)
  add_test(NAME "threaded: test_qr" COMMAND test_qr)
  add_test(NAME "threaded: test_qr_wedge" COMMAND ${UMOCKDEV_WRAPPER} $<TARGET_FILE:test_qr_wedge>)
  add_test(NAME "threaded: test_qr_v4l2" COMMAND ${UMOCKDEV_WRAPPER} $<TARGET_FILE:test_qr_v4l2>)
  add_test(NAME "threaded: test_service" COMMAND test_service)
  add_test(NAME "threaded: test_voice" COMMAND test_voice)
  set(threaded_tests "threaded: test_idcard" "threaded: test_flow, event queue and devices"
    "threaded: test_usb" "threaded: test_printer" "threaded: test_printer_usb" "threaded: test_qr"
    "threaded: test_qr_wedge" "threaded: test_qr_v4l2" "threaded: test_service"
    "threaded: test_voice")
  set_tests_properties(${threaded_tests} PROPERTIES LABELS threaded)
  # umockdev and GLib are not built with TSan: their locking is invisible to it.
  set_tests_properties("threaded: test_usb" "threaded: test_printer_usb" "threaded: test_qr_wedge"
    "threaded: test_qr_v4l2" PROPERTIES ENVIRONMENT
    "TSAN_OPTIONS=halt_on_error=1 second_deadlock_stack=1 suppressions=${CMAKE_CURRENT_LIST_DIR}/tsan.supp")
endif()
