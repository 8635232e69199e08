#include "drivers/qr/file_camera.hpp"

#include <thread>

namespace jiayi::drivers::qr {

Result<std::unique_ptr<FileCamera>, IoError> FileCamera::open(
    const std::vector<std::filesystem::path>& files, FileCameraOptions options) {
    std::vector<GreyImage> frames;
    for (const auto& file : files) {
        auto image = load_grey(file);
        if (!image) {
            return fail(IoError{IoError::Kind::Failed, image.error()});
        }
        frames.push_back(std::move(image).value());
    }
    if (frames.empty()) {
        return fail(IoError{IoError::Kind::Failed, "no image files to play"});
    }
    return std::make_unique<FileCamera>(std::move(frames), options);
}

FileCamera::FileCamera(std::vector<GreyImage> frames, FileCameraOptions options)
    : frames_(std::move(frames)), options_(options) {}

Result<void, IoError> FileCamera::next(GreyImage& into, std::chrono::milliseconds timeout) {
    const int total = static_cast<int>(frames_.size()) * options_.repeat;
    const int n = served_.load();
    if (frames_.empty() || (options_.repeat > 0 && n >= total)) {
        return fail(IoError{IoError::Kind::Closed, "the simulated camera has no more frames"});
    }
    // Frames come at the camera's rate, like a real one: the first at once.
    const auto now = std::chrono::steady_clock::now();
    if (!started_) {
        started_ = true;
        due_ = now;
    }
    if (due_ > now) {
        if (due_ - now > timeout) {
            std::this_thread::sleep_for(timeout);
            return fail(IoError{IoError::Kind::Timeout, "no frame"});
        }
        std::this_thread::sleep_until(due_);
    }
    due_ += options_.interval;
    into = frames_[static_cast<std::size_t>(n) % frames_.size()];
    served_.store(n + 1);
    return Ok{};
}

std::string FileCamera::describe() const {
    return "simulated camera (" + std::to_string(frames_.size()) +
           (frames_.size() == 1 ? " image file)" : " image files)");
}

OpenSource file_camera(std::vector<std::filesystem::path> files, FileCameraOptions options) {
    return [files = std::move(files), options]() -> Result<std::unique_ptr<FrameSource>, IoError> {
        auto camera = FileCamera::open(files, options);
        if (!camera) {
            return fail(camera.error());
        }
        return std::unique_ptr<FrameSource>(std::move(camera).value());
    };
}

}  // namespace jiayi::drivers::qr
