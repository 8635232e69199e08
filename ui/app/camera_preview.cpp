#include "ui/app/camera_preview.hpp"

namespace jiayi::ui {

CameraPreview::~CameraPreview() {
    platform_.destroy_texture(shown_.texture);
    shown_ = {};
}

bool CameraPreview::refresh() {
    image::Grey frame(1, 1);
    if (!source_ || !source_(seen_, frame)) {
        return false;
    }
    platform_.destroy_texture(shown_.texture);
    shown_ = {platform_.create_texture(frame), frame.width(), frame.height()};
    return true;
}

}  // namespace jiayi::ui
