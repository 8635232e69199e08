// The keyboard-wedge scanner through the real evdev code: the device is
// emulated by umockdev (run under umockdev-wrapper, which preloads it), so
// open, EVIOCGRAB and read go through our driver as on a kiosk; the test
// types codes by writing input_event records as the kernel would deliver
// them, answers the grab, and unplugs the device by failing its reads with
// ENODEV, as the kernel does.

#include <doctest/doctest.h>
#include <umockdev.h>

#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "drivers/qr/wedge.hpp"
#include "support/scan_events.hpp"

using namespace jiayi::drivers::qr;
using namespace std::chrono_literals;
using Kind = ScanEvent::Kind;

namespace {

constexpr const char* kDevice = "/dev/input/event5";

bool preloaded() {
    const char* preload = std::getenv("LD_PRELOAD");
    return preload != nullptr && std::strstr(preload, "libumockdev-preload") != nullptr;
}

input_event event(std::chrono::microseconds at, unsigned short type, unsigned short code,
                  int value) {
    input_event e{};
    e.input_event_sec = static_cast<decltype(e.input_event_sec)>(at.count() / 1000000);
    e.input_event_usec = static_cast<decltype(e.input_event_usec)>(at.count() % 1000000);
    e.type = type;
    e.code = code;
    e.value = value;
    return e;
}

// The key (and Shift) that types `c` on a US keyboard.
std::pair<unsigned short, bool> key_for(char c) {
    for (unsigned short k = 1; k <= KEY_KPDOT; ++k) {
        if (us_keymap(k, false) == c) {
            return {k, false};
        }
        if (us_keymap(k, true) == c) {
            return {k, true};
        }
    }
    FAIL("no key types ", c);
    return {0, false};
}

// A scanner typing `text` and Enter from `start`, 2 ms a key, as events.
std::vector<input_event> typing(const std::string& text, std::chrono::microseconds start,
                                bool enter = true) {
    std::vector<input_event> out;
    auto t = start;
    auto stroke = [&](unsigned short key, bool shift) {
        if (shift) {
            out.push_back(event(t, EV_KEY, KEY_LEFTSHIFT, 1));
        }
        out.push_back(event(t, EV_KEY, key, 1));
        out.push_back(event(t, EV_SYN, SYN_REPORT, 0));
        out.push_back(event(t + 500us, EV_KEY, key, 0));
        if (shift) {
            out.push_back(event(t + 500us, EV_KEY, KEY_LEFTSHIFT, 0));
        }
        out.push_back(event(t + 500us, EV_SYN, SYN_REPORT, 0));
        t += 2ms;
    };
    for (char c : text) {
        const auto [key, shift] = key_for(c);
        stroke(key, shift);
    }
    if (enter) {
        stroke(KEY_ENTER, false);
    }
    return out;
}

// An emulated evdev keyboard in a umockdev testbed. The ioctl and read
// handlers run on umockdev's own thread.
class Testbed {
  public:
    Testbed() {
        REQUIRE_MESSAGE(preloaded(), "run this test under umockdev-wrapper");
        bed_ = umockdev_testbed_new();
        GError* error = nullptr;
        const bool added =
            umockdev_testbed_add_from_string(bed_,
                                             "P: /devices/virtual/input/input9/event5\n"
                                             "N: input/event5\n"
                                             "E: DEVNAME=/dev/input/event5\n"
                                             "E: SUBSYSTEM=input\n"
                                             "E: ID_INPUT=1\n"
                                             "E: ID_INPUT_KEYBOARD=1\n"
                                             "A: dev=13:69\n",
                                             &error);
        REQUIRE_MESSAGE(added, (error ? error->message : ""));
        handler_ = umockdev_ioctl_base_new();
        g_signal_connect_data(handler_, "handle-ioctl", reinterpret_cast<GCallback>(&on_ioctl),
                              this, nullptr, GConnectFlags{});
        g_signal_connect_data(handler_, "handle-read", reinterpret_cast<GCallback>(&on_read), this,
                              nullptr, GConnectFlags{});
        REQUIRE(umockdev_testbed_attach_ioctl(bed_, kDevice, handler_, &error));
        keyboard_ = umockdev_testbed_get_dev_fd(bed_, kDevice);
        REQUIRE(keyboard_ >= 0);
    }
    ~Testbed() {
        g_object_unref(handler_);
        g_object_unref(bed_);
    }
    Testbed(const Testbed&) = delete;
    Testbed& operator=(const Testbed&) = delete;

    void send(const std::vector<input_event>& events) {
        const auto bytes = events.size() * sizeof(input_event);
        REQUIRE(::write(keyboard_, events.data(), bytes) == static_cast<ssize_t>(bytes));
    }
    // Waits until the grab has been taken `n` times in all.
    bool wait_grabbed(int n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 10s, [&] { return grabs_ >= n; });
    }
    bool wait_released(int n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 10s, [&] { return releases_ >= n; });
    }
    int grabs() {
        std::lock_guard lock(mutex_);
        return grabs_;
    }
    void refuse_grab(bool refuse) { refuse_grab_ = refuse; }
    // Reads fail with ENODEV, as on an unplugged device; a SYN record wakes
    // the reader so that it reads.
    void unplug() {
        unplugged_ = true;
        send({event(0us, EV_SYN, SYN_REPORT, 0)});
    }
    void plug() { unplugged_ = false; }

  private:
    static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
        auto* bed = static_cast<Testbed*>(self);
        if (umockdev_ioctl_client_get_request(client) != EVIOCGRAB) {
            return false;
        }
        const auto* arg = umockdev_ioctl_client_get_arg(client);
        unsigned long value = 0;
        std::memcpy(&value, arg->data, sizeof value);
        if (value != 0 && bed->refuse_grab_) {
            umockdev_ioctl_client_complete(client, -1, EBUSY);
        } else {
            {
                std::lock_guard lock(bed->mutex_);
                (value != 0 ? bed->grabs_ : bed->releases_) += 1;
            }
            bed->changed_.notify_all();
            umockdev_ioctl_client_complete(client, 0, 0);
        }
        return true;
    }
    static gboolean on_read(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
        if (!static_cast<Testbed*>(self)->unplugged_) {
            return false;  // the emulated device's own bytes
        }
        umockdev_ioctl_client_complete(client, -1, ENODEV);
        return true;
    }

    UMockdevTestbed* bed_ = nullptr;
    UMockdevIoctlBase* handler_ = nullptr;
    int keyboard_ = -1;
    std::mutex mutex_;
    std::condition_variable changed_;
    int grabs_ = 0;
    int releases_ = 0;
    std::atomic<bool> refuse_grab_{false};
    std::atomic<bool> unplugged_{false};
};

// A clock the test moves by hand.
struct ManualClock {
    std::shared_ptr<std::atomic<std::int64_t>> ms = std::make_shared<std::atomic<std::int64_t>>(0);
    Clock clock() const {
        return [ms = ms] {
            return std::chrono::steady_clock::time_point{} + std::chrono::milliseconds(ms->load());
        };
    }
    void advance(std::chrono::milliseconds by) { *ms += by.count(); }
};

WedgeOptions quick() {
    WedgeOptions o;
    o.reconnect = 5ms;
    return o;
}

}  // namespace

TEST_CASE("a code typed by the scanner arrives whole, with the device grabbed while we read") {
    Testbed bed;
    jiayi::test::ScanEvents events;
    {
        WedgeScanner wedge(kDevice, quick(), [&](ScanEvent e) { events.post(std::move(e)); });
        wedge.start();
        REQUIRE(bed.wait_grabbed(1));
        bed.send(typing("jiayi:booking:B-17_x", 1s));
        REQUIRE(events.wait_for(Kind::Code));
        const auto all = events.all();
        REQUIRE(all.size() == 1);
        CHECK(all[0].text == "jiayi:booking:B-17_x");
        CHECK(all[0].format == "keyboard-wedge");
        wedge.stop();
    }
    CHECK(bed.wait_released(1));  // the grab goes with the driver
}

TEST_CASE("the same code twice within the window is one event, after it, another") {
    Testbed bed;
    jiayi::test::ScanEvents events;
    ManualClock clock;
    WedgeScanner wedge(
        kDevice, quick(), [&](ScanEvent e) { events.post(std::move(e)); }, clock.clock());
    wedge.start();
    REQUIRE(bed.wait_grabbed(1));
    bed.send(typing("jiayi:nurse:N1", 1s));
    bed.send(typing("jiayi:nurse:N1", 2s));
    bed.send(typing("jiayi:nurse:N2", 3s));  // a different code marks the end
    REQUIRE(events.wait_for(Kind::Code, 2));
    CHECK(events.codes() == std::vector<std::string>{"jiayi:nurse:N1", "jiayi:nurse:N2"});
    clock.advance(3s);
    bed.send(typing("jiayi:nurse:N1", 7s));
    REQUIRE(events.wait_for(Kind::Code, 3));
    CHECK(events.codes().back() == "jiayi:nurse:N1");
}

TEST_CASE("a code cut short is dropped when the next one starts after a gap") {
    Testbed bed;
    jiayi::test::ScanEvents events;
    WedgeScanner wedge(kDevice, quick(), [&](ScanEvent e) { events.post(std::move(e)); });
    wedge.start();
    REQUIRE(bed.wait_grabbed(1));
    bed.send(typing("jiayi:boo", 1s, false));  // no Enter: the rest was lost
    bed.send(typing("jiayi:opt-out:o-9", 3s));
    REQUIRE(events.wait_for(Kind::Code));
    CHECK(events.codes() == std::vector<std::string>{"jiayi:opt-out:o-9"});
}

TEST_CASE("a device another program holds is reported, and used once it lets go") {
    Testbed bed;
    bed.refuse_grab(true);
    jiayi::test::ScanEvents events;
    WedgeScanner wedge(kDevice, quick(), [&](ScanEvent e) { events.post(std::move(e)); });
    wedge.start();
    REQUIRE(events.wait_for(Kind::Lost));
    CHECK(events.all()[0].detail.find("cannot grab /dev/input/event5") == 0);
    CHECK(bed.grabs() == 0);
    bed.refuse_grab(false);
    REQUIRE(events.wait_for(Kind::Back));
    REQUIRE(bed.wait_grabbed(1));
    bed.send(typing("jiayi:contract:c-3", 1s));
    REQUIRE(events.wait_for(Kind::Code));
    CHECK(events.count(Kind::Lost) == 1);  // once, not at every attempt
}

TEST_CASE("an unplugged scanner is reported once, plugged back, it is grabbed and read again") {
    Testbed bed;
    jiayi::test::ScanEvents events;
    WedgeScanner wedge(kDevice, quick(), [&](ScanEvent e) { events.post(std::move(e)); });
    wedge.start();
    REQUIRE(bed.wait_grabbed(1));
    bed.unplug();
    REQUIRE(events.wait_for(Kind::Lost));
    CHECK(events.all()[0].detail == "/dev/input/event5: No such device");
    bed.plug();
    REQUIRE(events.wait_for(Kind::Back));
    REQUIRE(bed.wait_grabbed(2));
    bed.send(typing("jiayi:booking:b-2", 5s));
    REQUIRE(events.wait_for(Kind::Code));
    CHECK(events.codes() == std::vector<std::string>{"jiayi:booking:b-2"});
}

TEST_CASE("a device that is not there is reported, and stop does not wait out the retry") {
    jiayi::test::ScanEvents events;
    WedgeOptions options;
    options.reconnect = 1h;
    WedgeScanner wedge("/dev/input/event99", options,
                       [&](ScanEvent e) { events.post(std::move(e)); });
    wedge.start();
    REQUIRE(events.wait_for(Kind::Lost));
    CHECK(events.all()[0].detail.find("cannot open /dev/input/event99") == 0);
    const auto before = std::chrono::steady_clock::now();
    wedge.stop();
    CHECK(std::chrono::steady_clock::now() - before < 2s);
}
