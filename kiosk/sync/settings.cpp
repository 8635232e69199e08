#include "kiosk/sync/settings.hpp"

namespace jiayi::sync {

WorkerSettings settings_from(const config::KioskConfig& config) {
    WorkerSettings s;
    s.endpoint.base_url = config.hub.url;
    s.endpoint.ca_file = config.hub.ca_file;
    s.endpoint.pinned_key = config.hub.pinned_key;
    s.endpoint.credential_file = config.hub.credential_file;
    s.endpoint.connect_timeout = std::chrono::seconds(config.hub.connect_timeout_seconds);
    s.endpoint.transfer_timeout = std::chrono::seconds(config.hub.transfer_timeout_seconds);
    s.push.utc_offset_minutes = config.kiosk.utc_offset_minutes;
    s.push.purge_after_days = config.privacy.purge_after_days;
    s.pull.center = config.hub.center;
    s.period = std::chrono::seconds(config.hub.sync_period_seconds);
    s.heartbeat_period = std::chrono::seconds(config.hub.heartbeat_seconds);
    s.kiosk_id = config.kiosk.id;
    return s;
}

}  // namespace jiayi::sync
