# kiosk/sync against a real jiayi-hub on loopback (SQLite: no PostgreSQL is
# started, so each case is its own ctest entry).
find_program(OPENSSL_TOOL openssl REQUIRED)
jiayi_test(test_sync kiosk/sync/push_test.cpp kiosk/sync/worker_test.cpp kiosk/sync/cli_test.cpp
  kiosk/sync/online_test.cpp)
target_link_libraries(test_sync PRIVATE jiayi_sync jiayi_flow_online jiayi_store jiayi_hub_store jiayi_fhir
  PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_sync PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>"
  JIAYI_BIN="$<TARGET_FILE:jiayi>" OPENSSL_TOOL="${OPENSSL_TOOL}"
  JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_sync jiayi-hub jiayi)
