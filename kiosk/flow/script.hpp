#pragma once
// A scripted session (`jiayi-kiosk --headless --script FILE`): one step per
// line, driving the same flow a person drives by touch.
//
//   # a comment
//   card adult              a demo card by name (demo::cards), or
//   card 500114… 王测试     a number and a name
//   tap sign                an intent by name (flow/names.cpp), then its
//   tap choose-team team-a  argument, or a number for rate / knows-doctor;
//   tap pick-day @1         "@N": the Nth choice the screen offers (booking:
//                           days and times depend on the day the script runs)
//   keys 13912345678        one key intent per character
//   stroke                  a made-up signature
//   qr TEXT                 a scanned code
//   wait 61                 let that many seconds pass (the idle timers run)
//   center online [N]       the sync's news: the hub answered (N records waiting)
//   center offline [N]      …the hub cannot be reached (N waiting, for two hours)
//   center confirms         …the center acknowledged the signing waiting for it
//   center refuses CODE     …the center refused it with the hub's CODE
//   shot                    a screenshot even if the screen did not change

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/flow/view_model.hpp"

namespace jiayi::flow {

struct ScriptStep {
    enum class Kind { Card, Tap, Keys, Stroke, Qr, Printer, Wait, Shot, Center } kind = Kind::Tap;
    std::string text;      // card name or number, keys, QR text
    std::string name;      // a card's holder name when given by number
    Intent intent;         // for Tap
    int seconds = 0;       // for Wait
    PrinterEvent printer;  // for Printer: about the session's receipt
    // For Center: online/offline with `seconds` records waiting, or
    // "confirms" / "refuses" (the code in `text`) the signing waiting.
    std::string center;
    int line = 0;
};

// Every error is listed with its line; nothing runs from a bad script.
Result<std::vector<ScriptStep>, std::vector<std::string>> parse_script(std::string_view text);

// A tap's argument as the screen offers it: "@N" is the id of the Nth
// booking choice (hospital, department, day, time) or booking on show
// (empty when there is none); any other argument is itself.
std::string offered_argument(const View& view, const std::string& arg);

// The sync's news a "center" step makes up (a demo has no hub); an error
// when it confirms or refuses and no signing waits for the center.
Result<SyncNews, std::string> scripted_news(const ScriptStep& step, const Flow& flow, Instant now);

// A made-up signature in pad units: two strokes.
std::vector<std::vector<image::Point>> sample_signature();

}  // namespace jiayi::flow
