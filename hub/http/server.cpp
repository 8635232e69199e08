#include "hub/http/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

#include "common/log.hpp"
#include "hub/http/address.hpp"
#include "hub/http/outcome.hpp"
#include "hub/http/query.hpp"
#include "hub/http/self_probe.hpp"

// What cpp-httplib 0.11.4 (Debian 12's libcpp-httplib) does that this file
// relies on — read in its source, and held by tests/hub/http:
//
// - stop() shuts down and closes the listening socket; the accept loop ends,
//   then the task queue's shutdown() joins the workers. httplib::ThreadPool
//   runs every queued job before its workers exit, so a request in flight
//   finishes and its answer is written. A queued connection that no worker
//   had started sees the closed listening socket and is closed unanswered.
// - Keep-alive: a worker waits for the next request on its connection for up
//   to the keep-alive timeout without looking at stop() (0.11's keep_alive()
//   polls the client socket only), so an idle connection delays the end of
//   serve() by up to keep_alive_seconds. It checks the listening socket
//   before each next request, so no new request starts after stop().
// - One worker per connection for the connection's whole life.
// - set_payload_max_length: a Content-Length over it is *read and thrown
//   away* (skip_content_with_length) before the 413, and a chunked body is
//   not limited at all. So the limit is enforced here instead: from the
//   Content-Length in the pre-routing handler (which runs after the headers,
//   before the body), and while reading chunked bodies through a
//   ContentReader. The library's limit stays set as a backstop for routes
//   whose body the library reads itself (DELETE).
// - A handler's refusal leaves the unread body on the connection; the next
//   keep-alive round would parse it as a request. 0.11 closes a connection
//   when writing a response's content fails, so such refusals are sent by a
//   content provider that writes the whole answer and then reports failure:
//   the answer arrives complete, then the socket closes.
// - The pre-routing handler, the route's handler and the logger run on the
//   same worker thread, one request after another; the per-request context
//   below is a thread_local for that reason.
// - The listening socket's backlog is 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled
//   into the library). Kiosks reconnecting together overflow it, and Linux
//   then drops their handshakes' last ACK: their requests wait for
//   retransmissions (1 s, 3 s, …) and time out. listen() is called again on
//   the bound socket with a backlog of kListenBacklog (Linux takes a second
//   listen() as a new backlog).
// - Sockets are watched with select() (CPPHTTPLIB_USE_POLL is not set in
//   Debian's build), so a descriptor above 1023 fails: keep the workers and
//   open files well under that (threads ≤ 1024 in hub.toml).
// - The default socket options set SO_REUSEPORT, which lets a second hub bind
//   the same port silently; SO_REUSEADDR is set instead.

namespace jiayi::hub::http {

namespace {

constexpr std::string_view kBase = "/fhir";
constexpr const char* kFhirJson = "application/fhir+json; charset=utf-8";

using Clock = std::chrono::steady_clock;

constexpr int kListenBacklog = 1024;

// The bound socket of an httplib::Server, which 0.11 keeps protected.
struct ListeningSocket : httplib::Server {
    static socket_t of(httplib::Server& server) {
        return (server.*(&ListeningSocket::svr_sock_)).load();
    }
};

// What one worker knows about the request it serves, from the pre-routing
// handler to the logger.
struct RequestContext {
    bool active = false;
    Clock::time_point start;
    std::optional<fhir::Caller> caller;
    std::string resource_type = "-";
};
thread_local RequestContext t_request;

// The path below the FHIR base ("/fhir/Patient/a" → "Patient/a", "/fhir" →
// ""), nullopt outside it.
std::optional<std::string> below_base(const std::string& path) {
    if (!path.starts_with(kBase)) {
        return std::nullopt;
    }
    std::string_view rest = std::string_view(path).substr(kBase.size());
    if (!rest.empty() && rest.front() != '/') {
        return std::nullopt;  // "/fhirx"
    }
    while (!rest.empty() && rest.front() == '/') {
        rest.remove_prefix(1);
    }
    while (!rest.empty() && rest.back() == '/') {
        rest.remove_suffix(1);
    }
    return std::string(rest);
}

// What the access log names: the first segment ("Patient"), never the id.
std::string resource_type_of(std::string_view below) {
    if (below.empty()) {
        return "(base)";
    }
    const std::string_view first = below.substr(0, below.find('/'));
    const bool word = std::all_of(first.begin(), first.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
    });
    return word ? std::string(first) : std::string("-");
}

std::optional<fhir::Method> method_of(const std::string& method) {
    if (method == "GET" || method == "HEAD") {
        return fhir::Method::get;
    }
    if (method == "PUT") {
        return fhir::Method::put;
    }
    if (method == "POST") {
        return fhir::Method::post;
    }
    if (method == "DELETE") {
        return fhir::Method::delete_;
    }
    return std::nullopt;
}

bool has_body(const httplib::Request& req) {
    return req.get_header_value<std::uint64_t>("Content-Length") > 0 ||
           req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
}

// The Date header (RFC 9110 §6.6.1: an origin server with a clock sends
// it): a kiosk compares its own clock with the hub's (`jiayi doctor`).
std::string http_date(std::time_t now) {
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char text[40];
    const std::size_t n = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return std::string(text, n);
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// application/fhir+json, and application/json which FHIR servers accept too
// (R4 http.html#mime-type); parameters such as charset are ignored.
bool is_fhir_json(std::string_view content_type) {
    std::string type = lowercase(content_type.substr(0, content_type.find(';')));
    type.erase(
        std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
        type.end());
    return type == "application/fhir+json" || type == "application/json" ||
           type == "application/json+fhir";
}

std::string dump(const nlohmann::json& body) {
    // Replace, not throw, on invalid UTF-8: a resource's text came from a
    // kiosk and must not take down the answer.
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void answer_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(dump(body), kFhirJson);
}

// The answer, then the connection closed (see the note at the top: the
// provider reports failure after writing everything, which is how 0.11 is
// told to close).
void answer_and_close(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_header("Connection", "close");
    auto text = std::make_shared<std::string>(dump(body));
    res.set_content_provider(
        text->size(), kFhirJson,
        [text](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            sink.write(text->data() + offset, length);
            return false;
        });
}

void refuse(const httplib::Request& req, httplib::Response& res, int status,
            std::string_view issue_type, std::string_view code, std::string_view text) {
    const nlohmann::json outcome = transport_outcome(issue_type, code, text);
    if (has_body(req)) {
        answer_and_close(res, status, outcome);
    } else {
        answer_json(res, status, outcome);
    }
}

std::optional<std::string> header(const httplib::Request& req, const char* name) {
    if (!req.has_header(name)) {
        return std::nullopt;
    }
    return req.get_header_value(name);
}

// The journal's info level; a refusal by the server is still routine.
void default_access_log(const AccessLogLine& line) {
    log::info(line.to_string());
}

}  // namespace

std::string AccessLogLine::to_string() const {
    char duration_text[32];
    std::snprintf(duration_text, sizeof duration_text, "%.1fms",
                  static_cast<double>(duration.count()) / 1000.0);
    std::string line = std::string(method) + " " + std::string(resource_type) + " " +
                       std::to_string(status) + " " + duration_text;
    if (!kiosk.empty()) {
        line += " kiosk=" + std::string(kiosk);
    }
    return line;
}

// httplib's pool, which also acts on a stop() that came before the accept
// loop was running: httplib's own stop() does nothing then, and the loop
// calls on_idle() every idle interval.
class Server::WorkerPool : public httplib::ThreadPool {
  public:
    WorkerPool(std::size_t threads, Server& server) : ThreadPool(threads), server_(server) {}
    void on_idle() override {
        if (server_.stop_requested_) {
            server_.http_->stop();
        }
    }

  private:
    Server& server_;
};

Server::Server(fhir::Service& service, Authenticator authenticate, ServerOptions options)
    : service_(service), authenticate_(std::move(authenticate)), options_(std::move(options)) {
    if (!options_.access_log) {
        options_.access_log = default_access_log;
    }
}

Server::~Server() = default;

namespace {

bool readable(const std::filesystem::path& path) {
    std::ifstream in(path);
    return in.good();
}

}  // namespace

Result<int, std::string> Server::bind() {
    const std::string where = options_.address + ":" + std::to_string(options_.port);
    if (!options_.tls) {
        if (!options_.plain_http_on_loopback) {
            return fail(std::string(
                "no TLS certificate and key are configured, and plain HTTP is not allowed "
                "(plain_http_on_loopback = false)"));
        }
        if (!is_loopback_address(options_.address)) {
            return fail("plain HTTP is refused on " + options_.address +
                        ": it is served only on a loopback address (127.0.0.1, ::1); "
                        "configure a TLS certificate and key to listen there");
        }
        http_ = std::make_unique<httplib::Server>();
    } else {
        const auto& files = *options_.tls;
        if (!readable(files.certificate)) {
            return fail("cannot read the TLS certificate " + files.certificate.string());
        }
        if (!readable(files.private_key)) {
            return fail("cannot read the TLS private key " + files.private_key.string());
        }
        auto ssl = std::make_unique<httplib::SSLServer>(files.certificate.c_str(),
                                                        files.private_key.c_str());
        if (!ssl->is_valid()) {
            return fail("cannot use the TLS certificate " + files.certificate.string() +
                        " with the key " + files.private_key.string() +
                        " (not PEM, or the key does not match)");
        }
        // httplib 0.11 allows TLS 1.1; kiosks speak 1.2 and 1.3.
        SSL_CTX_set_min_proto_version(ssl->ssl_context(), TLS1_2_VERSION);
        http_ = std::move(ssl);
    }
    configure();
    int port = options_.port;
    if (options_.port == 0) {
        port = http_->bind_to_any_port(options_.address);
        if (port < 0) {
            return fail("cannot listen on " + where + ": " + std::strerror(errno));
        }
    } else if (!http_->bind_to_port(options_.address, options_.port)) {
        return fail("cannot listen on " + where + ": " + std::strerror(errno));
    }
    if (::listen(ListeningSocket::of(*http_), kListenBacklog) != 0) {
        return fail("cannot listen on " + where + ": " + std::strerror(errno));
    }
    return port;
}

void Server::configure() {
    httplib::Server& http = *http_;
    const auto threads = static_cast<std::size_t>(std::max(1, options_.threads));
    http.new_task_queue = [this, threads] { return new WorkerPool(threads, *this); };
    http.set_idle_interval(0, 250'000);
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_tcp_nodelay(true);
    http.set_keep_alive_timeout(options_.keep_alive_seconds);
    http.set_keep_alive_max_count(
        static_cast<std::size_t>(std::max(1, options_.keep_alive_requests)));
    http.set_read_timeout(options_.read_timeout_seconds, 0);
    http.set_payload_max_length(options_.body_limit);

    // Headers read, body not yet: route, token, media type, size.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        using Answer = httplib::Server::HandlerResponse;
        t_request = RequestContext{true, Clock::now(), std::nullopt, "-"};
        res.set_header("Date", http_date(std::time(nullptr)));
        if (req.path == "/health") {
            t_request.resource_type = "health";
            return Answer::Unhandled;
        }
        const auto below = below_base(req.path);
        if (!below) {
            refuse(req, res, 404, "not-found", "not-found", "not a FHIR path: the base is /fhir");
            return Answer::Handled;
        }
        t_request.resource_type = resource_type_of(*below);
        const auto method = method_of(req.method);
        if (!method) {
            refuse(req, res, 405, "not-supported", "method-not-allowed",
                   "FHIR interactions here are GET, PUT, POST and DELETE");
            return Answer::Handled;
        }
        if (!(*method == fhir::Method::get && *below == "metadata")) {
            const std::string authorization = req.get_header_value("Authorization");
            constexpr std::string_view kBearer = "Bearer ";
            std::optional<fhir::Caller> caller;
            if (authorization.size() > kBearer.size() &&
                lowercase(authorization.substr(0, kBearer.size())) == "bearer ") {
                auto checked =
                    authenticate_(std::string_view(authorization).substr(kBearer.size()));
                if (!checked) {
                    // The reason is the database's, never the token: it may be logged.
                    log::error("jiayi-hub: cannot check a token: " + checked.error());
                    refuse(req, res, 503, "transient", "unavailable",
                           "the hub cannot check tokens now; try again later");
                    return Answer::Handled;
                }
                caller = std::move(checked).value();
            }
            if (!caller) {
                res.set_header("WWW-Authenticate", "Bearer");
                refuse(req, res, 401, "login", "unknown-token",
                       "a kiosk token is required (Authorization: Bearer …)");
                return Answer::Handled;
            }
            t_request.caller = std::move(caller);
        }
        if ((*method == fhir::Method::put || *method == fhir::Method::post) &&
            !is_fhir_json(req.get_header_value("Content-Type"))) {
            refuse(req, res, 415, "not-supported", "unsupported-media-type",
                   "the body must be application/fhir+json");
            return Answer::Handled;
        }
        if (req.get_header_value<std::uint64_t>("Content-Length") > options_.body_limit) {
            answer_and_close(
                res, 413,
                transport_outcome("too-long", "too-large",
                                  "the body is larger than this hub accepts (" +
                                      std::to_string(options_.body_limit) + " bytes)"));
            return Answer::Handled;
        }
        return Answer::Unhandled;
    });

    const auto handle = [this](const httplib::Request& req, httplib::Response& res,
                               std::string body) {
        fhir::Request request;
        request.method = method_of(req.method).value_or(fhir::Method::get);
        request.path = below_base(req.path).value_or("");
        auto query = parse_query(query_of(req.target));
        if (!query) {
            answer_json(
                res, 400,
                transport_outcome("invalid", "invalid", "a malformed %-escape in the query"));
            return;
        }
        request.query = std::move(*query);
        request.if_match = header(req, "If-Match");
        request.if_none_match = header(req, "If-None-Match");
        request.body = std::move(body);

        fhir::Answer answer;
        try {
            answer = service_.handle(t_request.caller.value_or(fhir::Caller{}), request);
        } catch (const std::exception&) {
            answer_json(res, 500,
                        transport_outcome("exception", "internal",
                                          "the hub failed to answer this request"));
            return;
        }
        res.status = answer.status;
        if (!answer.body.is_null()) {
            res.set_content(dump(answer.body), kFhirJson);
        }
        if (answer.etag) {
            res.set_header("ETag", *answer.etag);
        }
        if (answer.last_modified) {
            res.set_header("Last-Modified", *answer.last_modified);
        }
        if (answer.location) {
            // FHIR: Location = [base]/[type]/[id]/_history/[vid]; the base as
            // the kiosk reached it.
            const std::string host = req.get_header_value("Host");
            const std::string base =
                host.empty() ? std::string(kBase)
                             : (tls() ? "https://" : "http://") + host + std::string(kBase);
            res.set_header("Location", base + "/" + *answer.location);
        }
    };

    // A body kept up to the limit, whatever its framing. A Content-Length
    // over it was refused before; a chunked body has none, so it is cut
    // here. Past the limit its chunks are read and thrown away, up to
    // kChunkedDrainFactor × the limit, so that the client, still sending,
    // gets to read the 413: closing on unread data would answer it with a
    // reset instead. A chunked body larger still is cut off unanswered.
    const auto handle_with_body = [this, handle](const httplib::Request& req,
                                                 httplib::Response& res,
                                                 const httplib::ContentReader& reader) {
        constexpr std::size_t kChunkedDrainFactor = 4;
        std::string body;
        std::size_t received = 0;
        bool too_large = false;
        const bool complete = reader([&](const char* data, std::size_t length) {
            received += length;
            if (received > kChunkedDrainFactor * options_.body_limit) {
                return false;
            }
            if (received > options_.body_limit) {
                too_large = true;
                body.clear();
                body.shrink_to_fit();
            } else {
                body.append(data, length);
            }
            return true;
        });
        if (too_large) {
            answer_and_close(
                res, 413,
                transport_outcome("too-long", "too-large",
                                  "the body is larger than this hub accepts (" +
                                      std::to_string(options_.body_limit) + " bytes)"));
            return;
        }
        if (!complete) {
            answer_and_close(res, 400,
                             transport_outcome("invalid", "invalid", "the body could not be read"));
            return;
        }
        handle(req, res, std::move(body));
    };
    const auto handle_without_body = [handle](const httplib::Request& req, httplib::Response& res) {
        handle(req, res, req.body);
    };

    const std::string fhir_paths = std::string(kBase) + "(/.*)?";
    http.Get(fhir_paths, httplib::Server::Handler(handle_without_body));
    http.Delete(fhir_paths, httplib::Server::Handler(handle_without_body));
    // Both forms: 0.11 sends a PUT/POST with a body to the ContentReader
    // form and one without (Content-Length: 0) to the plain form.
    http.Put(fhir_paths, httplib::Server::HandlerWithContentReader(handle_with_body));
    http.Post(fhir_paths, httplib::Server::HandlerWithContentReader(handle_with_body));
    http.Put(fhir_paths, httplib::Server::Handler(handle_without_body));
    http.Post(fhir_paths, httplib::Server::Handler(handle_without_body));

    http.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
        bool ok = true;
        try {
            ok = !options_.health || options_.health();
        } catch (const std::exception&) {
            ok = false;
        }
        res.status = ok ? 200 : 503;
        res.set_content(ok ? R"({"status":"ok"})" : R"({"status":"unavailable"})",
                        "application/json");
    });

    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        // The watchdog's own probe, answered: nothing to tell (self_probe.hpp).
        if (req.path == "/health" && res.status == 200 &&
            req.get_header_value("User-Agent") == kSelfProbeAgent) {
            t_request = RequestContext{};
            return;
        }
        const bool known = method_of(req.method).has_value();
        const auto elapsed = t_request.active
                                 ? std::chrono::duration_cast<std::chrono::microseconds>(
                                       Clock::now() - t_request.start)
                                 : std::chrono::microseconds(0);
        const std::string kiosk = t_request.caller ? t_request.caller->kiosk : std::string();
        options_.access_log(AccessLogLine{known ? std::string_view(req.method) : "-",
                                          t_request.active ? t_request.resource_type : "-",
                                          res.status, elapsed, kiosk});
        t_request = RequestContext{};
    });
}

Result<void, std::string> Server::serve() {
    if (!http_) {
        return fail(std::string("serve() before a successful bind()"));
    }
    if (!http_->listen_after_bind() && !stop_requested_) {
        return fail(std::string("the listening socket failed: ") + std::strerror(errno));
    }
    return Ok{};
}

void Server::stop() {
    stop_requested_ = true;
    if (http_) {
        http_->stop();
    }
    if (options_.on_stopping) {
        options_.on_stopping();
    }
}

}  // namespace jiayi::hub::http
