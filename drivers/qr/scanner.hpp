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
#include <vector>

#include "drivers/qr/camera.hpp"
#include "drivers/qr/decoder.hpp"
#include "drivers/qr/scan_event.hpp"

namespace jiayi::drivers::qr {

// How the camera spends its CPU (DESIGN.md: 10 ms a 1280×720 frame), one
// pass a frame. A frame is read with the fast pass, except that while
// nothing is found, every `harder_every`-th frame is read with `harder`
// instead (ZXing's try-harder: every row scanned for finder patterns), which
// reads codes the fast pass walks past — small or dense ones, photographs of
// paper. The count starts again at each frame where a code was found. So a
// code held in view that only try-harder reads is read within `harder_every`
// frames (3 at 30 frames a second: 0.1 s), while a frame never costs more
// than the dearer of the two passes. The harder pass runs instead of the fast
// one, not after it, because the two on one frame came to 12 ms (bench/
// README.md, "real photographs"); the frames before and after it get the fast
// pass, so nothing the fast pass reads is given up on a stream.
struct CameraEffort {
    DecodeOptions fast;                        // most frames
    DecodeOptions harder{.try_harder = true};  // every harder_every-th frame while nothing is found
    int harder_every = 3;                      // 0: never; 1: every frame
};

// The camera's decoding, frame after frame, as CameraEffort says; the scanner
// has one on its thread, the benchmark one per stream. Not thread-safe.
class FrameDecoder {
  public:
    explicit FrameDecoder(CameraEffort effort = {}) : effort_(effort) {}

    std::vector<Code> read(const GreyView& frame);

    // Passes run so far: what the rule above is tested by.
    struct Passes {
        std::uint64_t fast = 0;
        std::uint64_t harder = 0;
    };
    Passes passes() const { return passes_; }

  private:
    CameraEffort effort_;
    int misses_ = 0;  // frames in a row with nothing found, since the last harder pass
    Passes passes_;
};

struct ScannerOptions {
    std::chrono::milliseconds debounce{3000};
    std::chrono::milliseconds frame_wait{200};  // one wait for a frame; bounds stop()
    std::chrono::milliseconds reconnect{1000};  // between attempts to open the camera
    int preview_step = 4;                       // 1280×720 → a 320×180 preview
    CameraEffort effort;
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
    FrameDecoder decoder_;  // used on the thread only
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool working_ = true;  // false after Lost, until Back
    GreyImage preview_;    // guarded by mutex_
    std::uint64_t frames_ = 0;
};

}  // namespace jiayi::drivers::qr
