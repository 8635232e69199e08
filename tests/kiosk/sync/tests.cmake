# kiosk/sync against a real jiayi-hub on loopback (SQLite: no PostgreSQL is
# started, so each case is its own ctest entry).
find_program(OPENSSL_TOOL openssl REQUIRED)
jiayi_test(test_sync kiosk/sync/push_test.cpp kiosk/sync/worker_test.cpp kiosk/sync/cli_test.cpp
  kiosk/sync/reconcile_test.cpp kiosk/sync/pull_test.cpp kiosk/sync/online_test.cpp
  kiosk/sync/back_fill_test.cpp kiosk/sync/doctor_test.cpp kiosk/sync/heartbeat_test.cpp)
target_link_libraries(test_sync PRIVATE jiayi_sync jiayi_flow_online jiayi_store jiayi_hub_store jiayi_fhir
  PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_sync PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>"
  JIAYI_BIN="$<TARGET_FILE:jiayi>" OPENSSL_TOOL="${OPENSSL_TOOL}"
  JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_sync jiayi-hub jiayi)

# Booking against the hub (kiosk/sync/booking.hpp): the port's answers from a real jiayi-hub.
jiayi_test(test_sync_booking kiosk/sync/booking_test.cpp)
target_link_libraries(test_sync_booking PRIVATE jiayi_sync jiayi_flow jiayi_store jiayi_hub_store jiayi_fhir
  PkgConfig::CppHttplib OpenSSL::SSL PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_sync_booking PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>"
  JIAYI_BIN="$<TARGET_FILE:jiayi>" OPENSSL_TOOL="${OPENSSL_TOOL}")
add_dependencies(test_sync_booking jiayi-hub)
# The same cases with the hub on PostgreSQL: one ctest entry (the binary's
# own server is started once).
add_executable(test_sync_booking_pg kiosk/sync/booking_test.cpp)
target_link_libraries(test_sync_booking_pg PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings
  jiayi_sync jiayi_flow jiayi_store jiayi_hub_store jiayi_fhir PkgConfig::CppHttplib OpenSSL::SSL
  PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_sync_booking_pg PRIVATE JIAYI_BOOKING_POSTGRES
  JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>" JIAYI_BIN="$<TARGET_FILE:jiayi>" OPENSSL_TOOL="${OPENSSL_TOOL}")
add_dependencies(test_sync_booking_pg jiayi-hub)
add_test(NAME "sync booking against a real hub on PostgreSQL" COMMAND test_sync_booking_pg)

# A week offline, then the push (issue 11, "Tests"): JIAYI_WEEK_RECORDS records
# (1 000 here; scripts/soak runs 10 000) made over seven days with the hub
# down, sent once it is up, each day reconciled; on SQLite, and on PostgreSQL
# (the binary's own server: one ctest entry).
foreach(backend sqlite pg)
  set(target test_sync_offline)
  if(backend STREQUAL "pg")
    set(target test_sync_offline_pg)
  endif()
  add_executable(${target} kiosk/sync/offline_test.cpp)
  target_link_libraries(${target} PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings
    jiayi_sync jiayi_store jiayi_hub_store jiayi_fhir PkgConfig::CppHttplib OpenSSL::SSL
    PkgConfig::HubTestSodium PkgConfig::Libpq)
  target_compile_definitions(${target} PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>"
    OPENSSL_TOOL="${OPENSSL_TOOL}")
  add_dependencies(${target} jiayi-hub)
endforeach()
target_compile_definitions(test_sync_offline_pg PRIVATE JIAYI_WEEK_POSTGRES)
add_test(NAME "sync: a week offline on a SQLite hub" COMMAND test_sync_offline)
add_test(NAME "sync: a week offline on a PostgreSQL hub" COMMAND test_sync_offline_pg)

# kill -9 of the kiosk's sync process during its push and of the hub
# mid-transaction (SQLite and PostgreSQL): each record on the hub once.
# JIAYI_SYNC_KILLS / JIAYI_SYNC_HUB_KILLS: scripts/soak runs many more.
add_executable(test_sync_kill kiosk/sync/kill_test.cpp)
target_link_libraries(test_sync_kill PRIVATE jiayi_test_support jiayi_test_postgres jiayi_warnings
  jiayi_sync jiayi_store jiayi_hub_store jiayi_fhir PkgConfig::CppHttplib OpenSSL::SSL
  PkgConfig::HubTestSodium PkgConfig::Libpq)
target_compile_definitions(test_sync_kill PRIVATE JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>"
  OPENSSL_TOOL="${OPENSSL_TOOL}")
add_dependencies(test_sync_kill jiayi-hub)
add_test(NAME "sync: kill -9 of the kiosk and of the hub during the push" COMMAND test_sync_kill)
