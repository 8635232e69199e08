// flow::parse_script on any text (kiosk/flow/script.hpp): it never throws;
// a bad script runs nothing and names each bad line once, in order, with a
// line number inside the text; a good one gives its steps in line order, each
// step written back as a line reads back to the same step, and each line
// reads the same on its own as inside the script.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/flow/script.hpp"

using namespace jiayi::flow;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

bool same(const ScriptStep& a, const ScriptStep& b) {
    return a.kind == b.kind && a.text == b.text && a.name == b.name &&
           a.intent.kind == b.intent.kind && a.intent.arg == b.intent.arg &&
           a.intent.value == b.intent.value && a.seconds == b.seconds &&
           a.printer.kind == b.printer.kind && a.printer.problem == b.printer.problem;
}

// The line a step is read from, written back from the header's grammar.
std::string write(const ScriptStep& s) {
    using K = ScriptStep::Kind;
    switch (s.kind) {
        case K::Card:
            return "card " + s.text + (s.name.empty() ? "" : " " + s.name);
        case K::Tap: {
            std::string line = std::string("tap ") + intent_name(s.intent.kind);
            const bool numeric =
                s.intent.kind == IntentKind::Rate || s.intent.kind == IntentKind::KnowsDoctor;
            if (numeric) {
                line += " " + std::to_string(s.intent.value);
            } else if (!s.intent.arg.empty()) {
                line += " " + s.intent.arg;
            }
            return line;
        }
        case K::Keys:
            return "keys " + s.text;
        case K::Stroke:
            return "stroke";
        case K::Qr:
            return "qr " + s.text;
        case K::Printer: {
            const char* kinds[] = {"printed", "sent", "waiting", "disconnected", "back"};
            std::string line = std::string("printer ") + kinds[static_cast<int>(s.printer.kind)];
            if (s.printer.kind == PrinterEvent::Kind::Waiting) {
                line += " " + std::string(code(s.printer.problem));
            }
            return line;
        }
        case K::Wait:
            return "wait " + std::to_string(s.seconds);
        case K::Shot:
            return "shot";
    }
    std::abort();
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        out.emplace_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

// "line N: …" → N, or 0.
int line_number(const std::string& error) {
    if (!error.starts_with("line ")) {
        return 0;
    }
    int n = 0;
    for (std::size_t i = 5; i < error.size() && error[i] >= '0' && error[i] <= '9'; ++i) {
        n = n * 10 + (error[i] - '0');
        if (n > 1'000'000) {
            return 0;
        }
    }
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto lines = lines_of(text);
    const int count = static_cast<int>(lines.size());
    const auto parsed = parse_script(text);

    if (!parsed) {
        check(!parsed.error().empty());
        int previous = 0;
        for (const std::string& e : parsed.error()) {
            const int n = line_number(e);
            check(n > previous && n <= count);
            check(e.size() > std::string("line " + std::to_string(n) + ": ").size());
            // That line alone is refused too.
            check(!parse_script(lines[static_cast<std::size_t>(n - 1)]).ok());
            previous = n;
        }
        return 0;
    }
    int previous = 0;
    for (const ScriptStep& step : *parsed) {
        check(step.line > previous && step.line <= count);
        previous = step.line;
        // Its line alone reads the same (only the line number differs).
        auto alone = parse_script(lines[static_cast<std::size_t>(step.line - 1)]);
        check(alone.ok() && alone->size() == 1 && same(alone->front(), step));
        // Written back, it reads back.
        auto back = parse_script(write(step));
        check(back.ok() && back->size() == 1 && same(back->front(), step));
        check(back->front().line == 1);
    }
    return 0;
}
