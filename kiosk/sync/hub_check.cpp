#include "kiosk/sync/hub_check.hpp"

#include <curl/curl.h>

namespace jiayi::sync {

std::optional<Instant> parse_http_date(const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    // libcurl's own parser of the three HTTP date formats.
    const time_t seconds = curl_getdate(text.c_str(), nullptr);
    if (seconds == -1) {
        return std::nullopt;
    }
    return Instant{static_cast<std::int64_t>(seconds)};
}

Result<HubContact, TransportError> contact_hub(HubClient& client, std::string_view kiosk_id) {
    auto answer = client.get("Device/" + std::string(kiosk_id));
    if (!answer) {
        return fail(answer.error());
    }
    HubContact contact;
    contact.status = answer->status;
    contact.hub_time = parse_http_date(answer->date);
    switch (answer->status) {
        case 200:
        case 304:
        case 404:
            contact.verdict = HubVerdict::Accepted;
            break;
        case 401:
            contact.verdict = HubVerdict::TokenRefused;
            break;
        case 403:
            contact.verdict = HubVerdict::Forbidden;
            break;
        case 503:
            contact.verdict = HubVerdict::Unavailable;
            break;
        default:
            contact.verdict = HubVerdict::OtherAnswer;
    }
    return contact;
}

}  // namespace jiayi::sync
