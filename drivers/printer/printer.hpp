#pragma once
// One printer on one link: its status, and a job printed with the status
// asked before and after (escpos.md, "What users of receipt printers complain
// about"): a printer that does not answer is Unknown, never fine; a job is
// confirmed only when the printer has reached its end with paper left.

#include <chrono>
#include <memory>
#include <string>

#include "drivers/printer/escpos.hpp"
#include "drivers/printer/link.hpp"
#include "drivers/printer/profile.hpp"
#include "drivers/printer/status.hpp"

namespace jiayi::drivers::printer {

struct Timeouts {
    std::chrono::milliseconds status{500};    // per status byte
    std::chrono::milliseconds write{5000};    // for the printer to take the bytes
    std::chrono::milliseconds finish{20000};  // for the printer to reach the job's end
};

enum class Outcome {
    Printed,      // the printer reached the end of the job and reports paper
    Unconfirmed,  // sent to a printer that cannot tell (no status): kept as sent
    NotReady,     // not sent: the status before said no (or said nothing)
    Interrupted,  // sent, but the printer stopped (paper out, cover open…) or went quiet
    LinkLost,     // the link broke; reconnect
};

struct JobResult {
    Outcome outcome = Outcome::LinkLost;
    Status before;
    Status after;
    std::string detail;  // for the staff log
};

std::string_view code(Outcome outcome);

class Printer {
  public:
    Printer(std::unique_ptr<Link> link, Profile profile, Timeouts timeouts = {});

    // DLE EOT 1, 2, 4 after draining anything left in the IN pipe.
    // Unknown (known = false) when the profile or the link cannot answer.
    Result<Status, IoError> status();
    JobResult print(const Bytes& job);

    const Profile& profile() const { return profile_; }
    std::string describe() const { return link_->describe(); }
    bool answers() const { return profile_.status && link_->can_read(); }

  private:
    void drain();
    Result<std::optional<std::uint8_t>, IoError> ask(const Bytes& request,
                                                     std::chrono::milliseconds timeout);

    std::unique_ptr<Link> link_;
    Profile profile_;
    Timeouts timeouts_;
};

// The printer at a configured address (link.hpp's forms), for one profile.
Result<std::unique_ptr<Printer>, IoError> open_printer(const std::string& address,
                                                       const Profile& profile,
                                                       Timeouts timeouts = {});

}  // namespace jiayi::drivers::printer
