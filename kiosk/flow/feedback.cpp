#include "kiosk/flow/feedback.hpp"

#include "kiosk/domain/feedback.hpp"

namespace jiayi::flow {

bool Feedback::handle(const Intent& intent, Context& ctx, const std::string& record_id) {
    if (ctx.nav.screen() != Screen::Feedback) {
        return false;
    }
    switch (intent.kind) {
        case IntentKind::Rate:
            if (intent.value >= 1 && intent.value <= 5) {
                rating_ = intent.value;
                asking_knows_ = true;
            }
            return true;
        case IntentKind::KnowsDoctor:
            if (asking_knows_) {
                knows_doctor_ = intent.value != 0;
                finish(ctx, record_id);
            }
            return true;
        case IntentKind::Skip:
            finish(ctx, record_id);  // keeps what was answered
            return true;
        case IntentKind::Back:
            if (asking_knows_) {
                asking_knows_ = false;
                return true;
            }
            return false;
        default:
            return false;
    }
}

void Feedback::finish(Context& ctx, const std::string& record_id) {
    if (auto feedback = domain::make_feedback(rating_, knows_doctor_)) {
        if (auto written = ctx.store.record_feedback(ctx.ids(), record_id, *feedback, ctx.now);
            !written) {
            ctx.nav.show("store-failed");
            return;
        }
    }
    ctx.nav.go(Screen::Thanks);
}

}  // namespace jiayi::flow
