#pragma once
// The camera's scan loop, on its own thread: each frame as it comes (at the
// camera's rate), decoded; each code posted once per debounce window; the
// latest frame kept, downscaled, for the UI's preview; the camera opened
// again after it went away.
//
// Threading: start() spawns the thread; `post` is called on it (the kiosk
// posts into flow::EventQueue); preview() may be called from any thread;
// stop() wakes the loop and joins it, within one frame wait
// (ScannerOptions::frame_wait). The source belongs to the thread.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "drivers/qr/camera.hpp"
#include "drivers/qr/decoder.hpp"
#include "drivers/qr/scan_event.hpp"

namespace jiayi::drivers::qr {

struct ScannerOptions {
    std::chrono::milliseconds debounce{3000};
    std::chrono::milliseconds frame_wait{200};  // one wait for a frame; bounds stop()
    std::chrono::milliseconds reconnect{1000};  // between attempts to open the camera
    int preview_step = 4;                       // 1280×720 → a 320×180 preview
    DecodeOptions decode;
};

class Scanner {
  public:
    // `clock` is read once per frame.
    Scanner(OpenSource open, ScannerOptions options, std::function<void(ScanEvent)> post,
            Clock clock = std::chrono::steady_clock::now);
    ~Scanner();
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;

    void start();
    void stop();

    // The latest frame, downscaled, into `into` when it is newer than
    // `seen` (a frame count, updated); false when there is nothing new.
    bool preview(std::uint64_t& seen, GreyImage& into) const;
    std::uint64_t frames() const;

  private:
    void run();
    bool serve(FrameSource& source);  // false when the source went away
    bool pause();                     // waits before reconnecting; false when stopping
    bool stopping() const;
    void lost(const IoError& error);

    OpenSource open_;
    ScannerOptions options_;
    std::function<void(ScanEvent)> post_;
    Clock clock_;
    Debounce debounce_;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool working_ = true;  // false after Lost, until Back
    GreyImage preview_;    // guarded by mutex_
    std::uint64_t frames_ = 0;
};

}  // namespace jiayi::drivers::qr
