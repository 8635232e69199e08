# The hub's HTTP layer against a real server on loopback (plain and TLS), a
# small Service of the test's own behind it; clients are httplib's and raw
# sockets. The certificate is made by the openssl tool in a temporary folder.
find_program(OPENSSL_TOOL openssl REQUIRED)
find_package(OpenSSL REQUIRED)
jiayi_test(test_hub_http hub/http/query_test.cpp hub/http/server_test.cpp hub/http/shutdown_test.cpp)
target_link_libraries(test_hub_http PRIVATE jiayi_hub_http PkgConfig::CppHttplib OpenSSL::SSL)
target_compile_definitions(test_hub_http PRIVATE OPENSSL_TOOL="${OPENSSL_TOOL}")
