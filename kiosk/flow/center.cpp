#include "kiosk/flow/center.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace jiayi::flow {

void Center::await(Committed committed, Instant until) {
    waiting_ = Waiting{std::move(committed), until};
}

std::optional<Instant> Center::deadline() const {
    if (!waiting_) {
        return std::nullopt;
    }
    return waiting_->until;
}

std::optional<CenterVerdict> Center::settle(Verdict::Word word, std::string code) {
    Verdict verdict{word, std::move(waiting_->committed), std::move(code)};
    waiting_.reset();
    return verdict;
}

std::optional<CenterVerdict> Center::on_news(SyncNews news) {
    // The record lists are this pass's alone; the figures stay for staff.
    const auto confirmed = std::move(news.confirmed);
    const auto refusals = std::move(news.refusals);
    news.confirmed.clear();
    news.refusals.clear();
    queue_ = QueueNow{news.queued, news.oldest_queued_at, news.refused};
    news_ = std::move(news);
    if (!waiting_) {
        return std::nullopt;
    }
    const std::string& id = waiting_->committed.record_id;
    for (const auto& r : refusals) {
        if (r.record_id == id) {
            return settle(Verdict::Word::Refused, r.code);
        }
    }
    if (std::find(confirmed.begin(), confirmed.end(), id) != confirmed.end()) {
        return settle(Verdict::Word::Confirmed);
    }
    if (!news_->online) {
        return settle(Verdict::Word::Kept);
    }
    return std::nullopt;
}

std::optional<CenterVerdict> Center::on_tick(Instant now) {
    if (waiting_ && now.unix_seconds >= waiting_->until.unix_seconds) {
        return settle(Verdict::Word::Kept);
    }
    return std::nullopt;
}

std::optional<Committed> Center::give_up() {
    if (!waiting_) {
        return std::nullopt;
    }
    Committed committed = std::move(waiting_->committed);
    waiting_.reset();
    return committed;
}

std::string known_refusal(const std::string& code) {
    static constexpr std::array<std::string_view, 11> kKnown = {"already-signed",
                                                                "team-full",
                                                                "team-closed",
                                                                "not-signed",
                                                                "outside-renewal-window",
                                                                "invalid-identifier",
                                                                "invalid",
                                                                "forbidden",
                                                                "too-large",
                                                                "not-found",
                                                                "stale"};
    return std::find(kKnown.begin(), kKnown.end(), code) != kKnown.end() ? code : "other";
}

}  // namespace jiayi::flow

namespace jiayi::flow {

std::string known_failure(const std::string& code) {
    static constexpr std::array<std::string_view, 12> kKnown = {
        "unreachable", "timeout",  "connection-lost",    "certificate",
        "credential",  "setup",    "credential-refused", "server-error",
        "not-http",    "not-fhir", "hub-rejected",       "store"};
    return std::find(kKnown.begin(), kKnown.end(), code) != kKnown.end() ? code : "other";
}

}  // namespace jiayi::flow
