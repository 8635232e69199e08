#pragma once
// HID keyboard-wedge scanners: the scanner is a USB keyboard that types each
// code and presses Enter. We read its evdev device (/dev/input/eventN)
// directly with an exclusive grab (EVIOCGRAB), so its keystrokes never reach
// the UI or anything else, and turn key events back into text with the US
// keymap (scanners are set to it; Shift for capitals and symbols).
//
// Threading: like the camera's Scanner. start() spawns the thread; `post` is
// called on it; stop() wakes it at once (an eventfd) and joins it. The
// device and its grab belong to the thread, and are released when it ends.

#include <linux/input.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "common/unique_fd.hpp"
#include "drivers/qr/scan_event.hpp"

namespace jiayi::drivers::qr {

struct WedgeOptions {
    // A scanner types a code in one burst, a few ms a key; a longer gap
    // means the rest of that code was lost, and what came before is dropped.
    std::chrono::milliseconds key_gap{500};
    std::size_t max_length = 512;  // a longer "code" is dropped whole
    std::chrono::milliseconds debounce{3000};
    std::chrono::milliseconds reconnect{1000};
    bool grab = true;  // false only to watch a scanner that something else uses
};

// Key events → codes: the US keymap with Shift, Enter ends a code. Pure;
// the gap between keys is measured on the events' own timestamps.
class KeyDecoder {
  public:
    explicit KeyDecoder(std::chrono::milliseconds key_gap = std::chrono::milliseconds(500),
                        std::size_t max_length = 512)
        : key_gap_(key_gap), max_length_(max_length) {}

    // The whole code when this event was its Enter.
    std::optional<std::string> feed(const input_event& event);
    void reset();  // the device went away, or events were dropped

  private:
    std::chrono::milliseconds key_gap_;
    std::size_t max_length_;
    std::string partial_;
    bool overflow_ = false;
    bool left_shift_ = false;
    bool right_shift_ = false;
    std::optional<std::chrono::microseconds> last_key_;
};

// The character a key types on a US keyboard, with or without Shift; 0 for
// keys that type nothing we read.
char us_keymap(unsigned short key, bool shift);

class WedgeScanner {
  public:
    WedgeScanner(std::string device, WedgeOptions options, std::function<void(ScanEvent)> post,
                 Clock clock = std::chrono::steady_clock::now);
    ~WedgeScanner();
    WedgeScanner(const WedgeScanner&) = delete;
    WedgeScanner& operator=(const WedgeScanner&) = delete;

    void start();
    void stop();

  private:
    void run();
    bool serve(int fd);  // false when the device went away
    bool pause();        // false when stopping
    void lost(const std::string& why);

    std::string device_;
    WedgeOptions options_;
    std::function<void(ScanEvent)> post_;
    Clock clock_;
    Debounce debounce_;
    KeyDecoder keys_;
    UniqueFd wake_fd_;  // an eventfd: stop() makes it readable
    std::thread thread_;
    bool working_ = true;
};

}  // namespace jiayi::drivers::qr
