#include "ui/app/guidance.hpp"

#include <variant>

namespace jiayi::ui {

voice::Utterance Guidance::utterance(const flow::Speech& speech) {
    const std::string language(text::code(speech.language));
    if (speech.language == flow::Language::ZhCN) {
        // From characters Debian's espeak-ng misreads polyphones (重新,
        // 处理): the catalog's checked pinyin is what it reads.
        return {speech.key, language, "cmn-latn-pinyin", speech.pinyin};
    }
    return {speech.key, language, "en", speech.text};
}

int Guidance::volume(const flow::View& view, std::int64_t now_unix) const {
    if (view.voice_muted) {
        return 0;
    }
    const std::int64_t local = now_unix + std::int64_t{utc_offset_minutes_} * 60;
    const auto minute = static_cast<int>(((local % 86400) + 86400) % 86400 / 60);
    return config::voice_volume(config_, minute);
}

bool Guidance::follow(const flow::View& view, const text::Catalog& catalog, std::int64_t now_unix) {
    const auto speech = flow::speech_for(view, catalog);
    const std::string said =
        speech ? std::string(text::code(speech->language)) + '/' + speech->key : std::string();
    const bool again = view.listen_again != listened_;
    listened_ = view.listen_again;
    if (said == said_ && !again) {
        return false;
    }
    said_ = said;
    const int level = volume(view, now_unix);
    voice_.set_volume(level);
    if (!speech || level == 0) {
        voice_.stop();
        return false;
    }
    last_ = voice_.say(utterance(*speech));
    return last_ != 0;
}

void Guidance::finish(std::chrono::milliseconds limit) {
    // Its samples first (a synthesis), then its playing.
    if (!voice_.wait_prepared(limit) || voice_.handed() < last_) {
        return;  // no sound for it
    }
    (void)voice_.wait_for(
        [this](const voice::Voice::Heard& h) { return h.prompt >= last_ && !h.playing; }, limit);
}

void Guidance::heard(const flow::DeviceEvent& event, const flow::View& view,
                     std::int64_t now_unix) {
    std::optional<voice::Chime> chime;
    if (std::holds_alternative<flow::CardEvent>(event) ||
        std::holds_alternative<flow::QrEvent>(event)) {
        chime = voice::Chime::Read;
    } else if (const auto* printer = std::get_if<flow::PrinterEvent>(&event);
               printer != nullptr && (printer->kind == flow::PrinterEvent::Kind::Printed ||
                                      printer->kind == flow::PrinterEvent::Kind::Sent)) {
        chime = voice::Chime::Printed;
    }
    if (!chime) {
        return;
    }
    const int level = volume(view, now_unix);
    if (level == 0) {
        return;
    }
    voice_.set_volume(level);
    (void)voice_.chime(*chime);
}

void Guidance::prepare(const text::Catalog& catalog) {
    std::vector<voice::Utterance> all;
    for (const flow::Language language : {flow::Language::ZhCN, flow::Language::En}) {
        for (int s = 0; s <= static_cast<int>(flow::kLastScreen); ++s) {
            flow::View view;
            view.screen = static_cast<flow::Screen>(s);
            view.language = language;
            view.title = std::string("title.") + flow::screen_name(view.screen);
            if (auto speech = flow::speech_for(view, catalog)) {
                all.push_back(utterance(*speech));
            }
        }
    }
    voice_.prepare(std::move(all));
}

}  // namespace jiayi::ui
