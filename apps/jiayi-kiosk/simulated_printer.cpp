#include "simulated_printer.hpp"

namespace jiayi::app {

devices::KioskPrinter* SimulatedPrinter::made() const {
    std::lock_guard lock(making_);
    if (tried_) {
        return printer_.get();
    }
    tried_ = true;
    auto face = image::Typeface::open();
    if (!face) {
        log_("jiayi-kiosk: no simulated printer: " + face.error());
        return nullptr;
    }
    auto simulator = drivers::printer::PrinterSimulator::create(
        drivers::printer::PrinterSimulator::Port::Tcp, 576, drivers::printer::FontSet::Gb18030,
        face.value());
    if (!simulator) {
        log_("jiayi-kiosk: no simulated printer: " + simulator.error());
        return nullptr;
    }
    std::error_code ignored;
    std::filesystem::create_directories(receipts_, ignored);
    (*simulator)->save_to(receipts_);
    config::KioskConfig config = config_;
    config.devices.printer = (*simulator)->address();
    config.devices.printer_profile = "gprinter-80";
    auto printer = devices::KioskPrinter::create(config, assets_, catalog_, log_);
    if (!printer || !*printer) {
        log_("jiayi-kiosk: no simulated printer: " + (printer ? "" : printer.error()));
        return nullptr;
    }
    simulator_ = std::move(simulator).value();
    printer_ = std::move(printer).value();
    log_("jiayi-kiosk: simulated printer: receipts go to " +
         std::filesystem::absolute(receipts_).string());
    return printer_.get();
}

void SimulatedPrinter::print(std::int64_t job, const receipt::Receipt& receipt,
                             text::Language language) {
    devices::KioskPrinter* printer = made();
    if (printer == nullptr || events_ == nullptr || store_ == nullptr) {
        return;  // the job stays queued in the store
    }
    if (!started_) {
        printer->start(*events_, *store_, clock_());
        started_ = true;
    }
    printer->print(job, receipt, language);
}

std::optional<image::Grey> SimulatedPrinter::paper(const receipt::Receipt& receipt,
                                                   text::Language language) const {
    const devices::KioskPrinter* printer = made();
    return printer != nullptr ? printer->paper(receipt, language) : std::nullopt;
}

void SimulatedPrinter::control(const std::string& action) {
    if (made() == nullptr) {
        return;
    }
    if (action == "paper-out" || action == "paper-in") {
        simulator_->set_paper(action == "paper-out" ? drivers::printer::Paper::Out
                                                    : drivers::printer::Paper::Ok);
    } else {
        simulator_->set_cover_open(action == "cover-open");
    }
}

void SimulatedPrinter::drain(std::chrono::milliseconds timeout) {
    if (!started_ || printer_->wait_idle(timeout)) {
        return;
    }
    log_("jiayi-kiosk: " + std::to_string(printer_->waiting()) +
         " receipt(s) were still printing at exit (kept in the store)");
}

}  // namespace jiayi::app
