// What a view says aloud (kiosk/flow/speech.hpp): a sentence for every
// screen and message in both languages, chosen message > countdown > screen,
// with pinyin for zh-CN and keys that make file names.

#include "kiosk/flow/speech.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace jiayi;
using flow::IntentKind;
using flow::Screen;

namespace {

text::Catalog shipped() {
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? "" : catalog.error()));
    return std::move(catalog).value();
}

flow::View view_of(Screen screen, text::Language language = text::Language::ZhCN) {
    flow::View v;
    v.screen = screen;
    v.language = language;
    v.title = std::string("title.") + flow::screen_name(screen);
    return v;
}

std::string key_of(const flow::View& v, const text::Catalog& catalog) {
    auto speech = flow::speech_for(v, catalog);
    return speech ? speech->key : "(silent)";
}

}  // namespace

TEST_CASE("every screen speaks a sentence of its own in both languages") {
    const auto catalog = shipped();
    for (int i = 0; i <= static_cast<int>(flow::kLastScreen); ++i) {
        const auto screen = static_cast<Screen>(i);
        const std::string name = flow::screen_name(screen);
        CAPTURE(name);
        for (auto language : {text::Language::ZhCN, text::Language::En}) {
            auto speech = flow::speech_for(view_of(screen, language), catalog);
            REQUIRE(speech);
            CHECK(speech->key == std::string("say.screen.") + flow::screen_name(screen));
            CHECK(speech->language == language);
            CHECK_FALSE(speech->text.empty());
            CHECK(speech->text != speech->key);  // a catalog sentence, not the missing key
            CHECK(speech->pinyin.empty() == (language == text::Language::En));
        }
    }
}

TEST_CASE("every message the catalog holds has its own spoken sentence") {
    const auto catalog = shipped();
    const auto messages = catalog.keys("message.");
    REQUIRE(messages.size() > 80);
    for (const auto& message : messages) {
        CAPTURE(message);
        auto v = view_of(Screen::Home);
        v.message = flow::Message{message.substr(std::string("message.").size()), {"张三"}};
        auto speech = flow::speech_for(v, catalog);
        REQUIRE(speech);
        CHECK(speech->key == "say." + message);
        // The message's values (here a made-up name) are never spoken.
        CHECK(speech->text.find("张三") == std::string::npos);
    }
}

TEST_CASE("a message is spoken over the countdown, the countdown over the screen") {
    const auto catalog = shipped();
    auto v = view_of(Screen::Teams);
    CHECK(key_of(v, catalog) == "say.screen.teams");
    v.countdown = 20;
    CHECK(key_of(v, catalog) == "say.countdown");
    v.message = flow::Message{"team-full", {}};
    CHECK(key_of(v, catalog) == "say.message.team-full");
    v.countdown.reset();
    CHECK(key_of(v, catalog) == "say.message.team-full");
    v.message = flow::Message{"a-code-with-no-sentence", {}};
    CHECK(key_of(v, catalog) == "say.message-other");
}

TEST_CASE("a booking screen waiting for the center says so") {
    const auto catalog = shipped();
    auto v = view_of(Screen::BookDay);
    v.booking.waiting = true;
    CHECK(key_of(v, catalog) == "say.waiting");
}

TEST_CASE("the status screen names its primary action") {
    const auto catalog = shipped();
    struct Case {
        IntentKind primary;
        const char* key;
    };
    for (const Case c : {Case{IntentKind::Sign, "say.screen.status-sign"},
                         Case{IntentKind::Renew, "say.screen.status-renew"},
                         Case{IntentKind::Next, "say.screen.status-signed"}}) {
        auto v = view_of(Screen::Status);
        v.actions = {{c.primary, "action.x", true}, {IntentKind::Finish, "action.finish", false}};
        CHECK(key_of(v, catalog) == c.key);
    }
    auto v = view_of(Screen::Status);
    v.actions = {{IntentKind::Book, "action.book", false}};
    CHECK(key_of(v, catalog) == "say.screen.status");
}

TEST_CASE("the phone screen with a number on file, and feedback's second question") {
    const auto catalog = shipped();
    auto phone = view_of(Screen::Phone);
    CHECK(key_of(phone, catalog) == "say.screen.phone");
    phone.actions = {{IntentKind::KeepPhone, "action.keep_phone", true},
                     {IntentKind::ChangePhone, "action.change_phone", false}};
    CHECK(key_of(phone, catalog) == "say.screen.phone-on-file");

    auto feedback = view_of(Screen::Feedback);
    CHECK(key_of(feedback, catalog) == "say.screen.feedback");
    feedback.asking_knows = true;
    CHECK(key_of(feedback, catalog) == "say.screen.feedback-knows");
}

TEST_CASE("a zh-CN speech carries the sentence's pinyin, an English one none") {
    const auto catalog = shipped();
    auto zh = flow::speech_for(view_of(Screen::Home), catalog);
    REQUIRE(zh);
    CHECK(zh->text == catalog.text(text::Language::ZhCN, "say.screen.home"));
    CHECK(zh->pinyin == catalog.pinyin("say.screen.home"));
    CHECK(zh->pinyin.find("shen1 fen4 zheng4") != std::string::npos);
    auto en = flow::speech_for(view_of(Screen::Home, text::Language::En), catalog);
    REQUIRE(en);
    CHECK(en->pinyin.empty());
    CHECK(en->text.find("ID card") != std::string::npos);
}

TEST_CASE("every spoken key makes a file name for a recorded prompt") {
    const auto catalog = shipped();
    const std::regex safe("say\\.[a-z0-9.-]+");
    for (const auto& key : catalog.keys("say.")) {
        CAPTURE(key);
        CHECK(std::regex_match(key, safe));
        CHECK(key.find("..") == std::string::npos);
    }
}
