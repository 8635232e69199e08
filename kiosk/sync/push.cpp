#include "kiosk/sync/push.hpp"

#include <algorithm>
#include <future>
#include <list>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/outcome.hpp"
#include "kiosk/sync/outbox_records.hpp"

namespace jiayi::sync {

using nlohmann::json;
using outbox::Builder;
using outbox::entries_of;
using outbox::episode_of;
using outbox::found;
using outbox::Group;
using outbox::Grouping;
using outbox::Kind;

namespace {

// The Bundle entry an OperationOutcome's expression names ("Bundle.entry[3]…").
std::optional<std::size_t> entry_named(const json& outcome) {
    if (!outcome.is_object()) {
        return std::nullopt;
    }
    for (const auto& issue : outcome.value("issue", json::array())) {
        for (const auto& expression : issue.value("expression", json::array())) {
            if (!expression.is_string()) {
                continue;
            }
            const std::string text = expression.get<std::string>();
            constexpr std::string_view kPrefix = "Bundle.entry[";
            if (!text.starts_with(kPrefix)) {
                continue;
            }
            std::size_t at = 0;
            std::size_t k = kPrefix.size();
            bool digits = false;
            while (k < text.size() && text[k] >= '0' && text[k] <= '9') {
                at = at * 10 + static_cast<std::size_t>(text[k] - '0');
                ++k;
                digits = true;
            }
            if (digits && k < text.size() && text[k] == ']') {
                return at;
            }
        }
    }
    return std::nullopt;
}

// A record's entries as one submission of a transaction Bundle; it keeps
// its group, so a Bundle in flight outlives the page it was read from.
struct Submission {
    Group group;
    json entries;
};

class Pusher {
  public:
    Pusher(store::Store& store, HubClient& client, const PushOptions& options,
           const std::function<Instant()>& clock, PushReport& report)
        : store_(store),
          client_(client),
          options_(options),
          clock_(clock),
          report_(report),
          builder_(store, options) {}

    ~Pusher() { abandon(); }
    Pusher(const Pusher&) = delete;
    Pusher& operator=(const Pusher&) = delete;

    // Adds a page's records to the Bundles; false: the pass stops
    // (report_.failure says why). Bundles are sent as they fill.
    bool send_groups(const std::vector<Group>& groups) {
        for (const Group& g : groups) {
            if (g.kind == Kind::Unsendable) {
                leave_unsent(g);
                continue;
            }
            if (g.kind == Kind::Termination) {
                // Read from the hub and sent at once: everything before it
                // lands first.
                if (!finish()) {
                    return false;
                }
                if (!send_termination(g)) {
                    return false;
                }
                continue;
            }
            auto built = builder_.entries(g);
            if (!built) {
                leave_unsent(g);
                continue;
            }
            // The resident's earlier records in flight are answered before
            // this one can go.
            if (!g.resident_id.empty() && !land_resident(g.resident_id)) {
                return false;
            }
            const bool full = static_cast<int>(batch_.size()) >= options_.submissions_per_bundle ||
                              (!g.resident_id.empty() && residents_.contains(g.resident_id));
            if (full && !launch()) {
                return false;
            }
            if (!g.resident_id.empty()) {
                residents_.insert(g.resident_id);
            }
            batch_.push_back({g, std::move(built).value()});
        }
        return true;
    }

    // Sends what is left and waits for every answer.
    bool finish() {
        while (!flights_.empty()) {
            if (!land()) {
                return false;
            }
        }
        residents_.clear();
        return flush(batch_, client_);
    }

    // After a failure: the Bundles still in flight are answered; one the hub
    // took whole is settled (its residents are in no other Bundle), any
    // other stays pending and goes again on the next pass, where the hub
    // answers what it already holds as the first time — its entries are
    // among those tried.
    void abandon() {
        for (auto& flight : flights_) {
            if (!flight.answer.valid()) {
                continue;
            }
            auto answer = flight.answer.get();
            const std::size_t entries = entry_count(flight.batch);
            if (answer && answer->status >= 200 && answer->status < 300 &&
                is_transaction_response(json::parse(answer->body, nullptr, false), entries) &&
                acknowledge(flight.batch)) {
                continue;
            }
            for (const auto& s : flight.batch) {
                for (const auto& e : s.group.entries) {
                    report_.tried.push_back(e.id);
                }
            }
        }
        flights_.clear();
    }

  private:
    // A Bundle sent on a thread of its own while the next ones are read and
    // built (both cost CPU: the kiosk's decryption and JSON, the hub's rules
    // and its database). Up to options_.bundles_in_flight go at once, each
    // on its own connection, no two holding the same resident: a resident's
    // records stay in order. Bundles of different residents meet on the hub
    // only at a team's count: the first to sign to a team locks its row
    // until it commits, so the Bundle sent first takes the places first
    // unless the other reaches that team before it — when a team fills
    // during a push, records made up to two Bundles apart on this kiosk may
    // be served out of their order. Answers are taken (land) oldest first and
    // handled as flush() does.
    struct Flight {
        std::vector<Submission> batch;
        std::set<std::string> residents;
        HubClient* client = nullptr;
        std::future<Result<HubAnswer, TransportError>> answer;
    };

    // A connection no Bundle in flight uses.
    HubClient& free_client() {
        auto in_use = [&](const HubClient* c) {
            return std::any_of(flights_.begin(), flights_.end(),
                               [&](const Flight& f) { return f.client == c; });
        };
        if (!in_use(&client_)) {
            return client_;
        }
        for (const auto& spare : spares_) {
            if (!in_use(spare.get())) {
                return *spare;
            }
        }
        return *spares_.emplace_back(client_.sibling());
    }

    bool launch() {
        const auto most = static_cast<std::size_t>(std::max(1, options_.bundles_in_flight));
        // Room, and no Bundle in flight holding a resident of this one (a
        // resident's earlier record may be in flight while this one waited
        // in the batch: sign(R) flies, renew(R) starts the next batch).
        auto shares = [&](const Flight& f) {
            return std::any_of(residents_.begin(), residents_.end(),
                               [&](const std::string& r) { return f.residents.contains(r); });
        };
        while (flights_.size() >= most || std::any_of(flights_.begin(), flights_.end(), shares)) {
            if (!land()) {
                return false;
            }
        }
        Flight flight;
        flight.batch = std::move(batch_);
        flight.residents = std::move(residents_);
        batch_.clear();
        residents_.clear();
        flight.client = &free_client();
        Flight& flying = flights_.emplace_back(std::move(flight));
        try {
            flying.answer = std::async(std::launch::async, [&flying] { return send(flying); });
        } catch (const std::system_error& e) {
            // No thread for it: the batch goes back, the pass stops.
            batch_ = std::move(flying.batch);
            residents_ = std::move(flying.residents);
            flights_.pop_back();
            return stop(
                sync_failure("setup", std::string("no thread to send a Bundle: ") + e.what()),
                batch_);
        }
        return true;
    }

    // On the flight's own thread: the Bundle's text, and its POST.
    static Result<HubAnswer, TransportError> send(const Flight& flight) {
        std::vector<std::size_t> unused;
        std::string text;
        try {
            text = bundle_text(flight.batch, unused);
        } catch (const json::exception& e) {
            // Text the store gave that is not UTF-8: said, never thrown
            // across the thread.
            return fail(
                TransportError{TransportFailure::Setup,
                               std::string("a record cannot be written as JSON: ") + e.what()});
        }
        return flight.client->post("", text);
    }

    static std::size_t entry_count(const std::vector<Submission>& batch) {
        std::size_t n = 0;
        for (const auto& s : batch) {
            n += s.entries.size();
        }
        return n;
    }

    static bool is_transaction_response(const json& body, std::size_t entries) {
        return body.is_object() && body.value("resourceType", "") == "Bundle" &&
               body.value("type", "") == "transaction-response" && body.contains("entry") &&
               body["entry"].is_array() && body["entry"].size() == entries;
    }

    // Every entry of the batch acknowledged, in one local transaction.
    bool acknowledge(std::vector<Submission>& batch) {
        store::OutboxSettlement settlement;
        for (const auto& s : batch) {
            for (const auto& e : s.group.entries) {
                settlement.acknowledged.push_back(e.id);
            }
        }
        if (!settle(settlement)) {
            return false;
        }
        for (const auto& s : batch) {
            acknowledged(s.group);
        }
        report_.acknowledged += static_cast<int>(settlement.acknowledged.size());
        ++report_.bundles;
        batch.clear();
        return true;
    }

    bool land() {
        // The answer first: until then the request's thread reads the batch.
        auto answer = flights_.front().answer.get();
        Flight flight = std::move(flights_.front());
        flights_.pop_front();
        return flush(flight.batch, *flight.client, std::move(answer));
    }

    // Lands Bundles, oldest first, until none in flight holds the resident.
    bool land_resident(const std::string& resident) {
        auto holds = [&](const Flight& f) { return f.residents.contains(resident); };
        while (std::any_of(flights_.begin(), flights_.end(), holds)) {
            if (!land()) {
                return false;
            }
        }
        return true;
    }

    bool stop(SyncFailure why, const std::vector<Submission>& batch) {
        for (const auto& s : batch) {
            for (const auto& e : s.group.entries) {
                report_.tried.push_back(e.id);
            }
        }
        report_.failure = std::move(why);
        return false;
    }

    bool settle(const store::OutboxSettlement& settlement) {
        if (auto done = store_.settle_outbox(settlement, clock_()); !done) {
            report_.failure = sync_failure("store", done.error().message);
            return false;
        }
        return true;
    }

    void acknowledged(const Group& g) {
        for (const auto& e : g.entries) {
            report_.acknowledged_records.push_back(e.record_id);
        }
    }

    bool refuse(const Group& g, const std::string& code) {
        store::OutboxSettlement settlement;
        for (const auto& e : g.entries) {
            settlement.refused.push_back({e.id, code});
        }
        if (!settle(settlement)) {
            return false;
        }
        report_.refused += static_cast<int>(g.entries.size());
        const store::OutboxEntry& main =
            g.entries.size() > 1 && g.kind == Kind::Signing
                ? *std::find_if(g.entries.begin(), g.entries.end(),
                                [](const auto& e) { return e.record_type == "contract"; })
                : g.entries.front();
        report_.refusals.push_back({main.record_type, main.record_id, code});
        return true;
    }

    // What an answer that is not a success means for the pass; nullopt
    // when it is a refusal of a record (the caller reads which).
    std::optional<SyncFailure> transient(const Result<HubAnswer, TransportError>& answer) {
        if (!answer) {
            return sync_failure(std::string(code(answer.error().kind)), answer.error().message);
        }
        const int status = answer->status;
        if (status == 401 || status == 403) {
            return sync_failure("credential-refused", "HTTP " + std::to_string(status));
        }
        if (status >= 500) {
            return sync_failure("server-error", "HTTP " + std::to_string(status));
        }
        return std::nullopt;
    }

    // The transaction Bundle of a batch, and where each submission's entries start.
    static std::string bundle_text(const std::vector<Submission>& batch,
                                   std::vector<std::size_t>& first_entry) {
        json entries = json::array();
        first_entry.clear();
        for (const auto& s : batch) {
            first_entry.push_back(entries.size());
            for (const auto& e : s.entries) {
                entries.push_back(e);
            }
        }
        const json bundle = {
            {"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", std::move(entries)}};
        return bundle.dump();
    }

    // Sends the batch (or takes `answered`, the answer to it already sent)
    // until every submission is acknowledged or refused.
    bool flush(std::vector<Submission>& batch, HubClient& client,
               std::optional<Result<HubAnswer, TransportError>> answered = std::nullopt) {
        while (!batch.empty()) {
            std::vector<std::size_t> first_entry;  // of each submission in the Bundle
            std::size_t entries = 0;
            for (const auto& s : batch) {
                first_entry.push_back(entries);
                entries += s.entries.size();
            }
            const auto answer =
                answered ? std::move(*answered) : client.post("", bundle_text(batch, first_entry));
            answered.reset();
            if (auto why = transient(answer)) {
                return stop(std::move(*why), batch);
            }
            const int status = answer->status;
            const json body = json::parse(answer->body, nullptr, false);
            if (status >= 200 && status < 300) {
                if (!is_transaction_response(body, entries)) {
                    return stop(sync_failure("not-fhir", "HTTP " + std::to_string(status) +
                                                             " without a transaction-response"),
                                batch);
                }
                return acknowledge(batch);
            }
            const bool record_refusal =
                status == 400 || status == 409 || status == 412 || status == 413 || status == 422;
            const bool outcome =
                body.is_object() && body.value("resourceType", "") == "OperationOutcome";
            // 413 is about size whoever says it: the hub with an
            // OperationOutcome, or a proxy in front of it with a page of
            // HTML. Stopping on the proxy's page would hold the whole queue
            // behind one Bundle; it is split like the hub's answer.
            if (!record_refusal || (!outcome && status != 413)) {
                return stop(sync_failure(outcome ? "hub-rejected" : "not-fhir",
                                         "HTTP " + std::to_string(status)),
                            batch);
            }
            const std::string refusal =
                status == 413
                    ? "too-large"
                    : fhir::refusal_code(body).value_or(status == 409 ? "conflict" : "invalid");
            std::optional<std::size_t> culprit;
            if (auto at = entry_named(body); at && *at < entries) {
                for (std::size_t k = 0; k < batch.size(); ++k) {
                    if (*at >= first_entry[k]) {
                        culprit = k;
                    }
                }
            }
            if (batch.size() == 1) {
                // Alone and still refused — too large included: its own
                // fault. Sending it alone again would be the same answer.
                culprit = 0;
            } else if (refusal == "too-large") {
                culprit.reset();
            }
            if (!culprit) {
                // Not one record's fault, or no record named: each alone.
                std::vector<Submission> rest = std::move(batch);
                batch.clear();
                for (auto& s : rest) {
                    std::vector<Submission> one;
                    one.push_back(std::move(s));
                    if (!flush(one, client)) {
                        return false;
                    }
                }
                return true;
            }
            if (!refuse(batch[*culprit].group, refusal)) {
                return false;
            }
            batch.erase(batch.begin() + static_cast<std::ptrdiff_t>(*culprit));
        }
        return true;
    }

    // A contract ended on this kiosk (a termination): a versioned update of
    // the hub's EpisodeOfCare, If-Match the version the hub holds now. The
    // patient is named by a conditional reference the hub resolves.
    //
    // Between the read and the update the hub may change the contract itself
    // (another kiosk's switch, a nurse elsewhere): its 412 `stale` is not a
    // refusal of this record but a read that is out of date — read again and
    // send again, a few times, before it counts as the hub's answer.
    bool send_termination(const Group& g) {
        constexpr int kAttempts = 3;
        for (int attempt = 1;; ++attempt) {
            std::optional<std::vector<Submission>> one;
            if (!termination_submission(g, one)) {
                return false;
            }
            if (!one) {
                return true;  // settled, refused or left unsent already
            }
            if (attempt == kAttempts) {
                return flush(*one, client_);
            }
            std::vector<std::size_t> unused;
            auto answer = client_.post("", bundle_text(*one, unused));
            if (answer && answer->status == 412 &&
                fhir::refusal_code(json::parse(answer->body, nullptr, false)) == "stale") {
                continue;
            }
            return flush(*one, client_, std::move(answer));
        }
    }

    // Reads the contracts a termination ends as the hub holds them now, and
    // makes their update (`made`), or settles the record at once: nothing
    // to send (already so on the hub), unknown to the hub (refused), or its
    // contract's creation still waiting on this kiosk (left for a later pass).
    bool termination_submission(const Group& g, std::optional<std::vector<Submission>>& made) {
        auto who = builder_.resident(g.resident_id);
        if (!who) {
            leave_unsent(g);
            return true;
        }
        std::vector<fhir::BundleEntry> entries;
        for (const auto& e : g.entries) {
            auto c = found(store_.contract(e.record_id), "a contract");
            if (!c) {
                leave_unsent(g);
                return true;
            }
            const auto current = client_.get("EpisodeOfCare/" + e.record_id);
            if (auto why = transient(current)) {
                return stop(std::move(*why), {Submission{g, {}}});
            }
            if (current->status == 404) {
                // The hub never got the contract. When its signing could not
                // be sent in this pass, the end waits with it; otherwise the
                // signing was refused and there is nothing on the hub to end.
                if (unsent_.contains(e.record_id)) {
                    leave_unsent(g);
                    return true;
                }
                return refuse(g, "not-found");
            }
            if (current->status != 200 || current->etag.empty()) {
                return stop(sync_failure("not-fhir", "HTTP " + std::to_string(current->status) +
                                                         " to a read of a contract"),
                            {Submission{g, {}}});
            }
            fhir::BundleEntry entry = fhir::put(
                fhir::to_episode_of_care(episode_of(*c), fhir::patient_search(who->document)));
            // Already so on the hub (this change, sent before its answer was
            // lost, or the hub's own end of it): nothing to send. A second
            // PUT would make a needless version.
            const json held = json::parse(current->body, nullptr, false);
            if (held.is_object() &&
                held.value("status", "") == entry.resource.value("status", "") &&
                held.value("period", json::object()) ==
                    entry.resource.value("period", json::object())) {
                continue;
            }
            entry.if_match = current->etag;
            entries.push_back(std::move(entry));
        }
        if (entries.empty()) {
            store::OutboxSettlement settlement;
            for (const auto& e : g.entries) {
                settlement.acknowledged.push_back(e.id);
            }
            if (!settle(settlement)) {
                return false;
            }
            acknowledged(g);
            report_.acknowledged += static_cast<int>(g.entries.size());
            return true;
        }
        made.emplace();
        made->push_back({g, entries_of(fhir::transaction(entries))});
        return true;
    }

    // A record that could not be built stays pending for a later pass; the
    // records it names (a contract a later termination ends) wait with it.
    void leave_unsent(const Group& g) {
        report_.left_unsent += static_cast<int>(g.entries.size());
        for (const auto& e : g.entries) {
            unsent_.insert(e.record_id);
        }
    }

    store::Store& store_;
    HubClient& client_;
    const PushOptions& options_;
    const std::function<Instant()>& clock_;
    PushReport& report_;
    Builder builder_;
    std::set<std::string> unsent_;                    // record ids left unsent in this pass
    std::vector<Submission> batch_;                   // the Bundle being filled
    std::set<std::string> residents_;                 // in batch_
    std::vector<std::unique_ptr<HubClient>> spares_;  // before flights_: they outlive them
    std::list<Flight> flights_;                       // oldest first
};

}  // namespace

PushReport push_outbox(store::Store& store, HubClient& client, const PushOptions& options,
                       const std::function<Instant()>& clock) {
    PushReport report;
    Pusher pusher(store, client, options, clock, report);
    std::int64_t after = 0;
    for (;;) {
        auto page = store.pending_entries(after, options.page);
        if (!page) {
            report.failure = sync_failure("store", page.error().message);
            pusher.abandon();
            return report;
        }
        if (page->empty()) {
            if (!pusher.finish()) {
                pusher.abandon();
            }
            return report;
        }
        const bool full = static_cast<int>(page->size()) >= options.page;
        const Grouping grouping = outbox::group_entries(page.value(), full);
        if (grouping.groups.empty()) {
            // One record's entries fill the page: read it whole next time.
            if (pusher.finish()) {
                report.left_unsent += static_cast<int>(page->size());
            } else {
                pusher.abandon();
            }
            return report;
        }
        if (!pusher.send_groups(grouping.groups)) {
            pusher.abandon();
            return report;
        }
        after = grouping.last_seq;
    }
}

const SyncFailure* PassReport::failure() const {
    if (push.failure) {
        return &*push.failure;
    }
    return pull.failure ? &*pull.failure : nullptr;
}

namespace {

std::optional<QueueFigures> queue_figures(store::Store& store) {
    auto status = store.status();
    auto state = store.sync_state();
    if (!status || !state) {
        return std::nullopt;
    }
    return QueueFigures{status->outbox_pending, status->oldest_pending_at, status->outbox_refused,
                        state->last_success_at};
}

PassReport run_pass_with(store::Store& store, HubClient& client, const PushOptions& options,
                         const PullOptions* pull_options, const Backoff& backoff,
                         const std::function<Instant()>& clock,
                         const std::function<double()>& random) {
    PassReport pass;
    pass.push = push_outbox(store, client, options, clock);
    // A hub that did not take the push would not answer a pull either.
    if (!pass.push.failure && pull_options != nullptr) {
        pass.pull = pull(store, client, *pull_options, clock);
    }
    const Instant now = clock();
    if (pass.failure() != nullptr && pass.failure()->code == "cancelled") {
        return pass;  // the worker stops: no verdict on the hub
    }
    if (auto purged = store.purge_personal_data(now, options.purge_after_days); purged) {
        pass.purged = purged.value();
    } else if (pass.failure() == nullptr) {
        pass.push.failure = sync_failure("store", purged.error().message);
    }
    const SyncFailure* failed = pass.failure();
    if (failed == nullptr) {
        if (auto kept = store.record_sync_success(now); !kept) {
            pass.push.failure = sync_failure("store", kept.error().message);
            return pass;
        }
        pass.reconcile = reconcile_due(store, client, options.utc_offset_minutes, now);
        pass.queue = queue_figures(store);
        return pass;
    }
    auto state = store.sync_state();
    const int failures = (state ? state->failures : 0) + 1;
    pass.next_attempt = backoff.next_attempt(now, failures, random());
    // A store that cannot record the failure has already said so in the report.
    (void)store.record_sync_failure(failed->code, failed->message, pass.push.tried,
                                    *pass.next_attempt, now);
    pass.queue = queue_figures(store);
    return pass;
}

}  // namespace

PassReport run_pass(store::Store& store, HubClient& client, const PushOptions& options,
                    const Backoff& backoff, const std::function<Instant()>& clock,
                    const std::function<double()>& random) {
    return run_pass_with(store, client, options, nullptr, backoff, clock, random);
}

PassReport run_pass(store::Store& store, HubClient& client, const PushOptions& options,
                    const PullOptions& pull, const Backoff& backoff,
                    const std::function<Instant()>& clock, const std::function<double()>& random) {
    return run_pass_with(store, client, options, &pull, backoff, clock, random);
}

}  // namespace jiayi::sync
