// The hub's HTTP layer against a real server on loopback: the mapping of
// requests and answers, the refusals made before the service, TLS, the
// plain-HTTP rule, many keep-alive clients at once.

#include <arpa/inet.h>
#include <doctest/doctest.h>

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>

#include <nlohmann/json.hpp>
#include <thread>

#include "hub/http/fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using hub::http::ServerOptions;

namespace {

httplib::Client client_of(const RunningServer& server, bool with_token = true) {
    httplib::Client client("127.0.0.1", server.port());
    client.set_url_encode(false);
    if (with_token) {
        client.set_bearer_token_auth(kKioskToken);
    }
    return client;
}

std::string refusal_code(const std::string& body) {
    const auto outcome = nlohmann::json::parse(body);
    CHECK(outcome["resourceType"] == "OperationOutcome");
    const auto& coding = outcome["issue"][0]["details"]["coding"][0];
    CHECK(coding["system"] == std::string(hub::fhir::kRefusalSystem));
    return coding["code"].get<std::string>();
}

// A raw connection to the server: bytes out, everything it answers until it
// closes (or the 10 s receive timeout).
struct RawExchange {
    std::string received;
    bool closed_by_server = false;
};

RawExchange raw_exchange(int port, const std::string& bytes) {
    RawExchange exchange;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval timeout{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(bytes.size()));
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n == 0) {
            exchange.closed_by_server = true;
            break;
        }
        if (n < 0) {
            break;  // timed out: the server kept the connection open
        }
        exchange.received.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return exchange;
}

std::size_t count_of(const std::string& text, const std::string& piece) {
    std::size_t count = 0;
    for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("http: a PUT reaches the service as a fhir::Request and its answer as headers") {
    EchoService service;
    RunningServer server(service, loopback_options());
    auto client = client_of(server);
    const httplib::Headers headers = {{"If-Match", "W/\"3\""}};
    auto res = client.Put("/fhir/Patient/p1?b=2&a=x%7Cy&b=1", headers,
                          R"({"resourceType":"Patient"})", "application/fhir+json");
    REQUIRE(res);
    CHECK(res->status == 201);
    CHECK(res->get_header_value("Content-Type") == "application/fhir+json; charset=utf-8");
    CHECK(res->get_header_value("ETag") == "W/\"1\"");
    CHECK(res->get_header_value("Location") ==
          "http://127.0.0.1:" + std::to_string(server.port()) + "/fhir/Patient/p1/_history/1");
    CHECK(res->get_header_value("Last-Modified") == "Tue, 03 Mar 2026 08:00:00 GMT");
    const auto echoed = nlohmann::json::parse(res->body);
    CHECK(echoed["method"] == static_cast<int>(hub::fhir::Method::put));
    CHECK(echoed["path"] == "Patient/p1");
    CHECK(echoed["query"] == nlohmann::json::parse(R"([["b","2"],["a","x|y"],["b","1"]])"));
    CHECK(echoed["if_match"] == "W/\"3\"");
    CHECK(echoed["if_none_match"] == "");
    CHECK(echoed["body"] == R"({"resourceType":"Patient"})");
    CHECK(echoed["kiosk"] == "hc-310115-01");
    CHECK(echoed["township"] == "310115001");
}

TEST_CASE("http: GET, DELETE and a Bundle POSTed to the base — 304 has no body") {
    EchoService service;
    RunningServer server(service, loopback_options());
    auto client = client_of(server);

    auto get = client.Get("/fhir/Slot?status=free");
    REQUIRE(get);
    CHECK(get->status == 200);
    CHECK(nlohmann::json::parse(get->body)["path"] == "Slot");
    CHECK(nlohmann::json::parse(get->body)["method"] == static_cast<int>(hub::fhir::Method::get));

    auto deleted = client.Delete("/fhir/Appointment/a1");
    REQUIRE(deleted);
    CHECK(nlohmann::json::parse(deleted->body)["method"] ==
          static_cast<int>(hub::fhir::Method::delete_));

    auto bundle = client.Post("/fhir", R"({"resourceType":"Bundle","type":"transaction"})",
                              "application/fhir+json");
    REQUIRE(bundle);
    CHECK(nlohmann::json::parse(bundle->body)["path"] == "");
    CHECK(nlohmann::json::parse(bundle->body)["method"] ==
          static_cast<int>(hub::fhir::Method::post));

    auto not_modified = client.Get("/fhir/Patient/p1", {{"If-None-Match", "W/\"1\""}});
    REQUIRE(not_modified);
    CHECK(not_modified->status == 304);
    CHECK(not_modified->body.empty());
    CHECK(service.calls == 4);
}

TEST_CASE(
    "http: no token or an unknown one is 401 unknown-token, and the service never hears of it") {
    EchoService service;
    RunningServer server(service, loopback_options());

    auto anonymous = client_of(server, false);
    auto res = anonymous.Get("/fhir/Patient/p1");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(res->get_header_value("WWW-Authenticate") == "Bearer");
    CHECK(refusal_code(res->body) == "unknown-token");

    auto wrong = client_of(server, false);
    wrong.set_bearer_token_auth("test-token-revoked");
    res = wrong.Put("/fhir/Patient/p1", R"({"resourceType":"Patient"})", "application/fhir+json");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(refusal_code(res->body) == "unknown-token");

    auto basic = client_of(server, false);
    basic.set_basic_auth("hc-310115-01", kKioskToken);
    res = basic.Get("/fhir/Slot");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(service.calls == 0);

    // The capability statement is public.
    res = anonymous.Get("/fhir/metadata");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(nlohmann::json::parse(res->body)["resourceType"] == "CapabilityStatement");
}

TEST_CASE("http: a token that cannot be checked is 503 unavailable, not 401") {
    // The database behind the token check is down: the kiosk must retry, not
    // conclude its token was revoked.
    EchoService service;
    std::atomic<bool> database_up{false};
    const hub::http::Authenticator authenticate =
        [&](std::string_view token) -> Result<std::optional<hub::fhir::Caller>, std::string> {
        if (!database_up) {
            return fail(std::string("connection refused"));
        }
        return test_authenticate(token);
    };
    RunningServer server(service, loopback_options(), authenticate);
    auto client = client_of(server);
    auto res = client.Get("/fhir/Patient/p1");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(refusal_code(res->body) == "unavailable");
    CHECK(res->body.find("connection refused") == std::string::npos);
    CHECK(service.calls == 0);

    database_up = true;
    res = client.Get("/fhir/Patient/p1");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(service.calls == 1);
}

TEST_CASE("http: a PUT that is not FHIR JSON is 415 — application/json is accepted") {
    EchoService service;
    RunningServer server(service, loopback_options());
    auto client = client_of(server);
    auto res = client.Put("/fhir/Patient/p1", "<Patient/>", "application/fhir+xml");
    REQUIRE(res);
    CHECK(res->status == 415);
    CHECK(refusal_code(res->body) == "unsupported-media-type");
    res = client.Post("/fhir", "{}", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 415);
    CHECK(service.calls == 0);

    res = client.Put("/fhir/Patient/p1", "{}", "application/json; charset=UTF-8");
    REQUIRE(res);
    CHECK(res->status == 201);
    CHECK(service.calls == 1);
}

TEST_CASE("http: a body at the limit passes — one byte over is 413 too-large, sized or chunked") {
    EchoService service;
    auto options = loopback_options();
    RunningServer server(service, options);
    auto client = client_of(server);

    const std::string at_limit(options.body_limit, 'x');
    auto res = client.Put("/fhir/Provenance/v1", at_limit, "application/fhir+json");
    REQUIRE(res);
    CHECK(res->status == 201);

    const std::string over(options.body_limit + 1, 'x');
    res = client.Put("/fhir/Provenance/v2", over, "application/fhir+json");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(refusal_code(res->body) == "too-large");
    CHECK(res->get_header_value("Connection") == "close");

    // Chunked: no Content-Length to refuse from; cut off while reading
    // (and the rest drained, so the client still sending reads the answer).
    std::size_t sent = 0;
    res = client.Put(
        "/fhir/Provenance/v3",
        [&](std::size_t, httplib::DataSink& sink) {
            const std::string piece(8192, 'y');
            if (sent > options.body_limit * 2) {
                sink.done();
                return true;
            }
            sent += piece.size();
            return sink.write(piece.data(), piece.size());
        },
        "application/fhir+json");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(refusal_code(res->body) == "too-large");
    CHECK(service.calls == 1);

    // The client reconnects after the closed connection and goes on.
    res = client.Get("/fhir/metadata");
    REQUIRE(res);
    CHECK(res->status == 200);
}

TEST_CASE("http: an oversized body is refused from its Content-Length without being read") {
    // The library's own limit would read and discard all 100 MB first; with
    // a 30 s read timeout, waiting for them would outlast the client's 10 s.
    EchoService service;
    auto options = loopback_options();
    options.read_timeout_seconds = 30;
    RunningServer server(service, options);
    const auto exchange =
        raw_exchange(server.port(), std::string("PUT /fhir/Binary/b1 HTTP/1.1\r\nHost: hub\r\n") +
                                        "Authorization: Bearer " + kKioskToken +
                                        "\r\nContent-Type: application/fhir+json\r\n"
                                        "Content-Length: 100000000\r\n\r\n{\"resourceType\":");
    CHECK(exchange.received.starts_with("HTTP/1.1 413 "));
    CHECK(exchange.received.find("too-large") != std::string::npos);
    CHECK(exchange.closed_by_server);
    CHECK(service.calls == 0);
}

TEST_CASE("http: a refused request's unread body is never read as the next request") {
    // A request refused (no token) with its body unread: one answer, then
    // the connection closes. Were the body parsed as requests, more answers
    // would follow (a 414 for the long line, a 200 for the GET inside it).
    // The body is longer than httplib's 4 KB read buffer, whose leftovers
    // it drops after each request.
    EchoService service;
    RunningServer server(service, loopback_options());
    const std::string body =
        std::string(8192, 'x') + "\r\n\r\nGET /fhir/metadata HTTP/1.1\r\nHost: hub\r\n\r\n";
    const auto exchange = raw_exchange(server.port(),
                                       "PUT /fhir/Patient/p1 HTTP/1.1\r\nHost: hub\r\n"
                                       "Content-Type: application/fhir+json\r\nContent-Length: " +
                                           std::to_string(body.size()) + "\r\n\r\n" + body);
    CHECK(exchange.received.starts_with("HTTP/1.1 401 "));
    CHECK(count_of(exchange.received, "HTTP/1.1 ") == 1);
    CHECK(exchange.closed_by_server);
}

TEST_CASE("http: paths outside the base are 404 — a throwing service is 500 without its message") {
    EchoService service;
    RunningServer server(service, loopback_options());
    auto client = client_of(server);
    for (const char* path : {"/", "/Patient/p1", "/fhirx/Patient", "/admin"}) {
        auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(refusal_code(res->body) == "not-found");
    }
    auto res = client.Put("/fhir/throw", R"({"secret":"person"})", "application/fhir+json");
    REQUIRE(res);
    CHECK(res->status == 500);
    CHECK(refusal_code(res->body) == "internal");
    CHECK(res->body.find("person") == std::string::npos);
    CHECK_FALSE(res->has_header("EXCEPTION_WHAT"));
}

TEST_CASE("http: /health answers from the probe, without a token") {
    EchoService service;
    std::atomic<bool> database_up{true};
    auto options = loopback_options();
    options.health = [&] { return database_up.load(); };
    RunningServer server(service, options);
    auto client = client_of(server, false);
    auto res = client.Get("/health");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(nlohmann::json::parse(res->body) == nlohmann::json{{"status", "ok"}});
    database_up = false;
    res = client.Get("/health");
    REQUIRE(res);
    CHECK(res->status == 503);
}

TEST_CASE(
    "http: the access log names method, type, status and kiosk, never token, query, id or body") {
    EchoService service;
    std::mutex mutex;
    std::vector<std::string> lines;
    auto options = loopback_options();
    options.access_log = [&](const hub::http::AccessLogLine& line) {
        std::lock_guard lock(mutex);
        lines.push_back(line.to_string());
    };
    RunningServer server(service, options);
    auto client = client_of(server);
    const std::string id = make_id("500114", "19900307", "777");
    REQUIRE(client.Get("/fhir/EpisodeOfCare?patient.identifier=urn%3Aoid%3A2.16.156.10011.1.3%7C" +
                       id));
    REQUIRE(client.Put("/fhir/Patient/secret-uuid", R"({"name":"Zhang San"})",
                       "application/fhir+json"));
    auto anonymous = client_of(server, false);
    REQUIRE(anonymous.Get("/fhir/Slot"));
    server.stop();

    REQUIRE(lines.size() == 3);
    // The server logs a request after answering it, on the connection's own
    // thread: the next request may be logged first. In name order:
    std::sort(lines.begin(), lines.end());
    CHECK(lines[0].starts_with("GET EpisodeOfCare 200 "));
    CHECK(lines[0].ends_with(" kiosk=hc-310115-01"));
    CHECK(lines[1].starts_with("GET Slot 401 "));
    CHECK(lines[1].find("kiosk=") == std::string::npos);
    CHECK(lines[2].starts_with("PUT Patient 201 "));
    for (const auto& line : lines) {
        CHECK(line.find(id) == std::string::npos);
        CHECK(line.find(kKioskToken) == std::string::npos);
        CHECK(line.find("secret-uuid") == std::string::npos);
        CHECK(line.find("Zhang") == std::string::npos);
        CHECK(line.find("identifier") == std::string::npos);
    }
}

TEST_CASE("http: plain HTTP is refused off loopback, and on loopback unless configured") {
    EchoService service;
    auto options = loopback_options();
    options.address = "0.0.0.0";
    hub::http::Server open(service, test_authenticate, options);
    auto bound = open.bind();
    REQUIRE_FALSE(bound);
    CHECK(bound.error().find("plain HTTP is refused on 0.0.0.0") != std::string::npos);
    CHECK(bound.error().find("loopback") != std::string::npos);

    options = loopback_options();
    options.plain_http_on_loopback = false;
    hub::http::Server unasked(service, test_authenticate, options);
    bound = unasked.bind();
    REQUIRE_FALSE(bound);
    CHECK(bound.error().find("plain_http_on_loopback") != std::string::npos);
}

TEST_CASE("http: a port in use is an error, not a second server sharing it") {
    EchoService service;
    RunningServer first(service, loopback_options());
    auto options = loopback_options();
    options.port = first.port();
    hub::http::Server second(service, test_authenticate, options);
    auto bound = second.bind();
    REQUIRE_FALSE(bound);
    CHECK(bound.error().find("cannot listen on 127.0.0.1:" + std::to_string(first.port())) !=
          std::string::npos);
}

TEST_CASE(
    "http: TLS with the configured certificate — plain HTTP to it and an untrusted client fail") {
    TempDir dir;
    const auto made = make_certificate(dir);
    EchoService service;
    auto options = loopback_options();
    options.plain_http_on_loopback = false;
    options.address = "127.0.0.1";
    options.tls = hub::http::TlsFiles{made.certificate, made.key};
    RunningServer server(service, options);

    httplib::SSLClient client("127.0.0.1", server.port());
    client.set_ca_cert_path(made.certificate.string());
    client.enable_server_certificate_verification(true);
    client.set_bearer_token_auth(kKioskToken);
    auto res =
        client.Put("/fhir/Patient/p1", R"({"resourceType":"Patient"})", "application/fhir+json");
    REQUIRE(res);
    CHECK(res->status == 201);
    CHECK(res->get_header_value("Location") ==
          "https://127.0.0.1:" + std::to_string(server.port()) + "/fhir/Patient/p1/_history/1");
    res = client.Get("/fhir/Patient/p1");
    REQUIRE(res);
    CHECK(res->status == 200);

    httplib::Client plain("127.0.0.1", server.port());
    plain.set_read_timeout(5, 0);
    auto refused = plain.Get("/fhir/metadata");
    CHECK_FALSE((refused && refused->status == 200));

    httplib::SSLClient untrusting("127.0.0.1", server.port());
    untrusting.set_ca_cert_path((dir / "no-such-ca.pem").string());
    untrusting.enable_server_certificate_verification(true);
    CHECK_FALSE(untrusting.Get("/fhir/metadata"));
    CHECK(service.calls == 2);
}

TEST_CASE("http: a missing or mismatched certificate is a clear error at bind") {
    TempDir dir;
    const auto made = make_certificate(dir);
    TempDir other_dir;
    const auto other = make_certificate(other_dir);
    EchoService service;
    auto options = loopback_options();
    options.tls = hub::http::TlsFiles{dir / "absent.crt", made.key};
    hub::http::Server missing(service, test_authenticate, options);
    auto bound = missing.bind();
    REQUIRE_FALSE(bound);
    CHECK(bound.error().find("cannot read the TLS certificate") != std::string::npos);

    options.tls = hub::http::TlsFiles{made.certificate, other.key};
    hub::http::Server mismatched(service, test_authenticate, options);
    bound = mismatched.bind();
    REQUIRE_FALSE(bound);
    CHECK(bound.error().find("cannot use the TLS certificate") != std::string::npos);
}

TEST_CASE("http: 16 keep-alive clients at once, 25 requests each, every one answered") {
    EchoService service;
    auto options = loopback_options();
    options.threads = 16;
    RunningServer server(service, options);
    constexpr int kClients = 16;
    constexpr int kRequests = 25;
    std::atomic<int> ok{0};
    std::atomic<int> failures{0};
    std::atomic<int> last_error{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            auto client = client_of(server);
            client.set_keep_alive(true);
            for (int r = 0; r < kRequests; ++r) {
                const std::string path =
                    "/fhir/Patient/c" + std::to_string(c) + "-" + std::to_string(r);
                auto res =
                    client.Put(path, R"({"resourceType":"Patient"})", "application/fhir+json");
                if (res && res->status == 201 &&
                    nlohmann::json::parse(res->body)["path"] == path.substr(6)) {
                    ok.fetch_add(1);
                } else {
                    failures.fetch_add(1);
                    last_error = res ? res->status : -static_cast<int>(res.error());
                }
            }
        });
    }
    for (auto& t : clients) {
        t.join();
    }
    INFO("failures: ", failures.load(), ", last: ", last_error.load());
    CHECK(ok == kClients * kRequests);
    CHECK(service.calls == kClients * kRequests);
}
