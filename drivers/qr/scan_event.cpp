#include "drivers/qr/scan_event.hpp"

#include <iterator>

namespace jiayi::drivers::qr {

bool Debounce::admit(const std::string& text, std::chrono::steady_clock::time_point now) {
    // Forget what is older than the window, so the map stays as small as
    // the few codes of the last seconds.
    for (auto it = seen_.begin(); it != seen_.end();) {
        it = now - it->second >= window_ ? seen_.erase(it) : std::next(it);
    }
    const bool news = !seen_.contains(text);
    seen_[text] = now;
    return news;
}

}  // namespace jiayi::drivers::qr
