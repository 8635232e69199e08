#pragma once
// The district's center as the flow knows it (protocols/hub-fhir.md,
// "Online signing"): the sync thread's last news, kept for the staff's
// indicator, and a signing waiting a few seconds for the center's word.
// A signing waits only when the last pass reached the hub: offline, or
// with no news yet, it goes on at once as it always did. Internal to
// kiosk/flow.

#include <optional>
#include <string>

#include "common/instant.hpp"
#include "kiosk/flow/events.hpp"
#include "kiosk/flow/journey.hpp"

namespace jiayi::flow {

// What became of the signing that waited.
struct CenterVerdict {
    enum class Word { Confirmed, Refused, Kept } word = Word::Kept;
    Committed committed;
    std::string code;  // the hub's refusal code when Refused
};

// The outbox as the kiosk's own store has it (no personal data).
struct QueueNow {
    std::int64_t queued = 0;
    std::string oldest_queued_at;  // ISO 8601 UTC; empty when none waits
    std::int64_t refused = 0;
};

class Center {
  public:
    using Verdict = CenterVerdict;

    const std::optional<SyncNews>& news() const { return news_; }
    bool online() const { return news_ && news_->online; }
    // The queue's latest figures: the last pass's, or the flow's own read
    // of the store when that came later — fresher while the hub is down
    // (the next pass may be an hour away), and there before any pass (an
    // on-site laptop that has never reached a hub).
    const std::optional<QueueNow>& queue() const { return queue_; }
    void queue_read(QueueNow queue) { queue_ = std::move(queue); }

    // Waits for the center's word on `committed` until `until`.
    void await(Committed committed, Instant until);
    bool awaiting() const { return waiting_.has_value(); }
    std::optional<std::string> awaited_record() const {
        return waiting_ ? std::optional(waiting_->committed.record_id) : std::nullopt;
    }
    std::optional<Instant> deadline() const;

    // The sync's news, kept; the verdict on the waiting signing when the
    // news settles it: acknowledged, refused, or the hub unreachable. A pass
    // that says nothing of it (it began before the signing was committed)
    // leaves it waiting: the store woke the sync for another pass.
    std::optional<Verdict> on_news(SyncNews news);
    // The wait is over without a word: kept on the kiosk.
    std::optional<Verdict> on_tick(Instant now);
    // The session goes while its signing waits: the signing, to be given
    // its receipt as kept on the kiosk (a record is never left without one).
    std::optional<Committed> give_up();

  private:
    struct Waiting {
        Committed committed;
        Instant until;
    };
    std::optional<Verdict> settle(Verdict::Word word, std::string code = {});

    std::optional<SyncNews> news_;
    std::optional<QueueNow> queue_;
    std::optional<Waiting> waiting_;
};

// The refusal codes the kiosk has its own words for; any other is "other".
std::string known_refusal(const std::string& code);
// Likewise the sync's failure codes (kiosk/sync: push.hpp, hub_client.hpp).
std::string known_failure(const std::string& code);

}  // namespace jiayi::flow
