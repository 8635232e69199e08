# The jiayi-hub process under faults and races (issue 10, "Tests"): a real
# `jiayi-hub serve` on loopback, SIGKILLed and restarted on its database
# (test_hub_kill, on SQLite and PostgreSQL; scripts/soak runs it with 100+
# kills), two hub processes on one PostgreSQL (test_hub_two_processes), and
# the hub under systemd's notify socket and watchdog (test_hub_notify).
# One ctest entry per binary: each starts its own PostgreSQL server.
foreach(name kill two_processes notify)
  set(target test_hub_${name})
  add_executable(${target})
  target_link_libraries(${target} PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings jiayi_hub_store
    jiayi_fhir PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::HubTestSodium PkgConfig::Libpq)
  target_compile_definitions(${target} PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>")
  add_dependencies(${target} jiayi-hub)
endforeach()
target_sources(test_hub_kill PRIVATE apps/jiayi-hub/kill_test.cpp)
target_sources(test_hub_two_processes PRIVATE apps/jiayi-hub/two_processes_test.cpp)
target_sources(test_hub_notify PRIVATE apps/jiayi-hub/notify_test.cpp)
add_test(NAME "hub process: kill -9 mid-transaction on SQLite and PostgreSQL" COMMAND test_hub_kill)
add_test(NAME "hub process: two hubs on one PostgreSQL, the races of issue 10"
  COMMAND test_hub_two_processes)
add_test(NAME "hub process: sd_notify READY, WATCHDOG while it answers, none while PostgreSQL stalls"
  COMMAND test_hub_notify)
