# The hub's storage and rules, on real SQLite files and a real PostgreSQL
# (tests/hub/support/backends.hpp).

# One ctest entry for the binary: every case runs on SQLite and on the
# binary's own PostgreSQL server (started once).
add_executable(test_hub_store hub/store/service_test.cpp hub/store/rules_test.cpp
  hub/store/races_test.cpp hub/store/tokens_test.cpp hub/store/reports_test.cpp
  hub/store/pool_test.cpp)
target_link_libraries(test_hub_store PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings jiayi_hub_store
  PkgConfig::HubTestSodium PkgConfig::Libpq)
add_test(NAME "hub store: rules, replays and races on SQLite and PostgreSQL" COMMAND test_hub_store)

# apps/jiayi-hub's admin commands, parsed in-process from the library the
# binary links (jiayi_hub_commands).
jiayi_test(test_hub_admin_commands apps/jiayi-hub/admin_command_test.cpp)
target_link_libraries(test_hub_admin_commands PRIVATE jiayi_hub_commands)
# report coverage|quality, reconcile, import townships, on a real SQLite file
# (the store's figures are tested on both engines in test_hub_store).
jiayi_test(test_hub_report_commands apps/jiayi-hub/report_command_test.cpp)
target_link_libraries(test_hub_report_commands PRIVATE jiayi_hub_commands)
target_compile_definitions(test_hub_report_commands PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# A real jiayi-hub process (tests/support/hub_process.hpp) on SQLite and on
# the binary's own PostgreSQL: one ctest entry, since it starts PostgreSQL.
find_program(OPENSSL_TOOL openssl REQUIRED)
add_executable(test_hub_process apps/jiayi-hub/process_test.cpp)
target_link_libraries(test_hub_process PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings jiayi_hub_store
  jiayi_fhir PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::Libpq nlohmann_json::nlohmann_json)
target_compile_definitions(test_hub_process PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>"
  OPENSSL_TOOL="${OPENSSL_TOOL}")
add_dependencies(test_hub_process jiayi-hub)
add_test(NAME "jiayi-hub process: HTTP, tokens, restart and TLS on SQLite and PostgreSQL"
  COMMAND test_hub_process)

# simdjson's parse handed over as nlohmann::json (hub/fhir/json_text.hpp).
jiayi_test(test_hub_json_text hub/fhir/json_text_test.cpp)
target_link_libraries(test_hub_json_text PRIVATE jiayi_hub_fhir)

# The hub's answers against the official R4 schema and @medplum/core
# (tests/fhir/validate.mjs), and the kiosk's own Bundles (kiosk/fhir) through
# HubService: SQLite only, so doctest-discovered per case.
jiayi_test(test_hub_conformance hub/fhir/conformance_test.cpp)
target_link_libraries(test_hub_conformance PRIVATE jiayi_hub_store jiayi_fhir)
target_compile_definitions(test_hub_conformance PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# The fleet's health (issue 12): heartbeats, `jiayi-hub kiosks`, alerts once
# per episode, from the CLI and from serve's own thread, with a real
# jiayi-hub on SQLite and on the binary's own PostgreSQL: one ctest entry.
add_executable(test_hub_fleet apps/jiayi-hub/fleet_test.cpp)
target_link_libraries(test_hub_fleet PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings
  jiayi_fhir PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::Libpq nlohmann_json::nlohmann_json)
target_compile_definitions(test_hub_fleet PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>")
add_dependencies(test_hub_fleet jiayi-hub)
add_test(NAME "jiayi-hub fleet: heartbeats, kiosks and alerts on SQLite and PostgreSQL"
  COMMAND test_hub_fleet)
