#pragma once
// Why a sync pass (its push or its pull) stopped: a code and staff's words.

#include <string>

namespace jiayi::sync {

struct SyncFailure {
    std::string code;     // transport codes (hub_client.hpp), "credential-refused",
                          // "server-error", "not-fhir", "hub-rejected", "store"
    std::string message;  // for staff: what happened and what to do
};

// The failure with staff's words for `code` (failure.cpp), `detail` in them.
SyncFailure sync_failure(std::string code, const std::string& detail);

}  // namespace jiayi::sync
