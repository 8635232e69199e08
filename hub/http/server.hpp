#pragma once
// The hub's HTTP server (hub/README.md, layer hub/http): TLS, bearer tokens
// → fhir::Caller, size limits, the worker threads, a graceful stop. FHIR
// paths become fhir::Request values for the service; the service's Answer
// becomes the response. Nothing of the rules is here.
//
// Paths. The FHIR base is `/fhir` (the kiosk's default hub URL,
// config/kiosk.toml `[hub] url`, ends in it): `GET /fhir/metadata`,
// `PUT /fhir/Patient/abc`, `POST /fhir` (a transaction Bundle), …
// `GET /health` sits outside the base, without a token, for a load balancer.
//
// Every FHIR route needs `Authorization: Bearer <token>` except
// `GET /fhir/metadata` (FHIR's capability statement is public by design).
// Refusals made here, before the service sees the request (OperationOutcome,
// code in issue.details.coding, fhir::kRefusalSystem):
//   401 unknown-token           no token, or one the authenticator does not know
//   503 unavailable             the authenticator could not check the token
//   413 too-large               a body over `body_limit`, refused from its
//                               Content-Length before a byte of it is read, or
//                               cut off at the limit when it is chunked
//   415 unsupported-media-type  PUT/POST whose Content-Type is not
//                               application/fhir+json (or application/json)
//   404 not-found               a path outside /fhir and /health
//   405 method-not-allowed      anything but GET (HEAD), PUT, POST, DELETE
//   400 invalid                 a malformed %-escape in the query
//   500 internal                the service threw (its message is not echoed:
//                               parser messages quote the input)
// A refusal of a request whose body was not read closes the connection
// after the answer: on a keep-alive connection httplib would otherwise read
// the unread body as the next request.
//
// Logging. One access line per request: method, resource type, status,
// duration, kiosk. Never the body, the token, the query or the resource id
// (search parameters carry identity numbers and phone numbers).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "hub/fhir/interaction.hpp"

namespace httplib {
class Server;
}

namespace jiayi::hub::http {

// The kiosk a bearer token belongs to; nullopt for an unknown or revoked
// token (401 unknown-token); an error when the check itself could not run
// (the database is down), which answers 503 unavailable: a kiosk that reads
// 401 would think its token revoked, a 503 it retries. The error text is
// logged, never sent. Called from every worker thread at once.
using Authenticator =
    std::function<Result<std::optional<fhir::Caller>, std::string>(std::string_view token)>;

// True when the database answers (GET /health). Called from worker threads.
using HealthProbe = std::function<bool()>;

struct AccessLogLine {
    std::string_view method;         // GET, PUT, POST, DELETE; "-" for an unparsed request
    std::string_view resource_type;  // Patient, metadata, "(base)" for a Bundle, health, "-"
    int status = 0;
    std::chrono::microseconds duration{0};
    std::string_view kiosk;  // empty before the token is known
    // "PUT Patient 201 3.1ms kiosk=hc-310115-01"
    std::string to_string() const;
};
using AccessLog = std::function<void(const AccessLogLine&)>;

struct TlsFiles {
    std::filesystem::path certificate;  // PEM, the chain (leaf first)
    std::filesystem::path private_key;  // PEM, unencrypted (the service starts unattended)
};

struct ServerOptions {
    std::string address = "0.0.0.0";  // numeric; "::" listens on IPv6 and IPv4
    int port = 8443;                  // 0: any free port (Server::bind returns it)
    // nullopt: plain HTTP, which bind() refuses unless `plain_http_on_loopback`
    // is set AND `address` is a loopback address.
    std::optional<TlsFiles> tls;
    bool plain_http_on_loopback = false;
    // Worker threads. httplib 0.11 gives a connection one thread for as long
    // as it is kept alive, so this bounds the kiosks served at the same time;
    // a further connection waits in the accept queue until a worker frees.
    int threads = 32;
    std::size_t body_limit = 16 * 1024 * 1024;  // a signature PNG is ~50 KB
    // How long an idle keep-alive connection holds its worker, and how many
    // requests it may carry. Also the longest a graceful stop waits for an
    // idle connection: httplib 0.11's keep-alive wait does not look at stop().
    int keep_alive_seconds = 5;
    int keep_alive_requests = 1000;
    int read_timeout_seconds = 10;  // a client that stops sending mid-request
    HealthProbe health;             // empty: the server alone answers ok
    AccessLog access_log;           // empty: one line on stderr per request
    // Called by stop() once the listening socket is closed (tests use it to
    // hold a request in flight until then).
    std::function<void()> on_stopping;
};

class Server {
  public:
    Server(fhir::Service& service, Authenticator authenticate, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Checks the options (TLS files, the plain-HTTP rule), loads the
    // certificate and opens the listening socket. Returns the bound port.
    Result<int, std::string> bind();

    // Accepts and serves until stop(); then lets the requests in flight
    // finish and returns. Call after a successful bind(), once.
    Result<void, std::string> serve();

    // Stops accepting. Thread-safe; any time after bind(); idempotent.
    // Requests in flight finish and are answered; idle keep-alive
    // connections close within keep_alive_seconds; connections accepted but
    // not yet picked up by a worker are closed unanswered (the kiosk retries).
    void stop();

    bool tls() const { return options_.tls.has_value(); }

  private:
    class WorkerPool;
    void configure();

    fhir::Service& service_;
    Authenticator authenticate_;
    ServerOptions options_;
    std::unique_ptr<httplib::Server> http_;
    std::atomic<bool> stop_requested_{false};
};

}  // namespace jiayi::hub::http
