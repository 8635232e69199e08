// Scripts for headless sessions: what reads, and what is refused with its line.

#include <doctest/doctest.h>

#include "kiosk/flow/script.hpp"

using namespace jiayi::flow;

TEST_CASE("a script reads into steps") {
    auto steps = parse_script(
        "# a comment\n"
        "card adult\n"
        "card 500114198003010131 测试\n"
        "tap choose-team team-a   # with an argument\n"
        "tap rate 5\n"
        "keys 139\n"
        "stroke\n"
        "qr hello\n"
        "wait 61\n"
        "shot\n");
    REQUIRE(steps.ok());
    REQUIRE(steps->size() == 9);
    CHECK((*steps)[0].kind == ScriptStep::Kind::Card);
    CHECK((*steps)[1].name == "测试");
    CHECK((*steps)[2].intent.kind == IntentKind::ChooseTeam);
    CHECK((*steps)[2].intent.arg == "team-a");
    CHECK((*steps)[3].intent.value == 5);
    CHECK((*steps)[7].seconds == 61);
    CHECK((*steps)[8].line == 10);
}

TEST_CASE("a bad script is refused whole, every error with its line") {
    auto steps = parse_script("tap fly\nwait forever\ntap rate five\ncard\nstroke now\ntap next\n");
    REQUIRE_FALSE(steps.ok());
    const auto& errors = steps.error();
    REQUIRE(errors.size() == 5);
    CHECK(errors[0] == "line 1: no intent \"fly\"");
    CHECK(errors[1].rfind("line 2:", 0) == 0);
    CHECK(errors[2].rfind("line 3:", 0) == 0);
    CHECK(errors[3].rfind("line 4:", 0) == 0);
    CHECK(errors[4].rfind("line 5:", 0) == 0);
}

TEST_CASE("every intent's name reads back to the intent") {
    for (int i = 0; i <= static_cast<int>(IntentKind::ToggleVoice); ++i) {
        const auto kind = static_cast<IntentKind>(i);
        CAPTURE(intent_name(kind));
        CHECK(intent_from_name(intent_name(kind)) == kind);
    }
}

TEST_CASE("printer steps: what the printer says about the receipt on screen") {
    auto steps = parse_script("printer waiting paper-out\nprinter printed\nprinter back\n");
    REQUIRE(steps.ok());
    REQUIRE(steps->size() == 3);
    CHECK((*steps)[0].kind == ScriptStep::Kind::Printer);
    CHECK((*steps)[0].printer.kind == jiayi::flow::PrinterEvent::Kind::Waiting);
    CHECK((*steps)[0].printer.problem == jiayi::flow::PrinterProblem::PaperOut);
    CHECK((*steps)[1].printer.kind == jiayi::flow::PrinterEvent::Kind::Printed);
    CHECK((*steps)[2].printer.kind == jiayi::flow::PrinterEvent::Kind::Back);

    auto bad = parse_script(
        "printer jammed\nprinter waiting\nprinter printed paper-out\n"
        "printer waiting smoke\n");
    REQUIRE_FALSE(bad.ok());
    REQUIRE(bad.error().size() == 4);
    CHECK(bad.error()[0] == "line 1: printer takes printed, sent, waiting, disconnected or back");
    CHECK(bad.error()[1] == "line 2: printer waiting takes a problem, and only it does");
    CHECK(bad.error()[2] == "line 3: printer waiting takes a problem, and only it does");
    CHECK(bad.error()[3] ==
          "line 4: no printer problem \"smoke\" (paper-out, cover-open, offline, no-answer)");
}
