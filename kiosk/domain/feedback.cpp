#include "kiosk/domain/feedback.hpp"

namespace jiayi::domain {

Result<Feedback, FeedbackError> make_feedback(std::optional<int> rating,
                                              std::optional<bool> knows_doctor) {
    if (rating && (*rating < 1 || *rating > 5)) {
        return fail(FeedbackError::RatingOutOfRange);
    }
    if (!rating && !knows_doctor) {
        return fail(FeedbackError::Empty);
    }
    return Feedback{rating, knows_doctor};
}

}  // namespace jiayi::domain
