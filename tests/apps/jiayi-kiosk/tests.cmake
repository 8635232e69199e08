# The kiosk program beside a real jiayi-hub on loopback (the demo pair of
# scripts/hub-local --demo): jiayi-kiosk --demo --headless against the hub.
jiayi_test(test_kiosk_hub apps/jiayi-kiosk/hub_demo_test.cpp)
target_link_libraries(test_kiosk_hub PRIVATE jiayi_store jiayi_demo jiayi_hub_store jiayi_fhir
  PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_kiosk_hub PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>"
  JIAYI_KIOSK_BIN="$<TARGET_FILE:jiayi-kiosk>" JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_kiosk_hub jiayi-hub jiayi-kiosk)

# The kiosk program after an update that could not migrate its store.
jiayi_test(test_kiosk_out_of_service apps/jiayi-kiosk/out_of_service_test.cpp)
target_link_libraries(test_kiosk_out_of_service PRIVATE jiayi_store jiayi_hub_store jiayi_fhir
  PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_kiosk_out_of_service PRIVATE
  JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>" JIAYI_KIOSK_BIN="$<TARGET_FILE:jiayi-kiosk>"
  JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_kiosk_out_of_service jiayi-kiosk)

# jiayi-kiosk as systemd runs it: sd_notify's READY=1 and WATCHDOG=1 on a
# notify socket of the test's, the journal's level prefixes, no personal data.
jiayi_test(test_kiosk_service apps/jiayi-kiosk/service_test.cpp)
target_link_libraries(test_kiosk_service PRIVATE jiayi_demo)
target_compile_definitions(test_kiosk_service PRIVATE JIAYI_KIOSK_BIN="$<TARGET_FILE:jiayi-kiosk>"
  JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_kiosk_service jiayi-kiosk)

# Restart is safe: jiayi-kiosk --headless --keep-store killed at random
# points and started again; scripts/soak runs it with many kills.
jiayi_test(test_kiosk_restart apps/jiayi-kiosk/restart_test.cpp)
target_link_libraries(test_kiosk_restart PRIVATE jiayi_demo jiayi_store)
target_compile_definitions(test_kiosk_restart PRIVATE JIAYI_KIOSK_BIN="$<TARGET_FILE:jiayi-kiosk>"
  JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_kiosk_restart jiayi-kiosk)

# The voice in the kiosk (issue 13): the app with a real Voice on SDL's disk
# audio driver; the real program without an audio device.
jiayi_test(test_kiosk_voice apps/jiayi-kiosk/voice_test.cpp)
target_link_libraries(test_kiosk_voice PRIVATE jiayi_kiosk_app jiayi_voice jiayi_store)
target_compile_definitions(test_kiosk_voice PRIVATE JIAYI_KIOSK_BIN="$<TARGET_FILE:jiayi-kiosk>"
  JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_kiosk_voice jiayi-kiosk)
