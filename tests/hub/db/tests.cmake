# The Database contract (hub/db) on a real PostgreSQL the binary starts itself.
# One ctest entry for the whole binary, not one per case: the cases share one
# server (initdb ~1.5 s), each with a database of its own.
add_executable(test_hub_db main.cpp hub/db/database_test.cpp hub/db/postgres_test.cpp
  support/postgres.cpp)
target_link_libraries(test_hub_db PRIVATE jiayi_test_support jiayi_warnings jiayi_hub_db
  PkgConfig::Libpq)
add_test(NAME "hub db: the Database contract on PostgreSQL" COMMAND test_hub_db)
