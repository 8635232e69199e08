#pragma once
// The session state machine (DESIGN.md, "flow"; the journey in "The
// resident's journey"). It takes device events and UI intents with the time
// they happened, hands each to the journey that owns it — identify
// (resident.hpp), sign/renew/switch and decline (journey.hpp), booking a
// specialist (booking.hpp), print
// tracking (printing.hpp), feedback (feedback.hpp), the nurse's desk
// (nurse.hpp) —, and publishes an immutable View after every change, built
// by a pure function of its state (state.hpp). It owns no thread and reads
// no clock: the frame loop passes `now` in and calls tick() at
// next_deadline().

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/config/config.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/flow/events.hpp"
#include "kiosk/flow/hub_requests.hpp"
#include "kiosk/flow/view_model.hpp"

namespace jiayi::store {
class Store;
}

namespace jiayi::flow {

struct FlowState;
struct Context;
class Printing;
enum class JourneyKind;
struct Committed;
struct CenterVerdict;

class Flow {
  public:
    using IdSource = std::function<std::string()>;

    // `ids` makes record ids (store::new_uuid when empty); `printer` may be
    // null; `pins` checks nurses' PINs off this thread (pin_worker.hpp; null:
    // on this thread, for tools without a frame loop).
    Flow(const config::KioskConfig& config, store::Store& store, IdSource ids = {},
         ReceiptPrinter* printer = nullptr, PinChecker* pins = nullptr);
    ~Flow();
    Flow(const Flow&) = delete;
    Flow& operator=(const Flow&) = delete;

    const View& view() const { return *view_; }
    std::shared_ptr<const View> snapshot() const { return view_; }
    // Increases with every published view, so a frame loop knows to redraw.
    std::uint64_t version() const { return version_; }

    void handle(const Intent& intent, Instant now);
    void card(const CardData& card, Instant now);
    void qr(const ScannedCode& code, Instant now);
    void reader(ReaderStatus status, Instant now);
    void printer(const PrinterEvent& event, Instant now);
    // Where booking asks the center (hub_requests.hpp); null (the default):
    // booking says it needs the network. Set before the first session.
    void set_hub(HubRequests* hub) { hub_ = hub; }
    // The center's answer to a booking question; one nobody waits for any
    // more (an abandoned session's) is dropped.
    void hub_answered(const HubAnswer& answer, Instant now);
    // The sync's news after a pass (the staff's indicator), and the
    // center's word on a signing waiting for it (center.hpp).
    void sync_news(const SyncNews& news, Instant now);
    // The record of the signing waiting for the center's word, if one is.
    std::optional<std::string> awaited_record() const;
    // A PIN checker's answer (to the PinChecker given at construction).
    void pin_checked(const PinChecked& answer, Instant now);
    // The store's print job of the receipt on screen; 0 when none.
    std::int64_t print_job() const;
    // Advances the idle timers; call at next_deadline() (or later).
    void tick(Instant now);
    // When tick() next has something to do; nullopt on an idle home screen.
    std::optional<Instant> next_deadline() const;

  private:
    void dispatch(const Intent& intent);
    void next();
    void start(JourneyKind kind);
    void start_booking(IntentKind kind);
    void back_fill_done();
    void begin_session(const domain::Document& document, const CardData& card);
    void reprint(const std::string& receipt_id);
    void committed(Committed done, bool contract);
    void center_verdict(CenterVerdict verdict);
    void end_session();
    void drop_resident();
    void drop_session();
    void wipe();
    bool resting() const;
    void read_queue();
    void publish();

    const config::KioskConfig& config_;
    std::unique_ptr<FlowState> s_;
    std::unique_ptr<Context> ctx_;
    std::unique_ptr<Printing> printing_;
    PinChecker* pins_;
    HubRequests* hub_ = nullptr;
    std::uint64_t hub_tickets_ = 0;  // never reset: an old answer cannot match a new question
    Instant last_input_{};
    Screen published_screen_ = Screen::Home;
    std::shared_ptr<const View> view_;
    std::uint64_t version_ = 0;
};

}  // namespace jiayi::flow
