// Key events back into text: the US keymap with Shift, Enter, gaps, long
// junk and dropped events. Pure; the wedge's device tests are in
// qr_wedge_test.cpp.

#include <doctest/doctest.h>

#include "drivers/qr/wedge.hpp"

using namespace jiayi::drivers::qr;
using namespace std::chrono_literals;

namespace {

input_event key(std::chrono::microseconds at, unsigned short code, int value) {
    input_event e{};
    e.input_event_sec = static_cast<decltype(e.input_event_sec)>(at.count() / 1000000);
    e.input_event_usec = static_cast<decltype(e.input_event_usec)>(at.count() % 1000000);
    e.type = EV_KEY;
    e.code = code;
    e.value = value;
    return e;
}

// Presses and releases `code` at `at`; the result of the press.
std::optional<std::string> tap(KeyDecoder& d, std::chrono::microseconds at, unsigned short code) {
    auto out = d.feed(key(at, code, 1));
    CHECK_FALSE(d.feed(key(at + 100us, code, 0)).has_value());
    return out;
}

}  // namespace

TEST_CASE("the US keymap, with and without Shift") {
    CHECK(us_keymap(KEY_A, false) == 'a');
    CHECK(us_keymap(KEY_A, true) == 'A');
    CHECK(us_keymap(KEY_M, true) == 'M');
    CHECK(us_keymap(KEY_P, false) == 'p');
    CHECK(us_keymap(KEY_1, false) == '1');
    CHECK(us_keymap(KEY_0, false) == '0');
    CHECK(us_keymap(KEY_2, true) == '@');
    CHECK(us_keymap(KEY_SEMICOLON, true) == ':');
    CHECK(us_keymap(KEY_MINUS, false) == '-');
    CHECK(us_keymap(KEY_MINUS, true) == '_');
    CHECK(us_keymap(KEY_SLASH, false) == '/');
    CHECK(us_keymap(KEY_DOT, false) == '.');
    CHECK(us_keymap(KEY_KP7, false) == '7');
    CHECK(us_keymap(KEY_ENTER, false) == 0);
    CHECK(us_keymap(KEY_LEFTCTRL, false) == 0);
    CHECK(us_keymap(KEY_F1, false) == 0);
    CHECK(us_keymap(KEY_MAX, false) == 0);
}

TEST_CASE("Shift held across keys, either Shift, and Enter ends the code") {
    KeyDecoder d;
    auto t = 1s + 0us;
    CHECK_FALSE(d.feed(key(t, KEY_RIGHTSHIFT, 1)).has_value());
    CHECK_FALSE(tap(d, t += 1ms, KEY_N).has_value());
    CHECK_FALSE(d.feed(key(t, KEY_RIGHTSHIFT, 2)).has_value());  // Shift's own repeat
    CHECK_FALSE(tap(d, t += 1ms, KEY_SEMICOLON).has_value());
    CHECK_FALSE(d.feed(key(t, KEY_RIGHTSHIFT, 0)).has_value());
    CHECK_FALSE(tap(d, t += 1ms, KEY_7).has_value());
    CHECK_FALSE(d.feed(key(t += 1ms, KEY_A, 2)).has_value());  // a repeat types nothing
    auto code = tap(d, t += 1ms, KEY_KPENTER);
    REQUIRE(code.has_value());
    CHECK(*code == "N:7");
    // The next code starts empty.
    CHECK_FALSE(tap(d, t += 1ms, KEY_B).has_value());
    CHECK(tap(d, t += 1ms, KEY_ENTER) == std::optional<std::string>("b"));
    CHECK_FALSE(tap(d, t += 1ms, KEY_ENTER).has_value());  // Enter alone: nothing
}

TEST_CASE("a gap longer than the key gap drops what came before it") {
    KeyDecoder d(500ms);
    auto t = 10s + 0us;
    tap(d, t, KEY_X);
    tap(d, t += 1ms, KEY_Y);
    tap(d, t += 600ms, KEY_Z);  // after the gap: starts again
    CHECK(tap(d, t += 1ms, KEY_ENTER) == std::optional<std::string>("z"));
    tap(d, t += 5s, KEY_Q);
    CHECK_FALSE(tap(d, t += 501ms, KEY_ENTER).has_value());  // Enter too late: q was a fragment
}

TEST_CASE("longer than the limit: the whole code is dropped, the next one read") {
    KeyDecoder d(500ms, 4);
    auto t = 1s + 0us;
    for (int i = 0; i < 6; ++i) {
        tap(d, t += 1ms, KEY_1);
    }
    CHECK_FALSE(tap(d, t += 1ms, KEY_ENTER).has_value());
    for (int i = 0; i < 4; ++i) {
        tap(d, t += 1ms, KEY_2);
    }
    CHECK(tap(d, t += 1ms, KEY_ENTER) == std::optional<std::string>("2222"));
}

TEST_CASE("dropped events (SYN_DROPPED) lose the code being typed") {
    KeyDecoder d;
    auto t = 1s + 0us;
    tap(d, t += 1ms, KEY_A);
    input_event dropped{};
    dropped.type = EV_SYN;
    dropped.code = SYN_DROPPED;
    CHECK_FALSE(d.feed(dropped).has_value());
    tap(d, t += 1ms, KEY_B);
    CHECK_FALSE(tap(d, t += 1ms, KEY_ENTER).has_value());
    tap(d, t += 1ms, KEY_C);
    CHECK(tap(d, t += 1ms, KEY_ENTER) == std::optional<std::string>("c"));
}
