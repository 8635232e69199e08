#pragma once
// Where camera frames come from: a small interface, a V4L2 camera (YUYV or
// MJPEG, memory-mapped streaming) and, in file_camera.hpp, a simulator that
// plays image files. A source is used by one thread, the scanner's.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/frame_size.hpp"
#include "common/io_error.hpp"
#include "common/result.hpp"
#include "common/unique_fd.hpp"
#include "drivers/qr/grey.hpp"

namespace jiayi::drivers::qr {

using jiayi::IoError;

class FrameSource {
  public:
    virtual ~FrameSource() = default;
    // The next frame as grey into `into` (its buffer is reused), waiting up
    // to `timeout`: Timeout when none came, Closed when the source is gone
    // (unplugged; the simulator's files ran out).
    virtual Result<void, IoError> next(GreyImage& into, std::chrono::milliseconds timeout) = 0;
    virtual std::string describe() const = 0;
};

// Opens a source; called on the scanner's thread at start and again after
// the source went away.
using OpenSource = std::function<Result<std::unique_ptr<FrameSource>, IoError>()>;

using jiayi::FrameSize;

// "1280x720" → a size; the reason when it is not one (160x120 … 4096x2160).
Result<FrameSize, std::string> parse_frame_size(const std::string& text);

// A V4L2 capture device (/dev/videoN), asked for YUYV at `size` and else
// MJPEG; the driver may answer with another size, which is then used.
class V4l2Camera : public FrameSource {
  public:
    static Result<std::unique_ptr<V4l2Camera>, IoError> open(const std::string& path,
                                                             FrameSize size);
    ~V4l2Camera() override;
    V4l2Camera(const V4l2Camera&) = delete;
    V4l2Camera& operator=(const V4l2Camera&) = delete;

    Result<void, IoError> next(GreyImage& into, std::chrono::milliseconds timeout) override;
    std::string describe() const override;

  private:
    struct Buffer {
        void* start = nullptr;
        std::size_t length = 0;
    };
    V4l2Camera(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    Result<void, IoError> negotiate(FrameSize size);
    Result<void, IoError> start_streaming();

    UniqueFd fd_;
    std::string path_;
    std::uint32_t pixel_format_ = 0;
    int width_ = 0;
    int height_ = 0;
    int bytes_per_line_ = 0;
    std::vector<Buffer> buffers_;
    bool streaming_ = false;
};

OpenSource v4l2_camera(std::string path, FrameSize size);

// YUYV (Y0 U Y1 V per two pixels) → grey: the luma bytes, row by row.
void yuyv_to_grey(const std::uint8_t* yuyv, int width, int height, int bytes_per_line,
                  GreyImage& into);

}  // namespace jiayi::drivers::qr
