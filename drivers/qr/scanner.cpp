#include "drivers/qr/scanner.hpp"

namespace jiayi::drivers::qr {

std::vector<Code> FrameDecoder::read(const GreyView& frame) {
    std::vector<Code> codes;
    if (effort_.harder_every > 0 && misses_ + 1 >= effort_.harder_every) {
        ++passes_.harder;
        codes = decode(frame, effort_.harder);
        misses_ = 0;
    } else {
        ++passes_.fast;
        codes = decode(frame, effort_.fast);
        misses_ = codes.empty() ? misses_ + 1 : 0;
    }
    return codes;
}

Scanner::Scanner(OpenSource open, ScannerOptions options, std::function<void(ScanEvent)> post,
                 Clock clock)
    : open_(std::move(open)),
      options_(options),
      post_(std::move(post)),
      clock_(std::move(clock)),
      debounce_(options.debounce),
      decoder_(options.effort) {}

Scanner::~Scanner() {
    stop();
}

void Scanner::start() {
    thread_ = std::thread([this] { run(); });
}

void Scanner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool Scanner::stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

bool Scanner::pause() {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, options_.reconnect, [this] { return stopping_; });
}

bool Scanner::preview(std::uint64_t& seen, GreyImage& into) const {
    std::lock_guard lock(mutex_);
    if (frames_ == seen || preview_.empty()) {
        return false;
    }
    seen = frames_;
    into = preview_;
    return true;
}

std::uint64_t Scanner::frames() const {
    std::lock_guard lock(mutex_);
    return frames_;
}

void Scanner::lost(const IoError& error) {
    if (working_) {
        working_ = false;
        post_({ScanEvent::Kind::Lost, {}, {}, error.message});
    }
}

void Scanner::run() {
    // Open, scan until the camera goes away, and open it again.
    while (!stopping()) {
        auto opened = open_();
        if (!opened) {
            lost(opened.error());
        } else {
            const auto& source = *opened;
            if (!working_) {
                working_ = true;
                post_({ScanEvent::Kind::Back, {}, {}, source->describe()});
            }
            if (serve(*source)) {
                return;  // stopping
            }
        }
        if (!pause()) {
            return;
        }
    }
}

bool Scanner::serve(FrameSource& source) {
    GreyImage frame;
    while (!stopping()) {
        auto got = source.next(frame, options_.frame_wait);
        if (!got) {
            if (got.error().kind == IoError::Kind::Timeout) {
                continue;
            }
            lost(got.error());
            return false;
        }
        const auto now = clock_();
        for (auto& code : decoder_.read(frame.view())) {
            if (debounce_.admit(code.text, now)) {
                post_({ScanEvent::Kind::Code, std::move(code.text), std::move(code.format), {}});
            }
        }
        GreyImage small = downscale(frame.view(), options_.preview_step);
        std::lock_guard lock(mutex_);
        preview_ = std::move(small);
        ++frames_;
    }
    return true;
}

}  // namespace jiayi::drivers::qr
