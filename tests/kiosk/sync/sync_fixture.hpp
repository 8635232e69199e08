#pragma once
// What the sync's tests share: a kiosk's real store (a SQLite file) with
// made-up residents' signings, opt-outs and feedback written by the store's
// own functions; a real `jiayi-hub` on loopback (tests/support/hub_process.hpp)
// with the kiosk's teams imported as an administrator would; the kiosk's
// credential file; and listening sockets that answer garbage or never answer.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apps/jiayi-hub/fault_fixture.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/push.hpp"
#include "support/store_fixture.hpp"

namespace jiayi::test::sync_tests {

using hub_faults::kKiosk;
using hub_faults::kTownship;

inline const std::function<Instant()> kClock = [] { return kStoreNow; };
inline const std::function<double()> kHalf = [] { return 0.5; };

// A kiosk: its store, its credential file and its client settings.
struct KioskSide {
    StoreFixture store;
    std::filesystem::path credential = store.dir / "hub-token";
    sync::PushOptions options;
    std::map<int, store::ResidentRecord> signed_up;  // by sign()'s n

    explicit KioskSide(const std::string& token = "") { write_token(token); }

    void write_token(const std::string& token) const {
        std::ofstream out(credential);
        out << token << "\n";
    }

    sync::HubEndpoint endpoint(const std::string& base_url) const {
        sync::HubEndpoint e;
        e.base_url = base_url + "/fhir";
        e.credential_file = credential;
        e.connect_timeout = std::chrono::seconds(5);
        e.transfer_timeout = std::chrono::seconds(30);
        return e;
    }

    // A first signing of made-up resident `n` with team `team`; its contract id.
    std::string sign(int n, const std::string& team = "team-a",
                     store::Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}) {
        const store::ResidentRecord r = test_resident(n);
        signed_up[n] = r;
        auto change =
            domain::sign_new(facts_of(r, {}), test_choice(team), test_team(team), test_catalogue(),
                             domain::SigningRules{}, kStoreToday, store::new_uuid());
        REQUIRE(change.ok());
        store::SigningRecord record;
        record.resident = r;
        record.change = std::move(change).value();
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0],[10,12]]", std::move(png)};
        record.consent_given = true;
        record.kiosk_id = kKiosk;
        REQUIRE(store.store->record_signing(record, kStoreNow).ok());
        return record.change.contract.id;
    }

    // Resident `n`, signed with sign(n, team), renews with the same team on
    // 2027-11-10 (in the renewal window); the new contract's id.
    std::string renew(int n, const std::string& team = "team-a") {
        REQUIRE(signed_up.contains(n));
        const store::ResidentRecord r = signed_up[n];
        auto had = store.store->contracts_of(r.id);
        REQUIRE(had.ok());
        auto facts = facts_of(r, had.value());
        facts.has_privacy_consent = true;
        const domain::Date today{2027, 11, 10};
        auto change = domain::renew(facts, test_choice(team), test_team(team), test_catalogue(),
                                    domain::SigningRules{}, today, store::new_uuid());
        REQUIRE(change.ok());
        store::SigningRecord record;
        record.resident = r;
        record.resident.privacy_consent = true;
        record.change = std::move(change).value();
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0]]", store::Bytes{0x89, 'P', 'N', 'G'}};
        record.kiosk_id = kKiosk;
        REQUIRE(store.store->record_signing(record, domain::start_of(today, 480)).ok());
        return record.change.contract.id;
    }

    // Resident `n` declines and signs the informed notice; the opt-out's id.
    std::string decline(int n) {
        store::OptOutRecord record;
        record.resident = test_resident(n);
        record.opt_out.id = store::new_uuid();
        record.opt_out.resident_id = record.resident.id;
        record.opt_out.date = kStoreToday;
        record.opt_out.notice_version = "2026-2";
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0]]", store::Bytes{0x89, 'P', 'N', 'G'}};
        record.kiosk_id = kKiosk;
        REQUIRE(store.store->record_opt_out(record, kStoreNow).ok());
        return record.opt_out.id;
    }

    std::string feedback(const std::string& record_id) {
        const std::string id = store::new_uuid();
        REQUIRE(
            store.store->record_feedback(id, record_id, domain::Feedback{5, true}, kStoreNow).ok());
        return id;
    }

    store::StoreStatus status() const {
        auto s = store.store->status();
        REQUIRE(s.ok());
        return s.value();
    }

    store::SyncState state() const {
        auto s = store.store->sync_state();
        REQUIRE(s.ok());
        return s.value();
    }

    sync::PushReport push(sync::HubClient& client) const {
        return sync::push_outbox(*store.store, client, options, kClock);
    }
};

// A hub with the kiosk's token and teams (team-a roomy, team-small for one).
struct HubSide {
    test::HubProcess hub;
    explicit HubSide(HubProcessOptions options = hub_faults::hub_options()) : hub(options) {
        auto database = hub_faults::open_database(hub.database_url());
        hub_faults::import_data(*database,
                                {hub_faults::team("team-a"), hub_faults::team("team-small", 1)});
        database.reset();
        hub.start();
    }

    // The hub's answer to a read of `path` with the kiosk's token.
    int read_status(const std::string& path) const {
        auto client = hub.client();
        auto answer = client.Get(("/fhir/" + path).c_str());
        return answer ? answer->status : -1;
    }

    std::int64_t count(const std::string& sql) const {
        auto database = hub_faults::open_database(hub.database_url());
        return hub_faults::count(*database, sql);
    }
};

// A socket on 127.0.0.1 that accepts connections and, for each, answers
// `reply` once it has read the request's first bytes — or, with an empty
// reply, never answers and holds the connection until the test ends.
class ListeningSocket {
  public:
    explicit ListeningSocket(std::string reply) : reply_(std::move(reply)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(fd_, 8) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~ListeningSocket() {
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
        for (int c : clients_) {
            ::close(c);
        }
    }
    ListeningSocket(const ListeningSocket&) = delete;
    ListeningSocket& operator=(const ListeningSocket&) = delete;

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // Waits until `n` requests arrived (the condition, no sleep).
    void wait_for_requests(int n) {
        std::unique_lock lock(mutex_);
        arrived_.wait(lock, [&] { return requests_ >= n; });
    }
    int requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

  private:
    void serve() {
        for (;;) {
            const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) {
                return;  // the listening socket was shut down
            }
            char buffer[4096];
            const ssize_t n = ::read(client, buffer, sizeof buffer);
            {
                std::lock_guard lock(mutex_);
                clients_.push_back(client);
                if (n > 0) {
                    ++requests_;
                }
            }
            arrived_.notify_all();
            if (!reply_.empty()) {
                const ssize_t written = ::write(client, reply_.data(), reply_.size());
                (void)written;
                ::shutdown(client, SHUT_WR);
            }
        }
    }

    std::string reply_;
    int fd_ = -1;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    int requests_ = 0;
    std::vector<int> clients_;
};

// A proxy in front of the hub on 127.0.0.1, as a district may put nginx
// there: it forwards every request as it came (the kiosk's token included)
// and answers as the hub did, except that a body over `body_limit` bytes gets
// the proxy's own HTML 413, and `on_post` may rewrite a body on its way.
// The kill tests watch the POSTs go by: `when_posted` sees each one (its
// number, from 1) as it arrives and may drop it (false: the hub never gets
// it), `when_answered` sees the hub's answer before the kiosk does; a hub
// restarted on another port is `retarget`ed.
class HubProxy {
  public:
    using Posted = std::function<bool(std::size_t)>;
    using Answered = std::function<void(std::size_t, int)>;

    explicit HubProxy(std::string hub_base_url) : hub_(std::move(hub_base_url)) {
        auto forward = [this](const httplib::Request& request, httplib::Response& response) {
            httplib::Headers headers;
            if (request.has_header("Authorization")) {
                headers.emplace("Authorization", request.get_header_value("Authorization"));
            }
            std::string body = request.body;
            std::size_t number = 0;
            Posted posted;
            Answered answered;
            std::string target;
            {
                std::lock_guard lock(mutex_);
                target = hub_;
                if (request.method == "GET" && request.path == refused_path_) {
                    response.status = refused_status_;
                    response.set_content(
                        R"({"resourceType":"OperationOutcome","issue":[{"severity":"error",)"
                        R"("code":"not-supported","diagnostics":"not on this hub"}]})",
                        "application/fhir+json");
                    return;
                }
                if (request.method == "POST") {
                    posts_.push_back(body.size());
                    number = posts_.size();
                    posted = when_posted_;
                    answered = when_answered_;
                    if (body.size() > body_limit_) {
                        response.status = 413;
                        response.set_content(
                            "<html><body><h1>413 Request Entity Too Large</h1></body></html>",
                            "text/html");
                        return;
                    }
                    if (on_post_) {
                        body = on_post_(std::move(body));
                    }
                }
            }
            if (posted && !posted(number)) {
                response.status = 502;
                return;
            }
            httplib::Client hub(target);
            hub.set_read_timeout(120);
            httplib::Result answer =
                request.method == "POST"
                    ? hub.Post(request.path.c_str(), headers, body,
                               request.get_header_value("Content-Type").c_str())
                    : hub.Get(httplib::append_query_params(request.path, request.params).c_str(),
                              headers);
            if (answered) {
                answered(number, answer ? answer->status : 502);
            }
            if (!answer) {
                response.status = 502;
                return;
            }
            response.status = answer->status;
            for (const auto& [name, value] : answer->headers) {
                if (name == "ETag" || name == "Location" || name == "Last-Modified") {
                    response.set_header(name.c_str(), value);
                }
            }
            response.set_content(answer->body, answer->get_header_value("Content-Type").c_str());
        };
        server_.Get(".*", forward);
        server_.Post(".*", forward);
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        // Bound is listening: requests wait in the backlog until the loop runs.
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~HubProxy() {
        // stop() before the loop has started would be lost (httplib 0.11).
        while (!server_.is_running()) {
            std::this_thread::yield();
        }
        server_.stop();
        thread_.join();
    }
    HubProxy(const HubProxy&) = delete;
    HubProxy& operator=(const HubProxy&) = delete;

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void body_limit(std::size_t bytes) {
        std::lock_guard lock(mutex_);
        body_limit_ = bytes;
    }
    void on_post(std::function<std::string(std::string)> rewrite) {
        std::lock_guard lock(mutex_);
        on_post_ = std::move(rewrite);
    }
    void when_posted(Posted hook) {
        std::lock_guard lock(mutex_);
        when_posted_ = std::move(hook);
    }
    void when_answered(Answered hook) {
        std::lock_guard lock(mutex_);
        when_answered_ = std::move(hook);
    }
    // GETs of exactly this path (no query) are answered `status` by the
    // proxy, as a hub of an older version would answer a search it lacks.
    void refuse_get(std::string path, int status) {
        std::lock_guard lock(mutex_);
        refused_path_ = std::move(path);
        refused_status_ = status;
    }
    void retarget(std::string hub_base_url) {
        std::lock_guard lock(mutex_);
        hub_ = std::move(hub_base_url);
    }
    // The size of each POST body that reached the proxy, in order.
    std::vector<std::size_t> posts() {
        std::lock_guard lock(mutex_);
        return posts_;
    }

  private:
    std::string hub_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::size_t body_limit_ = std::numeric_limits<std::size_t>::max();
    std::function<std::string(std::string)> on_post_;
    Posted when_posted_;
    Answered when_answered_;
    std::vector<std::size_t> posts_;
    std::string refused_path_;
    int refused_status_ = 0;
};

// A self-signed certificate for 127.0.0.1 (the openssl tool), and the pin
// of its public key as libcurl takes it.
struct TestCertificate {
    std::filesystem::path certificate;
    std::filesystem::path key;
    std::string pin;
};

inline TestCertificate make_certificate(const TempDir& dir, const std::string& name) {
    TestCertificate made{dir / (name + ".crt"), dir / (name + ".key"), ""};
    const std::string log = " 2>>" + (dir / "openssl.log").string();
    const std::string make =
        std::string(OPENSSL_TOOL) +
        " req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
        " -subj /CN=jiayi-hub-test -addext subjectAltName=IP:127.0.0.1 -keyout " +
        made.key.string() + " -out " + made.certificate.string() + log;
    REQUIRE(std::system(make.c_str()) == 0);
    const std::filesystem::path pin_file = dir / (name + ".pin");
    const std::string pin = std::string(OPENSSL_TOOL) + " x509 -in " + made.certificate.string() +
                            " -pubkey -noout | " + OPENSSL_TOOL + " pkey -pubin -outform der | " +
                            OPENSSL_TOOL + " dgst -sha256 -binary | base64 > " + pin_file.string() +
                            log;
    REQUIRE(std::system(pin.c_str()) == 0);
    std::string base64 = read_whole(pin_file);
    while (!base64.empty() && (base64.back() == '\n' || base64.back() == '\r')) {
        base64.pop_back();
    }
    made.pin = "sha256//" + base64;
    return made;
}

}  // namespace jiayi::test::sync_tests
