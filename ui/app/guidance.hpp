#pragma once
// Spoken guidance (issue 13): what the kiosk's voice says and chimes as the
// view changes and the devices report. After each settled view the frame
// loop calls follow(): the view's sentence (kiosk/flow/speech.hpp) is said
// when it differs from the last one said, or when "Listen again" was tapped;
// a view that says nothing cuts the prompt. A card read or a code scanned
// chimes, and so does a receipt printed. Never blocks: the voice
// (ui/voice) renders on its worker and plays on SDL's audio thread.
//
// Mandarin is synthesized from the sentence's tone-numbered pinyin only; a
// zh-CN sentence without pinyin is said only from a recording (else the
// voice reports its key once, for staff, and stays silent).

#include <chrono>
#include <cstdint>
#include <string>

#include "kiosk/config/config.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/flow/speech.hpp"
#include "kiosk/text/catalog.hpp"
#include "ui/voice/voice.hpp"

namespace jiayi::ui {

class Guidance {
  public:
    Guidance(voice::Voice& voice, const config::VoiceSection& config, int utc_offset_minutes)
        : voice_(voice), config_(config), utc_offset_minutes_(utc_offset_minutes) {}

    // The view settled at `now_unix` (UTC seconds). Returns whether a
    // sentence was handed to the voice.
    bool follow(const flow::View& view, const text::Catalog& catalog, std::int64_t now_unix);
    // Waits until the sentence handed over has played to its end (a spoken
    // tour; never on a live kiosk's frame loop).
    void finish(std::chrono::milliseconds limit);
    // A device event about to reach the flow.
    void heard(const flow::DeviceEvent& event, const flow::View& view, std::int64_t now_unix);
    // Every screen's sentence in both languages into the voice's cache, on
    // its worker (the first start synthesizes them, later starts find them).
    void prepare(const text::Catalog& catalog);

    // What espeak-ng or a recording is asked to say for `speech`.
    static voice::Utterance utterance(const flow::Speech& speech);

  private:
    int volume(const flow::View& view, std::int64_t now_unix) const;

    voice::Voice& voice_;
    const config::VoiceSection& config_;
    int utc_offset_minutes_;
    std::string said_;        // "<language>/<key>" of the last sentence said; empty: none
    int listened_ = 0;        // the view's listen_again count last seen
    std::uint64_t last_ = 0;  // the voice's ticket of the last sentence
};

}  // namespace jiayi::ui
