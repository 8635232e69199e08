#pragma once
// A fake USB device for tests of libusb code, through the real libusb: a
// umockdev testbed holds the device in a fake sysfs, and umockdev's preload
// library (the test runs under `umockdev-wrapper`) hands the usbdevfs
// ioctls libusb makes on its /dev/bus/usb node to this class. Bulk OUT
// transfers go to a callback; bulk IN transfers are answered from a queue of
// packets per endpoint (a transfer takes at most one packet, as a short
// packet ends a real one) and wait while the queue is empty, until the host's
// timeout discards them. The device can be unplugged (pending transfers end
// as on a real unplug, later ones fail with ENODEV, the device leaves sysfs)
// and plugged back in at a new address, and a transfer can be made to fail.
//
//   jiayi::test::UsbFakeSpec spec;               // 0400:c35a, vendor class,
//   spec.endpoints = {0x01, 0x82};               // … or a printer's pipes
//   spec.interface_class = 7;
//   jiayi::test::UsbFake fake(spec);
//   fake.on_out([&](std::uint8_t ep, const jiayi::test::UsbBytes& b) {
//       if (ep == 0x01) fake.queue_in(0x82, {0x12});  // answer a status request
//   });
//   auto device = jiayi::usb::BulkDevice::open({0x0400, 0xc35a});
//   fake.unplug();  fake.plug();
//
// Threading: umockdev answers ioctls on its own thread, so on_out callbacks
// run there; every other member may be called from the test's thread. One
// UsbFake per test at a time (the testbed redirects the whole process).

#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <umockdev.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace jiayi::test {

using UsbBytes = std::vector<std::uint8_t>;

struct UsbFakeSpec {
    std::uint16_t vendor = 0x0400;
    std::uint16_t product = 0xC35A;
    std::uint8_t interface_class = 0xFF;  // vendor-specific; 7 for a printer
    std::uint8_t interface_subclass = 0;
    std::uint8_t interface_protocol = 0;  // a printer: 1 unidirectional, 2 bidirectional
    // Bulk endpoints of interface 0, in descriptor order (bit 7: IN).
    std::vector<std::uint8_t> endpoints = {0x02, 0x06, 0x81, 0x85};
    std::uint16_t max_packet = 64;
    std::string manufacturer = "Test Devices";
    std::string product_name = "Fake USB device";
    std::string serial = "FAKE0001";
    std::uint8_t bus = 1;
    std::uint8_t address = 2;  // plug() after unplug() moves to the next one
    std::string port = "1-1";  // the sysfs name
    // A kernel driver bound to the interface (e.g. "usblp") that libusb
    // must detach before claiming it; empty: none.
    std::string kernel_driver;
};

class UsbFake {
  public:
    using OutHandler = std::function<void(std::uint8_t endpoint, const UsbBytes& bytes)>;

    explicit UsbFake(UsbFakeSpec spec) : spec_(std::move(spec)) {
        testbed_ = umockdev_testbed_new();
        handler_ = umockdev_ioctl_base_new();
        g_signal_connect_data(handler_, "handle-ioctl", reinterpret_cast<GCallback>(&on_ioctl),
                              this, nullptr, GConnectFlags{});
        add();
    }

    ~UsbFake() {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
        }
        if (plugged_) {
            umockdev_testbed_detach_ioctl(testbed_, devnode().c_str(), nullptr);
        }
        g_object_unref(testbed_);
        std::lock_guard lock(mutex_);
        for (Urb& u : pending_) {
            umockdev_ioctl_data_unref(u.data);
        }
        for (Urb& u : done_) {
            umockdev_ioctl_data_unref(u.data);
        }
        for (auto& [client, generation] : clients_) {
            g_object_unref(client);
        }
        g_signal_handlers_disconnect_matched(handler_, G_SIGNAL_MATCH_DATA, 0, 0, nullptr, nullptr,
                                             this);
        g_object_unref(handler_);
    }

    UsbFake(const UsbFake&) = delete;
    UsbFake& operator=(const UsbFake&) = delete;

    // Where bulk OUT bytes go, one call per transfer (on umockdev's thread).
    void on_out(OutHandler handler) {
        std::lock_guard lock(mutex_);
        out_ = std::move(handler);
    }

    // One packet for the host's next IN transfer on `endpoint`.
    void queue_in(std::uint8_t endpoint, UsbBytes packet) {
        std::lock_guard lock(mutex_);
        in_[endpoint].push_back(std::move(packet));
    }

    // The next transfer on `endpoint` ends with this URB status instead, e.g.
    // -EPIPE (a stall) or -EPROTO (an I/O error on the wire).
    void fail_next(std::uint8_t endpoint, int status) {
        std::lock_guard lock(mutex_);
        fail_[endpoint] = status;
    }

    // Pulled out: transfers in flight end with -ESHUTDOWN, every later ioctl
    // on an open handle fails with ENODEV, and the device leaves sysfs.
    void unplug() {
        {
            std::lock_guard lock(mutex_);
            if (!plugged_) {
                return;
            }
            plugged_ = false;
            ++generation_;
            for (Urb& u : pending_) {
                finish(u, -ESHUTDOWN, 0);
                done_.push_back(u);
            }
            pending_.clear();
            for (auto& [ep, packets] : in_) {
                packets.clear();
            }
        }
        umockdev_testbed_detach_ioctl(testbed_, devnode().c_str(), nullptr);
        const std::string root = root_dir();
        ::unlink((root + devnode()).c_str());
        umockdev_testbed_remove_device(testbed_, syspath_.c_str());
    }

    // Plugged back in: the same device at the next address.
    void plug() {
        {
            std::lock_guard lock(mutex_);
            if (plugged_) {
                return;
            }
            ++spec_.address;
        }
        add();
    }

    bool plugged() const {
        std::lock_guard lock(mutex_);
        return plugged_;
    }
    std::uint8_t address() const {
        std::lock_guard lock(mutex_);
        return spec_.address;
    }
    // "/dev/bus/usb/001/002"
    std::string devnode() const {
        char path[32];
        std::snprintf(path, sizeof path, "/dev/bus/usb/%03u/%03u", spec_.bus, spec_.address);
        return path;
    }
    // Every OUT transfer so far on `endpoint`, in order.
    std::vector<UsbBytes> written(std::uint8_t endpoint) const {
        std::lock_guard lock(mutex_);
        auto it = written_.find(endpoint);
        return it == written_.end() ? std::vector<UsbBytes>{} : it->second;
    }
    int transfers() const {
        std::lock_guard lock(mutex_);
        return transfers_;
    }
    bool kernel_driver_detached() const {
        std::lock_guard lock(mutex_);
        return detached_;
    }
    // Waits until at least `n` transfers (IN or OUT, finished) have happened.
    bool wait_transfers(int n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return transfers_ >= n; });
    }

    // Waits until the host has an IN transfer waiting on `endpoint`.
    bool wait_reading(std::uint8_t endpoint,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] {
            return std::any_of(pending_.begin(), pending_.end(),
                               [&](const Urb& u) { return u.endpoint == endpoint; });
        });
    }

  private:
    struct Urb {
        UMockdevIoctlData* data;  // the usbdevfs_urb, its buffer resolved
        UMockdevIoctlClient* client;
        std::uint8_t endpoint;
    };

    std::string root_dir() const {
        gchar* root = umockdev_testbed_get_root_dir(testbed_);
        std::string s = root;
        g_free(root);
        return s;
    }

    static std::string hex(const UsbBytes& bytes) {
        std::string s;
        char two[3];
        for (std::uint8_t b : bytes) {
            std::snprintf(two, sizeof two, "%02x", b);
            s += two;
        }
        return s;
    }

    static void put16(UsbBytes& b, std::uint16_t v) {
        b.push_back(static_cast<std::uint8_t>(v & 0xFF));
        b.push_back(static_cast<std::uint8_t>(v >> 8));
    }

    // The device descriptor and its one configuration, as sysfs's
    // `descriptors` attribute holds them.
    UsbBytes descriptors() const {
        UsbBytes d = {18, 1, 0x00, 0x02, 0, 0, 0, 64};
        put16(d, spec_.vendor);
        put16(d, spec_.product);
        d.insert(d.end(), {0x00, 0x01, 1, 2, 3, 1});
        const auto n = static_cast<std::uint8_t>(spec_.endpoints.size());
        d.insert(d.end(), {9, 2});
        put16(d, static_cast<std::uint16_t>(9 + 9 + 7 * n));
        d.insert(d.end(), {1, 1, 0, 0x80, 50});
        d.insert(d.end(), {9, 4, 0, 0, n, spec_.interface_class, spec_.interface_subclass,
                           spec_.interface_protocol, 0});
        for (std::uint8_t ep : spec_.endpoints) {
            d.insert(d.end(), {7, 5, ep, 2});
            put16(d, spec_.max_packet);
            d.push_back(0);
        }
        return d;
    }

    void add() {
        std::string record;
        {
            std::lock_guard lock(mutex_);
            char numbers[64];
            std::snprintf(numbers, sizeof numbers, "%03u/%03u", spec_.bus, spec_.address);
            const std::string node = std::string("bus/usb/") + numbers;
            char ids[64];
            std::snprintf(ids, sizeof ids, "%04x:%04x", spec_.vendor, spec_.product);
            const std::string vendor(ids, 4);
            const std::string product(ids + 5, 4);
            syspath_ = "/sys/devices/usb" + std::to_string(spec_.bus) + "/" + spec_.port;
            record = "P: /devices/usb" + std::to_string(spec_.bus) + "/" + spec_.port + "\n" +
                     "N: " + node + "\n" + "E: SUBSYSTEM=usb\n" + "E: DEVTYPE=usb_device\n" +
                     "E: DRIVER=usb\n" + "E: DEVNAME=/dev/" + node + "\n" +
                     "E: BUSNUM=" + std::string(numbers, 3) + "\n" +
                     "E: DEVNUM=" + std::string(numbers + 4, 3) + "\n" +
                     "A: busnum=" + std::to_string(spec_.bus) + "\\n\n" +
                     "A: devnum=" + std::to_string(spec_.address) + "\\n\n" +
                     "A: idVendor=" + vendor + "\\n\n" + "A: idProduct=" + product + "\\n\n" +
                     "A: bConfigurationValue=1\\n\n" + "A: speed=480\\n\n" +
                     "A: manufacturer=" + spec_.manufacturer + "\\n\n" +
                     "A: product=" + spec_.product_name + "\\n\n" + "A: serial=" + spec_.serial +
                     "\\n\n" + "H: descriptors=" + hex(descriptors()) + "\n";
            detached_ = false;
        }
        // The handler first, so that the node answers as soon as it exists.
        GError* error = nullptr;
        if (!umockdev_testbed_attach_ioctl(testbed_, devnode().c_str(), handler_, &error)) {
            const std::string what = error != nullptr ? error->message : "?";
            g_clear_error(&error);
            throw std::runtime_error("umockdev attach_ioctl: " + what);
        }
        if (!umockdev_testbed_add_from_string(testbed_, record.c_str(), &error)) {
            const std::string what = error != nullptr ? error->message : "?";
            g_clear_error(&error);
            throw std::runtime_error("umockdev add_from_string: " + what);
        }
        std::lock_guard lock(mutex_);
        plugged_ = true;
    }

    static usbdevfs_urb* urb_of(const Urb& u) {
        return reinterpret_cast<usbdevfs_urb*>(u.data->data);
    }

    static void finish(Urb& u, int status, int actual) {
        usbdevfs_urb* urb = urb_of(u);
        urb->status = status;
        urb->actual_length = actual;
    }

    // A pending IN transfer takes one packet from its endpoint's queue.
    void serve_pending() {
        for (auto it = pending_.begin(); it != pending_.end();) {
            auto& queue = in_[it->endpoint];
            if (queue.empty()) {
                ++it;
                continue;
            }
            usbdevfs_urb* urb = urb_of(*it);
            UsbBytes& packet = queue.front();
            const std::size_t room = static_cast<std::size_t>(urb->buffer_length);
            const std::size_t n = std::min(room, packet.size());
            std::memcpy(urb->buffer, packet.data(), n);
            finish(*it, 0, static_cast<int>(n));
            if (n == packet.size()) {
                queue.pop_front();
            } else {
                packet.erase(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(n));
            }
            ++transfers_;
            done_.push_back(*it);
            it = pending_.erase(it);
        }
        changed_.notify_all();
    }

    // GET_DESCRIPTOR(STRING) on the control pipe: the language, then the
    // manufacturer (1), product (2) and serial number (3). Anything else stalls.
    void control(Urb& u) {
        usbdevfs_urb* urb = urb_of(u);
        auto* setup = static_cast<std::uint8_t*>(urb->buffer);
        const std::uint8_t request_type = setup[0];
        const std::uint8_t request = setup[1];
        const std::uint8_t index = setup[2];
        const std::uint8_t type = setup[3];
        if (request_type != 0x80 || request != 6 || type != 3) {
            finish(u, -EPIPE, 0);
            return;
        }
        UsbBytes reply;
        if (index == 0) {
            reply = {4, 3, 0x09, 0x04};
        } else {
            const std::string& text = index == 1   ? spec_.manufacturer
                                      : index == 2 ? spec_.product_name
                                                   : spec_.serial;
            reply = {static_cast<std::uint8_t>(2 + 2 * text.size()), 3};
            for (char c : text) {
                reply.push_back(static_cast<std::uint8_t>(c));
                reply.push_back(0);
            }
        }
        const std::size_t room = static_cast<std::size_t>(urb->buffer_length) - 8;
        const std::size_t n = std::min(room, reply.size());
        std::memcpy(setup + 8, reply.data(), n);
        finish(u, 0, static_cast<int>(n));
    }

    static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
        return static_cast<UsbFake*>(self)->handle(client) ? TRUE : FALSE;
    }

    bool handle(UMockdevIoctlClient* client) {
        const gulong request = umockdev_ioctl_client_get_request(client);
        UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
        std::unique_lock lock(mutex_);
        if (closing_) {
            umockdev_ioctl_client_complete(client, -1, ENODEV);
            return true;
        }
        auto known = clients_.find(client);
        if (known == clients_.end()) {
            known =
                clients_
                    .emplace(static_cast<UMockdevIoctlClient*>(g_object_ref(client)), generation_)
                    .first;
        }
        const bool stale = known->second != generation_;
        auto reply = [&](long result, int error) {
            umockdev_ioctl_client_complete(client, result, error);
            return true;
        };
        switch (request) {
            case USBDEVFS_REAPURB:
            case USBDEVFS_REAPURBNDELAY: {
                serve_pending();
                for (auto it = done_.begin(); it != done_.end(); ++it) {
                    if (it->client != client) {
                        continue;
                    }
                    Urb u = *it;
                    done_.erase(it);
                    UMockdevIoctlData* pointer =
                        umockdev_ioctl_data_resolve(arg, 0, sizeof(void*), nullptr);
                    umockdev_ioctl_data_set_ptr(pointer, 0, u.data);
                    umockdev_ioctl_data_unref(pointer);
                    umockdev_ioctl_data_unref(u.data);
                    return reply(0, 0);
                }
                return reply(-1, stale ? ENODEV : EAGAIN);
            }
            case USBDEVFS_DISCARDURB: {
                const gulong address = *reinterpret_cast<gulong*>(arg->data);
                for (auto it = pending_.begin(); it != pending_.end(); ++it) {
                    if (it->client == client && it->data->client_addr == address) {
                        finish(*it, -ENOENT, 0);
                        done_.push_back(*it);
                        pending_.erase(it);
                        return reply(0, 0);
                    }
                }
                return reply(-1, stale ? ENODEV : EINVAL);
            }
            default:
                break;
        }
        if (stale) {
            return reply(-1, ENODEV);
        }
        switch (request) {
            case USBDEVFS_GET_CAPABILITIES: {
                UMockdevIoctlData* caps =
                    umockdev_ioctl_data_resolve(arg, 0, sizeof(std::uint32_t), nullptr);
                *reinterpret_cast<std::uint32_t*>(caps->data) =
                    USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                    USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
                umockdev_ioctl_data_unref(caps);
                return reply(0, 0);
            }
            case USBDEVFS_GETDRIVER: {
                if (spec_.kernel_driver.empty() || detached_) {
                    return reply(-1, ENODATA);
                }
                UMockdevIoctlData* d =
                    umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), nullptr);
                auto* getdriver = reinterpret_cast<usbdevfs_getdriver*>(d->data);
                std::snprintf(getdriver->driver, sizeof getdriver->driver, "%s",
                              spec_.kernel_driver.c_str());
                umockdev_ioctl_data_unref(d);
                return reply(0, 0);
            }
            case USBDEVFS_DISCONNECT_CLAIM:
                detached_ = !spec_.kernel_driver.empty();
                return reply(0, 0);
            case USBDEVFS_IOCTL:
            case USBDEVFS_CLAIMINTERFACE:
            case USBDEVFS_RELEASEINTERFACE:
            case USBDEVFS_CLEAR_HALT:
            case USBDEVFS_RESET:
            case USBDEVFS_RESETEP:
            case USBDEVFS_SETINTERFACE:
            case USBDEVFS_SETCONFIGURATION:
                return reply(0, 0);
            case USBDEVFS_SUBMITURB:
                return submit(client, arg, lock);
            default:
                return reply(-1, ENOTTY);
        }
    }

    bool submit(UMockdevIoctlClient* client, UMockdevIoctlData* arg,
                std::unique_lock<std::mutex>& lock) {
        UMockdevIoctlData* data =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
        auto* urb = reinterpret_cast<usbdevfs_urb*>(data->data);
        UMockdevIoctlData* buffer = umockdev_ioctl_data_resolve(
            data, offsetof(usbdevfs_urb, buffer), static_cast<gsize>(urb->buffer_length), nullptr);
        if (buffer != nullptr) {
            umockdev_ioctl_data_unref(buffer);  // the urb keeps it as its child
        }
        Urb u{data, client, urb->endpoint};
        const bool known_endpoint =
            urb->endpoint == 0 || std::find(spec_.endpoints.begin(), spec_.endpoints.end(),
                                            urb->endpoint) != spec_.endpoints.end();
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
            control(u);
            done_.push_back(u);
            umockdev_ioctl_client_complete(client, 0, 0);
            return true;
        }
        if (!known_endpoint || urb->type != USBDEVFS_URB_TYPE_BULK) {
            umockdev_ioctl_data_unref(data);
            umockdev_ioctl_client_complete(client, -1, ENOENT);
            return true;
        }
        if (auto f = fail_.find(urb->endpoint); f != fail_.end()) {
            finish(u, f->second, 0);
            fail_.erase(f);
            ++transfers_;
            done_.push_back(u);
            umockdev_ioctl_client_complete(client, 0, 0);
            changed_.notify_all();
            return true;
        }
        if ((urb->endpoint & 0x80) != 0) {
            pending_.push_back(u);
            serve_pending();  // and tells waiters that a read is pending
            umockdev_ioctl_client_complete(client, 0, 0);
            return true;
        }
        const auto* bytes = static_cast<const std::uint8_t*>(urb->buffer);
        UsbBytes out(bytes, bytes + urb->buffer_length);
        finish(u, 0, urb->buffer_length);
        done_.push_back(u);
        written_[urb->endpoint].push_back(out);
        OutHandler handler = out_;
        const std::uint8_t endpoint = urb->endpoint;
        // The device acts on the bytes before the host hears that they went,
        // so its answer is queued before the host asks for it.
        lock.unlock();
        if (handler) {
            handler(endpoint, out);
        }
        lock.lock();
        ++transfers_;
        changed_.notify_all();
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
    }

    UsbFakeSpec spec_;
    UMockdevTestbed* testbed_ = nullptr;
    UMockdevIoctlBase* handler_ = nullptr;
    std::string syspath_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    OutHandler out_;
    std::map<std::uint8_t, std::deque<UsbBytes>> in_;
    std::map<std::uint8_t, int> fail_;
    std::map<std::uint8_t, std::vector<UsbBytes>> written_;
    std::deque<Urb> pending_;
    std::deque<Urb> done_;
    std::map<UMockdevIoctlClient*, int> clients_;
    int generation_ = 0;
    int transfers_ = 0;
    bool plugged_ = false;
    bool detached_ = false;
    bool closing_ = false;
};

}  // namespace jiayi::test
