#pragma once
// `report quality`: the district's data checks (seed 000 §一 "保证数据真实有效",
// §六 数据核查、电话随访) and the known problem of residents signed without
// their knowledge. Per team, how signings were evidenced; across the whole
// district, phone numbers shared by many residents; signings outside the
// health center's hours; the awareness answers. Each finding lists the
// records behind it, so a checker can call the right residents. Phone numbers
// are shown with their last 4 digits only, names masked (kiosk/domain/mask.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hub/admin/table.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::admin {

// How a signing was evidenced (from its Provenance and channel).
enum class Evidence {
    CardAndSignature,  // the ID card was read and the resident signed by hand
    ManualEntry,       // the number was typed (by a nurse), whatever the signature
    Backfill,          // imported from paper or a previous system (补录)
    Other,             // a card read without a handwritten signature, or unknown
};
std::string_view code(Evidence evidence);

// One signing (a new contract, a renewal or a switch) as the store reads it.
struct SigningRecord {
    std::string record_id;    // the EpisodeOfCare's id
    std::string resident_id;  // the Patient's id
    std::string name;         // clear; masked on output
    std::string phone;        // digits as on file; masked on output; "" if none
    std::string team_id;
    std::string center_id;
    Evidence evidence = Evidence::Other;
    domain::Date local_date;  // when the resident signed, in the district's zone
    int local_minute = 0;     // minutes after midnight
};

// A health center's opening hours: the same hours on each open weekday.
struct CenterHours {
    std::string center_id;
    int opens_minute = 8 * 60;
    int closes_minute = 17 * 60 + 30;  // the first minute it is closed
    std::uint8_t weekdays = 0x1F;      // bit 0 Monday … bit 6 Sunday
};

// An answer to "do you know who your family doctor is?" (知晓率).
struct AwarenessAnswer {
    std::string record_id;    // the QuestionnaireResponse's id
    std::string resident_id;  // the Patient's id
    std::string name;
    std::string phone;
    std::string team_id;
    bool knows_doctor = false;
};

struct QualityInput {
    std::vector<SigningRecord> signings;  // the period's, from every kiosk and import
    std::vector<CenterHours> hours;
    std::vector<AwarenessAnswer> awareness;
};

struct QualityReport {
    Table evidence;       // per team: card + signature, manual entry, back-fill
    Table shared_phones;  // numbers on file for ≥ PhoneRules::shared_number_threshold residents
    Table outside_hours;  // signings outside the center's hours (back-fills excluded)
    Table awareness;      // per team: answers, "yes", rate
    Table unaware;        // the residents who answered "no", to call back
    std::vector<const Table*> tables() const {
        return {&evidence, &shared_phones, &outside_hours, &awareness, &unaware};
    }
};

QualityReport quality_report(const QualityInput& input, const domain::PhoneRules& phone_rules);

// Every digit but the last 4 as '*': "*******5678".
std::string mask_phone_tail(std::string_view digits);

// Monday 0 … Sunday 6.
int weekday(domain::Date date);

std::string to_text(const QualityReport& report);
nlohmann::json to_json(const QualityReport& report);

}  // namespace jiayi::hub::admin
