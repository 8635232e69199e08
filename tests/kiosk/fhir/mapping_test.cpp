// The domain ⇄ FHIR mapping: every record survives domain → JSON → domain,
// and a resource with a bad element is refused with that element's path.

#include <doctest/doctest.h>

#include <functional>

#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "support/fhir_samples.hpp"

using namespace jiayi;
using namespace jiayi::test::fhir_samples;
using nlohmann::json;

namespace {

void check_same(const Contract& a, const Contract& b) {
    CHECK(a.id == b.id);
    CHECK(a.resident_id == b.resident_id);
    CHECK(a.team_id == b.team_id);
    CHECK(a.package_ids == b.package_ids);
    REQUIRE(a.fees.lines.size() == b.fees.lines.size());
    for (std::size_t i = 0; i < a.fees.lines.size(); ++i) {
        CHECK(a.fees.lines[i].package_id == b.fees.lines[i].package_id);
        CHECK(a.fees.lines[i].payer == b.fees.lines[i].payer);
        CHECK(a.fees.lines[i].amount == b.fees.lines[i].amount);
    }
    CHECK(a.hospitals.secondary == b.hospitals.secondary);
    CHECK(a.hospitals.tertiary == b.hospitals.tertiary);
    CHECK(a.start == b.start);
    CHECK(a.end == b.end);
    CHECK(a.type == b.type);
    CHECK(a.status == b.status);
    CHECK(a.end_reason == b.end_reason);
    CHECK(a.end_note == b.end_note);
    CHECK(a.previous_id == b.previous_id);
    CHECK(a.channel == b.channel);
    CHECK(a.signer.role == b.signer.role);
    CHECK(a.signer.relation == b.signer.relation);
    REQUIRE(a.signer.document.has_value() == b.signer.document.has_value());
    if (a.signer.document) {
        CHECK(a.signer.document->kind == b.signer.document->kind);
        CHECK(a.signer.document->number == b.signer.document->number);
    }
    CHECK(a.cross_region == b.cross_region);
}

Contract round_trip(const fhir::Episode& episode) {
    const json resource =
        fhir::to_episode_of_care(episode, "urn:uuid:" + episode.contract.resident_id);
    auto back = fhir::parse_episode_of_care(json::parse(resource.dump()));
    REQUIRE(back.ok());
    CHECK(back->back_fill.has_value() == episode.back_fill.has_value());
    return back->contract;
}

}  // namespace

TEST_CASE("fhir: a Patient round-trips, matched by its document's identifier system") {
    for (const auto& r : {adult(), child()}) {
        const json patient = fhir::to_patient(r);
        CHECK(patient["identifier"][0]["system"] == fhir::kResidentIdSystem);
        auto back = fhir::parse_patient(json::parse(patient.dump()), kToday);
        REQUIRE(back.ok());
        CHECK(back->id == r.id);
        CHECK(back->document.number == r.document.number);
        CHECK(back->document.kind == r.document.kind);
        CHECK(back->document.birth_date == r.document.birth_date);
        CHECK(back->name == r.name);
        CHECK(back->phone == r.phone);
        CHECK(back->address == r.address);
    }
    CHECK(fhir::patient_search(adult().document) ==
          "Patient?identifier=urn:oid:2.16.156.10011.1.3|" + adult().document.number);
}

TEST_CASE("fhir: a Patient whose number does not check is refused at its identifier") {
    json patient = fhir::to_patient(adult());
    std::string number = adult().document.number;
    number.back() = number.back() == '1' ? '2' : '1';
    patient["identifier"][0]["value"] = number;
    auto back = fhir::parse_patient(patient, kToday);
    REQUIRE_FALSE(back.ok());
    CHECK(back.error().path == "Patient.identifier[0].value");
}

TEST_CASE(
    "fhir: contracts round-trip as EpisodeOfCare (new, renewal, switch, guardian, back-fill)") {
    for (const auto& s :
         {new_signing(), renewal(), switch_team(), guardian_signing(), back_fill()}) {
        check_same(round_trip(s.episode), s.episode.contract);
    }
    for (const auto& old : {renewed_contract(), switched_contract()}) {
        check_same(round_trip({old, std::nullopt}), old);
    }
    auto back =
        fhir::parse_episode_of_care(fhir::to_episode_of_care(back_fill().episode, "Patient/p1"));
    REQUIRE(back.ok());
    REQUIRE(back->back_fill);
    CHECK(back->back_fill->form_number == "PAPER-2026-000017");
    CHECK(back->back_fill->signed_on == Date{2026, 1, 5});
    CHECK(back->back_fill->entered_by == "N0042");
    CHECK(back->contract.resident_id == "p1");
}

TEST_CASE("fhir: a terminated contract is finished with its reason and note") {
    Contract c = contract("0a7e5c2a-0000-4000-8000-000000000161", adult(), ContractType::New);
    c.status = ContractStatus::Terminated;
    c.end_reason = EndReason::Other;
    c.end_note = "moved abroad";
    const json e = fhir::to_episode_of_care({c, std::nullopt}, "Patient/p1");
    CHECK(e["status"] == "finished");
    check_same(round_trip({c, std::nullopt}), c);
}

TEST_CASE("fhir: fees are Money in CNY and come back to the fen") {
    Contract c = contract("0a7e5c2a-0000-4000-8000-000000000171", adult(), ContractType::New);
    c.fees.lines = {{"basic", Payer::Personal, Money{1}},
                    {"tcm", Payer::Personal, Money{123456789}}};
    const Contract back = round_trip({c, std::nullopt});
    REQUIRE(back.fees.lines.size() == 2);
    CHECK(back.fees.lines[0].amount == Money{1});
    CHECK(back.fees.lines[1].amount == Money{123456789});
}

TEST_CASE("fhir: a bad EpisodeOfCare element is named by its path") {
    const json good = fhir::to_episode_of_care(new_signing().episode, "urn:uuid:x");
    struct Case {
        std::string what;
        std::function<void(json&)> spoil;
        std::string path;
    };
    const std::vector<Case> cases = {
        {"no period", [](json& e) { e.erase("period"); }, "EpisodeOfCare.period"},
        {"bad start", [](json& e) { e["period"]["start"] = "2026-02-30"; },
         "EpisodeOfCare.period.start"},
        {"unknown type", [](json& e) { e["type"][0]["coding"][0]["code"] = "merge"; },
         "EpisodeOfCare.type[0]"},
        {"fee of a third of a fen",
         [](json& e) {
             for (auto& x : e["extension"]) {
                 if (x["url"] == fhir::kExtFeeLine) {
                     x["extension"][2]["valueMoney"]["value"] = 0.333;
                     break;
                 }
             }
         },
         "EpisodeOfCare.extension[3].extension[2].valueMoney.value"},
        {"team not an Organization",
         [](json& e) { e["managingOrganization"]["reference"] = "Patient/x"; },
         "EpisodeOfCare.managingOrganization.reference"},
        {"not an episode", [](json& e) { e["resourceType"] = "Patient"; },
         "EpisodeOfCare.resourceType"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        json spoilt = good;
        c.spoil(spoilt);
        auto back = fhir::parse_episode_of_care(spoilt);
        REQUIRE_FALSE(back.ok());
        CHECK(back.error().path == c.path);
    }
}

TEST_CASE("fhir: an opt-out round-trips as a Consent that denies, with its notice as policyRule") {
    const auto s = decline();
    const json consent = fhir::to_opt_out_consent(s.opt_out, "urn:uuid:" + s.resident.id);
    CHECK(consent["provision"]["type"] == "deny");
    CHECK(consent["policyRule"]["coding"][0]["code"] == "notice-2025-1");
    auto back = fhir::parse_opt_out_consent(consent);
    REQUIRE(back.ok());
    CHECK(back->id == s.opt_out.id);
    CHECK(back->resident_id == s.resident.id);
    CHECK(back->date == s.opt_out.date);
    CHECK(back->notice_version == s.opt_out.notice_version);
    CHECK(back->signer.role == SignerRole::Proxy);
    CHECK(back->signer.relation == "spouse");
    CHECK(back->channel == s.opt_out.channel);
}

TEST_CASE("fhir: a signature round-trips as a Provenance with its PNG, signer, kiosk and nurse") {
    auto e = guardian_signing().signature.value();
    e.target = "EpisodeOfCare/0a7e5c2a-0000-4000-8000-000000000131";
    for (std::size_t n = 0; n < 5; ++n) {  // every base64 padding
        e.png.resize(12 + n, 0xff);
        const json p = fhir::to_provenance(e, "urn:uuid:child");
        CHECK(p["signature"][0]["who"]["type"] == "RelatedPerson");
        CHECK(p["agent"][0]["onBehalfOf"]["reference"] == "urn:uuid:child");
        auto back = fhir::parse_provenance(json::parse(p.dump()));
        REQUIRE(back.ok());
        CHECK(back->png == e.png);
        CHECK(back->target == e.target);
        CHECK(back->signed_at == e.signed_at);
        CHECK(back->kiosk_id == e.kiosk_id);
        CHECK(back->operator_id == e.operator_id);
        CHECK(back->signer.role == SignerRole::Guardian);
        CHECK(back->signer.document->number == e.signer.document->number);
    }
    CHECK(fhir::to_base64({'M', 'a', 'n'}) == "TWFu");
    CHECK_FALSE(fhir::from_base64("TW=u").has_value());
    CHECK_FALSE(fhir::from_base64("TWF").has_value());
}

TEST_CASE(
    "fhir: a signing Bundle: conditional Patient, the new contract and its signature (the hub ends "
    "the previous one itself)") {
    const auto s = renewal();
    const json b = fhir::signing_bundle(s);
    CHECK(b["type"] == "transaction");
    const auto& e = b["entry"];
    REQUIRE(e.size() == 3);
    CHECK(e[0]["fullUrl"] == "urn:uuid:" + s.resident.id);
    CHECK(e[0]["request"]["method"] == "PUT");
    CHECK(e[0]["request"]["url"] == fhir::patient_search(s.resident.document));
    CHECK(e[1]["request"]["url"] == "EpisodeOfCare/" + s.episode.contract.id);
    CHECK(e[1]["resource"]["patient"]["reference"] == "urn:uuid:" + s.resident.id);
    CHECK(e[2]["request"]["url"] == "Provenance/" + s.signature->id);
    CHECK(e[2]["resource"]["target"][0]["reference"] == "EpisodeOfCare/" + s.episode.contract.id);
    for (const auto& entry : e) {
        CHECK(entry["request"]["url"] != "EpisodeOfCare/" + renewed_contract().id);
    }

    const json o = fhir::opt_out_bundle(decline());
    REQUIRE(o["entry"].size() == 3);
    CHECK(o["entry"][2]["resource"]["target"][0]["reference"] == "Consent/" + decline().opt_out.id);
}

TEST_CASE(
    "fhir: a booking Bundle books the slot by version, with the referral and the Appointment") {
    const std::string patient = fhir::patient_search(adult().document);
    const json b = fhir::booking_bundle(slot(), referral(), booking(), patient);
    const auto& e = b["entry"];
    REQUIRE(e.size() == 3);
    CHECK(e[0]["request"]["url"] == "Slot/slot-0001");
    CHECK(e[0]["request"]["ifMatch"] == "W/\"3\"");
    CHECK(e[0]["resource"]["status"] == "busy");
    CHECK_FALSE(e[0]["resource"].contains("meta"));
    CHECK(e[1]["request"]["url"] == "ServiceRequest/" + referral().id);
    CHECK(e[2]["request"]["url"] == "Appointment/" + booking().id);
    CHECK(e[2]["resource"]["participant"][0]["actor"]["reference"] == patient);

    auto a = fhir::parse_appointment(e[2]["resource"]);
    REQUIRE(a.ok());
    CHECK(a->slot_id == booking().slot_id);
    CHECK(a->referral_id == booking().referral_id);
    CHECK(a->department_id == booking().department_id);
    CHECK(a->start == booking().start);
    CHECK(a->end == booking().end);
    CHECK(a->status == fhir::AppointmentStatus::Booked);

    auto r = fhir::parse_service_request(e[1]["resource"]);
    REQUIRE(r.ok());
    CHECK(r->team_id == referral().team_id);
    CHECK(r->hospital_id == referral().hospital_id);

    const json c = fhir::cancellation_bundle(booking(), "1", patient);
    REQUIRE(c["entry"].size() == 1);  // the hub frees the slot itself
    CHECK(c["entry"][0]["request"]["url"] == "Appointment/" + booking().id);
    CHECK(c["entry"][0]["request"]["ifMatch"] == "W/\"1\"");
    CHECK(c["entry"][0]["resource"]["status"] == "cancelled");
}

TEST_CASE("fhir: pool Slots and Schedules are read with their version and pool mark") {
    auto s = fhir::parse_slot(fhir::to_slot(slot()));
    REQUIRE(s.ok());
    CHECK(s->id == slot().id);
    CHECK(s->schedule_id == slot().schedule_id);
    CHECK(s->start == slot().start);
    CHECK(s->status == SlotStatus::Free);
    CHECK(s->pool);
    CHECK(s->version == "3");
    json general = fhir::to_slot(slot());
    general.erase("serviceCategory");
    general["status"] = "busy-unavailable";
    auto g = fhir::parse_slot(general);
    REQUIRE(g.ok());
    CHECK_FALSE(g->pool);
    CHECK(g->status == SlotStatus::Busy);
    general["start"] = "tomorrow";
    auto bad = fhir::parse_slot(general);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().path == "Slot.start");

    auto d = fhir::parse_schedule(fhir::to_schedule(schedule()));
    REQUIRE(d.ok());
    CHECK(d->hospital_id == schedule().hospital_id);
    CHECK(d->department_id == schedule().department_id);
    CHECK(d->department == schedule().department);
    CHECK(d->hospital == schedule().hospital);
    CHECK(d->hospital_en == schedule().hospital_en);
    CHECK(d->department_en == schedule().department_en);
    CHECK(d->place == schedule().place);
    CHECK(d->place_en == schedule().place_en);
    // Without English or a place: nothing made up.
    fhir::PoolSchedule bare = schedule();
    bare.hospital_en = bare.department_en = bare.place = bare.place_en = "";
    const auto bare_json = fhir::to_schedule(bare);
    CHECK_FALSE(bare_json["actor"][0].contains("_display"));
    CHECK(bare_json["extension"].size() == 1);
    auto b = fhir::parse_schedule(bare_json);
    REQUIRE(b.ok());
    CHECK(b->department_en.empty());
    CHECK(b->place.empty());
    CHECK(b->hospital == schedule().hospital);
}

TEST_CASE("fhir: feedback round-trips as a QuestionnaireResponse, unanswered stays unanswered") {
    for (const auto& f :
         {Feedback{5, true}, Feedback{1, std::nullopt}, Feedback{std::nullopt, false}}) {
        fhir::FeedbackRecord r = feedback();
        r.feedback = f;
        auto back = fhir::parse_questionnaire_response(
            json::parse(fhir::to_questionnaire_response(r).dump()));
        REQUIRE(back.ok());
        CHECK(back->feedback.rating == f.rating);
        CHECK(back->feedback.knows_doctor == f.knows_doctor);
        CHECK(back->about == r.about);
        CHECK(back->at == r.at);
    }
    json six = fhir::to_questionnaire_response(feedback());
    six["item"][0]["answer"][0]["valueInteger"] = 6;
    auto bad = fhir::parse_questionnaire_response(six);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().path == "QuestionnaireResponse.item[0].answer[0].valueInteger");
}

TEST_CASE("fhir: the kiosk's heartbeat round-trips as its Device") {
    auto back = fhir::parse_device(fhir::to_device(heartbeat()));
    REQUIRE(back.ok());
    CHECK(back->kiosk_id == heartbeat().kiosk_id);
    CHECK(back->version == "0.1.0");
    CHECK(back->at == heartbeat().at);
    CHECK(back->uptime_seconds == 86400);
    CHECK(back->queued == 17);
    CHECK(back->paper == "low");
    CHECK(back->last_sync == heartbeat().last_sync);
    CHECK(back->oldest_queued == heartbeat().oldest_queued);
    REQUIRE(back->parts.size() == 3);
    CHECK(back->parts[2].part == "camera");
    CHECK(back->parts[2].state == "absent");
}

TEST_CASE("fhir: a team round-trips as an Organization with capacity and count") {
    auto back = fhir::parse_team(fhir::to_organization(team()));
    REQUIRE(back.ok());
    CHECK(back->id == team().id);
    CHECK(back->name == team().name);
    CHECK(back->center_id == team().center_id);
    CHECK(back->leader == team().leader);
    CHECK(back->leader_phone == team().leader_phone);
    CHECK(back->specialties == team().specialties);
    CHECK(back->villages == team().villages);
    CHECK(back->capacity == 1500);
    CHECK(back->signed_count == 1203);
    CHECK(back->open);
    json hospital = fhir::to_organization(team());
    hospital["type"][0]["coding"][0]["code"] = "hospital";
    auto bad = fhir::parse_team(hospital);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().path == "Organization.type[0]");
}

TEST_CASE("fhir: Flags become the registry populations in force today") {
    auto back = fhir::parse_flag(fhir::to_flag(flag(), "Patient/p1"));
    REQUIRE(back.ok());
    CHECK(back->population == Population::Disabled);
    CHECK(back->registry == "registry-disability");
    fhir::PopulationFlag expired = flag();
    expired.population = Population::RegisteredPoor;
    expired.end = Date{2025, 12, 31};
    fhir::PopulationFlag inactive = flag();
    inactive.population = Population::Hypertension;
    inactive.active = false;
    const auto set = fhir::registry_populations({*back, expired, inactive}, kToday);
    CHECK(set == PopulationSet{Population::Disabled});
    json unknown = fhir::to_flag(flag(), "Patient/p1");
    unknown["code"]["coding"][0]["code"] = "left-handed";
    auto bad = fhir::parse_flag(unknown);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().path == "Flag.code");
}

TEST_CASE(
    "fhir: a refusal's code is read back from its OperationOutcome, every domain code included") {
    for (Refusal r : kAllRefusals) {
        CHECK(fhir::refusal_code(fhir::refusal_outcome(code(r), "business-rule", "")) ==
              std::string(code(r)));
    }
    CHECK_FALSE(fhir::refusal_code(json{{"resourceType", "OperationOutcome"}}).has_value());
    CHECK_FALSE(fhir::refusal_code(json::array()).has_value());
}
