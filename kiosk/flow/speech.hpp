#pragma once
// What the kiosk says aloud (issue 13, "Spoken guidance"): one short
// sentence per screen, spoken when the screen appears, when a message or the
// idle countdown appears over it, and again on "Listen again". The sentences
// are catalog text only — never the view's names, numbers or phones — so
// nothing personal is ever spoken (the catalog refuses a spoken sentence
// with a "{0}"). Pure: no audio here; the kiosk's voice (drivers/voice)
// speaks what this returns.
//
// The spoken keys (assets/strings/*.toml, [say]; assets/strings/README.md
// lists them for a health center recording its own prompts):
//   say.message.<code>       the message "message.<code>" over any screen
//   say.message-other        a message without a sentence of its own
//   say.countdown            the idle countdown ("are you still there?")
//   say.waiting              a booking screen waiting for the center's answer
//   say.screen.<screen>      the screen (screen_name: say.screen.home)
//   say.screen.<screen>-<v>  the screen when its next step differs:
//                            status-sign, status-renew, status-signed (by the
//                            status screen's primary action), phone-on-file
//                            (a number on file to keep or change),
//                            feedback-knows (the second question)
// Keys are lower-case letters, digits, '.' and '-' only, and stable: a
// recorded prompt is the file "<key>.wav".

#include <optional>
#include <string>

#include "kiosk/flow/view_model.hpp"
#include "kiosk/text/catalog.hpp"
#include "kiosk/text/language.hpp"

namespace jiayi::flow {

struct Speech {
    // The catalog key of the sentence; a health center's recorded prompt for
    // it is the file "<key>.wav" in the language's prompt folder.
    std::string key;
    Language language = Language::ZhCN;
    std::string text;    // the sentence as written in the catalog
    std::string pinyin;  // zh-CN: tone-numbered pinyin (espeak-ng cmn-latn-pinyin); en: empty
};

// What `view` says: the message's sentence when a message is up, the
// countdown's when it runs, else the screen's; nullopt when it says nothing.
std::optional<Speech> speech_for(const View& view, const text::Catalog& catalog);

}  // namespace jiayi::flow
