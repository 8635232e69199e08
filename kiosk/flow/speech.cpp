#include "kiosk/flow/speech.hpp"

#include <algorithm>

namespace jiayi::flow {

namespace {

// The variant of a screen's sentence whose next step differs from the
// screen's usual one (speech.hpp lists them); empty for the usual one.
std::string screen_variant(const View& view) {
    const auto primary = std::find_if(view.actions.begin(), view.actions.end(),
                                      [](const Action& a) { return a.primary; });
    const auto offers = [&](IntentKind kind) {
        return std::any_of(view.actions.begin(), view.actions.end(),
                           [&](const Action& a) { return a.intent == kind; });
    };
    switch (view.screen) {
        case Screen::Status:
            if (primary == view.actions.end()) {
                return {};
            }
            switch (primary->intent) {
                case IntentKind::Sign:
                    return "sign";
                case IntentKind::Renew:
                    return "renew";
                case IntentKind::Next:
                    return "signed";
                default:
                    return {};
            }
        case Screen::Phone:
            return offers(IntentKind::KeepPhone) ? "on-file" : "";
        case Screen::Feedback:
            return view.asking_knows ? "knows" : "";
        default:
            return {};
    }
}

// The catalog key of what `view` says; empty when it says nothing.
std::string spoken_key(const View& view, const text::Catalog& catalog) {
    if (view.message) {
        const std::string key = "say.message." + view.message->code;
        return catalog.has(key) ? key : "say.message-other";
    }
    if (view.countdown) {
        return "say.countdown";
    }
    if (view.booking.waiting) {
        return "say.waiting";
    }
    const std::string key = std::string("say.screen.") + screen_name(view.screen);
    if (const std::string variant = screen_variant(view); !variant.empty()) {
        if (catalog.has(key + "-" + variant)) {
            return key + "-" + variant;
        }
    }
    return key;
}

}  // namespace

std::optional<Speech> speech_for(const View& view, const text::Catalog& catalog) {
    const std::string key = spoken_key(view, catalog);
    if (!catalog.has(key)) {
        return std::nullopt;
    }
    return Speech{key, view.language, catalog.text(view.language, key),
                  view.language == Language::ZhCN ? catalog.pinyin(key) : std::string()};
}

}  // namespace jiayi::flow
