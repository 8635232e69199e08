#pragma once
// The sync's pass report in the flow's words (flow::SyncNews), for the
// kiosk's event queue: the only place that knows both kiosk/sync and
// kiosk/flow, so neither knows the other. Pure; no personal data crosses.

#include <optional>

#include "kiosk/flow/events.hpp"
#include "kiosk/sync/push.hpp"

namespace jiayi::flow {

// nullopt for a pass that says nothing of the hub (the worker stopping).
std::optional<SyncNews> news_of(const sync::PassReport& pass);

}  // namespace jiayi::flow
