#pragma once
// Inside kiosk/sync (push.cpp): the pending outbox cut into records as the
// kiosk wrote them, and the Bundle entries kiosk/fhir makes for each record
// (push.hpp says which records there are and how they travel).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/push.hpp"

namespace jiayi::sync::outbox {

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

// Cuts a page of pending entries into records. A record's entries were
// written in one transaction, so they are consecutive in seq. A group that
// may go on past the end of a full page is left for the next page.
Grouping group_entries(const std::vector<store::PendingEntry>& page, bool page_full);

// A record the Bundle could not be built for (the store could not read it).
struct BuildError {
    std::string message;
};

// What the store read, or why the record cannot be built: the store failed,
// or the row `what` names is not there.
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

// The contract as the hub is told of it: a back-fill carries the paper's
// facts (protocols/hub-fhir.md, "back-filled contract").
fhir::Episode episode_of(const store::ContractOnFile& c);

// A Bundle's entries, to be sent in a Bundle of several records.
nlohmann::json entries_of(const nlohmann::json& bundle);

// Reads a record from the store and makes its Bundle entries.
class Builder {
  public:
    Builder(store::Store& store, const PushOptions& options) : store_(store), options_(options) {}

    Result<nlohmann::json, BuildError> entries(const Group& g);
    Result<fhir::Resident, BuildError> resident(const std::string& id);

  private:
    const store::OutboxEntry* find(const Group& g, std::string_view type, bool last = false);
    std::optional<fhir::PrivacyConsent> consent_of(const Group& g);
    Result<std::optional<fhir::SignatureEvidence>, BuildError> evidence(
        const Group& g, const domain::Signer& signer, const std::string& kiosk,
        const std::string& nurse);
    Result<nlohmann::json, BuildError> signing(const Group& g);
    Result<nlohmann::json, BuildError> opt_out(const Group& g);
    Result<nlohmann::json, BuildError> feedback(const Group& g);
    Result<nlohmann::json, BuildError> privacy_consent(const Group& g);

    store::Store& store_;
    const PushOptions& options_;
};

}  // namespace jiayi::sync::outbox
