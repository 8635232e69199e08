#include "kiosk/devices/printer.hpp"

#include <charconv>

#include "drivers/printer/link.hpp"
#include "drivers/printer/render.hpp"
#include "kiosk/printing/receipt_layout.hpp"

namespace jiayi::devices {

namespace printer = drivers::printer;
using QueueKind = printer::QueueEvent::Kind;

namespace {

flow::PrinterProblem problem_of(const printer::Status& s) {
    if (!s.known) {
        return flow::PrinterProblem::NoAnswer;
    }
    if (s.paper == printer::Paper::Out) {
        return flow::PrinterProblem::PaperOut;
    }
    if (s.cover_open) {
        return flow::PrinterProblem::CoverOpen;
    }
    return flow::PrinterProblem::Offline;
}

std::int64_t job_number(const std::string& id) {
    std::int64_t n = 0;
    std::from_chars(id.data(), id.data() + id.size(), n);
    return n;
}

}  // namespace

flow::PrinterEvent to_printer_event(const printer::QueueEvent& event) {
    flow::PrinterEvent out;
    out.job = job_number(event.job_id);
    switch (event.kind) {
        case QueueKind::Printed:
            out.kind = flow::PrinterEvent::Kind::Printed;
            break;
        case QueueKind::Unconfirmed:
            out.kind = flow::PrinterEvent::Kind::Sent;
            break;
        case QueueKind::Waiting:
            out.kind = flow::PrinterEvent::Kind::Waiting;
            out.problem = problem_of(event.status);
            break;
        case QueueKind::Disconnected:
            out.kind = flow::PrinterEvent::Kind::Disconnected;
            out.problem = flow::PrinterProblem::Disconnected;
            break;
        case QueueKind::Back:
            out.kind = flow::PrinterEvent::Kind::Back;
            break;
    }
    return out;
}

std::string log_line(const printer::QueueEvent& event) {
    return "printer: job " + event.job_id + " " + std::string(printer::code(event.kind)) + ": " +
           event.detail;
}

Result<std::unique_ptr<KioskPrinter>, std::string> KioskPrinter::create(
    const config::KioskConfig& config, const std::filesystem::path& assets,
    const text::Catalog& catalog, Log log) {
    if (config.devices.printer.empty()) {
        return std::unique_ptr<KioskPrinter>();
    }
    const std::filesystem::path file = config.devices.printer_profiles.empty()
                                           ? assets / "printers.toml"
                                           : std::filesystem::path(config.devices.printer_profiles);
    auto profiles = printer::load_profiles(file);
    if (!profiles) {
        return fail(profiles.error());
    }
    const printer::Profile* profile =
        printer::find_profile(*profiles, config.devices.printer_profile);
    if (profile == nullptr) {
        std::string known;
        for (const auto& p : *profiles) {
            known += (known.empty() ? "" : ", ") + p.id;
        }
        return fail("[devices] printer_profile \"" + config.devices.printer_profile +
                    "\" is not in " + file.string() + " (it has " + known + ")");
    }
    auto face = image::Typeface::open();
    if (!face) {
        return fail(face.error());
    }
    return std::unique_ptr<KioskPrinter>(new KioskPrinter(
        config.devices.printer, *profile, std::move(face).value(), catalog, std::move(log)));
}

void KioskPrinter::start(flow::EventQueue& events, store::Store& store, Instant now) {
    const std::string address = address_;
    const printer::Profile profile = profile_;
    queue_ = std::make_unique<printer::PrintQueue>(
        [address, profile] { return printer::open_printer(address, profile); },
        [&events, log = log_](const printer::QueueEvent& event) {
            if (log) {
                log(log_line(event));
            }
            events.post(to_printer_event(event));
        });
    // Receipts still queued when the kiosk last stopped print first.
    for (const store::PrintJobEntry& job : store.queued_prints().value_or({})) {
        auto bytes = store.receipt_bytes(job.receipt_id);
        auto parsed = bytes ? receipt::from_json(std::string(bytes->begin(), bytes->end()))
                            : Result<receipt::Receipt, std::string>(fail(std::string("gone")));
        if (!parsed) {
            // Purged after the center acknowledged it: nothing left to print.
            (void)store.print_done(job.id, false, now);
            continue;
        }
        print(job.id, *parsed,
              text::language_from_code(job.language).value_or(text::Language::ZhCN));
    }
}

void KioskPrinter::print(std::int64_t job, const receipt::Receipt& receipt,
                         text::Language language) {
    if (!queue_) {
        return;
    }
    // Laid out on the queue's thread: raster lines and a drawn QR take time.
    queue_->add({std::to_string(job), {}, [receipt, language, this] {
                     return printing::layout_receipt(receipt, catalog_, language, profile_, *face_);
                 }});
}

std::optional<image::Grey> KioskPrinter::paper(const receipt::Receipt& receipt,
                                               text::Language language) const {
    const printer::Bytes bytes =
        printing::layout_receipt(receipt, catalog_, language, profile_, *face_);
    printer::Renderer renderer(profile_.dots, profile_.font, face_);
    renderer.feed(bytes);
    return printer::stack(renderer.finish());
}

std::size_t KioskPrinter::waiting() const {
    return queue_ ? queue_->waiting() : 0;
}

bool KioskPrinter::wait_idle(std::chrono::milliseconds timeout) const {
    return !queue_ || queue_->wait_empty(timeout);
}

}  // namespace jiayi::devices
