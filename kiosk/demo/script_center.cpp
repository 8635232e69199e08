#include "kiosk/demo/script_center.hpp"

#include "kiosk/store/store.hpp"

namespace jiayi::demo {

Result<flow::SyncNews, std::string> ScriptCenter::news(const flow::ScriptStep& step,
                                                       const flow::Flow& flow, Instant now) const {
    if (hub_) {
        return fail("line " + std::to_string(step.line) +
                    ": \"center\" makes up the center's words; this kiosk hears the hub's");
    }
    auto news = flow::scripted_news(step, flow, now);
    if (!news || store_ == nullptr || news->refusals.empty()) {
        return news;
    }
    // As the sync marks what the hub refused: the record's outbox entries.
    for (const auto& r : news->refusals) {
        for (const auto& e : store_->outbox_entries().value_or({})) {
            if (e.record_id == r.record_id) {
                (void)store_->refuse(e.id, r.code, now);
            }
        }
    }
    if (auto status = store_->status()) {
        news->refused = status->outbox_refused;
    }
    return news;
}

}  // namespace jiayi::demo
