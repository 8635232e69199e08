#include "kiosk/config/hub_url.hpp"

#include <curl/curl.h>

#include <memory>

namespace jiayi::config {

std::optional<std::string> check_hub_url(std::string_view url) {
    const std::string refused =
        "must start with https:// (plain http only to 127.0.0.1 or localhost)";
    // curl_url() parses only: no global initialisation, no network.
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), curl_url_cleanup);
    if (!parsed ||
        curl_url_set(parsed.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) {
        return refused;
    }
    auto part = [&](CURLUPart which) -> std::optional<std::string> {
        char* text = nullptr;
        if (curl_url_get(parsed.get(), which, &text, 0) != CURLUE_OK || text == nullptr) {
            return std::nullopt;
        }
        std::string copy = text;
        curl_free(text);
        return copy;
    };
    const auto scheme = part(CURLUPART_SCHEME);
    if (scheme == "https") {
        return std::nullopt;
    }
    const auto host = part(CURLUPART_HOST);
    const bool loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]";
    if (scheme == "http" && loopback && !part(CURLUPART_USER)) {
        return std::nullopt;
    }
    return refused;
}

}  // namespace jiayi::config
