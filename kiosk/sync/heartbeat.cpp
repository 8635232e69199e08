#include "kiosk/sync/heartbeat.hpp"

#include <nlohmann/json.hpp>

#include "kiosk/fhir/device.hpp"

namespace jiayi::sync {

Result<void, SyncFailure> Heartbeat::send(HubClient& client, store::Store& store,
                                          const DeviceReport& devices, Instant now) {
    auto status = store.status();
    auto state = store.sync_state();
    if (!status || !state) {
        return fail(sync_failure("store", "the store could not say what waits in the outbox"));
    }
    fhir::Heartbeat h;
    h.kiosk_id = kiosk_id_;
    h.version = version_;
    h.at = now;
    h.uptime_seconds = now.unix_seconds - started_.unix_seconds;
    for (const auto& [part, state_code] : devices.parts) {
        h.parts.push_back({part, state_code});
    }
    h.paper = devices.paper;
    h.queued = status->outbox_pending;
    if (status->oldest_pending_at) {
        h.oldest_queued = parse_iso8601(*status->oldest_pending_at);
    }
    if (state->last_success_at) {
        h.last_sync = parse_iso8601(*state->last_success_at);
    }
    const std::string body = fhir::to_device(h).dump();
    const std::string path = "Device/" + kiosk_id_;
    const auto if_match = [&] { return etag_; };

    auto answer = client.put(path, body, if_match());
    if (answer && (answer->status == 409 || answer->status == 412)) {
        // The hub holds a version this kiosk does not know (a restart).
        auto current = client.get(path);
        if (!current) {
            return fail(
                sync_failure(std::string(code(current.error().kind)), current.error().message));
        }
        etag_ = current->status == 200 ? current->etag : "";
        answer = client.put(path, body, if_match());
    }
    if (!answer) {
        return fail(sync_failure(std::string(code(answer.error().kind)), answer.error().message));
    }
    if (answer->status == 200 || answer->status == 201) {
        etag_ = answer->etag;
        return {};
    }
    etag_.clear();
    if (answer->status == 401) {
        return fail(sync_failure("credential-refused", "the hub refused the heartbeat"));
    }
    return fail(sync_failure("hub-rejected", "the hub answered the heartbeat with HTTP " +
                                                 std::to_string(answer->status)));
}

}  // namespace jiayi::sync
