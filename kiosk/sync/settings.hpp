#pragma once
// The sync's settings from the kiosk's configuration ([kiosk], [hub]).

#include "kiosk/config/config.hpp"
#include "kiosk/sync/worker.hpp"

namespace jiayi::sync {

WorkerSettings settings_from(const config::KioskConfig& config);

}  // namespace jiayi::sync
