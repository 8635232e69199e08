#pragma once
// The numbers the hub's rules use: kiosk/domain's HubRules, which the hub's
// configuration reads (hub/config) and the store applies — one struct, the
// kiosk's own rule sets inside it.

#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::store {

using HubRules = domain::HubRules;

}  // namespace jiayi::hub::store
