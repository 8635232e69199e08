#pragma once
// What the UI draws and what it may ask for (DESIGN.md, "flow"): the flow
// publishes an immutable view model; the UI draws it and returns intents.
// Every word is a catalog key or data; the UI never decides what to offer.
// No ImGui here.

#include <optional>
#include <string>
#include <vector>

#include "common/image/raster.hpp"
#include "kiosk/receipt/receipt.hpp"
#include "kiosk/text/language.hpp"

namespace jiayi::flow {

using text::Language;

// The signature pad's coordinate space, in which strokes travel (the
// Stroke intent, the view's strokes): 1000 wide, a third of that tall.
inline constexpr float kPadWidth = 1000;
inline constexpr float kPadHeight = 1000.0f / 3;

enum class Screen {
    Home,
    Identify,     // "tap your ID card" after choosing an action without one
    Help,         // where to find a nurse; the nurse's sign-in
    Status,       // who, which contract, which team, what can be done
    Signer,       // a guardian or proxy identifies and names the relation
    Teams,        // choose a team (only those taking residents)
    Packages,     // basic package and optional ones
    Hospitals,    // 1+1+1: optional secondary and tertiary hospital
    Phone,        // keep the number on file, or enter it twice
    Fees,         // each payer's share
    Consent,      // privacy consent, first signing only
    Notice,       // the informed notice of a resident who declines
    Signature,    // the handwritten signature
    Receipt,      // the receipt's preview
    Feedback,     // 1–5 faces and "do you know your family doctor?"
    Thanks,       // done; home follows
    Pin,          // nurse sign-in
    NurseMenu,    // manual entry, today's summary, reprint, leave
    ManualEntry,  // a document number typed by a nurse
    Summary,      // today's figures
    Reprint,      // today's receipts
    // Booking a specialist (booking.hpp)
    BookHospital,    // a pool hospital
    BookDepartment,  // one of its departments
    BookDay,         // a day with free slots
    BookTime,        // a time that day
    BookConfirm,     // the slot, to confirm
    MyBookings,      // the resident's open bookings
    Booking,         // one booking: from the list (cancel) or a scanned voucher
    // The center (kiosk/sync)
    Confirming,  // a signing sent at once: waiting a few seconds for the center's word
    Refused,     // nurse: records the center refused, with the reason
    // A nurse's back-fill of a paper contract (back_fill.hpp)
    BackFillDate,     // the date on the paper form
    BackFillForm,     // the paper form's number
    BackFillTeam,     // the team on the paper
    BackFillSigner,   // who signed the paper
    BackFillConfirm,  // a last look before it is recorded
};

// The last screen, for tables over all of them.
inline constexpr Screen kLastScreen = Screen::BackFillConfirm;

const char* screen_name(Screen screen);

enum class IntentKind {
    None,
    // Home
    StartSigning,
    StartBooking,
    MyDoctor,
    CallNurse,
    ToggleLanguage,
    ToggleLargeText,
    // Anywhere
    ListenAgain,  // say the screen's sentence again (issue 13, "Spoken guidance")
    Next,         // the screen's primary action
    Back,
    Finish,    // leave, wiping the session
    MoreTime,  // the idle countdown's button
    Dismiss,   // the message's one button
    PageUp,
    PageDown,
    // Status
    Sign,
    Renew,
    Switch,
    Decline,
    ProxySign,  // nurse: someone signs for the resident
    // Choices (arg: an id)
    ChooseTeam,
    TogglePackage,
    ChooseHospital,  // arg empty: none at that level (value: 2 or 3)
    ChooseRelation,
    KeepPhone,
    ChangePhone,
    // Keypad (arg: "0"…"9", or a letter where the keypad offers letters)
    Key,
    DeleteKey,
    // Signature
    Stroke,  // points in pad units (0…1000 × 0…1000 × aspect)
    ClearSignature,
    // Feedback
    Rate,         // value 1…5
    KnowsDoctor,  // value 1 yes, 0 no
    Skip,         // no feedback this time
    // Nurse
    NurseSignIn,
    ManualEntry,
    SwitchEntry,  // an ID number ↔ a number with letters (passport, 2017 card)
    Summary,
    Reprint,  // arg: receipt id
    NurseSignOut,
    // Booking (arg: an id; a day as YYYY-MM-DD)
    Book,  // status: book a specialist
    MyBookings,
    PickHospital,
    PickDepartment,
    PickDay,
    PickTime,
    ShowBooking,
    CancelBooking,
    // Nurse: the records the center refused
    Refused,
    SettleRefusal,  // arg: the record's id — the nurse has dealt with it
    // Nurse: back-fill a contract signed on paper
    BackFill,
    ChooseSigner,  // arg: "self" or a relation
    // Nurse: the kiosk's voice off (or on again) until the session ends
    ToggleVoice,
};

const char* intent_name(IntentKind kind);
std::optional<IntentKind> intent_from_name(std::string_view name);

struct Intent {
    IntentKind kind = IntentKind::None;
    std::string arg;
    int value = 0;
    std::vector<image::Point> stroke;
};

// One action the screen offers, in order; the first may be primary.
struct Action {
    IntentKind intent = IntentKind::None;
    std::string label;  // catalog key
    bool primary = false;
};

struct Progress {
    int step = 0;  // 0: not in a journey
    int of = 0;
};

// One sentence and one next step, from the catalog ("message.<code>.*").
struct Message {
    std::string code;  // a refusal code or a kiosk message code
    std::vector<std::string> args;
};

struct PersonView {
    std::string masked_name;  // "—" when unknown (a number typed by a nurse)
    std::string masked_id;
    std::string document_kind;  // catalog key "document.<code>"
    int age = 0;
    std::vector<std::string> populations;  // catalog keys "population.<code>"
    std::string standing;                  // catalog key "standing.<code>"
    std::string start, end;                // ISO dates of the current or latest contract
    int days_left = 0;
    std::string team_name;
    std::string doctor;
    std::string doctor_phone;
    bool cross_region = false;
    bool in_force = false;        // a contract holds today (active or in its renewal window)
    bool needs_guardian = false;  // a minor: a guardian signs
    // The center refused one of this resident's records (made while the
    // kiosk was offline, or just now): catalog key "refused_notice.<record>"
    // (signing, renewal, switch, termination, opt-out, record), one sentence
    // whose next step is the desk, with the reason "refused_reason.<code>"
    // in its {0} (empty where the resident can do nothing with it); both
    // empty when none.
    std::string center_refusal;
    std::string center_refusal_reason;
};

struct TeamCard {
    std::string id;
    std::string name;
    std::string doctor;
    std::string specialties;  // joined with "、"
    std::string villages;
    int places_left = 0;
    bool chosen = false;
};

struct ChoiceRow {
    std::string id;
    std::string name_zh;
    std::string name_en;
    std::string detail;  // a price, a level
    bool chosen = false;
    bool fixed = false;  // the basic package: always chosen
};

struct KeypadView {
    std::string prompt;   // catalog key
    std::string entered;  // shown as typed (phone, ID) or as dots (PIN)
    bool allow_x = false;
    bool secret = false;
    int max_length = 18;
    bool letters = false;  // A–Z too (a passport's or a 2017 foreigner card's number)
    bool dash = false;     // '-' too (a passport's number, a paper form's number)
    bool busy = false;     // what was typed is being checked (a PIN): no keys now
};

struct FeeRow {
    std::string name_zh;
    std::string name_en;
    std::string payer;  // catalog key "payer.<code>"
    std::string amount;
};

struct FeesView {
    std::vector<FeeRow> rows;
    std::string total;
    std::string resident_pays;
};

struct SignatureView {
    std::vector<std::vector<image::Point>> strokes;
    std::string signer;     // catalog key "signer.<role>"
    bool guardian = false;  // the one signing is a minor's guardian
};

struct SummaryView {
    int signings = 0;
    int renewals = 0;
    int switches = 0;
    int declines = 0;
    int pending = 0;  // not yet acknowledged by the center
};

// The sync as staff see it (the nurse's screens only): reachable or not,
// what waits and since when, what the center refused.
struct SyncView {
    bool known = false;        // a kiosk with a hub whose sync has reported
    bool online = false;       // the hub answered the last pass
    int queued = 0;            // outbox entries waiting
    std::string since;         // local "YYYY-MM-DD HH:MM" of the oldest one waiting; empty: none
    std::string last_success;  // local "YYYY-MM-DD HH:MM"; empty: never
    std::string failure;       // catalog key "sync_failure.<code>" when offline
    int refused = 0;           // outbox entries the center refused
};

// A record the center refused, as the nurse's list shows it; after them,
// the records the daily check with the center found differing.
struct RefusedRow {
    std::string record_id;
    std::string kind;     // catalog key "record.<type>" ("record.at-center": not on this kiosk)
    std::string date;     // local "YYYY-MM-DD HH:MM" it was made (a difference's: its day)
    std::string reason;   // catalog key "center_refusal.<code>" or "ledger_difference.<where>"
    bool settles = true;  // the nurse can settle it (a ledger difference is for IT)
};

struct ReprintRow {
    std::string id;
    std::string kind;  // catalog key "receipt.kind.<code>"
    std::string time;  // local HH:MM
};

// Where the session's receipt is: on its way, out of the printer, or kept
// until the printer can print it (problem: a catalog key "printer.<code>").
enum class PrintState { None, NoPrinter, Printing, Printed, Sent, Waiting };

struct PrintView {
    PrintState state = PrintState::None;
    std::string problem;  // catalog key when Waiting
    bool kept = true;     // false: the store could not keep it; no reprint later
};

// A hospital, department, day or time on the booking screens.
struct PoolOption {
    std::string id;  // hospital, department or slot id; a day as YYYY-MM-DD
    std::string name_zh;
    std::string name_en;  // may be empty: name_zh is shown
    std::string weekday;  // a day's catalog key "weekday.<0-6>"; else empty
    int free = 0;         // free slots under it (hospital, department, day)
};

// A slot or a booking as the booking screens show it (local day and time).
struct SlotView {
    std::string id;  // the booking's id (a booking) or the slot's
    std::string hospital_zh, hospital_en;
    std::string department_zh, department_en;
    std::string place_zh, place_en;
    std::string day;           // YYYY-MM-DD
    std::string weekday;       // catalog key "weekday.<0-6>"
    std::string time;          // HH:MM–HH:MM
    std::string cancel_until;  // YYYY-MM-DD HH:MM
    bool cancellable = false;  // before the cancellation deadline
    bool cancelled = false;
};

struct BookingView {
    bool waiting = false;  // the center was asked; its answer has not come
    bool scanned = false;  // a scanned voucher's booking: to look at only
    std::vector<PoolOption> options;
    SlotView slot;  // chosen so far (hospital, department, day), the slot, or the booking
    std::vector<SlotView> bookings;  // my bookings
};

// A back-fill as entered so far (empty: not yet).
struct BackFillView {
    std::string signed_on;  // YYYY-MM-DD
    std::string form_number;
    std::string team_name;
    std::string signer;  // catalog key: "signer.self" or "relation.<id>"
};

struct View {
    Screen screen = Screen::Home;
    Language language = Language::ZhCN;
    bool large_text = false;
    bool nurse = false;  // assisted mode is on
    // The kiosk's voice (drivers/voice, kiosk/flow/speech.hpp): the screen's
    // sentence is said again whenever this count changes ("Listen again");
    // a nurse muted the voice for this session.
    int listen_again = 0;
    bool voice_muted = false;
    Progress progress;
    std::string title;  // catalog key of the screen's heading
    std::optional<Message> message;
    std::optional<int> countdown;  // seconds left before the session is wiped
    std::vector<Action> actions;
    int page = 0;

    PersonView person;
    std::vector<TeamCard> teams;
    std::vector<ChoiceRow> choices;  // packages, hospitals or relations
    KeypadView keypad;
    FeesView fees;
    std::string phone_on_file;  // masked
    SignatureView signature;
    std::optional<receipt::Receipt> receipt;
    PrintView print;
    std::optional<int> rating;
    std::optional<bool> knows_doctor;
    bool asking_knows = false;  // feedback's second question
    std::string thanks;         // catalog key of the thanks screen's second line
    SummaryView summary;
    std::vector<ReprintRow> reprints;
    BookingView booking;
    SyncView sync;  // filled for a nurse's screens
    std::vector<RefusedRow> refused;
    BackFillView back_fill;
};

}  // namespace jiayi::flow
