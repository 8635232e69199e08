# The hub's storage and rules, on real SQLite files (and PostgreSQL when
# JIAYI_TEST_POSTGRES_URL names a cluster: tests/hub/support/backends.hpp).
pkg_check_modules(HubTestSodium REQUIRED IMPORTED_TARGET libsodium)

jiayi_test(test_hub_db hub/db/database_test.cpp)
target_link_libraries(test_hub_db PRIVATE jiayi_hub_db PkgConfig::SQLite3 PkgConfig::HubTestSodium)

jiayi_test(test_hub_store hub/store/service_test.cpp hub/store/rules_test.cpp hub/store/races_test.cpp
  hub/store/tokens_test.cpp)
target_link_libraries(test_hub_store PRIVATE jiayi_hub_store PkgConfig::HubTestSodium)

# apps/jiayi-hub's admin commands, built into the test until the app's own
# CMakeLists gives them a library to link (the source root is their include
# path here only).
find_package(CLI11 REQUIRED)
jiayi_test(test_hub_admin_commands apps/jiayi-hub/admin_command_test.cpp
  ${PROJECT_SOURCE_DIR}/apps/jiayi-hub/admin_command.cpp)
target_include_directories(test_hub_admin_commands PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(test_hub_admin_commands PRIVATE jiayi_hub_store CLI11::CLI11 nlohmann_json::nlohmann_json)
