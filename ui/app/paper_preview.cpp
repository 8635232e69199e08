#include "ui/app/paper_preview.hpp"

#include <chrono>

namespace jiayi::ui {

PaperPreview::~PaperPreview() {
    if (job_) {
        job_->wait();
    }
    platform_.destroy_texture(shown_.texture);
    shown_ = {};
}

void PaperPreview::follow(const flow::View& view, bool wait) {
    if (printer_ == nullptr || !view.receipt) {
        return;
    }
    const std::string wanted = view.receipt->id + "/" + std::string(text::code(view.language));
    if (shown_.receipt_id == wanted) {
        return;
    }
    if (!job_) {
        job_for_ = wanted;
        job_ = std::async(std::launch::async,
                          [printer = printer_, receipt = *view.receipt, language = view.language] {
                              auto paper = printer->paper(receipt, language);
                              Platform::wake();
                              return paper;
                          });
    }
    if (!wait && job_->wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return;
    }
    std::optional<image::Grey> paper = job_->get();
    job_.reset();
    platform_.destroy_texture(shown_.texture);
    shown_ = {};
    if (paper) {
        shown_ = {platform_.create_texture(*paper), paper->width(), paper->height(), job_for_};
    }
    if (job_for_ != wanted) {
        follow(view, wait);  // the view moved on meanwhile
    }
}

}  // namespace jiayi::ui
