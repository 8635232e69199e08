#include "kiosk/demo/script_player.hpp"

#include <cstdlib>
#include <string>
#include <utility>

namespace jiayi::demo {

ScriptPlayer::ScriptPlayer(flow::Flow& flow, Instant start, int utc_offset_minutes,
                           CodeSorter sort_code, ScriptCenter center)
    : flow_(flow),
      now_(start),
      utc_offset_minutes_(utc_offset_minutes),
      cards_(cards(domain::local_date(start, utc_offset_minutes))),
      sort_code_(std::move(sort_code)),
      center_(center) {}

Result<void, std::string> ScriptPlayer::play(const flow::ScriptStep& step) {
    using Kind = flow::ScriptStep::Kind;
    now_.unix_seconds += 1;
    switch (step.kind) {
        case Kind::Card: {
            if (!step.name.empty() || step.text.find_first_of("0123456789") == 0) {
                flow_.card({step.name, step.text, ""}, now_);
                return Ok{};
            }
            for (const auto& c : cards_) {
                if (c.name == step.text) {
                    flow_.card(c.card, now_);
                    return Ok{};
                }
            }
            return fail("line " + std::to_string(step.line) + ": no demo card \"" + step.text +
                        "\"");
        }
        case Kind::Tap: {
            flow::Intent intent = step.intent;
            intent.arg = flow::offered_argument(flow_.view(), intent.arg);
            flow_.handle(intent, now_);
            return Ok{};
        }
        case Kind::Keys: {
            // "@date-N": the local date N days ago as typed, YYYYMMDD (a
            // paper contract's date, which must lie within its term).
            std::string typed = step.text;
            if (typed.starts_with("@date-")) {
                const int days = std::atoi(typed.c_str() + 6);
                const auto day =
                    domain::add_days(domain::local_date(now_, utc_offset_minutes_), -days);
                typed = domain::to_iso(day);
                std::erase(typed, '-');
            }
            for (char k : typed) {
                flow_.handle({flow::IntentKind::Key, std::string(1, k), 0, {}}, now_);
            }
            return Ok{};
        }
        case Kind::Stroke:
            for (auto& stroke : flow::sample_signature()) {
                flow_.handle({flow::IntentKind::Stroke, "", 0, std::move(stroke)}, now_);
            }
            return Ok{};
        case Kind::Qr:
            flow_.qr(sort_code_(step.text), now_);
            return Ok{};
        case Kind::Printer: {
            flow::PrinterEvent event = step.printer;
            event.job = flow_.print_job();
            flow_.printer(event, now_);
            return Ok{};
        }
        case Kind::Wait:
            // Second by second, as the frame loop would wake the flow.
            for (int s = 0; s < step.seconds; ++s) {
                now_.unix_seconds += 1;
                flow_.tick(now_);
            }
            return Ok{};
        case Kind::Shot:
            return Ok{};
        case Kind::Center: {
            auto news = center_.news(step, flow_, now_);
            if (!news) {
                return fail(news.error());
            }
            flow_.sync_news(*news, now_);
            return Ok{};
        }
    }
    return Ok{};
}

}  // namespace jiayi::demo
