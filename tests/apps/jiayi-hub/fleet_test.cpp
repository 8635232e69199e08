// The fleet's health seen from the district (issue 12), with a real
// jiayi-hub process on a SQLite file and on this binary's own PostgreSQL:
// kiosks' heartbeats (their Device, PUT with If-Match as hub/README.md
// "Exactly once" has it) are listed by `jiayi-hub kiosks --json`, stale and
// unhealthy ones first; `jiayi-hub alerts` runs the configured command once
// per episode of silence or of no paper; and serve's own thread does it too.
//
// The hub stamps each heartbeat with its own clock; the listing and the
// alerts take --now, so "twenty minutes later" is a flag, not a wait.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/fhir/device.hpp"
#include "support/hub_process.hpp"
#include "support/postgres.hpp"

using namespace jiayi;
using namespace jiayi::test;
using nlohmann::json;

namespace {

constexpr const char* kFhirJson = "application/fhir+json";
const std::string kTownship = "110101-01";

struct Backend {
    std::string name;
    std::function<std::string()> database;  // a fresh, empty database's URL ("": SQLite)
};

std::vector<Backend> backends() {
    return {{"sqlite", [] { return std::string(); }},
            {"postgresql", [] { return fresh_postgres_database(); }}};
}

Instant wall_clock() {
    return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

// A hub whose alert command appends "ALERT KIOSK" lines to `alerts`.
// `fleet`: the [fleet] section's other keys.
std::unique_ptr<HubProcess> hub_on(const Backend& backend, const std::filesystem::path& alerts,
                                   const std::string& fleet =
                                       "silent_minutes = 15\n"
                                       "paper_minutes = 10\n") {
    HubProcessOptions options;
    options.database = backend.database();
    options.kiosk = "hc-110101-01";
    options.township = kTownship;
    options.extra_config = "[fleet]\n" + fleet +
                           "alert_command = \"printf '%s %s\\\\n' \\\"$JIAYI_ALERT\\\" "
                           "\\\"$JIAYI_KIOSK\\\" >> " +
                           alerts.string() + "\"\n";
    return std::make_unique<HubProcess>(options);
}

// One kiosk with its own token, sending heartbeats as its sync thread does.
struct Kiosk {
    const HubProcess& hub;
    std::string id;
    std::string token;
    std::string etag;  // the Device's version the hub last answered

    Kiosk(const HubProcess& h, std::string kiosk_id)
        : hub(h), id(std::move(kiosk_id)), token(h.issue_token(id, kTownship)) {}

    int beat(const std::string& paper = "ok", const std::string& reader = "ok",
             std::int64_t queued = 0) {
        fhir::Heartbeat h;
        h.kiosk_id = id;
        h.version = "0.1.0";
        h.at = wall_clock();
        h.uptime_seconds = 3600;
        h.parts = {{"card-reader", reader}, {"printer", paper == "out" ? "paper-out" : "ok"}};
        h.paper = paper;
        h.queued = queued;
        return put(fhir::to_device(h));
    }

    int put(const json& device, const std::string& path = "") {
        auto client = hub.client(token);
        httplib::Headers headers;
        if (!etag.empty()) {
            headers.emplace("If-Match", etag);
        }
        auto answer = client.Put(("/fhir/Device/" + (path.empty() ? id : path)).c_str(), headers,
                                 device.dump(), kFhirJson);
        REQUIRE(answer);
        if (answer->status == 200 || answer->status == 201) {
            etag = answer->get_header_value("ETag");
        }
        return answer->status;
    }
};

json kiosks(const HubProcess& hub, Instant now) {
    const AdminRun ran = hub.admin("kiosks --json --now " + to_iso8601(now));
    REQUIRE_MESSAGE(ran.status == 0, ran.err);
    return json::parse(ran.out).at("kiosks");
}

AdminRun alerts(const HubProcess& hub, Instant now) {
    return hub.admin("alerts --now " + to_iso8601(now));
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
    std::vector<std::string> lines;
    std::istringstream in(read_whole(file));
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

Instant received(const json& kiosk) {
    return parse_iso8601(kiosk.at("received").get<std::string>()).value();
}

}  // namespace

TEST_CASE("fleet: a heartbeat arrives and jiayi-hub kiosks --json shows it") {
    for (const auto& backend : backends()) {
        CAPTURE(backend.name);
        TempDir dir;
        auto hub = hub_on(backend, dir / "alerts.log");
        Kiosk kiosk(*hub, "hc-110101-01");
        REQUIRE(kiosk.beat("ok", "ok", 3) == 201);
        REQUIRE(kiosk.beat("ok", "ok", 4) == 200);  // a versioned update: If-Match

        const json listed = kiosks(*hub, wall_clock());
        REQUIRE(listed.size() == 1);
        const json& k = listed[0];
        CHECK(k.at("kiosk") == "hc-110101-01");
        CHECK(k.at("township") == kTownship);
        CHECK(k.at("version") == "0.1.0");
        CHECK(k.at("queued") == 4);
        CHECK(k.at("paper") == "ok");
        CHECK(k.at("parts").at("card-reader") == "ok");
        CHECK(k.at("stale") == false);
        CHECK(k.at("healthy") == true);
        CHECK(k.at("problems").empty());

        // A kiosk updates only its own Device.
        Kiosk other(*hub, "hc-110101-02");
        fhir::Heartbeat pretend;
        pretend.kiosk_id = "hc-110101-01";
        pretend.version = "0.1.0";
        pretend.at = wall_clock();
        pretend.paper = "ok";
        other.etag = kiosk.etag;
        CHECK(other.put(fhir::to_device(pretend), "hc-110101-01") == 403);
        // And the text listing says the same.
        const AdminRun text = hub->admin("kiosks");
        CHECK(text.status == 0);
        CHECK(text.out.find("hc-110101-01") != std::string::npos);
        CHECK(text.out.find(" ok ") != std::string::npos);
    }
}

TEST_CASE("fleet: a kiosk that stops is listed stale first and alerted once per episode") {
    for (const auto& backend : backends()) {
        CAPTURE(backend.name);
        TempDir dir;
        const auto log = dir / "alerts.log";
        auto hub = hub_on(backend, log);
        Kiosk quiet(*hub, "hc-110101-09");  // its id sorts after the other's
        Kiosk busy(*hub, "hc-110101-01");
        REQUIRE(quiet.beat() == 201);
        const Instant quiet_heard = received(kiosks(*hub, wall_clock())[0]);
        // The hub's clock must move on before the other kiosk's heartbeat,
        // so the two are heard at different seconds (time(), the hub's
        // clock, may lag this one by a few milliseconds: a second more).
        while (wall_clock().unix_seconds <= quiet_heard.unix_seconds + 1) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        REQUIRE(busy.beat() == 201);
        Instant busy_heard{};
        const json both = kiosks(*hub, wall_clock());
        INFO(both.dump());
        for (const auto& k : both) {
            if (k.at("kiosk") == "hc-110101-01") {
                busy_heard = received(k);
            }
        }
        REQUIRE(busy_heard > quiet_heard);

        // Fifteen minutes after the busy kiosk's heartbeat: the quiet one
        // is silent past the limit, the busy one just not.
        const Instant later{busy_heard.unix_seconds + 15 * 60};
        const json listed = kiosks(*hub, later);
        REQUIRE(listed.size() == 2);
        CHECK(listed[0].at("kiosk") == "hc-110101-09");
        CHECK(listed[0].at("stale") == true);
        CHECK(listed[0].at("problems")[0].get<std::string>().starts_with("silent for 15 min"));
        CHECK(listed[1].at("kiosk") == "hc-110101-01");
        CHECK(listed[1].at("stale") == false);

        const AdminRun first = alerts(*hub, later);
        CHECK_MESSAGE(first.status == 0, first.err);
        CHECK(lines_of(log) == std::vector<std::string>{"silent hc-110101-09"});
        // Asked again: the same episode, no second alert.
        CHECK(alerts(*hub, later).status == 0);
        CHECK(lines_of(log) == std::vector<std::string>{"silent hc-110101-09"});
        // An hour later the busy one is silent too: its own alert, once.
        CHECK(alerts(*hub, Instant{later.unix_seconds + 3600}).status == 0);
        CHECK(alerts(*hub, Instant{later.unix_seconds + 3660}).status == 0);
        CHECK(lines_of(log) ==
              std::vector<std::string>{"silent hc-110101-09", "silent hc-110101-01"});
        // The quiet kiosk speaks again: a new episode when it falls silent again.
        REQUIRE(quiet.beat() == 200);
        const Instant back = received(kiosks(*hub, wall_clock()).back());
        CHECK(alerts(*hub, Instant{back.unix_seconds + 16 * 60}).status == 0);
        const auto lines = lines_of(log);
        REQUIRE(lines.size() == 3);
        CHECK(lines[2] == "silent hc-110101-09");
    }
}

TEST_CASE("fleet: a kiosk out of paper is unhealthy at once and alerted after paper_minutes") {
    for (const auto& backend : backends()) {
        CAPTURE(backend.name);
        TempDir dir;
        const auto log = dir / "alerts.log";
        auto hub = hub_on(backend, log);
        Kiosk fine(*hub, "hc-110101-01");
        Kiosk empty(*hub, "hc-110101-05");
        REQUIRE(fine.beat() == 201);
        REQUIRE(empty.beat("out") == 201);
        const Instant now = wall_clock();
        const json listed = kiosks(*hub, now);
        REQUIRE(listed.size() == 2);
        CHECK(listed[0].at("kiosk") == "hc-110101-05");  // unhealthy before healthy
        CHECK(listed[0].at("healthy") == false);
        CHECK(listed[0].at("stale") == false);
        CHECK(listed[0].at("problems")[0].get<std::string>().starts_with("out of paper"));
        CHECK(listed[1].at("healthy") == true);

        const Instant heard = received(listed[0]);
        CHECK(alerts(*hub, Instant{heard.unix_seconds + 5 * 60}).status == 0);
        CHECK_FALSE(std::filesystem::exists(log));  // not yet ten minutes
        CHECK(alerts(*hub, Instant{heard.unix_seconds + 10 * 60}).status == 0);
        CHECK(lines_of(log) == std::vector<std::string>{"out-of-paper hc-110101-05"});
        // Still out a minute later (another heartbeat says so): the same episode.
        REQUIRE(empty.beat("out") == 200);
        CHECK(alerts(*hub, Instant{heard.unix_seconds + 11 * 60}).status == 0);
        CHECK(lines_of(log).size() == 1);
        // Paper back, then out again: a new episode.
        REQUIRE(empty.beat("ok") == 200);
        REQUIRE(empty.beat("out") == 200);
        const Instant again = received(kiosks(*hub, wall_clock())[0]);
        CHECK(alerts(*hub, Instant{again.unix_seconds + 10 * 60}).status == 0);
        CHECK(lines_of(log) ==
              std::vector<std::string>{"out-of-paper hc-110101-05", "out-of-paper hc-110101-05"});
        // A reader that went missing is unhealthy too.
        REQUIRE(fine.beat("ok", "offline") == 200);
        bool reader_listed = false;
        for (const auto& k : kiosks(*hub, wall_clock())) {
            if (k.at("kiosk") == "hc-110101-01") {
                reader_listed = k.at("healthy") == false &&
                                k.at("problems")[0] == "card reader missing or failing";
            }
        }
        CHECK(reader_listed);
    }
}

TEST_CASE("fleet: serve's own thread runs the alert command when a kiosk runs out of paper") {
    for (const auto& backend : backends()) {
        CAPTURE(backend.name);
        TempDir dir;
        // The command writes into a FIFO the test reads: the test waits for
        // the line itself, not for a time.
        const auto fifo = dir / "alerts.fifo";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        REQUIRE(reader >= 0);
        // An alert at the first heartbeat out of paper, looked for every second.
        auto hub = hub_on(backend, fifo, "paper_minutes = 0\ncheck_seconds = 1\n");
        Kiosk empty(*hub, "hc-110101-01");
        REQUIRE(empty.beat("out") == 201);
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (line.find('\n') == std::string::npos &&
               std::chrono::steady_clock::now() < deadline) {
            pollfd ready{reader, POLLIN, 0};
            if (::poll(&ready, 1, 1000) > 0 && (ready.revents & POLLIN) != 0) {
                char buffer[256];
                const ssize_t n = ::read(reader, buffer, sizeof buffer);
                if (n > 0) {
                    line.append(buffer, static_cast<std::size_t>(n));
                }
            }
        }
        ::close(reader);
        CHECK(line == "out-of-paper hc-110101-01\n");
        CHECK(hub->stop() == 0);
    }
}

TEST_CASE("fleet: the webhook receives each alert as JSON, once") {
    // A district's chat hook on loopback: it keeps what it was sent.
    httplib::Server hook;
    std::mutex mutex;
    std::vector<json> received_alerts;
    hook.Post("/hooks/kiosks", [&](const httplib::Request& request, httplib::Response& response) {
        std::lock_guard lock(mutex);
        received_alerts.push_back(json::parse(request.body));
        response.status = 204;
    });
    const int port = hook.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread serving([&] { hook.listen_after_bind(); });

    HubProcessOptions options;
    options.kiosk = "hc-110101-01";
    options.township = kTownship;
    options.extra_config =
        "[fleet]\nsilent_minutes = 15\nalert_webhook = \"http://127.0.0.1:" + std::to_string(port) +
        "/hooks/kiosks\"\ncheck_seconds = 3600\n";
    HubProcess hub(options);
    Kiosk kiosk(hub, "hc-110101-01");
    REQUIRE(kiosk.beat() == 201);
    const Instant heard = received(kiosks(hub, wall_clock())[0]);
    const AdminRun sent = alerts(hub, Instant{heard.unix_seconds + 16 * 60});
    CHECK_MESSAGE(sent.status == 0, sent.err);
    CHECK(alerts(hub, Instant{heard.unix_seconds + 17 * 60}).status == 0);
    hook.stop();
    serving.join();
    // `alerts` returned after the POST was answered: nothing is in flight.
    std::lock_guard lock(mutex);
    REQUIRE(received_alerts.size() == 1);
    CHECK(received_alerts[0].at("alert") == "silent");
    CHECK(received_alerts[0].at("kiosk") == "hc-110101-01");
    CHECK(received_alerts[0].at("township") == kTownship);
    CHECK(received_alerts[0].at("since") == to_iso8601(heard));
}
