# hub/admin: CSV reading, the four imports, the report tables (pure: no
# database, no network; the GB18030 files are written by the tests through iconv).
jiayi_test(test_hub_admin
  hub/admin/csv_test.cpp hub/admin/imports_test.cpp hub/admin/reports_test.cpp
  hub/admin/townships_test.cpp)
target_link_libraries(test_hub_admin PRIVATE jiayi_hub_admin)
target_compile_definitions(test_hub_admin PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
