#include "kiosk/fhir/device.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using nlohmann::json;

namespace {

json quantity_property(std::string_view type, std::int64_t value, std::string_view unit) {
    json quantity = {{"value", value}};
    if (!unit.empty()) {
        quantity["unit"] = unit;
        quantity["system"] = kUcum;
        quantity["code"] = unit;
    }
    return {{"type", detail::concept_of(kKioskPropertySystem, type)},
            {"valueQuantity", json::array({std::move(quantity)})}};
}

json code_property(const std::string& type, std::string_view value) {
    return {{"type", detail::concept_of(kKioskPropertySystem, type)},
            {"valueCode", json::array({detail::concept_of(kKioskPropertySystem, value)})}};
}

}  // namespace

json to_device(const Heartbeat& h) {
    json ext = json::array({detail::extension(kExtHeartbeatAt, "valueInstant", to_iso8601(h.at))});
    if (h.last_sync) {
        ext.push_back(detail::extension(kExtLastSync, "valueInstant", to_iso8601(*h.last_sync)));
    }
    if (h.oldest_queued) {
        ext.push_back(
            detail::extension(kExtOldestQueued, "valueInstant", to_iso8601(*h.oldest_queued)));
    }
    json properties =
        json::array({quantity_property("uptime", h.uptime_seconds, "s"),
                     quantity_property("queued", h.queued, ""), code_property("paper", h.paper)});
    for (const auto& p : h.parts) {
        properties.push_back(code_property("part-" + p.part, p.state));
    }
    // Appended, not `std::string(kBase) + "…"`: GCC 12 at -O2 reads that
    // temporary's inlined move as out of bounds (-Warray-bounds, a false positive).
    std::string kiosk_system(kBase);
    kiosk_system.append("/sid/kiosk");
    return {
        {"resourceType", "Device"},
        {"id", h.kiosk_id},
        {"extension", std::move(ext)},
        {"identifier", json::array({detail::identifier(kiosk_system, h.kiosk_id)})},
        {"status", "active"},
        {"deviceName", json::array({{{"name", h.kiosk_id}, {"type", "user-friendly-name"}}})},
        {"version", json::array({{{"value", h.version}}})},
        {"property", std::move(properties)},
    };
}

Result<Heartbeat, ParseError> parse_device(const json& resource) {
    return detail::read_guarded<Heartbeat>([&] {
        Element root(resource, "Device");
        root.expect_resource("Device");
        Heartbeat h;
        h.kiosk_id = root.string("id");
        h.version = root.first("version").string("value");
        auto at = root.extension(kExtHeartbeatAt);
        if (!at) {
            detail::bad("Device.extension", "no heartbeat time");
        }
        h.at = at->at("valueInstant").instant();
        if (auto sync = root.extension(kExtLastSync)) {
            h.last_sync = sync->at("valueInstant").instant();
        }
        if (auto oldest = root.extension(kExtOldestQueued)) {
            h.oldest_queued = oldest->at("valueInstant").instant();
        }
        for (auto& p : root.items("property")) {
            const std::string type = p.at("type").code_in(kKioskPropertySystem);
            if (type == "uptime") {
                h.uptime_seconds = p.first("valueQuantity").at("value").integer();
            } else if (type == "queued") {
                h.queued = p.first("valueQuantity").at("value").integer();
            } else if (type == "paper") {
                h.paper = p.first("valueCode").code_in(kKioskPropertySystem);
            } else if (type.rfind("part-", 0) == 0) {
                h.parts.push_back(
                    {type.substr(5), p.first("valueCode").code_in(kKioskPropertySystem)});
            }
        }
        return h;
    });
}

}  // namespace jiayi::fhir
