# The hub's storage and rules, on real SQLite files and a real PostgreSQL
# (tests/hub/support/backends.hpp).

# One ctest entry for the binary: every case runs on SQLite and on the
# binary's own PostgreSQL server (started once).
add_executable(test_hub_store main.cpp hub/store/service_test.cpp hub/store/rules_test.cpp
  hub/store/races_test.cpp hub/store/tokens_test.cpp hub/store/reports_test.cpp
  support/postgres.cpp)
target_link_libraries(test_hub_store PRIVATE jiayi_test_support jiayi_warnings jiayi_hub_store
  PkgConfig::HubTestSodium PkgConfig::Libpq)
add_test(NAME "hub store: rules, replays and races on SQLite and PostgreSQL" COMMAND test_hub_store)

# apps/jiayi-hub's admin commands, built into the test until the app's own
# CMakeLists gives them a library to link (the source root is their include
# path here only).
find_package(CLI11 REQUIRED)
jiayi_test(test_hub_admin_commands apps/jiayi-hub/admin_command_test.cpp
  ${PROJECT_SOURCE_DIR}/apps/jiayi-hub/admin_command.cpp)
target_include_directories(test_hub_admin_commands PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(test_hub_admin_commands PRIVATE jiayi_hub_store CLI11::CLI11 nlohmann_json::nlohmann_json)
