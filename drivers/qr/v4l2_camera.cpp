// A V4L2 capture device: format negotiation, memory-mapped streaming with
// four buffers, and one frame at a time converted to grey.

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <span>

#include "drivers/qr/camera.hpp"

namespace jiayi::drivers::qr {

namespace {

constexpr unsigned kBufferCount = 4;

int xioctl(int fd, unsigned long request, void* arg) {
    int r = 0;
    do {
        r = ::ioctl(fd, request, arg);
    } while (r == -1 && errno == EINTR);
    return r;
}

// A device that has gone away answers ENODEV (or EIO, ENXIO on some
// drivers); that is an unplug, not a failure of this frame.
IoError error_from_errno(const std::string& what) {
    const int e = errno;
    const auto kind =
        (e == ENODEV || e == ENXIO || e == EIO) ? IoError::Kind::Closed : IoError::Kind::Failed;
    return {kind, what + ": " + std::strerror(e)};
}

std::string fourcc(std::uint32_t f) {
    return {static_cast<char>(f & 0xFF), static_cast<char>((f >> 8) & 0xFF),
            static_cast<char>((f >> 16) & 0xFF), static_cast<char>((f >> 24) & 0xFF)};
}

}  // namespace

Result<FrameSize, std::string> parse_frame_size(const std::string& text) {
    if (auto size = jiayi::parse_frame_size(text)) {
        return *size;
    }
    return fail("not a frame size (WIDTHxHEIGHT, 160x120 to 4096x2160): " + text);
}

void yuyv_to_grey(const std::uint8_t* yuyv, int width, int height, int bytes_per_line,
                  GreyImage& into) {
    into.width = width;
    into.height = height;
    into.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    std::uint8_t* out = into.pixels.data();
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* row = yuyv + static_cast<std::ptrdiff_t>(y) * bytes_per_line;
        for (int x = 0; x < width; ++x) {
            *out++ = row[2 * x];
        }
    }
}

Result<std::unique_ptr<V4l2Camera>, IoError> V4l2Camera::open(const std::string& path,
                                                              FrameSize size) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return fail(
            IoError{IoError::Kind::Failed, "cannot open " + path + ": " + std::strerror(errno)});
    }
    std::unique_ptr<V4l2Camera> camera(new V4l2Camera(fd, path));
    v4l2_capability caps{};
    if (xioctl(fd, VIDIOC_QUERYCAP, &caps) < 0) {
        return fail(error_from_errno(path + ": not a V4L2 device"));
    }
    const std::uint32_t device_caps =
        (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps : caps.capabilities;
    // A UVC camera has a second node for metadata (/dev/video1 beside
    // /dev/video0); configuring that one by mistake is said as such.
    const std::string card(reinterpret_cast<const char*>(caps.card),
                           strnlen(reinterpret_cast<const char*>(caps.card), sizeof caps.card));
    if (!(device_caps & V4L2_CAP_VIDEO_CAPTURE)) {
        return fail(
            IoError{IoError::Kind::Failed, path + " (" + card + "): not a video capture device"});
    }
    if (!(device_caps & V4L2_CAP_STREAMING)) {
        return fail(IoError{IoError::Kind::Failed,
                            path + " (" + card + "): a capture device without streaming I/O"});
    }
    if (auto negotiated = camera->negotiate(size); !negotiated) {
        return fail(negotiated.error());
    }
    if (auto started = camera->start_streaming(); !started) {
        return fail(started.error());
    }
    return camera;
}

Result<void, IoError> V4l2Camera::negotiate(FrameSize size) {
    // YUYV first: its luma is the grey image, no decoding at all. MJPEG
    // where the camera offers only that at this size (many USB 2 cameras).
    for (std::uint32_t wanted : {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_MJPEG}) {
        v4l2_format format{};
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.fmt.pix.width = static_cast<std::uint32_t>(size.width);
        format.fmt.pix.height = static_cast<std::uint32_t>(size.height);
        format.fmt.pix.pixelformat = wanted;
        format.fmt.pix.field = V4L2_FIELD_NONE;
        if (xioctl(fd_.get(), VIDIOC_S_FMT, &format) < 0) {
            return fail(error_from_errno(path_ + ": VIDIOC_S_FMT"));
        }
        if (format.fmt.pix.pixelformat == wanted) {
            pixel_format_ = wanted;
            width_ = static_cast<int>(format.fmt.pix.width);
            height_ = static_cast<int>(format.fmt.pix.height);
            bytes_per_line_ = static_cast<int>(format.fmt.pix.bytesperline);
            if (wanted == V4L2_PIX_FMT_YUYV && bytes_per_line_ < 2 * width_) {
                bytes_per_line_ = 2 * width_;
            }
            return Ok{};
        }
    }
    return fail(IoError{IoError::Kind::Failed, path_ + ": offers neither YUYV nor MJPEG"});
}

Result<void, IoError> V4l2Camera::start_streaming() {
    v4l2_requestbuffers request{};
    request.count = kBufferCount;
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_.get(), VIDIOC_REQBUFS, &request) < 0) {
        return fail(error_from_errno(path_ + ": VIDIOC_REQBUFS"));
    }
    if (request.count < 2) {
        return fail(IoError{IoError::Kind::Failed, path_ + ": VIDIOC_REQBUFS granted " +
                                                       std::to_string(request.count) +
                                                       " buffers, 2 at least are needed"});
    }
    for (unsigned i = 0; i < request.count; ++i) {
        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        buffer.index = i;
        if (xioctl(fd_.get(), VIDIOC_QUERYBUF, &buffer) < 0) {
            return fail(error_from_errno(path_ + ": VIDIOC_QUERYBUF"));
        }
        void* start = ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(),
                             static_cast<off_t>(buffer.m.offset));
        if (start == MAP_FAILED) {
            return fail(error_from_errno(path_ + ": mmap"));
        }
        buffers_.push_back({start, buffer.length});
        if (xioctl(fd_.get(), VIDIOC_QBUF, &buffer) < 0) {
            return fail(error_from_errno(path_ + ": VIDIOC_QBUF"));
        }
    }
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_.get(), VIDIOC_STREAMON, &type) < 0) {
        return fail(error_from_errno(path_ + ": VIDIOC_STREAMON"));
    }
    streaming_ = true;
    return Ok{};
}

V4l2Camera::~V4l2Camera() {
    if (streaming_) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        (void)xioctl(fd_.get(), VIDIOC_STREAMOFF, &type);
    }
    for (const auto& b : buffers_) {
        ::munmap(b.start, b.length);
    }
}

Result<void, IoError> V4l2Camera::next(GreyImage& into, std::chrono::milliseconds timeout) {
    pollfd p{fd_.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno != EINTR) {
        return fail(error_from_errno(path_ + ": poll"));
    }
    if (ready <= 0) {
        return fail(IoError{IoError::Kind::Timeout, "no frame"});
    }
    if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) {
        return fail(IoError{IoError::Kind::Closed, path_ + ": the camera went away"});
    }
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_.get(), VIDIOC_DQBUF, &buffer) < 0) {
        if (errno == EAGAIN) {
            return fail(IoError{IoError::Kind::Timeout, "no frame"});
        }
        return fail(error_from_errno(path_ + ": VIDIOC_DQBUF"));
    }
    Result<void, IoError> result = Ok{};
    if (buffer.index >= buffers_.size()) {
        result = fail(IoError{IoError::Kind::Failed, path_ + ": a buffer index out of range"});
    } else {
        const auto* bytes = static_cast<const std::uint8_t*>(buffers_[buffer.index].start);
        const std::size_t used =
            std::min<std::size_t>(buffer.bytesused, buffers_[buffer.index].length);
        if (pixel_format_ == V4L2_PIX_FMT_YUYV) {
            if (used <
                static_cast<std::size_t>(bytes_per_line_) * static_cast<std::size_t>(height_)) {
                result = fail(IoError{IoError::Kind::Timeout, "a short frame"});
            } else {
                yuyv_to_grey(bytes, width_, height_, bytes_per_line_, into);
            }
        } else if (auto image = decode_grey(std::span(bytes, used)); image) {
            into = std::move(image).value();
        } else {
            // A damaged JPEG now and then is a dropped frame, not a failure.
            result = fail(IoError{IoError::Kind::Timeout, "a damaged frame"});
        }
    }
    if (xioctl(fd_.get(), VIDIOC_QBUF, &buffer) < 0) {
        return fail(error_from_errno(path_ + ": VIDIOC_QBUF"));
    }
    return result;
}

std::string V4l2Camera::describe() const {
    return path_ + " " + std::to_string(width_) + "x" + std::to_string(height_) + " " +
           fourcc(pixel_format_);
}

OpenSource v4l2_camera(std::string path, FrameSize size) {
    return [path, size]() -> Result<std::unique_ptr<FrameSource>, IoError> {
        auto camera = V4l2Camera::open(path, size);
        if (!camera) {
            return fail(camera.error());
        }
        return std::unique_ptr<FrameSource>(std::move(camera).value());
    };
}

}  // namespace jiayi::drivers::qr
