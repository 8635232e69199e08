#include "kiosk/flow/script.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <sstream>

namespace jiayi::flow {

namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) {
        out.push_back(w);
    }
    return out;
}

bool to_int(const std::string& s, int& out) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<std::vector<ScriptStep>, std::vector<std::string>> parse_script(std::string_view text) {
    std::vector<ScriptStep> steps;
    std::vector<std::string> errors;
    std::istringstream in{std::string(text)};
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) {
            line.resize(hash);
        }
        const auto w = words(line);
        if (w.empty()) {
            continue;
        }
        auto error = [&](const std::string& why) {
            errors.push_back("line " + std::to_string(number) + ": " + why);
        };
        ScriptStep step;
        step.line = number;
        const std::string& verb = w[0];
        if (verb == "card" && (w.size() == 2 || w.size() == 3)) {
            step.kind = ScriptStep::Kind::Card;
            step.text = w[1];
            step.name = w.size() == 3 ? w[2] : "";
        } else if (verb == "tap" && w.size() >= 2 && w.size() <= 3) {
            step.kind = ScriptStep::Kind::Tap;
            auto kind = intent_from_name(w[1]);
            if (!kind) {
                error("no intent \"" + w[1] + "\"");
                continue;
            }
            step.intent.kind = *kind;
            if (w.size() == 3) {
                const bool numeric = *kind == IntentKind::Rate || *kind == IntentKind::KnowsDoctor;
                if (numeric && !to_int(w[2], step.intent.value)) {
                    error("\"" + w[1] + "\" takes a number, not \"" + w[2] + "\"");
                    continue;
                }
                if (!numeric) {
                    step.intent.arg = w[2];
                }
            }
        } else if (verb == "keys" && w.size() == 2) {
            step.kind = ScriptStep::Kind::Keys;
            step.text = w[1];
        } else if (verb == "stroke" && w.size() == 1) {
            step.kind = ScriptStep::Kind::Stroke;
        } else if (verb == "qr" && w.size() == 2) {
            step.kind = ScriptStep::Kind::Qr;
            step.text = w[1];
        } else if (verb == "printer" && (w.size() == 2 || w.size() == 3)) {
            // printer printed | sent | disconnected | back | waiting PROBLEM
            step.kind = ScriptStep::Kind::Printer;
            using K = PrinterEvent::Kind;
            const std::pair<const char*, K> kinds[] = {{"printed", K::Printed},
                                                       {"sent", K::Sent},
                                                       {"waiting", K::Waiting},
                                                       {"disconnected", K::Disconnected},
                                                       {"back", K::Back}};
            const auto kind = std::find_if(std::begin(kinds), std::end(kinds),
                                           [&](const auto& k) { return w[1] == k.first; });
            if (kind == std::end(kinds)) {
                error("printer takes printed, sent, waiting, disconnected or back");
                continue;
            }
            step.printer.kind = kind->second;
            if ((kind->second == K::Waiting) != (w.size() == 3)) {
                error("printer waiting takes a problem, and only it does");
                continue;
            }
            if (w.size() == 3) {
                bool known = false;
                for (auto p : {PrinterProblem::PaperOut, PrinterProblem::CoverOpen,
                               PrinterProblem::Offline, PrinterProblem::NoAnswer}) {
                    if (w[2] == code(p)) {
                        step.printer.problem = p;
                        known = true;
                    }
                }
                if (!known) {
                    error("no printer problem \"" + w[2] +
                          "\" (paper-out, cover-open, offline, no-answer)");
                    continue;
                }
            }
        } else if (verb == "center" && w.size() >= 2 && w.size() <= 3) {
            step.kind = ScriptStep::Kind::Center;
            step.center = w[1];
            const bool status = w[1] == "online" || w[1] == "offline";
            if (status) {
                if (w.size() == 3 && (!to_int(w[2], step.seconds) || step.seconds < 0)) {
                    error("center " + w[1] + " takes a count of records waiting");
                    continue;
                }
            } else if (w[1] == "refuses" && w.size() == 3) {
                step.text = w[2];
            } else if (w[1] != "confirms" || w.size() != 2) {
                error("center takes online [N], offline [N], confirms or refuses CODE");
                continue;
            }
        } else if (verb == "wait" && w.size() == 2) {
            step.kind = ScriptStep::Kind::Wait;
            if (!to_int(w[1], step.seconds) || step.seconds < 0 || step.seconds > 86400) {
                error("wait takes seconds from 0 to 86400");
                continue;
            }
        } else if (verb == "shot" && w.size() == 1) {
            step.kind = ScriptStep::Kind::Shot;
        } else {
            error("cannot read \"" + line + "\"");
            continue;
        }
        steps.push_back(std::move(step));
    }
    if (!errors.empty()) {
        return fail(std::move(errors));
    }
    return steps;
}

std::string offered_argument(const View& view, const std::string& arg) {
    int n = 0;
    if (arg.size() < 2 || arg[0] != '@' || !to_int(arg.substr(1), n) || n < 1) {
        return arg;
    }
    const auto at = static_cast<std::size_t>(n - 1);
    if (at < view.booking.options.size()) {
        return view.booking.options[at].id;
    }
    if (at < view.booking.bookings.size()) {
        return view.booking.bookings[at].id;
    }
    return "";
}

std::vector<std::vector<image::Point>> sample_signature() {
    std::vector<image::Point> first;
    std::vector<image::Point> second;
    for (int i = 0; i <= 40; ++i) {
        const float t = static_cast<float>(i) / 40.0f;
        first.push_back({120 + 300 * t, 200 - 90 * std::sin(t * 3.1f) + 20 * t});
        second.push_back({480 + 380 * t, 170 + 50 * std::sin(t * 9.0f) * (1 - t)});
    }
    return {first, second};
}

Result<SyncNews, std::string> scripted_news(const ScriptStep& step, const Flow& flow, Instant now) {
    SyncNews news;
    news.online = step.center != "offline";
    news.failure = news.online ? "" : "unreachable";
    news.queued = step.seconds;
    if (step.seconds > 0) {
        news.oldest_queued_at = to_iso8601(Instant{now.unix_seconds - 7200});
    }
    news.last_success_at = to_iso8601(Instant{now.unix_seconds - (news.online ? 0 : 7200)});
    if (step.center == "confirms" || step.center == "refuses") {
        const auto record = flow.awaited_record();
        if (!record) {
            return fail("line " + std::to_string(step.line) + ": no signing waits for the center");
        }
        if (step.center == "confirms") {
            news.confirmed.push_back(*record);
        } else {
            news.refusals.push_back({*record, step.text});
            news.refused = 1;
        }
    }
    return news;
}

}  // namespace jiayi::flow
