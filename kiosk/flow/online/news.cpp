#include "kiosk/flow/online/news.hpp"

namespace jiayi::flow {

std::optional<SyncNews> news_of(const sync::PassReport& pass) {
    const auto& push = pass.push;
    // The push's failure, else the pull's: a hub that took the outbox but
    // whose lists do not come (refused, garbled) is not "online" for staff.
    const sync::SyncFailure* failure = pass.failure();
    if (failure != nullptr && failure->code == "cancelled") {
        return std::nullopt;
    }
    SyncNews news;
    news.online = failure == nullptr;
    news.failure = failure != nullptr ? failure->code : "";
    if (pass.queue) {
        news.queued = pass.queue->queued;
        news.oldest_queued_at = pass.queue->oldest_queued_at.value_or("");
        news.refused = pass.queue->refused;
        news.last_success_at = pass.queue->last_success_at.value_or("");
    }
    news.confirmed = push.acknowledged_records;
    for (const auto& r : push.refusals) {
        news.refusals.push_back({r.record_id, r.code});
    }
    return news;
}

}  // namespace jiayi::flow
