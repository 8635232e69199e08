// kiosk/sync against a real jiayi-hub on loopback (issue 11, "Tests"): the
// kiosk's real store file, the hub process with its own SQLite database.

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <map>
#include <regex>
#include <set>

#include "kiosk/config/hub_url.hpp"
#include "kiosk/sync/push.hpp"
#include "kiosk/sync/sync_fixture.hpp"

namespace jiayi::test::sync_tests {

namespace {

std::int64_t pending(const KioskSide& kiosk) {
    return kiosk.status().outbox_pending;
}

}  // namespace

TEST_CASE("sync: records pushed reach the hub once, read back over FHIR, acknowledged locally") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.options.submissions_per_bundle = 2;  // several Bundles, several residents in each
    std::vector<std::string> contracts;
    for (int n = 0; n < 5; ++n) {
        contracts.push_back(kiosk.sign(n));
    }
    const std::string opt_out = kiosk.decline(10);
    const std::string feedback = kiosk.feedback(contracts[0]);
    const std::int64_t queued = pending(kiosk);
    REQUIRE(queued == 5 * 3 + 2 + 1);  // consent + contract + signature each; opt-out; feedback

    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport report = kiosk.push(client);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.acknowledged == queued);
    CHECK(report.refused == 0);
    CHECK(report.bundles >= 3);
    CHECK(pending(kiosk) == 0);
    CHECK(kiosk.status().outbox_acknowledged == queued);

    for (const auto& id : contracts) {
        CHECK(hub.read_status("EpisodeOfCare/" + id) == 200);
    }
    CHECK(hub.read_status("Consent/" + opt_out) == 200);
    CHECK(hub.read_status("QuestionnaireResponse/" + feedback) == 200);
    const std::int64_t resources = hub.count("SELECT count(*) FROM resources");
    CHECK(hub.count("SELECT count(*) FROM episodes") == 5);
    CHECK(hub.count("SELECT count(*) FROM patients") == 6);

    // A second pass has nothing to send, and the hub holds nothing more.
    const sync::PushReport again = kiosk.push(client);
    CHECK(again.acknowledged == 0);
    CHECK(again.bundles == 0);
    CHECK(hub.count("SELECT count(*) FROM resources") == resources);
}

TEST_CASE("sync: a renewal and a termination reach the hub after the signings they change") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    store::Store& local = *kiosk.store.store;
    auto signed_record = [&](store::ResidentRecord r, domain::Date today, Instant now,
                             bool renewal) {
        auto had = local.contracts_of(r.id);
        REQUIRE(had.ok());
        auto facts = facts_of(r, had.value());
        facts.has_privacy_consent = renewal;
        auto change = renewal
                          ? domain::renew(facts, test_choice(), test_team(), test_catalogue(),
                                          domain::SigningRules{}, today, store::new_uuid())
                          : domain::sign_new(facts, test_choice(), test_team(), test_catalogue(),
                                             domain::SigningRules{}, today, store::new_uuid());
        REQUIRE(change.ok());
        store::SigningRecord record;
        record.resident = r;
        record.resident.privacy_consent = renewal;
        record.change = std::move(change).value();
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0]]", store::Bytes{0x89, 'P', 'N', 'G'}};
        record.consent_given = !renewal;
        record.kiosk_id = kKiosk;
        REQUIRE(local.record_signing(record, now).ok());
        return record.change.contract;
    };
    const store::ResidentRecord renewing = test_resident(1);
    const domain::Contract first = signed_record(renewing, kStoreToday, kStoreNow, false);
    const domain::Date renewal_day{2027, 11, 10};
    const domain::Contract renewed =
        signed_record(renewing, renewal_day, domain::start_of(renewal_day, 480), true);
    const store::ResidentRecord leaving = test_resident(2);
    const domain::Contract ended = signed_record(leaving, kStoreToday, kStoreNow, false);
    auto had = local.contracts_of(leaving.id);
    REQUIRE(had.ok());
    auto terminated = domain::terminate(had.value(), domain::EndReason::MovedAway, "",
                                        domain::ContractRules{}, domain::Date{2026, 12, 1});
    REQUIRE(terminated.ok());
    REQUIRE(local
                .record_termination(leaving.id, terminated.value(), "N0001",
                                    Instant{kStoreNow.unix_seconds + 8 * 86400})
                .ok());
    const std::int64_t queued = pending(kiosk);

    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport report = kiosk.push(client);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.refused == 0);
    CHECK(report.acknowledged == queued);
    CHECK(pending(kiosk) == 0);

    auto read = [&](const std::string& id) {
        auto answer = hub.hub.client().Get(("/fhir/EpisodeOfCare/" + id).c_str());
        REQUIRE(answer);
        REQUIRE(answer->status == 200);
        return nlohmann::json::parse(answer->body);
    };
    CHECK(read(renewed.id).at("status") == "active");
    CHECK(read(first.id).at("status") == "finished");  // ended by the hub with the renewal
    CHECK(read(ended.id).at("status") != "active");    // the nurse's termination
    CHECK(hub.count("SELECT count(*) FROM episodes WHERE status = 'active'") == 1);
}

TEST_CASE("sync: a team full on the hub refuses that record alone, the others are acknowledged") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.options.submissions_per_bundle = 10;  // all in one Bundle: the refusal names its entry
    const std::string first = kiosk.sign(1, "team-small");
    const std::string before = kiosk.sign(2);
    const std::string second = kiosk.sign(3, "team-small");  // the team's one place is taken
    const std::string after = kiosk.sign(4);
    // Decision: a refused record does not hold back its resident's later
    // records; the hub judges each (feedback about the refused contract).
    const std::string feedback = kiosk.feedback(second);

    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport report = kiosk.push(client);
    CHECK_FALSE(report.failure.has_value());
    REQUIRE(report.refusals.size() == 1);
    CHECK(report.refusals[0].record_type == "contract");
    CHECK(report.refusals[0].record_id == second);
    CHECK(report.refusals[0].code == "team-full");
    CHECK(report.refused == 3);  // the contract, its signature, the consent of that visit
    CHECK(pending(kiosk) == 0);

    auto refused = kiosk.store.store->refused_entries();
    REQUIRE(refused.ok());
    REQUIRE(refused->size() == 3);
    for (const auto& e : refused.value()) {
        CHECK(e.refusal_code == "team-full");
    }
    for (const auto& id : {first, before, after}) {
        CHECK(hub.read_status("EpisodeOfCare/" + id) == 200);
    }
    CHECK(hub.read_status("EpisodeOfCare/" + second) == 404);
    CHECK(hub.read_status("QuestionnaireResponse/" + feedback) == 200);

    // Never sent again: a later pass has nothing to do.
    const sync::PushReport again = kiosk.push(client);
    CHECK(again.bundles == 0);
    CHECK(kiosk.status().outbox_refused == 3);
}

TEST_CASE(
    "sync: two Bundles in flight: a resident's renewal waits for the Bundle with their signing, "
    "and a refusal in the first does not disturb the second") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.options.submissions_per_bundle = 2;
    kiosk.options.bundles_in_flight = 2;
    std::vector<std::string> signed_ids;
    for (int n = 1; n <= 6; ++n) {
        signed_ids.push_back(kiosk.sign(n, n == 3 || n == 4 ? "team-small" : "team-a"));
    }
    // Resident 4's signing is refused (team-small's one place went to 3).
    // The renewals come right after: each needs its signing on the hub first.
    const std::string renewed_1 = kiosk.renew(1);
    const std::string renewed_5 = kiosk.renew(5);
    const std::string renewed_6 = kiosk.renew(6);

    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport report = kiosk.push(client);
    CHECK_FALSE(report.failure.has_value());
    REQUIRE(report.refusals.size() == 1);
    CHECK(report.refusals[0].record_id == signed_ids[3]);
    CHECK(report.refusals[0].code == "team-full");
    CHECK(pending(kiosk) == 0);
    for (const std::string& id : {signed_ids[0], signed_ids[4], signed_ids[5]}) {
        CHECK(hub.read_status("EpisodeOfCare/" + id) == 200);
    }
    for (const std::string& id : {renewed_1, renewed_5, renewed_6}) {
        CHECK(hub.read_status("EpisodeOfCare/" + id) == 200);
    }
    CHECK(hub.count("SELECT count(*) FROM episodes WHERE kind = 'renewal'") == 3);
    CHECK(hub.count("SELECT count(*) FROM episodes WHERE status = 'active'") == 5);
    CHECK(report.bundles >= 5);  // 8 accepted records, two to a Bundle
}

TEST_CASE("sync: two Bundles do fly at once, and never two holding the same resident") {
    HubSide hub;
    HubProxy proxy(hub.hub.base_url());
    KioskSide kiosk(hub.hub.token());
    kiosk.options.submissions_per_bundle = 2;
    kiosk.options.bundles_in_flight = 2;
    // Resident 1's renewal waits in the next Bundle while their signing flies.
    kiosk.sign(1);
    kiosk.renew(1);
    for (int n = 2; n <= 5; ++n) {
        kiosk.sign(n);
    }
    // The proxy reads the residents' ID numbers in each Bundle and holds each
    // one until the next arrives (at most a second): whatever the kiosk lets
    // fly beside a Bundle, it sends while that one is held.
    const std::regex id_number(R"(500114\d{11}[\dX])");
    std::mutex mutex;
    std::condition_variable next;
    std::map<std::size_t, std::set<std::string>> residents_of;  // by POST, from 1
    std::map<std::size_t, std::set<std::string>> flying;
    std::size_t posted = 0;
    std::size_t most_at_once = 0;
    std::vector<std::string> held_twice;
    proxy.on_post([&](std::string body) {
        std::set<std::string> ids;
        for (std::sregex_iterator it(body.begin(), body.end(), id_number), end; it != end; ++it) {
            ids.insert(it->str());
        }
        std::lock_guard lock(mutex);
        residents_of[residents_of.size() + 1] = std::move(ids);
        return body;
    });
    proxy.when_posted([&](std::size_t n) {
        std::unique_lock lock(mutex);
        for (const auto& [other, ids] : flying) {
            for (const auto& id : residents_of[n]) {
                if (ids.contains(id)) {
                    held_twice.push_back(id);
                }
            }
        }
        flying[n] = residents_of[n];
        most_at_once = std::max(most_at_once, flying.size());
        posted = n;
        next.notify_all();
        next.wait_for(lock, std::chrono::seconds(1), [&] { return posted > n; });
        return true;
    });
    proxy.when_answered([&](std::size_t n, int) {
        std::lock_guard lock(mutex);
        flying.erase(n);
    });

    sync::HubClient client(kiosk.endpoint(proxy.base_url()));
    const sync::PushReport report = kiosk.push(client);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.refused == 0);  // the renewal reached the hub after the signing
    CHECK(pending(kiosk) == 0);
    CHECK(hub.count("SELECT count(*) FROM episodes WHERE kind = 'renewal'") == 1);
    std::lock_guard lock(mutex);
    CHECK(held_twice.empty());
    CHECK(most_at_once == 2);
    CHECK(residents_of[1].size() == 1);  // resident 1's signing alone
}

TEST_CASE("sync: a proxy's HTML 413 splits the Bundle, and a record too large alone is refused") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    HubProxy proxy(hub.hub.base_url());
    sync::HubClient client(kiosk.endpoint(proxy.base_url()));
    kiosk.sign(0);
    REQUIRE(kiosk.push(client).acknowledged == 3);
    const std::size_t one_signing = proxy.posts().at(0);

    // A limit one signing fits and three do not, as a district's nginx may set.
    proxy.body_limit(one_signing * 3 / 2);
    std::vector<std::string> fitting;
    for (int n = 1; n <= 3; ++n) {
        fitting.push_back(kiosk.sign(n));
    }
    const std::string oversized = kiosk.sign(4, "team-a", store::Bytes(one_signing * 2, 0x42));
    const sync::PushReport report = kiosk.push(client);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.acknowledged == 9);
    CHECK(report.refused == 3);
    REQUIRE(report.refusals.size() == 1);
    CHECK(report.refusals[0].record_id == oversized);
    CHECK(report.refusals[0].code == "too-large");
    CHECK(kiosk.status().outbox_pending == 0);
    for (const auto& id : fitting) {
        CHECK(hub.read_status("EpisodeOfCare/" + id) == 200);
    }
    CHECK(hub.read_status("EpisodeOfCare/" + oversized) == 404);
}

namespace {

// The resident's contracts ended on this kiosk (moved away), as a nurse records it.
void terminate_on_kiosk(KioskSide& kiosk, const std::string& contract) {
    store::Store& local = *kiosk.store.store;
    auto on_file = local.contract(contract);
    REQUIRE(on_file.ok());
    REQUIRE(on_file.value().has_value());
    const std::string resident = on_file.value()->contract.resident_id;
    auto had = local.contracts_of(resident);
    REQUIRE(had.ok());
    auto ended = domain::terminate(had.value(), domain::EndReason::MovedAway, "",
                                   domain::ContractRules{}, domain::Date{2026, 12, 1});
    REQUIRE(ended.ok());
    REQUIRE(local
                .record_termination(resident, ended.value(), "N0001",
                                    Instant{kStoreNow.unix_seconds + 8 * 86400})
                .ok());
}

}  // namespace

TEST_CASE("sync: a termination the hub finds stale is read and sent again, not refused") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    HubProxy proxy(hub.hub.base_url());
    sync::HubClient client(kiosk.endpoint(proxy.base_url()));
    const std::string contract = kiosk.sign(2);
    REQUIRE(kiosk.push(client).acknowledged == 3);
    terminate_on_kiosk(kiosk, contract);

    // The hub's contract changes between the kiosk's read and its update:
    // the first update names a version the hub no longer holds.
    int updates = 0;
    proxy.on_post([&updates](std::string body) {
        if (body.find("\"ifMatch\"") == std::string::npos) {
            return body;
        }
        if (++updates == 1) {
            static const std::regex kIfMatch(R"re("ifMatch":"(?:[^"\\]|\\.)*")re");
            body = std::regex_replace(body, kIfMatch, R"("ifMatch":"W/\"999\"")");
        }
        return body;
    });
    const sync::PushReport report = kiosk.push(client);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.refused == 0);
    CHECK(report.acknowledged == 1);
    CHECK(updates == 2);
    CHECK(kiosk.status().outbox_pending == 0);
    auto answer = hub.hub.client().Get(("/fhir/EpisodeOfCare/" + contract).c_str());
    REQUIRE(answer);
    CHECK(nlohmann::json::parse(answer->body).at("status") != "active");
}

TEST_CASE("sync: a termination waits while the signing it ends cannot be sent") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    const std::string contract = kiosk.sign(3);
    // The signing cannot be built: its signature is gone from the kiosk's file.
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(kiosk.store.db_path.string().c_str(), &db) == SQLITE_OK);
        const int rc = sqlite3_exec(db, "DELETE FROM signatures", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        REQUIRE(rc == SQLITE_OK);
    }
    terminate_on_kiosk(kiosk, contract);
    const std::int64_t queued = pending(kiosk);

    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport report = kiosk.push(client);
    CHECK(report.refused == 0);
    CHECK(report.left_unsent == queued);
    CHECK(pending(kiosk) == queued);
    CHECK(kiosk.status().outbox_refused == 0);
    CHECK(hub.read_status("EpisodeOfCare/" + contract) == 404);
}

TEST_CASE("sync: the hub killed mid-push, then restarted: pushed again, each record once") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.options.submissions_per_bundle = 3;
    std::vector<std::string> contracts;
    for (int n = 0; n < 30; ++n) {
        contracts.push_back(kiosk.sign(n));
    }
    const std::int64_t queued = pending(kiosk);

    // The second answer applied locally sets off a kill -9 of the hub from
    // another thread, racing the next Bundle's request.
    std::atomic<int> answers{0};
    std::thread killer;
    const std::function<Instant()> clock = [&] {
        if (++answers == 2) {
            killer = std::thread([&] { hub.hub.kill9(); });
        }
        return kStoreNow;
    };
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    sync::PushReport cut = sync::push_outbox(*kiosk.store.store, client, kiosk.options, clock);
    killer.join();
    if (!cut.failure) {
        // The kill landed after the last Bundle: nothing was interrupted.
        WARN_MESSAGE(false, "the hub was killed after the push ended");
    }
    CHECK(cut.refused == 0);
    CHECK(kiosk.status().outbox_refused == 0);
    const std::int64_t left = pending(kiosk);
    CHECK(left + cut.acknowledged == queued);

    hub.hub.start();  // the same database, after a kill -9
    sync::HubClient again_client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport rest = kiosk.push(again_client);
    CHECK_FALSE(rest.failure.has_value());
    CHECK(rest.acknowledged == left);
    CHECK(pending(kiosk) == 0);
    CHECK(hub.count("SELECT count(*) FROM episodes") == 30);
    CHECK(hub.count("SELECT count(*) FROM resources WHERE type = 'EpisodeOfCare'") == 30);
    CHECK(hub.count("SELECT count(*) FROM resources WHERE type = 'Provenance'") == 30);
    CHECK(hub.count("SELECT count(*) FROM patients") == 30);
}

TEST_CASE(
    "sync: the kiosk dies after the hub committed: the replay is acknowledged, nothing doubled") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.options.submissions_per_bundle = 4;
    for (int n = 0; n < 8; ++n) {
        kiosk.sign(n);
    }
    const std::int64_t queued = pending(kiosk);
    // The kiosk "dies" between the hub's answer and its local commit: the
    // clock read for that commit throws, so nothing of the answer is kept.
    struct Died {};
    const std::function<Instant()> dies = []() -> Instant { throw Died{}; };
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    CHECK_THROWS_AS(sync::push_outbox(*kiosk.store.store, client, kiosk.options, dies), Died);
    CHECK(pending(kiosk) == queued);
    CHECK(hub.count("SELECT count(*) FROM episodes") == 4);  // the first Bundle is on the hub

    kiosk.store.reopen();  // the kiosk restarts
    sync::HubClient restarted(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport report = kiosk.push(restarted);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.acknowledged == queued);
    CHECK(hub.count("SELECT count(*) FROM episodes") == 8);
    CHECK(hub.count("SELECT count(*) FROM resources WHERE type = 'Provenance'") == 8);
}

TEST_CASE("sync: a revoked token is a staff message and a retry, never a refused record") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1);
    kiosk.sign(2);
    const std::int64_t queued = pending(kiosk);
    hub.hub.must_admin("token revoke " + std::string(kKiosk));

    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    sync::Backoff backoff;
    const sync::PassReport pass =
        sync::run_pass(*kiosk.store.store, client, kiosk.options, backoff, kClock, kHalf);
    REQUIRE(pass.push.failure.has_value());
    CHECK(pass.push.failure->code == "credential-refused");
    CHECK(pass.push.failure->message.find("token") != std::string::npos);
    CHECK(pending(kiosk) == queued);
    CHECK(kiosk.status().outbox_refused == 0);
    const store::SyncState state = kiosk.state();
    CHECK(state.last_error_code == "credential-refused");
    CHECK(state.failures == 1);
    REQUIRE(pass.next_attempt.has_value());
    CHECK(pass.next_attempt->unix_seconds > kStoreNow.unix_seconds);
    CHECK(state.next_attempt_at == to_iso8601(*pass.next_attempt));

    // A new token in the credential file: the next pass goes through.
    kiosk.write_token(hub.hub.issue_token(kKiosk, kTownship));
    const sync::PassReport next =
        sync::run_pass(*kiosk.store.store, client, kiosk.options, backoff, kClock, kHalf);
    CHECK_FALSE(next.push.failure.has_value());
    CHECK(pending(kiosk) == 0);
    CHECK(kiosk.state().failures == 0);
    CHECK(kiosk.state().last_error_code.empty());
}

TEST_CASE("sync: a hub that is down is retried later with a growing wait, nothing lost") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    const std::int64_t queued = pending(kiosk);
    // A port nothing listens on: bind one, note it, close it.
    std::string url;
    {
        ListeningSocket gone("x");
        url = gone.base_url();
    }
    sync::HubClient client(kiosk.endpoint(url));
    sync::Backoff backoff;
    std::vector<std::int64_t> waits;
    for (int i = 0; i < 3; ++i) {
        const sync::PassReport pass =
            sync::run_pass(*kiosk.store.store, client, kiosk.options, backoff, kClock, kHalf);
        REQUIRE(pass.push.failure.has_value());
        CHECK(pass.push.failure->code == "unreachable");
        REQUIRE(pass.next_attempt.has_value());
        waits.push_back(pass.next_attempt->unix_seconds - kStoreNow.unix_seconds);
    }
    CHECK(waits[0] < waits[1]);
    CHECK(waits[1] < waits[2]);
    CHECK(kiosk.state().failures == 3);
    CHECK(pending(kiosk) == queued);
    CHECK(kiosk.status().outbox_refused == 0);
}

TEST_CASE("sync: a server answering garbage is a clear error and a retry, nothing marked") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    const std::int64_t queued = pending(kiosk);
    struct Case {
        const char* reply;
        const char* code;
    };
    const Case cases[] = {
        {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n"
         "Connection: close\r\n\r\n<html></html>",
         "not-fhir"},
        {"HTTP/1.1 400 Bad Request\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope",
         "not-fhir"},
        {"SSH-2.0-OpenSSH_9.2\r\n\x01\x02\x03 not http at all\r\n\r\n", "not-http"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.code);
        ListeningSocket server(c.reply);
        sync::HubClient client(kiosk.endpoint(server.base_url()));
        const sync::PassReport pass = sync::run_pass(*kiosk.store.store, client, kiosk.options,
                                                     sync::Backoff{}, kClock, kHalf);
        REQUIRE(pass.push.failure.has_value());
        CHECK(pass.push.failure->code == c.code);
        CHECK(pass.next_attempt.has_value());
        CHECK(pending(kiosk) == queued);
        CHECK(kiosk.status().outbox_refused == 0);
        CHECK(server.requests() >= 1);
    }
}

TEST_CASE("sync: a server that accepts and never answers times out, and a stop does not wait") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    const std::int64_t queued = pending(kiosk);
    ListeningSocket silent("");

    sync::HubEndpoint endpoint = kiosk.endpoint(silent.base_url());
    endpoint.transfer_timeout = std::chrono::milliseconds(1500);
    sync::HubClient client(endpoint);
    const sync::PassReport pass =
        sync::run_pass(*kiosk.store.store, client, kiosk.options, sync::Backoff{}, kClock, kHalf);
    REQUIRE(pass.push.failure.has_value());
    CHECK(pass.push.failure->code == "timeout");
    CHECK(pending(kiosk) == queued);
    CHECK(kiosk.status().outbox_refused == 0);
    CHECK(kiosk.state().last_error_code == "timeout");

    // A request in flight to the silent server ends at cancel(), long
    // before its hour-long timeout.
    endpoint.transfer_timeout = std::chrono::hours(1);
    sync::HubClient patient(endpoint);
    std::optional<Result<sync::HubAnswer, sync::TransportError>> answer;
    const int before = silent.requests();
    std::thread request([&] { answer = patient.post("", "{}"); });
    silent.wait_for_requests(before + 1);  // the request reached the server
    const auto started = std::chrono::steady_clock::now();
    patient.cancel();
    request.join();
    const auto took = std::chrono::steady_clock::now() - started;
    REQUIRE(answer.has_value());
    REQUIRE_FALSE(answer->ok());
    CHECK(answer->error().kind == sync::TransportFailure::Cancelled);
    CHECK(took < std::chrono::seconds(2));

    // A second Bundle's connection (sibling) is cancelled with the first's:
    // the worker's stop() reaches both.
    sync::HubClient first(endpoint);
    const auto second = first.sibling();
    std::optional<Result<sync::HubAnswer, sync::TransportError>> second_answer;
    const int sent = silent.requests();
    std::thread in_flight([&] { second_answer = second->post("", "{}"); });
    silent.wait_for_requests(sent + 1);
    first.cancel();
    in_flight.join();
    REQUIRE(second_answer.has_value());
    REQUIRE_FALSE(second_answer->ok());
    CHECK(second_answer->error().kind == sync::TransportFailure::Cancelled);
    // And every later request of either.
    const auto later = first.get("metadata");
    REQUIRE_FALSE(later.ok());
    CHECK(later.error().kind == sync::TransportFailure::Cancelled);
}

TEST_CASE("sync: TLS is verified against the configured CA and the pinned key") {
    TempDir certificates;
    const TestCertificate hub_certificate = make_certificate(certificates, "hub");
    const TestCertificate other = make_certificate(certificates, "other");
    HubProcessOptions options = hub_faults::hub_options();
    options.certificate = hub_certificate.certificate;
    options.private_key = hub_certificate.key;
    HubSide hub(options);
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1);
    const std::int64_t queued = pending(kiosk);

    SUBCASE("a certificate not from the configured CA: nothing sent") {
        sync::HubEndpoint endpoint = kiosk.endpoint(hub.hub.base_url());
        endpoint.ca_file = other.certificate;
        sync::HubClient client(endpoint);
        const sync::PassReport pass = sync::run_pass(*kiosk.store.store, client, kiosk.options,
                                                     sync::Backoff{}, kClock, kHalf);
        REQUIRE(pass.push.failure.has_value());
        CHECK(pass.push.failure->code == "certificate");
        CHECK(pass.push.failure->message.find("ca_file") != std::string::npos);
        CHECK(pending(kiosk) == queued);
        CHECK(kiosk.status().outbox_refused == 0);
        CHECK(hub.count("SELECT count(*) FROM episodes") == 0);
    }
    SUBCASE("the right CA but another key pinned: nothing sent") {
        sync::HubEndpoint endpoint = kiosk.endpoint(hub.hub.base_url());
        endpoint.ca_file = hub_certificate.certificate;
        endpoint.pinned_key = other.pin;
        sync::HubClient client(endpoint);
        const sync::PushReport report = kiosk.push(client);
        REQUIRE(report.failure.has_value());
        CHECK(report.failure->code == "certificate");
        CHECK(pending(kiosk) == queued);
    }
    SUBCASE("the right CA and the hub's own key pinned: sent") {
        sync::HubEndpoint endpoint = kiosk.endpoint(hub.hub.base_url());
        endpoint.ca_file = hub_certificate.certificate;
        endpoint.pinned_key = hub_certificate.pin;
        sync::HubClient client(endpoint);
        const sync::PushReport report = kiosk.push(client);
        CHECK_FALSE(report.failure.has_value());
        CHECK(pending(kiosk) == 0);
        CHECK(hub.count("SELECT count(*) FROM episodes") == 1);
    }
}

TEST_CASE("sync: plain http to another machine is refused before any connection") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    sync::HubClient client(kiosk.endpoint("http://192.0.2.10"));
    const sync::PushReport report = kiosk.push(client);
    REQUIRE(report.failure.has_value());
    CHECK(report.failure->code == "setup");
    CHECK(pending(kiosk) == 3);
}

TEST_CASE("sync: the hub URL's host is parsed, not matched by its first letters") {
    CHECK_FALSE(config::check_hub_url("https://hub.example.org/fhir"));
    CHECK_FALSE(config::check_hub_url("http://127.0.0.1:8080/fhir"));
    CHECK_FALSE(config::check_hub_url("http://localhost/fhir"));
    CHECK_FALSE(config::check_hub_url("http://[::1]:8080/fhir"));
    // Each of these began with a loopback prefix: the token would go in clear.
    CHECK(config::check_hub_url("http://127.evil.example/fhir"));
    CHECK(config::check_hub_url("http://localhost.evil.example/fhir"));
    CHECK(config::check_hub_url("http://localhost@evil.example/fhir"));
    CHECK(config::check_hub_url("http://192.0.2.10/fhir"));
    CHECK(config::check_hub_url("ftp://127.0.0.1/fhir"));
    CHECK(config::check_hub_url("not a url"));
}

}  // namespace jiayi::test::sync_tests
