#pragma once
// Feedback after a service as a FHIR QuestionnaireResponse (满意度 and 知晓率,
// rules.md "Quality evaluation"): the questionnaire kFeedbackQuestionnaire,
// items "satisfaction" (valueInteger 1–5) and "knows-doctor" (valueBoolean);
// an unanswered question has no answer. subject = the record the feedback is
// about (the EpisodeOfCare or the Consent).

#include <nlohmann/json.hpp>
#include <string>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/domain/feedback.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

struct FeedbackRecord {
    std::string id;     // a kiosk UUID
    std::string about;  // "EpisodeOfCare/[id]" or "Consent/[id]"
    domain::Feedback feedback;
    Instant at;
};

nlohmann::json to_questionnaire_response(const FeedbackRecord& record);
// A rating outside 1–5 is refused at its element.
Result<FeedbackRecord, ParseError> parse_questionnaire_response(const nlohmann::json& response);

}  // namespace jiayi::fhir
