#pragma once
// The receipt printer behind the flow: a receipt the flow hands over is laid
// out for the configured printer's profile (kiosk/printing) and queued
// (drivers/printer); the
// queue's news comes back to the flow as PrinterEvents on its event queue,
// each with one log line for staff (never the receipt's content).

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "common/image/typeface.hpp"
#include "drivers/printer/profile.hpp"
#include "drivers/printer/queue.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/text/catalog.hpp"

namespace jiayi::devices {

flow::PrinterEvent to_printer_event(const drivers::printer::QueueEvent& event);
std::string log_line(const drivers::printer::QueueEvent& event);

class KioskPrinter : public flow::ReceiptPrinter {
  public:
    using Log = std::function<void(const std::string&)>;

    // The printer `config` names, with its profile (from `printer_profiles`,
    // else assets/printers.toml); null (and no error) when it names none.
    // Nothing is opened yet.
    static Result<std::unique_ptr<KioskPrinter>, std::string> create(
        const config::KioskConfig& config, const std::filesystem::path& assets,
        const text::Catalog& catalog, Log log);

    // Starts the queue's thread, posting to `events`, and queues again what
    // the store still has queued (a receipt waiting for paper before a restart).
    void start(flow::EventQueue& events, store::Store& store, Instant now);

    void print(std::int64_t job, const receipt::Receipt& receipt, text::Language language) override;
    // Laid out for this printer's profile and rendered by our ESC/POS renderer.
    std::optional<image::Grey> paper(const receipt::Receipt& receipt,
                                     text::Language language) const override;

    // Waits until every job was printed (or sent) or `timeout` passed; for a
    // headless run that must not exit before its receipts are out.
    bool wait_idle(std::chrono::milliseconds timeout) const;
    std::size_t waiting() const;
    const drivers::printer::Profile& profile() const { return profile_; }

  private:
    KioskPrinter(std::string address, drivers::printer::Profile profile,
                 std::shared_ptr<const image::Typeface> face, const text::Catalog& catalog, Log log)
        : address_(std::move(address)),
          profile_(std::move(profile)),
          face_(std::move(face)),
          catalog_(catalog),
          log_(std::move(log)) {}

    std::string address_;
    drivers::printer::Profile profile_;
    std::shared_ptr<const image::Typeface> face_;
    const text::Catalog& catalog_;
    Log log_;
    std::unique_ptr<drivers::printer::PrintQueue> queue_;
};

}  // namespace jiayi::devices
