// A graceful stop: SIGTERM while a request is in flight. The request is held
// in the service until the server has closed its listening socket (the
// on_stopping hook), so the order is fixed without sleeping: signal → stop →
// the request finishes → its answer arrives → serve() returns.

#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <future>
#include <thread>

#include "hub/http/fixture.hpp"
#include "hub/http/stop_signals.hpp"

using namespace jiayi;
using namespace jiayi::test;

namespace {

void shutdown_on(int signal_number) {
    // Before any thread of this test starts, so every one inherits the mask.
    hub::http::StopSignals signals;
    EchoService service;
    std::atomic<bool> stopping{false};
    auto options = loopback_options();
    options.on_stopping = [&] {
        stopping = true;
        service.release.count_down();
    };
    hub::http::Server server(service, test_authenticate, options);
    auto bound = server.bind();
    REQUIRE(bound);
    const int port = bound.value();

    std::promise<Result<int, std::string>> served;
    std::thread serving([&] { served.set_value(signals.serve(server)); });

    std::promise<int> status;
    std::thread in_flight([&] {
        httplib::Client client("127.0.0.1", port);
        client.set_bearer_token_auth(kKioskToken);
        auto res =
            client.Put("/fhir/block", R"({"resourceType":"Bundle"})", "application/fhir+json");
        status.set_value(res ? res->status : -1);
    });

    service.entered.wait();  // the request is inside the service
    REQUIRE(::kill(::getpid(), signal_number) == 0);

    CHECK(status.get_future().get() == 201);
    auto result = served.get_future().get();
    REQUIRE(result);
    CHECK(result.value() == signal_number);
    CHECK(stopping);
    in_flight.join();
    serving.join();

    // Nothing listens any more.
    httplib::Client late("127.0.0.1", port);
    late.set_connection_timeout(2, 0);
    CHECK_FALSE(late.Get("/fhir/metadata"));
}

}  // namespace

TEST_CASE(
    "shutdown: SIGTERM lets the request in flight finish with its answer, then serve returns") {
    shutdown_on(SIGTERM);
}

TEST_CASE("shutdown: SIGINT stops the same way") {
    shutdown_on(SIGINT);
}

TEST_CASE("shutdown: stop() before the accept loop runs still stops it") {
    EchoService service;
    hub::http::Server server(service, test_authenticate, loopback_options());
    REQUIRE(server.bind());
    server.stop();
    auto served = server.serve();  // would block for ever without the idle check
    CHECK(served);
}
