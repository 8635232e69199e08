#pragma once
// Made-up residents and the records a kiosk writes for them, as the FHIR
// mapping's inputs: shared by the round-trip tests and the conformance test.
// Names are "测试" + a letter, numbers are built by make_id, phones are in
// the 138-0000 range: nobody's.

#include <string>
#include <vector>

#include "kiosk/fhir/booking.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/device.hpp"
#include "kiosk/fhir/feedback.hpp"
#include "kiosk/fhir/flag.hpp"
#include "kiosk/fhir/outcome.hpp"
#include "kiosk/fhir/team.hpp"
#include "support/people.hpp"

namespace jiayi::test::fhir_samples {

using namespace jiayi::domain;
using jiayi::fhir::Resident;

inline constexpr Date kToday{2026, 3, 10};
inline const Instant kSignedAt{1773118800};  // 2026-03-10T05:00:00Z

inline Resident adult() {
    return {"6f1c1b0e-0000-4000-8000-000000000001",
            document_of(make_id("110101", "19800101", "123"), kToday), "测试甲", "13800000001",
            "测试省测试市某路 1 号"};
}

inline Resident child() {
    return {"6f1c1b0e-0000-4000-8000-000000000002",
            document_of(make_id("110101", "20220615", "224"), kToday), "测试乙", "", ""};
}

inline Signer guardian() {
    Signer s;
    s.role = SignerRole::Guardian;
    s.relation = "mother";
    s.document = document_of(make_id("110101", "19900202", "246"), kToday);
    return s;
}

inline Contract contract(const std::string& id, const Resident& r, ContractType type) {
    Contract c;
    c.id = id;
    c.resident_id = r.id;
    c.team_id = "team-dongcheng-01";
    c.package_ids = {"basic", "tcm"};
    c.fees.lines = {{"basic", Payer::InsuranceFund, Money{2500}},
                    {"basic", Payer::PublicHealth, Money{1000}},
                    {"tcm", Payer::Personal, Money{3650}}};
    c.hospitals = {"hosp-district-2", "hosp-city-3"};
    c.start = kToday;
    c.end = Date{2027, 3, 9};
    c.type = type;
    return c;
}

inline fhir::SignatureEvidence signature(const std::string& id) {
    // The first bytes of a PNG: the mapping carries bytes, it does not draw.
    return {id,        "",
            kSignedAt, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13},
            Signer{},  "hc-110101-01",
            "N0042"};
}

inline fhir::SigningSubmission new_signing() {
    fhir::SigningSubmission s;
    s.resident = adult();
    s.episode.contract =
        contract("0a7e5c2a-0000-4000-8000-000000000101", s.resident, ContractType::New);
    s.signature = signature("0a7e5c2a-0000-4000-8000-000000000201");
    s.privacy_consent =
        fhir::PrivacyConsent{"0a7e5c2a-0000-4000-8000-000000000301", kToday, "privacy-2025-1"};
    return s;
}

// The contract a renewal supersedes, as the kiosk holds it after renewing.
inline Contract renewed_contract() {
    Contract old = contract("0a7e5c2a-0000-4000-8000-000000000110", adult(), ContractType::New);
    old.start = Date{2025, 4, 1};
    old.end = Date{2026, 3, 31};
    old.status = ContractStatus::Superseded;
    old.end_reason = EndReason::Renewed;
    return old;
}

inline fhir::SigningSubmission renewal() {
    fhir::SigningSubmission s;
    s.resident = adult();
    const Contract old = renewed_contract();
    s.episode.contract =
        contract("0a7e5c2a-0000-4000-8000-000000000111", s.resident, ContractType::Renewal);
    s.episode.contract.start = Date{2026, 4, 1};
    s.episode.contract.end = Date{2027, 3, 31};
    s.episode.contract.previous_id = old.id;
    s.signature = signature("0a7e5c2a-0000-4000-8000-000000000211");
    return s;
}

// The contract a switch ends, as the kiosk holds it after switching.
inline Contract switched_contract() {
    Contract old = contract("0a7e5c2a-0000-4000-8000-000000000120", adult(), ContractType::New);
    old.start = Date{2025, 9, 1};
    old.end = kToday;
    old.status = ContractStatus::Superseded;
    old.end_reason = EndReason::Switched;
    return old;
}

inline fhir::SigningSubmission switch_team() {
    fhir::SigningSubmission s;
    s.resident = adult();
    const Contract old = switched_contract();
    Contract c = contract("0a7e5c2a-0000-4000-8000-000000000121", s.resident, ContractType::Switch);
    c.team_id = "team-dongcheng-02";
    c.previous_id = old.id;
    c.hospitals = {};
    c.channel = Channel::NurseAssisted;
    c.cross_region = true;
    s.episode.contract = c;
    s.signature = signature("0a7e5c2a-0000-4000-8000-000000000221");
    return s;
}

inline fhir::SigningSubmission guardian_signing() {
    fhir::SigningSubmission s;
    s.resident = child();
    Contract c = contract("0a7e5c2a-0000-4000-8000-000000000131", s.resident, ContractType::New);
    c.package_ids = {"basic"};
    c.fees.lines = {{"basic", Payer::PublicHealth, Money{3500}}};
    c.signer = guardian();
    s.episode.contract = c;
    s.signature = signature("0a7e5c2a-0000-4000-8000-000000000231");
    s.signature->signer = guardian();
    return s;
}

inline fhir::SigningSubmission back_fill() {
    fhir::SigningSubmission s;
    s.resident = adult();
    Contract c = contract("0a7e5c2a-0000-4000-8000-000000000141", s.resident, ContractType::New);
    c.start = Date{2026, 1, 5};
    c.end = Date{2027, 1, 4};
    c.channel = Channel::Import;
    s.episode.contract = c;
    s.episode.back_fill = fhir::BackFill{Date{2026, 1, 5}, "PAPER-2026-000017", "N0042"};
    return s;
}

inline fhir::OptOutSubmission decline() {
    fhir::OptOutSubmission s;
    s.resident = adult();
    s.opt_out.id = "0a7e5c2a-0000-4000-8000-000000000151";
    s.opt_out.resident_id = s.resident.id;
    s.opt_out.date = kToday;
    s.opt_out.notice_version = "notice-2025-1";
    s.opt_out.signer.role = SignerRole::Proxy;
    s.opt_out.signer.relation = "spouse";
    s.opt_out.signer.document = document_of(make_id("110101", "19790303", "135"), kToday);
    s.signature = signature("0a7e5c2a-0000-4000-8000-000000000251");
    s.signature.signer = s.opt_out.signer;
    return s;
}

inline fhir::PoolSchedule schedule() {
    return {"sched-cardiology-1", "hosp-city-3",    "dept-cardiology",
            "心内科 (测试)",      "测试市第三医院", "Test City Third Hospital",
            "Cardiology (test)",  "门诊楼三楼东区", "Outpatient building, 3rd floor, east"};
}

inline fhir::PoolSlot slot() {
    return {"slot-0001",
            "sched-cardiology-1",
            Instant{1773286200},
            Instant{1773288000},
            SlotStatus::Free,
            true,
            "3"};
}

inline fhir::Referral referral() {
    return {"0a7e5c2a-0000-4000-8000-000000000401", "team-dongcheng-01", "hosp-city-3", kSignedAt};
}

inline fhir::Booking booking() {
    return {"0a7e5c2a-0000-4000-8000-000000000501",
            "slot-0001",
            "dept-cardiology",
            referral().id,
            Instant{1773286200},
            Instant{1773288000},
            kSignedAt,
            fhir::AppointmentStatus::Booked};
}

inline fhir::FeedbackRecord feedback() {
    return {"0a7e5c2a-0000-4000-8000-000000000601",
            "EpisodeOfCare/0a7e5c2a-0000-4000-8000-000000000101", Feedback{5, true}, kSignedAt};
}

inline fhir::Heartbeat heartbeat() {
    return {"hc-110101-01",
            "0.1.0",
            kSignedAt,
            86400,
            {{"card-reader", "ok"}, {"printer", "ok"}, {"camera", "absent"}},
            "low",
            17,
            Instant{1773115200},
            Instant{1773115800}};
}

inline Team team() {
    Team t;
    t.id = "team-dongcheng-01";
    t.name = "测试一队";
    t.center_id = "hc-dongcheng";
    t.leader = "测试医生";
    t.leader_phone = "01000000000";
    t.specialties = {"chronic disease", "TCM"};
    t.villages = {"测试村"};
    t.capacity = 1500;
    t.signed_count = 1203;
    return t;
}

inline fhir::PopulationFlag flag() {
    return {"flag-0001",      Population::Disabled, true,
            Date{2024, 1, 1}, Date{2026, 12, 31},   "registry-disability"};
}

}  // namespace jiayi::test::fhir_samples
