#pragma once
// A simulated camera: image files (PNG, JPEG, … via stb_image) played as
// frames at a camera's rate, `repeat` times over, and then gone, as a camera
// that is unplugged. Used by tests, and by the kiosk's developers without a
// camera.

#include <atomic>
#include <filesystem>
#include <vector>

#include "drivers/qr/camera.hpp"

namespace jiayi::drivers::qr {

struct FileCameraOptions {
    std::chrono::milliseconds interval{33};  // 30 frames a second
    int repeat = 1;                          // times through the files; 0: for ever
};

class FileCamera : public FrameSource {
  public:
    // Every file is read up front; one that is not an image fails the open.
    static Result<std::unique_ptr<FileCamera>, IoError> open(
        const std::vector<std::filesystem::path>& files, FileCameraOptions options);
    FileCamera(std::vector<GreyImage> frames, FileCameraOptions options);

    Result<void, IoError> next(GreyImage& into, std::chrono::milliseconds timeout) override;
    std::string describe() const override;

    // Frames handed out so far (any thread).
    int served() const { return served_.load(); }

  private:
    std::vector<GreyImage> frames_;
    FileCameraOptions options_;
    std::chrono::steady_clock::time_point due_;
    bool started_ = false;
    std::atomic<int> served_{0};
};

OpenSource file_camera(std::vector<std::filesystem::path> files, FileCameraOptions options);

}  // namespace jiayi::drivers::qr
