#pragma once
// A real hub HTTP server on loopback for the HTTP layer's own tests, with a
// small Service behind it that answers from the request alone (the real
// service, hub/store, is tested on its own and through the jiayi-hub
// process). The service echoes what it was handed, so a test can check the
// HTTP → fhir::Request mapping, and counts its calls, so a test can check a
// refusal never reached it.

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "hub/http/server.hpp"
#include "support/people.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::test {

inline constexpr const char* kKioskToken = "test-token-hc-310115-01";

inline std::optional<hub::fhir::Caller> test_authenticate(std::string_view token) {
    if (token == kKioskToken) {
        return hub::fhir::Caller{"hc-310115-01", "310115001"};
    }
    return std::nullopt;
}

class EchoService : public hub::fhir::Service {
  public:
    hub::fhir::Answer handle(const hub::fhir::Caller& caller,
                             const hub::fhir::Request& request) override {
        calls.fetch_add(1);
        if (request.path == "block") {
            // Held in flight until the test lets it go.
            entered.count_down();
            release.wait();
        }
        if (request.path == "throw") {
            throw std::runtime_error("parse error near \"" + request.body + "\"");
        }
        if (request.path == "metadata") {
            hub::fhir::Answer capability;
            capability.body = {{"resourceType", "CapabilityStatement"}, {"status", "active"}};
            return capability;
        }
        nlohmann::json query = nlohmann::json::array();
        for (const auto& [name, value] : request.query) {
            query.push_back({name, value});
        }
        hub::fhir::Answer answer;
        answer.status = request.method == hub::fhir::Method::put ? 201 : 200;
        answer.body = {{"resourceType", "Parameters"},
                       {"method", static_cast<int>(request.method)},
                       {"path", request.path},
                       {"query", query},
                       {"if_match", request.if_match.value_or("")},
                       {"if_none_match", request.if_none_match.value_or("")},
                       {"body", request.body},
                       {"kiosk", caller.kiosk},
                       {"township", caller.township}};
        if (request.path.starts_with("Patient/")) {
            answer.etag = "W/\"1\"";
            answer.location = request.path + "/_history/1";
            answer.last_modified = "Tue, 03 Mar 2026 08:00:00 GMT";
        }
        if (request.if_none_match == "W/\"1\"") {
            answer.status = 304;
            answer.body = nullptr;
        }
        return answer;
    }

    std::atomic<int> calls{0};
    std::latch entered{1};
    std::latch release{1};
};

// Options for a plain-HTTP server on 127.0.0.1, any free port.
inline hub::http::ServerOptions loopback_options() {
    hub::http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.plain_http_on_loopback = true;
    options.threads = 4;
    options.body_limit = 64 * 1024;
    options.access_log = [](const hub::http::AccessLogLine&) {};
    return options;
}

// A bound server serving on a thread of its own; stopped and joined on
// destruction.
class RunningServer {
  public:
    RunningServer(hub::fhir::Service& service, hub::http::ServerOptions options,
                  hub::http::Authenticator authenticate = test_authenticate)
        : server_(service, std::move(authenticate), std::move(options)) {
        auto bound = server_.bind();
        if (!bound) {
            throw std::runtime_error("bind: " + bound.error());
        }
        port_ = bound.value();
        thread_ = std::thread([this] { served_ = server_.serve().ok(); });
    }
    ~RunningServer() { stop(); }

    void stop() {
        if (thread_.joinable()) {
            server_.stop();
            thread_.join();
        }
    }
    int port() const { return port_; }
    bool served() const { return served_; }

  private:
    hub::http::Server server_;
    int port_ = 0;
    bool served_ = false;
    std::thread thread_;
};

// A self-signed certificate for 127.0.0.1, made by the openssl tool.
struct TestCertificate {
    std::filesystem::path certificate;
    std::filesystem::path key;
};

inline TestCertificate make_certificate(const TempDir& dir) {
    TestCertificate made{dir / "hub.crt", dir / "hub.key"};
    const std::string command =
        std::string(OPENSSL_TOOL) +
        " req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
        " -subj /CN=jiayi-hub-test -addext subjectAltName=IP:127.0.0.1"
        " -keyout " +
        made.key.string() + " -out " + made.certificate.string() + " 2>" +
        (dir / "openssl.log").string();
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("openssl req failed");
    }
    return made;
}

}  // namespace jiayi::test
