// Receipts and the printer, through the real flow and store: what the
// resident is told while their receipt prints, waits for paper, or is
// printed; and end to end through the kiosk's printer, its queue and the
// printer simulator over TCP.

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "drivers/printer/simulator.hpp"
#include "kiosk/devices/printer.hpp"
#include "support/kiosk_fixture.hpp"
#include "support/printing.hpp"

using namespace jiayi;
using namespace jiayi::test;
using namespace std::chrono_literals;
using flow::IntentKind;
using flow::PrinterEvent;
using flow::PrintState;
using flow::Screen;

namespace {

struct Printed {
    std::int64_t job;
    std::string receipt_id;
    std::string qr;
    text::Language language;
};

// Takes what the flow sends, as the printer's queue would.
struct RecordingPrinter : flow::ReceiptPrinter {
    std::vector<Printed> calls;
    void print(std::int64_t job, const receipt::Receipt& r, text::Language language) override {
        calls.push_back({job, r.id, r.qr, language});
    }
};

void event(KioskFixture& k, PrinterEvent::Kind kind, std::int64_t job,
           flow::PrinterProblem problem = flow::PrinterProblem::None) {
    k.advance(1);
    k.flow.printer({kind, job, problem}, k.now);
}

}  // namespace

TEST_CASE("a signed receipt goes to the printer, queued in the store first") {
    RecordingPrinter printer;
    KioskFixture k(&printer);
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    REQUIRE(printer.calls.size() == 1);
    const Printed& sent = printer.calls[0];
    CHECK(sent.job > 0);
    CHECK(sent.language == text::Language::ZhCN);
    CHECK(sent.qr == k.view().receipt->qr);
    CHECK(k.view().print.state == PrintState::Printing);
    const auto queued = k.store->queued_prints().value();
    REQUIRE(queued.size() == 1);
    CHECK(queued[0].id == sent.job);
    CHECK(queued[0].receipt_id == sent.receipt_id);
    CHECK(queued[0].language == "zh-CN");

    event(k, PrinterEvent::Kind::Printed, sent.job);
    CHECK(k.view().print.state == PrintState::Printed);
    CHECK(k.message() == "");
    CHECK(k.store->queued_prints().value().empty());
}

TEST_CASE(
    "paper out: the resident hears that the receipt is kept, it prints when the paper is in") {
    RecordingPrinter printer;
    KioskFixture k(&printer);
    k.card(card_born("19800301", "013"));
    k.tap(IntentKind::ToggleLanguage);
    sign_with(k, "team-a");
    REQUIRE(printer.calls.size() == 1);
    CHECK(printer.calls[0].language == text::Language::En);
    const std::int64_t job = printer.calls[0].job;

    event(k, PrinterEvent::Kind::Waiting, job, flow::PrinterProblem::PaperOut);
    CHECK(k.message() == "printer-paper-out");
    CHECK(k.view().print.state == PrintState::Waiting);
    CHECK(k.view().print.problem == "printer.paper-out");
    CHECK(k.store->queued_prints().value()[0].problem == "paper-out");

    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Receipt);
    CHECK(k.offers(IntentKind::CallNurse));  // the message said to ask a nurse
    event(k, PrinterEvent::Kind::Printed, job);
    CHECK_FALSE(k.offers(IntentKind::CallNurse));
    CHECK(k.view().print.state == PrintState::Printed);
    CHECK(k.store->queued_prints().value().empty());
}

TEST_CASE("another resident's waiting receipt is not this resident's message") {
    RecordingPrinter printer;
    KioskFixture k(&printer);
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    const std::int64_t earlier = k.store->queue_print(k.view().receipt->id, "zh-CN", k.now).value();
    event(k, PrinterEvent::Kind::Waiting, earlier, flow::PrinterProblem::CoverOpen);
    CHECK(k.message() == "");
    CHECK(k.view().print.state == PrintState::Printing);
    // The printer's trouble is known: the next receipt starts out waiting.
    event(k, PrinterEvent::Kind::Disconnected, 0);
    CHECK(k.message() == "");
}

TEST_CASE("without a printer the receipt screen says so, and a nurse's reprint is a new job") {
    SUBCASE("no printer") {
        KioskFixture k;
        k.card(card_born("19800301", "013"));
        sign_with(k, "team-a");
        CHECK(k.view().print.state == PrintState::NoPrinter);
        CHECK(k.store->queued_prints().value().empty());
    }
    SUBCASE("reprint") {
        RecordingPrinter printer;
        KioskFixture k(&printer);
        k.card(card_born("19800301", "013"));
        sign_with(k, "team-a");
        const std::string receipt_id = k.view().receipt->id;
        k.tap(IntentKind::Finish);
        k.nurse_sign_in();
        k.tap(IntentKind::Reprint);
        REQUIRE(k.screen() == Screen::Reprint);
        k.tap(IntentKind::Reprint, receipt_id);
        REQUIRE(printer.calls.size() == 2);
        CHECK(printer.calls[1].receipt_id == receipt_id);
        CHECK(printer.calls[1].job != printer.calls[0].job);
    }
}

namespace {

std::shared_ptr<const image::Typeface> face() {
    return test::printer_face();
}

const text::Catalog& catalog() {
    return test::shipped_catalog();
}

std::unique_ptr<drivers::printer::PrinterSimulator> simulator() {
    auto sim =
        drivers::printer::PrinterSimulator::create(drivers::printer::PrinterSimulator::Port::Tcp,
                                                   576, drivers::printer::FontSet::Gb18030, face());
    REQUIRE(sim.ok());
    return std::move(sim).value();
}

std::unique_ptr<devices::KioskPrinter> kiosk_printer(config::KioskConfig config,
                                                     const std::string& address) {
    config.devices.printer = address;
    config.devices.printer_profile = "gprinter-80";
    auto made = devices::KioskPrinter::create(
        config, std::filesystem::path(JIAYI_SOURCE_DIR) / "assets", catalog(), {});
    REQUIRE_MESSAGE(made.ok(), made.error());
    REQUIRE(made.value() != nullptr);
    return std::move(made).value();
}

// The frame loop's part: woken by a post, it hands device events to the
// flow until `done` holds (or ten seconds pass).
struct Loop {
    std::mutex mutex;
    std::condition_variable woken;
    bool posted = false;
    flow::EventQueue queue{[this] {
        std::lock_guard lock(mutex);
        posted = true;
        woken.notify_all();
    }};

    template <typename Done>
    bool drive(KioskFixture& k, Done done) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        for (;;) {
            for (const auto& e : queue.drain()) {
                k.advance(1);
                flow::deliver(k.flow, e, k.now);
            }
            if (done()) {
                return true;
            }
            std::unique_lock lock(mutex);
            if (!woken.wait_until(lock, deadline, [&] { return posted; })) {
                return false;
            }
            posted = false;
        }
    }
};

}  // namespace

TEST_CASE("end to end: a signing's receipt printed on the simulated printer over TCP") {
    auto sim = simulator();
    auto printer = kiosk_printer(kiosk_config(), sim->address());
    KioskFixture k(printer.get());
    Loop loop;
    printer->start(loop.queue, *k.store, k.now);
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    REQUIRE(loop.drive(k, [&] { return k.view().print.state == PrintState::Printed; }));
    REQUIRE(sim->wait_for_jobs(1, 5s));
    const auto jobs = sim->jobs();
    CHECK(jobs[0].problems.empty());
    CHECK(jobs[0].qr_codes == std::vector<std::string>{k.view().receipt->qr});
    CHECK(k.store->queued_prints().value().empty());
}

TEST_CASE("end to end: paper out, the resident is told, the nurse changes the paper, it prints") {
    auto sim = simulator();
    sim->set_paper(drivers::printer::Paper::Out);
    auto printer = kiosk_printer(kiosk_config(), sim->address());
    KioskFixture k(printer.get());
    Loop loop;
    printer->start(loop.queue, *k.store, k.now);
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    REQUIRE(loop.drive(k, [&] { return k.message() == "printer-paper-out"; }));
    CHECK(sim->jobs().empty());
    sim->set_paper(drivers::printer::Paper::Ok);
    REQUIRE(loop.drive(k, [&] { return k.view().print.state == PrintState::Printed; }));
    CHECK(k.message() == "");
    CHECK(sim->jobs().size() == 1);
}

TEST_CASE("end to end: a receipt still queued at a restart prints when the kiosk starts again") {
    auto sim = simulator();
    RecordingPrinter nowhere;  // the first run's printer never printed it
    KioskFixture k(&nowhere);
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    const std::string receipt_qr = k.view().receipt->qr;
    REQUIRE(k.store->queued_prints().value().size() == 1);

    k.reopen();  // the kiosk restarts on the same database
    REQUIRE(k.store->queued_prints().value().size() == 1);
    auto printer = kiosk_printer(kiosk_config(), sim->address());
    Loop loop;
    printer->start(loop.queue, *k.store, k.now);
    REQUIRE(sim->wait_for_jobs(1, 10s));
    CHECK(sim->jobs()[0].qr_codes == std::vector<std::string>{receipt_qr});
    // The job's news reaches the store through the flow, as in the kiosk.
    flow::Flow restarted(k.config, *k.store, {}, printer.get());
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (k.store->queued_prints().value().size() == 1 &&
           std::chrono::steady_clock::now() < deadline) {
        std::unique_lock lock(loop.mutex);
        loop.woken.wait_until(lock, deadline, [&] { return loop.posted; });
        loop.posted = false;
        lock.unlock();
        for (const auto& e : loop.queue.drain()) {
            flow::deliver(restarted, e, k.now);
        }
    }
    CHECK(k.store->queued_prints().value().empty());
}
