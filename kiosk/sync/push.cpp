#include "kiosk/sync/push.hpp"

#include <algorithm>
#include <future>
#include <list>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "kiosk/domain/date.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/feedback.hpp"
#include "kiosk/fhir/outcome.hpp"

namespace jiayi::sync {

using nlohmann::json;

namespace {

// One record as the kiosk wrote it, and the outbox entries that carry it.
enum class Kind { Signing, OptOut, Termination, Feedback, PrivacyConsent, Unsendable };

struct Group {
    Kind kind = Kind::Unsendable;
    std::string resident_id;  // "" for feedback: it names no resident
    std::vector<store::OutboxEntry> entries;
};

struct Grouping {
    std::vector<Group> groups;
    std::int64_t last_seq = 0;  // the last entry the groups cover
};

bool is_change(const store::PendingEntry& p) {
    return p.entry.record_type == "privacy-consent" ||
           (p.entry.record_type == "contract" && !p.creates);
}

// Cuts a page of pending entries into records. A record's entries were
// written in one transaction, so they are consecutive in seq. A group that
// may go on past the end of a full page is left for the next page.
Grouping group_entries(const std::vector<store::PendingEntry>& page, bool page_full) {
    Grouping out;
    const std::size_t n = page.size();
    std::size_t i = 0;
    auto take = [&](Group group, std::size_t end) {
        for (std::size_t k = i; k < end; ++k) {
            group.entries.push_back(page[k].entry);
        }
        out.last_seq = page[end - 1].entry.seq;
        out.groups.push_back(std::move(group));
        i = end;
    };
    while (i < n) {
        const store::PendingEntry& p = page[i];
        const std::string& type = p.entry.record_type;
        const std::string& resident = p.entry.resident_id;
        auto same_resident = [&](std::size_t k, const char* wanted) {
            return k < n && page[k].entry.resident_id == resident &&
                   page[k].entry.record_type == wanted;
        };
        if (type == "feedback") {
            take({Kind::Feedback, "", {}}, i + 1);
        } else if (type == "opt-out" && p.creates) {
            if (i + 1 == n && page_full) {
                break;
            }
            take({Kind::OptOut, resident, {}}, same_resident(i + 1, "signature") ? i + 2 : i + 1);
        } else if (is_change(p) || (type == "contract" && p.creates)) {
            // A signing's transaction writes: the privacy consent given on
            // the visit, the contracts it ended, the new contract, its
            // signature. Ended contracts written at another moment are a
            // termination of their own.
            std::size_t j = i;
            while (j < n && page[j].entry.resident_id == resident && is_change(page[j])) {
                ++j;
            }
            if (j == n && page_full) {
                break;
            }
            const bool signing = j < n && page[j].entry.resident_id == resident &&
                                 page[j].entry.record_type == "contract" && page[j].creates;
            if (signing) {
                std::size_t first = i;
                // Changes written at another moment than the new contract
                // are not part of its transaction.
                while (first < j && page[first].entry.created_at != page[j].entry.created_at) {
                    ++first;
                }
                if (first > i) {
                    const bool consents = page[i].entry.record_type == "privacy-consent";
                    take({consents && first == i + 1 ? Kind::PrivacyConsent : Kind::Termination,
                          resident,
                          {}},
                         first);
                    continue;
                }
                if (j + 1 == n && page_full) {
                    break;
                }
                take({Kind::Signing, resident, {}},
                     same_resident(j + 1, "signature") ? j + 2 : j + 1);
            } else if (type == "privacy-consent") {
                take({Kind::PrivacyConsent, resident, {}}, i + 1);
            } else {
                std::size_t end = i;
                while (end < j && page[end].entry.record_type == "contract") {
                    ++end;
                }
                take({Kind::Termination, resident, {}}, end);
            }
        } else {
            take({Kind::Unsendable, resident, {}}, i + 1);
        }
    }
    return out;
}

// A record the Bundle could not be built for (the store could not read it).
struct BuildError {
    std::string message;
};

template <class T>
Result<T, BuildError> found(Result<std::optional<T>, store::StoreError> read, const char* what) {
    if (!read) {
        return fail(BuildError{read.error().message});
    }
    if (!read.value()) {
        return fail(BuildError{std::string(what) + " missing from the store"});
    }
    return std::move(*read.value());
}

Instant instant_of(const std::string& iso) {
    return parse_iso8601(iso).value_or(Instant{});
}

// The contract as the hub is told of it: a back-fill carries the paper's
// facts (protocols/hub-fhir.md, "back-filled contract").
fhir::Episode episode_of(const store::ContractOnFile& c) {
    fhir::Episode episode{c.contract, std::nullopt};
    if (c.back_fill) {
        episode.back_fill = fhir::BackFill{c.back_fill->signed_on, c.back_fill->form_number,
                                           c.back_fill->entered_by};
    }
    return episode;
}

fhir::Resident fhir_resident(const store::ResidentRecord& r) {
    return {r.id, r.document, r.name, r.phone, r.address};
}

json entries_of(const json& bundle) {
    return bundle.at("entry");
}

class Builder {
  public:
    Builder(store::Store& store, const PushOptions& options) : store_(store), options_(options) {}

    Result<json, BuildError> entries(const Group& g) {
        switch (g.kind) {
            case Kind::Signing:
                return signing(g);
            case Kind::OptOut:
                return opt_out(g);
            case Kind::Feedback:
                return feedback(g);
            case Kind::PrivacyConsent:
                return privacy_consent(g);
            case Kind::Termination:
            case Kind::Unsendable:
                break;
        }
        return fail(BuildError{"no Bundle for this record type"});
    }

    Result<fhir::Resident, BuildError> resident(const std::string& id) {
        auto r = found(store_.resident(id), "the resident");
        if (!r) {
            return fail(r.error());
        }
        return fhir_resident(r.value());
    }

  private:
    const store::OutboxEntry* find(const Group& g, std::string_view type, bool last = false) {
        const store::OutboxEntry* hit = nullptr;
        for (const auto& e : g.entries) {
            if (e.record_type == type) {
                hit = &e;
                if (!last) {
                    break;
                }
            }
        }
        return hit;
    }

    std::optional<fhir::PrivacyConsent> consent_of(const Group& g) {
        const store::OutboxEntry* e = find(g, "privacy-consent");
        if (e == nullptr) {
            return std::nullopt;
        }
        const auto at = store_.privacy_consent_at(g.resident_id);
        const std::string when = at && at.value() ? *at.value() : e->created_at;
        // The consent's id is its outbox entry's: the same UUID at every replay.
        return fhir::PrivacyConsent{
            e->id, domain::local_date(instant_of(when), options_.utc_offset_minutes),
            options_.privacy_notice_version};
    }

    Result<std::optional<fhir::SignatureEvidence>, BuildError> evidence(
        const Group& g, const domain::Signer& signer, const std::string& kiosk,
        const std::string& nurse) {
        const store::OutboxEntry* e = find(g, "signature");
        if (e == nullptr) {
            return std::optional<fhir::SignatureEvidence>();
        }
        auto s = found(store_.signature(e->record_id), "a signature");
        if (!s) {
            return fail(s.error());
        }
        fhir::SignatureEvidence made;
        made.id = s->id;
        made.signed_at = instant_of(s->created_at);
        made.png.assign(s->png.begin(), s->png.end());
        made.signer = signer;
        made.kiosk_id = kiosk;
        made.operator_id = nurse;
        return std::optional<fhir::SignatureEvidence>(std::move(made));
    }

    Result<json, BuildError> signing(const Group& g) {
        const store::OutboxEntry* e = find(g, "contract", true);
        auto contract = found(store_.contract(e->record_id), "a contract");
        auto who = resident(g.resident_id);
        if (!contract || !who) {
            return fail(!contract ? contract.error() : who.error());
        }
        fhir::SigningSubmission s;
        s.resident = who.value();
        s.episode = episode_of(contract.value());
        // The contract as it was made (every new one is made active): a
        // later renewal, switch or termination of it is a change record of
        // its own, sent after this one. A resend after a lost answer is then
        // the same body, which the hub answers as the first time, instead of
        // a different one under the same id (a conflict, wrongly refused).
        domain::Contract& made = s.episode.contract;
        made.status = domain::ContractStatus::Active;
        made.end_reason.reset();
        made.end_note.clear();
        if (contract->made_end) {
            made.end = *contract->made_end;
        }
        auto signed_by =
            evidence(g, contract->contract.signer, contract->kiosk_id, contract->operator_id);
        if (!signed_by) {
            return fail(signed_by.error());
        }
        s.signature = signed_by.value();
        s.privacy_consent = consent_of(g);
        return entries_of(fhir::signing_bundle(s));
    }

    Result<json, BuildError> opt_out(const Group& g) {
        auto o = found(store_.opt_out(g.entries.front().record_id), "an opt-out");
        auto who = resident(g.resident_id);
        if (!o || !who) {
            return fail(!o ? o.error() : who.error());
        }
        auto signed_by = evidence(g, o->opt_out.signer, o->kiosk_id, o->operator_id);
        if (!signed_by) {
            return fail(signed_by.error());
        }
        if (!signed_by.value()) {
            return fail(BuildError{"an opt-out without its signature"});
        }
        return entries_of(fhir::opt_out_bundle({who.value(), o->opt_out, *signed_by.value()}));
    }

    Result<json, BuildError> feedback(const Group& g) {
        auto f = found(store_.feedback(g.entries.front().record_id), "a feedback");
        if (!f) {
            return fail(f.error());
        }
        const std::string about =
            (f->record_type == "opt-out" ? "Consent/" : "EpisodeOfCare/") + f->record_id;
        fhir::FeedbackRecord record{f->id, about, f->feedback, instant_of(f->created_at)};
        return entries_of(fhir::transaction({fhir::put(fhir::to_questionnaire_response(record))}));
    }

    Result<json, BuildError> privacy_consent(const Group& g) {
        auto who = resident(g.resident_id);
        if (!who) {
            return fail(who.error());
        }
        const auto consent = consent_of(g);
        return entries_of(fhir::transaction(
            {fhir::patient_entry(who.value()),
             fhir::put(fhir::to_privacy_consent(*consent, fhir::resident_urn(who.value())))}));
    }

    store::Store& store_;
    const PushOptions& options_;
};

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

std::string staff_words(std::string_view code, const std::string& detail) {
    const std::string kept = " Records stay on this kiosk and are sent when it is back.";
    if (code == "unreachable") {
        return "The hub cannot be reached (" + detail + ")." + kept;
    }
    if (code == "timeout") {
        return "The hub did not answer in time (" + detail + ")." + kept;
    }
    if (code == "connection-lost") {
        return "The connection to the hub broke during a transfer (" + detail + ")." + kept;
    }
    if (code == "certificate") {
        return "The hub's certificate is not trusted (" + detail +
               "): check [hub] ca_file and pinned_key. Nothing was sent.";
    }
    if (code == "credential") {
        return detail + ": ask the hub's administrator for this kiosk's token.";
    }
    if (code == "credential-refused") {
        return "The hub refused this kiosk's token (" + detail +
               "): it may be revoked or expired; ask the hub's administrator for a new one." + kept;
    }
    if (code == "server-error") {
        return "The hub had a problem of its own (" + detail + ")." + kept;
    }
    if (code == "not-http" || code == "not-fhir") {
        return "The server at the hub's address does not answer as a FHIR hub (" + detail +
               "): check [hub] url." + kept;
    }
    if (code == "hub-rejected") {
        return "The hub turned the request away (" + detail + "): check [hub] url." + kept;
    }
    if (code == "setup") {
        return "The sync is not set up right (" + detail + "): check the [hub] section.";
    }
    if (code == "store") {
        return "This kiosk's store could not be read or written (" + detail + ").";
    }
    return detail;
}

SyncFailure failure(std::string code, const std::string& detail) {
    std::string words = staff_words(code, detail);
    return {std::move(code), std::move(words)};
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
            return stop(failure("setup", std::string("no thread to send a Bundle: ") + e.what()),
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
            report_.failure = failure("store", done.error().message);
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
            return failure(std::string(code(answer.error().kind)), answer.error().message);
        }
        const int status = answer->status;
        if (status == 401 || status == 403) {
            return failure("credential-refused", "HTTP " + std::to_string(status));
        }
        if (status >= 500) {
            return failure("server-error", "HTTP " + std::to_string(status));
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
                    return stop(failure("not-fhir", "HTTP " + std::to_string(status) +
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
                return stop(failure(outcome ? "hub-rejected" : "not-fhir",
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
                return stop(failure("not-fhir", "HTTP " + std::to_string(current->status) +
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
            report.failure = failure("store", page.error().message);
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
        const Grouping grouping = group_entries(page.value(), full);
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

SyncFailure sync_failure(std::string code, const std::string& detail) {
    return failure(std::move(code), detail);
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
        pass.push.failure = failure("store", purged.error().message);
    }
    const SyncFailure* failed = pass.failure();
    if (failed == nullptr) {
        if (auto kept = store.record_sync_success(now); !kept) {
            pass.push.failure = failure("store", kept.error().message);
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
