#include "kiosk/sync/failure.hpp"

#include <string_view>

namespace jiayi::sync {

namespace {

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

}  // namespace

SyncFailure sync_failure(std::string code, const std::string& detail) {
    std::string words = staff_words(code, detail);
    return {std::move(code), std::move(words)};
}

}  // namespace jiayi::sync
