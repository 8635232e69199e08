# jiayi-hub's imports and release-pool (apps/jiayi-hub/import_command.cpp),
# parsed in-process from the library the binary links, on SQLite and on the
# binary's own PostgreSQL: one ctest entry (the server is started once).
add_executable(test_hub_import_commands apps/jiayi-hub/import_command_test.cpp)
target_link_libraries(test_hub_import_commands PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings
  jiayi_hub_commands jiayi_hub_admin PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_hub_import_commands PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_test(NAME "hub imports: teams, flags, slots, contracts, release-pool on SQLite and PostgreSQL"
  COMMAND test_hub_import_commands)
