#include "drivers/qr/wedge.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace jiayi::drivers::qr {

namespace {

// Key codes from <linux/input-event-codes.h> to characters, [unshifted,
// shifted]. Letters and the number row as on a US keyboard; the keypad as
// some scanners send digits.
struct Keys {
    std::array<std::array<char, 2>, KEY_KPDOT + 1> map{};
    constexpr Keys() {
        auto set = [this](int key, char plain, char shifted) {
            map[static_cast<std::size_t>(key)] = {plain, shifted};
        };
        const char* digits = "1234567890";
        const char* shifted_digits = "!@#$%^&*()";
        for (int i = 0; i < 10; ++i) {
            set(KEY_1 + i, digits[i], shifted_digits[i]);
        }
        const char* rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
        const int starts[] = {KEY_Q, KEY_A, KEY_Z};
        for (int r = 0; r < 3; ++r) {
            for (int i = 0; rows[r][i] != 0; ++i) {
                const char c = rows[r][i];
                set(starts[r] + i, c, static_cast<char>(c - 'a' + 'A'));
            }
        }
        set(KEY_MINUS, '-', '_');
        set(KEY_EQUAL, '=', '+');
        set(KEY_LEFTBRACE, '[', '{');
        set(KEY_RIGHTBRACE, ']', '}');
        set(KEY_SEMICOLON, ';', ':');
        set(KEY_APOSTROPHE, '\'', '"');
        set(KEY_GRAVE, '`', '~');
        set(KEY_BACKSLASH, '\\', '|');
        set(KEY_COMMA, ',', '<');
        set(KEY_DOT, '.', '>');
        set(KEY_SLASH, '/', '?');
        set(KEY_SPACE, ' ', ' ');
        set(KEY_KPASTERISK, '*', '*');
        set(KEY_KPMINUS, '-', '-');
        set(KEY_KPPLUS, '+', '+');
        set(KEY_KPDOT, '.', '.');
        const int keypad[] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                              KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
        for (int i = 0; i < 10; ++i) {
            set(keypad[i], static_cast<char>('0' + i), static_cast<char>('0' + i));
        }
    }
};
constexpr Keys kKeys;

std::chrono::microseconds stamp(const input_event& e) {
    return std::chrono::seconds(e.input_event_sec) + std::chrono::microseconds(e.input_event_usec);
}

// An open device, closed (and its grab released) when it goes.
class Device {
  public:
    explicit Device(int fd) : fd_(fd) {}
    ~Device() {
        if (grabbed_) {
            (void)::ioctl(fd_.get(), EVIOCGRAB, 0);
        }
    }
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    int fd() const { return fd_.get(); }
    bool grab() {
        grabbed_ = ::ioctl(fd_.get(), EVIOCGRAB, 1) == 0;
        return grabbed_;
    }

  private:
    UniqueFd fd_;
    bool grabbed_ = false;
};

}  // namespace

char us_keymap(unsigned short key, bool shift) {
    if (key >= kKeys.map.size()) {
        return 0;
    }
    return kKeys.map[key][shift ? 1 : 0];
}

void KeyDecoder::reset() {
    partial_.clear();
    overflow_ = false;
    left_shift_ = false;
    right_shift_ = false;
    last_key_.reset();
}

std::optional<std::string> KeyDecoder::feed(const input_event& event) {
    if (event.type == EV_SYN && event.code == SYN_DROPPED) {
        // The kernel's buffer overflowed: keys are missing from this code.
        partial_.clear();
        overflow_ = true;
        return std::nullopt;
    }
    if (event.type != EV_KEY) {
        return std::nullopt;
    }
    if (event.code == KEY_LEFTSHIFT || event.code == KEY_RIGHTSHIFT) {
        (event.code == KEY_LEFTSHIFT ? left_shift_ : right_shift_) = event.value != 0;
        return std::nullopt;
    }
    if (event.value != 1) {
        return std::nullopt;  // a release, or a held key's repeat
    }
    const auto now = stamp(event);
    if (last_key_ && now - *last_key_ > key_gap_) {
        partial_.clear();  // the rest of the last code never came
        overflow_ = false;
    }
    last_key_ = now;
    if (event.code == KEY_ENTER || event.code == KEY_KPENTER) {
        std::optional<std::string> code;
        if (!partial_.empty() && !overflow_) {
            code = std::move(partial_);
        }
        partial_.clear();
        overflow_ = false;
        last_key_.reset();
        return code;
    }
    const char c = us_keymap(event.code, left_shift_ || right_shift_);
    if (c == 0 || overflow_) {
        return std::nullopt;
    }
    if (partial_.size() >= max_length_) {
        partial_.clear();
        overflow_ = true;
        return std::nullopt;
    }
    partial_ += c;
    return std::nullopt;
}

WedgeScanner::WedgeScanner(std::string device, WedgeOptions options,
                           std::function<void(ScanEvent)> post, Clock clock)
    : device_(std::move(device)),
      options_(options),
      post_(std::move(post)),
      clock_(std::move(clock)),
      debounce_(options.debounce),
      keys_(options.key_gap, options.max_length) {
    wake_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!wake_fd_.valid()) {
        throw std::system_error(errno, std::generic_category(), "eventfd");
    }
}

WedgeScanner::~WedgeScanner() {
    stop();
}

void WedgeScanner::start() {
    thread_ = std::thread([this] { run(); });
}

void WedgeScanner::stop() {
    const std::uint64_t one = 1;
    (void)!::write(wake_fd_.get(), &one, sizeof one);
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool WedgeScanner::pause() {
    pollfd p{wake_fd_.get(), POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(options_.reconnect.count())) == 0;
}

void WedgeScanner::lost(const std::string& why) {
    if (working_) {
        working_ = false;
        post_({ScanEvent::Kind::Lost, {}, {}, why});
    }
}

void WedgeScanner::run() {
    do {
        const int fd = ::open(device_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            lost("cannot open " + device_ + ": " + std::strerror(errno));
            continue;
        }
        Device device(fd);
        // Exclusive: while we hold it, no keystroke of the scanner reaches
        // the kiosk's window (or a console).
        if (options_.grab && !device.grab()) {
            lost("cannot grab " + device_ + " (another program holds it): " + std::strerror(errno));
            continue;
        }
        if (!working_) {
            working_ = true;
            post_({ScanEvent::Kind::Back, {}, {}, device_});
        }
        keys_.reset();
        if (serve(device.fd())) {
            return;  // stopping
        }
    } while (pause());
}

bool WedgeScanner::serve(int fd) {
    // The kernel hands out whole input_event records; an emulated device (a
    // socket under umockdev) may split one, so a partial record is kept for
    // the next read.
    std::array<std::uint8_t, 64 * sizeof(input_event)> bytes{};
    std::size_t kept = 0;
    for (;;) {
        pollfd p[2] = {{fd, POLLIN, 0}, {wake_fd_.get(), POLLIN, 0}};
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            lost(std::string("poll: ") + std::strerror(errno));
            return false;
        }
        if (p[1].revents & POLLIN) {
            return true;
        }
        const ssize_t n = ::read(fd, bytes.data() + kept, bytes.size() - kept);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            continue;
        }
        if (n <= 0) {
            // ENODEV when unplugged; end of file from an emulated device.
            lost(device_ + (n == 0 ? ": closed" : std::string(": ") + std::strerror(errno)));
            return false;
        }
        const std::size_t have = kept + static_cast<std::size_t>(n);
        const std::size_t whole = have / sizeof(input_event);
        for (std::size_t i = 0; i < whole; ++i) {
            input_event e{};
            std::memcpy(&e, bytes.data() + i * sizeof e, sizeof e);
            auto code = keys_.feed(e);
            if (code && debounce_.admit(*code, clock_())) {
                post_({ScanEvent::Kind::Code, std::move(*code), "keyboard-wedge", {}});
            }
        }
        kept = have - whole * sizeof(input_event);
        std::memmove(bytes.data(), bytes.data() + whole * sizeof(input_event), kept);
    }
}

}  // namespace jiayi::drivers::qr
