#pragma once
// The kiosk as a FHIR Device, updated by its heartbeat (protocols/hub-fhir.md,
// "Resources": the kiosk): version, uptime, each device's state, paper, the
// outbox's length and the last successful sync, as Device.property with
// types from kKioskPropertySystem. Nothing personal.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

struct PartState {
    std::string part;   // "card-reader", "printer", "camera", "signature-pad"…
    std::string state;  // a code: "ok", "absent", "error"…
};

struct Heartbeat {
    std::string kiosk_id;  // the Device's id
    std::string version;   // the software's version
    Instant at;
    std::int64_t uptime_seconds = 0;
    std::vector<PartState> parts;
    std::string paper;  // "ok" | "low" | "out" | "unknown"
    std::int64_t queued = 0;
    std::optional<Instant> last_sync;
    std::optional<Instant> oldest_queued;  // the oldest record waiting to go up
};

nlohmann::json to_device(const Heartbeat& heartbeat);
Result<Heartbeat, ParseError> parse_device(const nlohmann::json& device);

}  // namespace jiayi::fhir
