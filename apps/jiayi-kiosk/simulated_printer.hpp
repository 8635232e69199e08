#pragma once
// The receipt printer of a demo or headless run that has none configured: a
// simulated network printer (ESC/POS over TCP on loopback, each receipt
// written as PNG) with the kiosk's own printer queue in front of it. Both are
// made on first use — a receipt to print or to preview, or the demo panel's
// paper and cover — since most headless runs (one screen, a screenshot) print
// nothing and should not pay for a font, a socket and two threads.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "drivers/printer/simulator.hpp"
#include "kiosk/devices/printer.hpp"

namespace jiayi::app {

class SimulatedPrinter : public flow::ReceiptPrinter {
  public:
    using Log = std::function<void(const std::string&)>;
    // `config` is the kiosk's; the printer's address and profile are the
    // simulator's. Receipts go to `receipts` as PNG.
    SimulatedPrinter(config::KioskConfig config, std::filesystem::path assets,
                     const text::Catalog& catalog, std::filesystem::path receipts, Log log)
        : config_(std::move(config)),
          assets_(std::move(assets)),
          catalog_(catalog),
          receipts_(std::move(receipts)),
          log_(std::move(log)) {}

    // Where the queue posts its news, and the store it re-queues from; before
    // the first print.
    void attach(flow::EventQueue& events, store::Store& store, std::function<Instant()> clock) {
        events_ = &events;
        store_ = &store;
        clock_ = std::move(clock);
    }

    // On the UI thread (the flow's).
    void print(std::int64_t job, const receipt::Receipt& receipt, text::Language language) override;
    // Any thread.
    std::optional<image::Grey> paper(const receipt::Receipt& receipt,
                                     text::Language language) const override;
    // The demo panel: paper-out, paper-in, cover-open, cover-shut.
    void control(const std::string& action);
    // At exit: waits for receipts still printing, if anything was printed.
    void drain(std::chrono::milliseconds timeout);

  private:
    // Makes the simulator and the queue's printer once; null if it cannot.
    devices::KioskPrinter* made() const;

    config::KioskConfig config_;
    std::filesystem::path assets_;
    const text::Catalog& catalog_;
    std::filesystem::path receipts_;
    Log log_;
    flow::EventQueue* events_ = nullptr;
    store::Store* store_ = nullptr;
    std::function<Instant()> clock_;

    mutable std::mutex making_;
    mutable bool tried_ = false;
    mutable std::unique_ptr<drivers::printer::PrinterSimulator> simulator_;
    mutable std::unique_ptr<devices::KioskPrinter> printer_;
    bool started_ = false;
};

}  // namespace jiayi::app
