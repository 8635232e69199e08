#include "drivers/printer/printer.hpp"

#include <algorithm>
#include <array>

namespace jiayi::drivers::printer {

using std::chrono::milliseconds;

std::string_view code(Outcome outcome) {
    switch (outcome) {
        case Outcome::Printed:
            return "printed";
        case Outcome::Unconfirmed:
            return "unconfirmed";
        case Outcome::NotReady:
            return "not-ready";
        case Outcome::Interrupted:
            return "interrupted";
        case Outcome::LinkLost:
            break;
    }
    return "link-lost";
}

Printer::Printer(std::unique_ptr<Link> link, Profile profile, Timeouts timeouts)
    : link_(std::move(link)), profile_(std::move(profile)), timeouts_(timeouts) {}

void Printer::drain() {
    std::array<std::uint8_t, 64> junk{};
    for (int i = 0; i < 16; ++i) {
        auto got = link_->read(junk, milliseconds(0));
        if (!got) {
            return;
        }
    }
}

Result<std::optional<std::uint8_t>, IoError> Printer::ask(const Bytes& request,
                                                          milliseconds timeout) {
    if (auto w = link_->write(request, timeouts_.write); !w) {
        return fail(w.error());
    }
    std::array<std::uint8_t, 1> answer{};
    auto got = link_->read(answer, timeout);
    if (!got) {
        if (got.error().kind == IoError::Kind::Timeout) {
            return std::optional<std::uint8_t>{};
        }
        return fail(got.error());
    }
    return std::optional<std::uint8_t>{answer[0]};
}

Result<Status, IoError> Printer::status() {
    if (!answers()) {
        return Status{};
    }
    drain();
    std::array<std::optional<std::uint8_t>, 3> answers{};
    for (std::size_t i = 0; i < 3; ++i) {
        auto a = ask(Encoder().real_time_status(kStatusRequests[i]).take(), timeouts_.status);
        if (!a) {
            return fail(a.error());
        }
        answers[i] = *a;
        if (!*a) {
            break;  // a printer that did not answer one will not answer the next
        }
    }
    return decode_status(answers[0], answers[1], answers[2]);
}

JobResult Printer::print(const Bytes& job) {
    JobResult r;
    auto before = status();
    if (!before) {
        r.detail = before.error().message;
        return r;
    }
    r.before = *before;
    if (answers() && !before->ready()) {
        r.outcome = Outcome::NotReady;
        r.detail = "before printing: " + describe_status(*before);
        return r;
    }
    if (auto w = link_->write(job, timeouts_.write); !w) {
        r.outcome =
            w.error().kind == IoError::Kind::Timeout ? Outcome::Interrupted : Outcome::LinkLost;
        r.detail = w.error().message;
        return r;
    }
    if (!answers()) {
        r.outcome = Outcome::Unconfirmed;
        r.detail = "sent to " + link_->describe() + ", which cannot report status";
        return r;
    }
    // GS r 1 waits in line behind the job: its answer means the printer got
    // to the end. Real-time status then says whether it is still fine.
    auto reached = ask(Encoder().transmit_status().take(), timeouts_.finish);
    if (!reached) {
        r.detail = reached.error().message;
        return r;
    }
    auto after = status();
    if (!after) {
        r.detail = after.error().message;
        return r;
    }
    r.after = *after;
    const bool paper_end_on_the_way = *reached && (**reached & 0x0C) != 0;
    if (!*reached || !after->ready() || paper_end_on_the_way) {
        r.outcome = Outcome::Interrupted;
        r.detail = std::string(*reached ? "" : "the printer did not reach the end of the job; ") +
                   "after printing: " + describe_status(*after);
        return r;
    }
    r.outcome = Outcome::Printed;
    r.detail = "printed; " + describe_status(*after);
    return r;
}

Result<std::unique_ptr<Printer>, IoError> open_printer(const std::string& address,
                                                       const Profile& profile, Timeouts timeouts) {
    // Connecting waits no longer than a status answer would, at least a second.
    auto link = open_link(address, std::max(timeouts.status, milliseconds(1000)));
    if (!link) {
        return fail(link.error());
    }
    return std::make_unique<Printer>(std::move(link).value(), profile, timeouts);
}

}  // namespace jiayi::drivers::printer
