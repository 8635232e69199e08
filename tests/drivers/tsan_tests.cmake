# The threaded tests, once more as whole binaries labelled "threaded", for
# the ThreadSanitizer build (the tsan presets; scripts/tsan): the ID card
# reader's thread against the pty simulator, the flow's event queue and
# device events, and the USB reader under umockdev.
if(JIAYI_TSAN)
  add_test(NAME "threaded: test_idcard" COMMAND test_idcard)
  add_test(NAME "threaded: test_flow, event queue and devices"
    COMMAND test_flow --source-file=*event_queue_test.cpp,*device_test.cpp)
  add_test(NAME "threaded: test_usb" COMMAND ${UMOCKDEV_WRAPPER} $<TARGET_FILE:test_usb>)
  set_tests_properties("threaded: test_idcard" "threaded: test_flow, event queue and devices"
    "threaded: test_usb" PROPERTIES LABELS threaded)
  set_tests_properties("threaded: test_usb" PROPERTIES ENVIRONMENT
    "TSAN_OPTIONS=halt_on_error=1 second_deadlock_stack=1 suppressions=${CMAKE_CURRENT_LIST_DIR}/tsan.supp")
endif()
