#pragma once
// The feedback journey after a receipt: a face (1–5), then "do you know your
// family doctor?", one question at a time; either may be skipped.
// Internal to kiosk/flow.

#include <optional>
#include <string>

#include "kiosk/flow/context.hpp"

namespace jiayi::flow {

class Feedback {
  public:
    std::optional<int> rating() const { return rating_; }
    std::optional<bool> knows_doctor() const { return knows_doctor_; }
    bool asking_knows() const { return asking_knows_; }

    // Handles the feedback screen's intents for the record just made; false
    // when the intent is not the journey's.
    bool handle(const Intent& intent, Context& ctx, const std::string& record_id);

  private:
    void finish(Context& ctx, const std::string& record_id);

    std::optional<int> rating_;
    std::optional<bool> knows_doctor_;
    bool asking_knows_ = false;  // the rating is given; the second question shows
};

}  // namespace jiayi::flow
