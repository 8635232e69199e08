#pragma once
// What the scanners (the camera's and the keyboard wedge's) tell the kiosk,
// and the debounce both apply: a code held in front of the camera, or
// scanned twice by a nervous hand, is one event.

#include <chrono>
#include <functional>
#include <string>
#include <unordered_map>

namespace jiayi::drivers::qr {

// Time as an input (STYLE.md): the scanners read it once per frame or code.
using Clock = std::function<std::chrono::steady_clock::time_point()>;

struct ScanEvent {
    enum class Kind {
        Code,  // `text` (and `format`, for a camera) hold the code
        Lost,  // the device cannot be opened or went away (unplugged)
        Back,  // it works again after Lost
    } kind = Kind::Code;
    std::string text;
    std::string format;
    std::string detail;  // for staff and logs: never a code's content
};

// A code is news when it was not seen within the window before now. Every
// sighting restarts its window, so a code that stays in view is reported
// once, and again only after it has been away for the whole window.
class Debounce {
  public:
    explicit Debounce(std::chrono::milliseconds window) : window_(window) {}
    bool admit(const std::string& text, std::chrono::steady_clock::time_point now);

  private:
    std::chrono::milliseconds window_;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> seen_;
};

}  // namespace jiayi::drivers::qr
