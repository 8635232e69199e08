#include "kiosk/fhir/feedback.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using nlohmann::json;

json to_questionnaire_response(const FeedbackRecord& r) {
    json satisfaction = {{"linkId", "satisfaction"}, {"text", "satisfaction (1-5)"}};
    if (r.feedback.rating) {
        satisfaction["answer"] = json::array({{{"valueInteger", *r.feedback.rating}}});
    }
    json knows = {{"linkId", "knows-doctor"}, {"text", "knows who their family doctor is"}};
    if (r.feedback.knows_doctor) {
        knows["answer"] = json::array({{{"valueBoolean", *r.feedback.knows_doctor}}});
    }
    return {
        {"resourceType", "QuestionnaireResponse"},
        {"id", r.id},
        {"questionnaire", kFeedbackQuestionnaire},
        {"status", "completed"},
        {"subject", {{"reference", r.about}}},
        {"authored", to_iso8601(r.at)},
        {"item", json::array({std::move(satisfaction), std::move(knows)})},
    };
}

Result<FeedbackRecord, ParseError> parse_questionnaire_response(const json& resource) {
    return detail::read_guarded<FeedbackRecord>([&] {
        Element root(resource, "QuestionnaireResponse");
        root.expect_resource("QuestionnaireResponse");
        FeedbackRecord r;
        r.id = root.string("id");
        r.about = root.at("subject").string("reference");
        r.at = root.at("authored").instant();
        for (auto& item : root.items("item")) {
            const std::string link = item.string("linkId");
            auto answers = item.items("answer");
            if (answers.empty()) {
                continue;
            }
            if (link == "satisfaction") {
                const Element value = answers.front().at("valueInteger");
                const auto rating = value.integer();
                if (rating < 1 || rating > 5) {
                    detail::bad(value.path(), "a rating is 1 to 5");
                }
                r.feedback.rating = static_cast<int>(rating);
            } else if (link == "knows-doctor") {
                r.feedback.knows_doctor = answers.front().at("valueBoolean").boolean();
            }
        }
        return r;
    });
}

}  // namespace jiayi::fhir
