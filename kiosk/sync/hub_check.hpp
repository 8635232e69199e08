#pragma once
// What `jiayi doctor` asks of the hub (issue 12): one authenticated read,
// the kiosk's own Device, whose answer says at once whether the hub is
// reachable, its certificate verifies (HubClient refuses it otherwise), the
// kiosk's token is accepted, and what time the hub keeps (its Date header;
// contract dates depend on the kiosk's clock agreeing with it).

#include <optional>
#include <string>
#include <string_view>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/sync/hub_client.hpp"

namespace jiayi::sync {

enum class HubVerdict {
    Accepted,      // the token is known (the Device found, or not yet sent: 404)
    TokenRefused,  // 401: unknown or revoked token
    Forbidden,     // 403: the token belongs to another township's kiosk
    Unavailable,   // 503: the hub cannot reach its database
    OtherAnswer,   // any other status
};

struct HubContact {
    HubVerdict verdict = HubVerdict::OtherAnswer;
    int status = 0;
    std::optional<Instant> hub_time;  // nullopt: no (readable) Date header
};

// GET Device/[kiosk_id] with the kiosk's token; a transport failure (down,
// timeout, certificate, credential file) is the error.
Result<HubContact, TransportError> contact_hub(HubClient& client, std::string_view kiosk_id);

// An HTTP date ("Tue, 01 Dec 2026 05:42:48 GMT") as an instant; nullopt
// when it does not read as one.
std::optional<Instant> parse_http_date(const std::string& text);

}  // namespace jiayi::sync
