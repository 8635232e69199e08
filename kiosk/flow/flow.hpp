#pragma once
// The session state machine (DESIGN.md, "flow"; the journey in "The
// resident's journey"). It takes device events and UI intents with the time
// they happened, applies the domain's rules, writes through the store, and
// publishes an immutable View after every change. It owns no thread and reads
// no clock: the frame loop passes `now` in and calls tick() at next_deadline().

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/auth/pin.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/flow/view_model.hpp"
#include "kiosk/receipt/receipt.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::flow {

// What an ID-card reader hands over (drivers issue: the SAM reader's text).
struct CardData {
    std::string name;
    std::string number;
    std::string address;
};

// The ID card reader's own state, as the driver reports it.
enum class ReaderStatus {
    CardMoved,  // the card left the reader mid-read
    Broken,     // the reader's security module failed
    Offline,    // the reader stopped answering (unplugged?)
    Back,       // it answers again
};

// A scanned code, already sorted by the scanner's driver
// (drivers/qr/payload.hpp); `id` is the record, booking or staff id, or the
// e-health card's text.
enum class CodeKind { NotOurs, Booking, Record, NurseBadge, EHealthCard };
struct ScannedCode {
    CodeKind kind = CodeKind::NotOurs;
    std::string id;
};

// Where receipts go: the printer's queue (drivers/printer) or nowhere but the
// preview. `job` is the store's print job; the printer answers with
// PrinterEvents carrying it. Must not block: the flow runs on the UI thread.
class ReceiptPrinter {
  public:
    virtual ~ReceiptPrinter() = default;
    virtual void print(std::int64_t job, const receipt::Receipt& receipt, Language language) = 0;
    // The receipt as this printer prints it, for the screen's preview; may
    // take tens of milliseconds, so not on the UI thread. Any thread.
    virtual std::optional<image::Grey> paper(const receipt::Receipt&, Language) const {
        return std::nullopt;
    }
};

// What the printer's queue says, in the flow's words.
enum class PrinterProblem { None, PaperOut, CoverOpen, Offline, NoAnswer, Disconnected };

std::string_view code(PrinterProblem problem);  // "paper-out", …, "none"

struct PrinterEvent {
    enum class Kind {
        Printed,       // the printer confirmed the job
        Sent,          // sent to a printer that cannot confirm
        Waiting,       // the job is kept: `problem` says why
        Disconnected,  // no link to the printer; jobs are kept
        Back,          // the printer is reachable again
    };
    Kind kind = Kind::Waiting;
    std::int64_t job = 0;
    PrinterProblem problem = PrinterProblem::None;
};

class Flow {
  public:
    using IdSource = std::function<std::string()>;

    // `ids` makes record ids (store::new_uuid when empty); `printer` may be null.
    Flow(const config::KioskConfig& config, store::Store& store, IdSource ids = {},
         ReceiptPrinter* printer = nullptr);

    const View& view() const { return *view_; }
    std::shared_ptr<const View> snapshot() const { return view_; }
    // Increases with every published view, so a frame loop knows to redraw.
    std::uint64_t version() const { return version_; }

    void handle(const Intent& intent, Instant now);
    void card(const CardData& card, Instant now);
    void qr(const ScannedCode& code, Instant now);
    void reader(ReaderStatus status, Instant now);
    void printer(const PrinterEvent& event, Instant now);
    // The store's print job of the receipt on screen; 0 when none.
    std::int64_t print_job() const { return session_.print_job; }
    // Advances the idle timers; call at next_deadline() (or later).
    void tick(Instant now);
    // When tick() next has something to do; nullopt on an idle home screen.
    std::optional<Instant> next_deadline() const;

  private:
    enum class Journey { None, Look, Sign, Renew, Switch, Decline };
    enum class PhoneStage { OnFile, First, Second };
    enum class EntryTarget { Resident, Signer };

    struct Session {
        bool identified = false;
        store::ResidentRecord resident;
        domain::ResidentFacts facts;
        domain::ContractStanding standing;
        Journey journey = Journey::None;
        bool proxy = false;
        domain::SigningChoice choice;
        std::optional<domain::Document> signer_document;
        std::string relation;
        std::string keypad;
        std::string phone_first;
        PhoneStage phone_stage = PhoneStage::First;
        std::optional<domain::FeeBreakdown> fees;
        std::vector<std::vector<image::Point>> strokes;
        std::optional<receipt::Receipt> receipt;
        std::int64_t print_job = 0;  // the store's job for this receipt; 0: none
        PrintState print_state = PrintState::None;
        bool reprint = false;
        std::string record_id;
        std::optional<int> rating;
        std::optional<bool> knows_doctor;
        bool asking_knows = false;  // the rating is given; the second question shows
        EntryTarget entry = EntryTarget::Resident;
    };

    void go(Screen screen);
    void back();
    void show(std::string code, std::vector<std::string> args = {},
              std::optional<Screen> then = std::nullopt);
    void refuse(domain::Refusal refusal);
    void wipe();
    void publish();
    domain::Date today() const;

    void identify(const domain::Document& document, const CardData& card);
    void start(Journey journey);
    void after_signer();
    void choose_team(const std::string& id);
    void toggle_package(const std::string& id);
    void choose_hospital(const std::string& id, int level);
    void packages_done();
    void phone_next();
    void phone_accepted(const std::string& digits);
    void fees_next();
    void key(const std::string& key);
    void commit();
    void commit_signing();
    void commit_decline();
    void finish_feedback();
    void pin_next();
    void manual_entry_next();
    void open_summary();
    void open_reprints();
    void reprint(const std::string& receipt_id);
    void reprint_record(const std::string& record_id);
    void send_to_printer(const receipt::Receipt& receipt);
    void audit(const std::string& action, const std::string& detail);

    std::vector<domain::Team> offered_teams() const;
    std::vector<Screen> journey_steps() const;
    void fill_view(View& v) const;
    void fill_person(View& v) const;
    void fill_actions(View& v) const;

    const config::KioskConfig& config_;
    store::Store& store_;
    IdSource ids_;
    ReceiptPrinter* printer_;
    PrinterProblem printer_problem_ = PrinterProblem::None;
    auth::PinGuard pins_;

    Instant now_{};
    Instant last_input_{};
    Screen screen_ = Screen::Home;
    std::vector<Screen> history_;
    Language language_;
    bool large_text_;
    bool nurse_ = false;
    std::optional<Message> message_;
    std::optional<Screen> after_message_;
    std::optional<int> countdown_;
    int page_ = 0;
    Session session_;
    std::vector<domain::Team> teams_;
    SummaryView summary_;
    std::vector<ReprintRow> reprints_;

    std::shared_ptr<const View> view_;
    std::uint64_t version_ = 0;
};

// Strokes as JSON ([[[x,y],…],…], pad units) and as a PNG for the store.
std::string strokes_json(const std::vector<std::vector<image::Point>>& strokes);
std::vector<std::uint8_t> strokes_png(const std::vector<std::vector<image::Point>>& strokes);

}  // namespace jiayi::flow
