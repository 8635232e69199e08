#include "kiosk/fhir/booking.hpp"

#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using nlohmann::json;

namespace {

json pool_category() {
    return json::array({detail::concept_of(kServiceCategorySystem, kPoolCategory)});
}

bool in_pool(const Element& resource) {
    for (auto& category : resource.items("serviceCategory")) {
        for (auto& c : category.items("coding")) {
            if (c.string_or("system", "") == kServiceCategorySystem &&
                c.string_or("code", "") == kPoolCategory) {
                return true;
            }
        }
    }
    return false;
}

// Sets parent[key] to the Chinese text, with its English as FHIR's
// translation extension on "_key"; nothing for an empty text.
void put_text(json& parent, const std::string& key, const std::string& zh, const std::string& en) {
    if (zh.empty() && en.empty()) {
        return;
    }
    parent[key] = zh.empty() ? en : zh;
    if (!zh.empty() && !en.empty()) {
        parent["_" + key] = {
            {"extension",
             json::array(
                 {{{"url", kExtTranslation},
                   {"extension", json::array({{{"url", "lang"}, {"valueCode", "en"}},
                                              {{"url", "content"}, {"valueString", en}}})}}})}};
    }
}

// The English of parent[key] from its translation extension, or "".
std::string english_of(const json& parent, const std::string& key) {
    const auto element = parent.find("_" + key);
    if (element == parent.end() || !element->is_object()) {
        return "";
    }
    for (const json& extension : element->value("extension", json::array())) {
        if (!extension.is_object() || extension.value("url", "") != kExtTranslation) {
            continue;
        }
        std::string lang;
        std::string content;
        for (const json& part : extension.value("extension", json::array())) {
            if (!part.is_object()) {
                continue;
            }
            if (part.value("url", "") == "lang") {
                lang = part.value("valueCode", "");
            } else if (part.value("url", "") == "content") {
                content = part.value("valueString", "");
            }
        }
        if (lang == "en" || lang.starts_with("en-")) {
            return content;
        }
    }
    return "";
}

}  // namespace

json to_schedule(const PoolSchedule& s) {
    json hospital = detail::reference("Organization", s.hospital_id);
    put_text(hospital, "display", s.hospital, s.hospital_en);
    json department = {{"reference", "Location/" + s.department_id}};
    put_text(department, "display", s.department, s.department_en);
    json extensions = json::array({detail::extension(kExtHospital, "valueReference", hospital)});
    if (!s.place.empty() || !s.place_en.empty()) {
        json place = {{"url", kExtPlace}};
        put_text(place, "valueString", s.place, s.place_en);
        extensions.push_back(std::move(place));
    }
    if (s.free_slots) {
        extensions.push_back(detail::extension(kExtFreeSlots, "valueInteger", *s.free_slots));
    }
    return {
        {"resourceType", "Schedule"},         {"id", s.id},
        {"extension", std::move(extensions)}, {"active", true},
        {"serviceCategory", pool_category()}, {"actor", json::array({std::move(department)})},
    };
}

Result<PoolSchedule, ParseError> parse_schedule(const json& resource) {
    return detail::read_guarded<PoolSchedule>([&] {
        Element root(resource, "Schedule");
        root.expect_resource("Schedule");
        PoolSchedule s;
        s.id = root.string("id");
        auto hospital = root.extension(kExtHospital);
        if (!hospital) {
            detail::bad("Schedule.extension", "no hospital");
        }
        const Element hospital_ref = hospital->at("valueReference");
        s.hospital_id = hospital_ref.reference_id("Organization");
        s.hospital = hospital_ref.string_or("display", "");
        s.hospital_en = english_of(hospital_ref.value(), "display");
        const Element actor = root.first("actor");
        s.department_id = actor.reference_id("Location");
        s.department = actor.string_or("display", "");
        s.department_en = english_of(actor.value(), "display");
        if (auto place = root.extension(kExtPlace)) {
            s.place = place->string_or("valueString", "");
            s.place_en = english_of(place->value(), "valueString");
        }
        if (auto free = root.extension(kExtFreeSlots)) {
            const Element count = free->at("valueInteger");
            const std::int64_t n = count.integer();
            if (n < 0 || n > 1'000'000) {
                detail::bad(count.path(), "out of range");
            }
            s.free_slots = static_cast<int>(n);
        }
        return s;
    });
}

json to_slot(const PoolSlot& s) {
    json slot = {
        {"resourceType", "Slot"},
        {"id", s.id},
        {"schedule", detail::reference("Schedule", s.schedule_id)},
        {"status", s.status == domain::SlotStatus::Free ? "free" : "busy"},
        {"start", to_iso8601(s.start)},
        {"end", to_iso8601(s.end)},
    };
    if (s.pool) {
        slot["serviceCategory"] = pool_category();
    }
    if (!s.version.empty()) {
        slot["meta"] = {{"versionId", s.version}};
    }
    return slot;
}

Result<PoolSlot, ParseError> parse_slot(const json& resource) {
    return detail::read_guarded<PoolSlot>([&] {
        Element root(resource, "Slot");
        root.expect_resource("Slot");
        PoolSlot s;
        s.id = root.string("id");
        s.schedule_id = root.at("schedule").reference_id("Schedule");
        s.start = root.at("start").instant();
        s.end = root.at("end").instant();
        const Element status = root.at("status");
        if (status.string() == "free") {
            s.status = domain::SlotStatus::Free;
        } else if (status.string() == "busy" || status.string() == "busy-unavailable" ||
                   status.string() == "busy-tentative" || status.string() == "entered-in-error") {
            s.status = domain::SlotStatus::Busy;  // not bookable, whatever the reason
        } else {
            detail::bad(status.path(), "not a slot status");
        }
        s.pool = in_pool(root);
        if (auto meta = root.find("meta")) {
            s.version = meta->string_or("versionId", "");
        }
        return s;
    });
}

json to_service_request(const Referral& r, const std::string& patient_reference) {
    return {
        {"resourceType", "ServiceRequest"},
        {"id", r.id},
        {"status", "active"},
        {"intent", "order"},
        {"category", pool_category()},
        {"subject", {{"reference", patient_reference}}},
        {"authoredOn", to_iso8601(r.authored)},
        {"requester", detail::reference("Organization", r.team_id)},
        {"performer", json::array({detail::reference("Organization", r.hospital_id)})},
    };
}

Result<Referral, ParseError> parse_service_request(const json& resource) {
    return detail::read_guarded<Referral>([&] {
        Element root(resource, "ServiceRequest");
        root.expect_resource("ServiceRequest");
        Referral r;
        r.id = root.string("id");
        r.team_id = root.at("requester").reference_id("Organization");
        r.hospital_id = root.first("performer").reference_id("Organization");
        r.authored = root.at("authoredOn").instant();
        return r;
    });
}

json to_appointment(const Booking& b, const std::string& patient_reference) {
    return {
        {"resourceType", "Appointment"},
        {"id", b.id},
        {"status", b.status == AppointmentStatus::Booked ? "booked" : "cancelled"},
        {"serviceCategory", pool_category()},
        {"start", to_iso8601(b.start)},
        {"end", to_iso8601(b.end)},
        {"created", to_iso8601(b.created)},
        {"slot", json::array({detail::reference("Slot", b.slot_id)})},
        {"basedOn", json::array({detail::reference("ServiceRequest", b.referral_id)})},
        {"participant",
         json::array({{{"actor", {{"reference", patient_reference}}}, {"status", "accepted"}},
                      {{"actor", detail::reference("Location", b.department_id)},
                       {"status", "accepted"}}})},
    };
}

Result<Booking, ParseError> parse_appointment(const json& resource) {
    return detail::read_guarded<Booking>([&] {
        Element root(resource, "Appointment");
        root.expect_resource("Appointment");
        Booking b;
        b.id = root.string("id");
        const Element status = root.at("status");
        if (status.string() == "booked") {
            b.status = AppointmentStatus::Booked;
        } else if (status.string() == "cancelled") {
            b.status = AppointmentStatus::Cancelled;
        } else {
            detail::bad(status.path(), "not booked or cancelled");
        }
        b.slot_id = root.first("slot").reference_id("Slot");
        b.referral_id = root.first("basedOn").reference_id("ServiceRequest");
        b.start = root.at("start").instant();
        b.end = root.at("end").instant();
        b.created = root.at("created").instant();
        for (auto& p : root.items("participant")) {
            const std::string ref = p.at("actor").string_or("reference", "");
            if (ref.rfind("Location/", 0) == 0) {
                b.department_id = p.at("actor").reference_id("Location");
            }
        }
        return b;
    });
}

json booking_bundle(const PoolSlot& slot, const Referral& referral, const Booking& booking,
                    const std::string& patient_reference) {
    PoolSlot busy = slot;
    busy.status = domain::SlotStatus::Busy;
    busy.version.clear();  // the version travels as If-Match, not in the body
    BundleEntry slot_entry = put(to_slot(busy));
    slot_entry.if_match = "W/\"" + slot.version + "\"";
    return transaction({std::move(slot_entry), put(to_service_request(referral, patient_reference)),
                        put(to_appointment(booking, patient_reference))});
}

json cancellation_bundle(const Booking& booking, const std::string& appointment_version,
                         const std::string& patient_reference) {
    Booking cancelled = booking;
    cancelled.status = AppointmentStatus::Cancelled;
    BundleEntry entry = put(to_appointment(cancelled, patient_reference));
    entry.if_match = "W/\"" + appointment_version + "\"";
    return transaction({std::move(entry)});
}

}  // namespace jiayi::fhir
