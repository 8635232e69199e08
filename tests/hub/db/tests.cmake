# The Database contract (hub/db) on SQLite files and on a real PostgreSQL the
# binary starts itself (tests/support/postgres.hpp). One ctest entry per
# binary, not one per case: the cases share one server (initdb ~1.5 s), each
# with a database of its own.
pkg_check_modules(HubTestSodium REQUIRED IMPORTED_TARGET libsodium)
add_executable(test_hub_db hub/db/database_test.cpp hub/db/postgres_test.cpp
  hub/db/sqlite_test.cpp)
target_link_libraries(test_hub_db PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings jiayi_hub_db
  PkgConfig::Libpq PkgConfig::SQLite3 PkgConfig::HubTestSodium)
add_test(NAME "hub db: the Database contract on SQLite and PostgreSQL" COMMAND test_hub_db)
