#pragma once
// Feedback after a service (rules.md, "Quality evaluation"): a rating of 1–5
// faces and the answer to "do you know who your family doctor is?" (知晓率).
// Both are optional for the resident; both are reported.

#include <optional>

#include "common/result.hpp"

namespace jiayi::domain {

struct Feedback {
    std::optional<int> rating;         // 1 (very unhappy) … 5 (very happy)
    std::optional<bool> knows_doctor;  // unanswered stays unanswered
};

enum class FeedbackError { RatingOutOfRange, Empty };

// A rating outside 1–5, or nothing answered at all, is no feedback.
Result<Feedback, FeedbackError> make_feedback(std::optional<int> rating,
                                              std::optional<bool> knows_doctor);

}  // namespace jiayi::domain
