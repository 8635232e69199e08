#pragma once
// A fake V4L2 capture device (a USB camera as uvcvideo presents it) for tests
// of drivers/qr/v4l2_camera.cpp, through the real V4L2 code: a umockdev
// testbed holds /sys/class/video4linux/videoN and its /dev/videoN node, and
// umockdev's preload library (the test runs under `umockdev-wrapper`) hands
// the ioctls made on that node to this class, which answers them as a
// camera would: QUERYCAP, ENUM_FMT, G/S/TRY_FMT (the nearest size it has, its
// own format when asked for one it lacks), REQBUFS, QUERYBUF, QBUF, DQBUF,
// STREAMON and STREAMOFF. Unknown requests fail with ENOTTY.
//
// What umockdev can and cannot do here, and how the fake gets round it:
//  - umockdev 0.17's preload wraps open, ioctl, read, write and close, but
//    not mmap nor poll. Its usual node for a character device is a pty, on
//    which mmap fails with ENODEV. So the node is given contents
//    (`N: videoN=00`), which makes umockdev create it as a regular file —
//    ioctls are still routed to this class — and the camera's MAP_SHARED
//    mmap at a buffer's offset maps that file for real. The fake writes each
//    frame into the file at the buffer's offset (pwrite: the same page cache)
//    before DQBUF returns it, so the camera reads it through its mapping.
//  - poll() on a regular file is always ready, where a camera's waits for a
//    filled buffer. So DQBUF does the waiting poll would have done: it holds
//    its answer until the next frame is due (frame_interval, like a camera's
//    frame rate), which also keeps the scanner from spinning. The POLLERR |
//    POLLHUP an unplugged camera's poll gives is never seen; an unplug shows
//    as ENODEV from the next ioctl (DQBUF), as it also does on a kiosk.
//
//   jiayi::test::V4l2FakeSpec spec;              // /dev/video0, YUYV and MJPEG,
//   spec.formats = {V4L2_PIX_FMT_MJPEG};         // … or MJPEG only
//   jiayi::test::V4l2Fake camera(spec);
//   camera.show(encode_qr("jiayi:booking:b-1", 240));  // what the lens sees
//   camera.unplug();  camera.plug();
//
// Threading: umockdev answers ioctls on its own thread; every member may be
// called from the test's thread. One V4l2Fake per test at a time (the
// testbed redirects the whole process).

#include <fcntl.h>
#include <linux/videodev2.h>
#include <stb_image_write.h>
#include <sys/ioctl.h>
#include <umockdev.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/unique_fd.hpp"
#include "drivers/qr/camera.hpp"
#include "drivers/qr/grey.hpp"

namespace jiayi::test {

struct V4l2FakeSpec {
    int number = 0;  // /dev/video0
    std::string card = "Fake UVC Camera";
    // What QUERYCAP says the node does (device_caps). A UVC camera's second
    // node, /dev/video1, is V4L2_CAP_META_CAPTURE | V4L2_CAP_STREAMING.
    std::uint32_t capabilities = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
    // In the camera's order; S_FMT for another format answers the first.
    std::vector<std::uint32_t> formats = {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_MJPEG};
    // The frame sizes it has; S_FMT grants the nearest to the one asked.
    std::vector<drivers::qr::FrameSize> sizes = {{640, 480}, {1280, 720}};
    int line_padding = 0;  // bytes after each YUYV line (bytesperline > 2 × width)
    unsigned max_buffers = 4;
    std::chrono::milliseconds frame_interval{20};
};

// What the host asked S_FMT for, and what it was granted.
struct V4l2FormatAsked {
    std::uint32_t asked_format = 0;
    int asked_width = 0;
    int asked_height = 0;
    std::uint32_t granted_format = 0;
    int granted_width = 0;
    int granted_height = 0;
};

class V4l2Fake {
  public:
    explicit V4l2Fake(V4l2FakeSpec spec) : spec_(std::move(spec)) {
        if (spec_.formats.empty() || spec_.sizes.empty()) {
            throw std::invalid_argument("a camera needs a format and a size");
        }
        testbed_ = umockdev_testbed_new();
        handler_ = umockdev_ioctl_base_new();
        g_signal_connect_data(handler_, "handle-ioctl", reinterpret_cast<GCallback>(&on_ioctl),
                              this, nullptr, GConnectFlags{});
        add();
    }

    ~V4l2Fake() {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
        }
        changed_.notify_all();
        if (plugged()) {
            umockdev_testbed_detach_ioctl(testbed_, devnode().c_str(), nullptr);
        }
        g_object_unref(testbed_);
        g_signal_handlers_disconnect_matched(handler_, G_SIGNAL_MATCH_DATA, 0, 0, nullptr, nullptr,
                                             this);
        g_object_unref(handler_);
        std::lock_guard lock(mutex_);
        for (auto& [client, state] : clients_) {
            g_object_unref(client);
        }
    }

    V4l2Fake(const V4l2Fake&) = delete;
    V4l2Fake& operator=(const V4l2Fake&) = delete;

    // What the lens sees from now on: `scene` in the middle of each frame on
    // a light grey background (cut where the frame is smaller).
    void show(drivers::qr::GreyImage scene) {
        std::lock_guard lock(mutex_);
        scene_ = std::move(scene);
        frame_.clear();
    }

    // The next `n` frames are cut to half their length: a JPEG whose end
    // was lost on the bus, a YUYV frame short of its lines.
    void cut_next(int n) {
        std::lock_guard lock(mutex_);
        cut_ = n;
    }
    // The next `n` DQBUFs find no filled buffer (EAGAIN), as after a poll
    // that woke for another reason.
    void starve_next(int n) {
        std::lock_guard lock(mutex_);
        starve_ = n;
    }

    // Pulled out: a DQBUF waiting for a frame and every later ioctl on an
    // open node fail with ENODEV, and the device leaves sysfs and /dev.
    void unplug() {
        {
            std::lock_guard lock(mutex_);
            if (!plugged_) {
                return;
            }
            plugged_ = false;
            ++generation_;
            node_fd_.reset();
        }
        changed_.notify_all();
        umockdev_testbed_detach_ioctl(testbed_, devnode().c_str(), nullptr);
        ::unlink((root_dir() + devnode()).c_str());
        umockdev_testbed_remove_device(testbed_, syspath().c_str());
    }

    // Plugged back in, at the same node.
    void plug() {
        if (!plugged()) {
            add();
        }
    }

    bool plugged() const {
        std::lock_guard lock(mutex_);
        return plugged_;
    }
    std::string devnode() const { return "/dev/video" + std::to_string(spec_.number); }

    // Every S_FMT so far, in order.
    std::vector<V4l2FormatAsked> formats_asked() const {
        std::lock_guard lock(mutex_);
        return asked_;
    }
    int frames_sent() const {
        std::lock_guard lock(mutex_);
        return frames_sent_;
    }
    int streamons() const {
        std::lock_guard lock(mutex_);
        return streamons_;
    }
    // Requests answered with ENOTTY: ones the fake does not know.
    std::vector<unsigned long> unknown_requests() const {
        std::lock_guard lock(mutex_);
        return unknown_;
    }
    // Waits until `n` frames in all have been handed to the host.
    bool wait_frames(int n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return frames_sent_ >= n; });
    }
    // Waits until the host has started streaming `n` times in all.
    bool wait_streaming(int n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return streamons_ >= n; });
    }

  private:
    // One opener's buffers: how many, how long, which are queued.
    struct Stream {
        std::uint32_t buffers = 0;
        std::uint32_t buffer_size = 0;  // a page multiple; buffer i is at i × this
        std::deque<std::uint32_t> queued;
        bool streaming = false;
    };
    struct Opener {
        int generation = 0;
        Stream stream;
    };

    std::string root_dir() const {
        gchar* root = umockdev_testbed_get_root_dir(testbed_);
        std::string s = root;
        g_free(root);
        return s;
    }
    std::string syspath() const {
        return "/sys/devices/virtual/video4linux/video" + std::to_string(spec_.number);
    }

    void add() {
        const std::string n = std::to_string(spec_.number);
        // `=00`: contents, so the node is a regular file that can be mapped.
        const std::string record = "P: /devices/virtual/video4linux/video" + n + "\n" + "N: video" +
                                   n + "=00\n" + "E: DEVNAME=/dev/video" + n + "\n" +
                                   "E: SUBSYSTEM=video4linux\n" + "E: MAJOR=81\n" +
                                   "E: MINOR=" + n + "\n" + "A: dev=81:" + n + "\\n\n" +
                                   "A: name=" + spec_.card + "\\n\n" + "A: index=0\\n\n";
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
        // The testbed's own path is not under /dev, so the preload leaves it be.
        UniqueFd fd(::open((root_dir() + devnode()).c_str(), O_RDWR | O_CLOEXEC));
        if (!fd) {
            throw std::runtime_error("cannot open the testbed's " + devnode());
        }
        std::lock_guard lock(mutex_);
        node_fd_ = std::move(fd);
        plugged_ = true;
        format_ = spec_.formats.front();
        size_ = spec_.sizes.front();
        frame_.clear();
    }

    int bytes_per_line() const {
        return format_ == V4L2_PIX_FMT_YUYV ? 2 * size_.width + spec_.line_padding : 0;
    }
    std::uint32_t size_image() const {
        const auto h = static_cast<std::uint32_t>(size_.height);
        if (format_ == V4L2_PIX_FMT_YUYV) {
            return static_cast<std::uint32_t>(bytes_per_line()) * h;
        }
        // As uvcvideo: the camera's largest compressed frame, here w × h × 2.
        return static_cast<std::uint32_t>(size_.width) * h * 2;
    }

    void fill_format(v4l2_format& f) const {
        f.fmt.pix.width = static_cast<std::uint32_t>(size_.width);
        f.fmt.pix.height = static_cast<std::uint32_t>(size_.height);
        f.fmt.pix.pixelformat = format_;
        f.fmt.pix.field = V4L2_FIELD_NONE;
        f.fmt.pix.bytesperline = static_cast<std::uint32_t>(bytes_per_line());
        f.fmt.pix.sizeimage = size_image();
        f.fmt.pix.colorspace = V4L2_COLORSPACE_SRGB;
    }

    // The nearest size the camera has, and the format if it has it.
    void choose(const v4l2_pix_format& asked) {
        format_ = std::find(spec_.formats.begin(), spec_.formats.end(), asked.pixelformat) !=
                          spec_.formats.end()
                      ? asked.pixelformat
                      : spec_.formats.front();
        const auto distance = [&](const drivers::qr::FrameSize& s) {
            return std::abs(s.width - static_cast<int>(asked.width)) +
                   std::abs(s.height - static_cast<int>(asked.height));
        };
        size_ = *std::min_element(
            spec_.sizes.begin(), spec_.sizes.end(),
            [&](const auto& a, const auto& b) { return distance(a) < distance(b); });
    }

    // The frame as the camera sends it, in the granted format and size.
    const std::vector<std::uint8_t>& frame() {
        if (!frame_.empty()) {
            return frame_;
        }
        const int w = size_.width;
        const int h = size_.height;
        std::vector<std::uint8_t> grey(static_cast<std::size_t>(w) * static_cast<std::size_t>(h),
                                       200);
        const int left = (w - scene_.width) / 2;
        const int top = (h - scene_.height) / 2;
        for (int y = 0; y < scene_.height; ++y) {
            for (int x = 0; x < scene_.width; ++x) {
                if (x + left >= 0 && x + left < w && y + top >= 0 && y + top < h) {
                    grey[static_cast<std::size_t>((y + top) * w + x + left)] =
                        scene_.pixels[static_cast<std::size_t>(y * scene_.width + x)];
                }
            }
        }
        if (format_ == V4L2_PIX_FMT_YUYV) {
            // Y0 U Y1 V: the grey as luma, no colour; padding bytes are 0x55.
            const int bpl = bytes_per_line();
            frame_.assign(static_cast<std::size_t>(bpl) * static_cast<std::size_t>(h), 0x55);
            for (int y = 0; y < h; ++y) {
                for (int x = 0; x < w; ++x) {
                    const auto at = static_cast<std::size_t>(y * bpl + 2 * x);
                    frame_[at] = grey[static_cast<std::size_t>(y * w + x)];
                    frame_[at + 1] = 128;
                }
            }
        } else {
            // A colour JPEG, as a camera's MJPEG stream carries.
            std::vector<std::uint8_t> rgb;
            rgb.reserve(grey.size() * 3);
            for (std::uint8_t g : grey) {
                rgb.insert(rgb.end(), {g, g, g});
            }
            stbi_write_jpg_to_func(
                [](void* context, void* data, int size) {
                    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
                    const auto* bytes = static_cast<const std::uint8_t*>(data);
                    out->insert(out->end(), bytes, bytes + size);
                },
                &frame_, w, h, 3, rgb.data(), 90);
        }
        return frame_;
    }

    static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
        return static_cast<V4l2Fake*>(self)->handle(client) ? TRUE : FALSE;
    }

    // The ioctl's argument, a pointer to a T, as the fake's copy; written
    // back to the host when the ioctl completes.
    template <typename T>
    static T* argument(UMockdevIoctlClient* client, UMockdevIoctlData*& resolved) {
        UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
        resolved = umockdev_ioctl_data_resolve(arg, 0, sizeof(T), nullptr);
        return resolved != nullptr ? reinterpret_cast<T*>(resolved->data) : nullptr;
    }

    bool handle(UMockdevIoctlClient* client) {
        const unsigned long request = umockdev_ioctl_client_get_request(client);
        UMockdevIoctlData* resolved = nullptr;
        std::unique_lock lock(mutex_);
        auto known = clients_.find(client);
        if (known == clients_.end()) {
            known = clients_
                        .emplace(static_cast<UMockdevIoctlClient*>(g_object_ref(client)),
                                 Opener{generation_, {}})
                        .first;
        }
        const int generation = known->second.generation;
        Stream& stream = known->second.stream;
        auto reply = [&](long result, int error) {
            umockdev_ioctl_client_complete(client, result, error);
            if (resolved != nullptr) {
                umockdev_ioctl_data_unref(resolved);
            }
            return true;
        };
        if (closing_ || generation != generation_ || !plugged_) {
            return reply(-1, ENODEV);
        }
        switch (request) {
            case VIDIOC_QUERYCAP: {
                auto* caps = argument<v4l2_capability>(client, resolved);
                *caps = {};
                std::snprintf(reinterpret_cast<char*>(caps->driver), sizeof caps->driver,
                              "uvcvideo");
                std::snprintf(reinterpret_cast<char*>(caps->card), sizeof caps->card, "%s",
                              spec_.card.c_str());
                std::snprintf(reinterpret_cast<char*>(caps->bus_info), sizeof caps->bus_info,
                              "usb-0000:00:14.0-1");
                caps->version = 0x060100;
                caps->device_caps = spec_.capabilities;
                caps->capabilities = spec_.capabilities | V4L2_CAP_DEVICE_CAPS;
                return reply(0, 0);
            }
            case VIDIOC_ENUM_FMT: {
                auto* d = argument<v4l2_fmtdesc>(client, resolved);
                if (d->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || d->index >= spec_.formats.size()) {
                    return reply(-1, EINVAL);
                }
                d->pixelformat = spec_.formats[d->index];
                d->flags = d->pixelformat == V4L2_PIX_FMT_MJPEG ? V4L2_FMT_FLAG_COMPRESSED : 0;
                return reply(0, 0);
            }
            case VIDIOC_G_FMT:
            case VIDIOC_S_FMT:
            case VIDIOC_TRY_FMT: {
                auto* f = argument<v4l2_format>(client, resolved);
                if (f->type != V4L2_BUF_TYPE_VIDEO_CAPTURE ||
                    !(spec_.capabilities & V4L2_CAP_VIDEO_CAPTURE)) {
                    return reply(-1, EINVAL);
                }
                if (request == VIDIOC_G_FMT) {
                    fill_format(*f);
                    return reply(0, 0);
                }
                if (stream.buffers > 0 && request == VIDIOC_S_FMT) {
                    return reply(-1, EBUSY);  // fixed while buffers exist
                }
                const auto saved_format = format_;
                const auto saved_size = size_;
                const v4l2_pix_format asked = f->fmt.pix;
                choose(asked);
                fill_format(*f);
                if (request == VIDIOC_TRY_FMT) {
                    format_ = saved_format;
                    size_ = saved_size;
                } else {
                    frame_.clear();
                    asked_.push_back({asked.pixelformat, static_cast<int>(asked.width),
                                      static_cast<int>(asked.height), format_, size_.width,
                                      size_.height});
                }
                return reply(0, 0);
            }
            case VIDIOC_REQBUFS: {
                auto* r = argument<v4l2_requestbuffers>(client, resolved);
                if (r->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || r->memory != V4L2_MEMORY_MMAP ||
                    stream.streaming) {
                    return reply(-1, EINVAL);
                }
                const std::uint32_t page = 4096;
                stream.buffers = std::min(r->count, spec_.max_buffers);
                stream.buffer_size = (size_image() + page - 1) / page * page;
                stream.queued.clear();
                if (::ftruncate(node_fd_.get(),
                                static_cast<off_t>(stream.buffers * stream.buffer_size)) != 0) {
                    return reply(-1, ENOMEM);
                }
                r->count = stream.buffers;
                return reply(0, 0);
            }
            case VIDIOC_QUERYBUF:
            case VIDIOC_QBUF: {
                auto* b = argument<v4l2_buffer>(client, resolved);
                if (b->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || b->memory != V4L2_MEMORY_MMAP ||
                    b->index >= stream.buffers) {
                    return reply(-1, EINVAL);
                }
                if (request == VIDIOC_QBUF) {
                    if (std::find(stream.queued.begin(), stream.queued.end(), b->index) !=
                        stream.queued.end()) {
                        return reply(-1, EINVAL);  // queued twice
                    }
                    stream.queued.push_back(b->index);
                    b->flags = V4L2_BUF_FLAG_MAPPED | V4L2_BUF_FLAG_QUEUED;
                } else {
                    b->flags = V4L2_BUF_FLAG_MAPPED;
                }
                b->length = stream.buffer_size;
                b->m.offset = b->index * stream.buffer_size;
                return reply(0, 0);
            }
            case VIDIOC_STREAMON:
            case VIDIOC_STREAMOFF: {
                auto* type = argument<int>(client, resolved);
                if (*type != V4L2_BUF_TYPE_VIDEO_CAPTURE || stream.buffers == 0) {
                    return reply(-1, EINVAL);
                }
                stream.streaming = request == VIDIOC_STREAMON;
                if (stream.streaming) {
                    ++streamons_;
                    next_frame_ = std::chrono::steady_clock::now() + spec_.frame_interval;
                } else {
                    stream.queued.clear();
                }
                changed_.notify_all();
                return reply(0, 0);
            }
            case VIDIOC_DQBUF:
                return dequeue(client, stream, resolved, lock, generation) ? reply(0, 0)
                                                                           : reply(-1, errno_);
            default:
                unknown_.push_back(request);
                return reply(-1, ENOTTY);
        }
    }

    // The next frame into the oldest queued buffer, once it is due (see the
    // header: DQBUF waits where poll cannot). False with errno_ set when
    // there is none: EINVAL not streaming, EAGAIN no buffer queued, ENODEV
    // unplugged meanwhile.
    bool dequeue(UMockdevIoctlClient* client, Stream& stream, UMockdevIoctlData*& resolved,
                 std::unique_lock<std::mutex>& lock, int generation) {
        auto* b = argument<v4l2_buffer>(client, resolved);
        if (b->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || b->memory != V4L2_MEMORY_MMAP ||
            !stream.streaming) {
            errno_ = EINVAL;
            return false;
        }
        if (stream.queued.empty() || starve_ > 0) {
            starve_ = std::max(0, starve_ - 1);
            errno_ = EAGAIN;
            return false;
        }
        changed_.wait_until(lock, next_frame_,
                            [&] { return closing_ || generation != generation_; });
        if (closing_ || generation != generation_) {
            errno_ = ENODEV;
            return false;
        }
        next_frame_ =
            std::max(next_frame_ + spec_.frame_interval, std::chrono::steady_clock::now());
        const std::uint32_t index = stream.queued.front();
        stream.queued.pop_front();
        const auto& bytes = frame();
        std::size_t n = std::min<std::size_t>(bytes.size(), stream.buffer_size);
        if (cut_ > 0) {
            --cut_;
            n /= 2;
        }
        if (::pwrite(node_fd_.get(), bytes.data(), n,
                     static_cast<off_t>(index * stream.buffer_size)) != static_cast<ssize_t>(n)) {
            errno_ = EIO;
            return false;
        }
        *b = {};
        b->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b->memory = V4L2_MEMORY_MMAP;
        b->index = index;
        b->bytesused = static_cast<std::uint32_t>(n);
        b->length = stream.buffer_size;
        b->m.offset = index * stream.buffer_size;
        b->field = V4L2_FIELD_NONE;
        b->flags = V4L2_BUF_FLAG_MAPPED | V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
        b->sequence = static_cast<std::uint32_t>(frames_sent_);
        ++frames_sent_;
        changed_.notify_all();
        return true;
    }

    V4l2FakeSpec spec_;
    UMockdevTestbed* testbed_ = nullptr;
    UMockdevIoctlBase* handler_ = nullptr;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    UniqueFd node_fd_;  // the testbed's file behind /dev/videoN, where frames go
    bool plugged_ = false;
    bool closing_ = false;
    int generation_ = 0;  // one more at each unplug; older clients get ENODEV
    // Each open node: its generation, and its own buffers. vb2 would refuse
    // a second opener's REQBUFS while the first holds buffers; umockdev
    // 0.17 does not tell when a node is closed ("client-vanished" is not
    // emitted), so the fake cannot know whether the first still does.
    std::map<UMockdevIoctlClient*, Opener> clients_;
    std::uint32_t format_ = 0;
    drivers::qr::FrameSize size_;
    std::chrono::steady_clock::time_point next_frame_;
    drivers::qr::GreyImage scene_;
    std::vector<std::uint8_t> frame_;  // scene_ in format_ and size_; empty: to be made
    std::vector<V4l2FormatAsked> asked_;
    std::vector<unsigned long> unknown_;
    int frames_sent_ = 0;
    int streamons_ = 0;
    int cut_ = 0;
    int starve_ = 0;
    int errno_ = 0;
};

}  // namespace jiayi::test
