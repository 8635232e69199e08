// The printer's answers on any bytes (escpos.md, "real-time status"): a
// Printer on a link that replays what the input says the printer sent —
// bytes in bursts, silences, a broken line — asked for its status and given
// a job. Properties:
//   - the status is exactly what the table in escpos.md makes of the first
//     byte answered to each DLE EOT n: a byte counts only with the shape
//     0xx1xx10, and the status is known only when all three have it;
//   - a job is sent only after a status that says ready, at most once, and
//     "printed" only when the printer also answered GS r 1 without paper end
//     and the status after says ready;
//   - decode_status on its own agrees with the same table for every
//     combination of answered and silent requests.

#include <array>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "drivers/printer/printer.hpp"
#include "drivers/printer/status.hpp"

using namespace jiayi;
using namespace jiayi::drivers::printer;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

using Answer = std::optional<std::uint8_t>;

// escpos.md's table, written again: n=1 bit 3 offline; n=2 bit 2 cover open,
// bit 5 paper end stop, bit 6 error; n=4 0C paper near end, 60 paper out.
Status expected(Answer printer, Answer cause, Answer paper) {
    auto shaped = [](Answer a) {
        return a && (*a & 0x80) == 0 && (*a & 0x10) != 0 && (*a & 0x02) != 0 && (*a & 0x01) == 0;
    };
    Status s;
    s.known = shaped(printer) && shaped(cause) && shaped(paper);
    s.offline = shaped(printer) && (*printer & 0x08) != 0;
    s.cover_open = shaped(cause) && (*cause & 0x04) != 0;
    s.error = shaped(cause) && (*cause & 0x40) != 0;
    if (shaped(cause) && (*cause & 0x20) != 0) {
        s.paper = Paper::Out;
    } else if (shaped(paper)) {
        s.paper = (*paper & 0x60) != 0   ? Paper::Out
                  : (*paper & 0x0C) != 0 ? Paper::NearEnd
                                         : Paper::Ok;
    }
    return s;
}

// What the link saw: every request written, and the first byte read after it.
struct Exchange {
    std::vector<std::uint8_t> request;
    Answer answer;
    bool answered = false;  // a read came after it (an answer, or silence)
};

// A printer that says what the fuzzer's bytes say. Each read with nothing
// pending takes one control byte: 0x00–0x3F silence (Timeout), 0x40–0x4F
// the line breaks (Closed), anything else a burst of 1–8 bytes arriving.
class ReplayLink : public Link {
  public:
    ReplayLink(std::span<const std::uint8_t> script, bool can_read, int failing_write)
        : script_(script), can_read_(can_read), failing_write_(failing_write) {}

    Result<void, IoError> write(std::span<const std::uint8_t> bytes,
                                std::chrono::milliseconds) override {
        ++writes_;
        if (writes_ == failing_write_) {
            return fail(IoError{IoError::Kind::Timeout, "write timed out"});
        }
        log_->push_back({{bytes.begin(), bytes.end()}, {}, false});
        return {};
    }

    Result<std::size_t, IoError> read(std::span<std::uint8_t> into,
                                      std::chrono::milliseconds) override {
        if (pending_.empty()) {
            if (script_.empty()) {
                return fail(IoError{IoError::Kind::Timeout, "silence"});
            }
            const std::uint8_t control = script_[0];
            script_ = script_.subspan(1);
            if (control < 0x40) {
                return read_nothing(IoError::Kind::Timeout);
            }
            if (control < 0x50) {
                return read_nothing(IoError::Kind::Closed);
            }
            const std::size_t n = std::min<std::size_t>(1 + (control & 7u), script_.size());
            pending_.insert(pending_.end(), script_.begin(),
                            script_.begin() + static_cast<std::ptrdiff_t>(n));
            script_ = script_.subspan(n);
            if (pending_.empty()) {
                return read_nothing(IoError::Kind::Timeout);
            }
        }
        const std::size_t n = std::min(into.size(), pending_.size());
        for (std::size_t i = 0; i < n; ++i) {
            into[i] = pending_.front();
            pending_.pop_front();
        }
        note_answer(n > 0 ? Answer{into[0]} : Answer{});
        return n;
    }

    bool can_read() const override { return can_read_; }
    std::string describe() const override { return "replay"; }

    std::shared_ptr<std::vector<Exchange>> log() const { return log_; }

  private:
    Result<std::size_t, IoError> read_nothing(IoError::Kind kind) {
        note_answer({});
        return fail(IoError{kind, "nothing"});
    }
    // Draining reads come before any request of a status; only the first
    // read after a request is its answer.
    void note_answer(Answer a) {
        if (!log_->empty() && !log_->back().answered) {
            log_->back().answer = a;
            log_->back().answered = true;
        }
    }

    std::span<const std::uint8_t> script_;
    std::deque<std::uint8_t> pending_;
    bool can_read_;
    int failing_write_;
    int writes_ = 0;
    std::shared_ptr<std::vector<Exchange>> log_ = std::make_shared<std::vector<Exchange>>();
};

bool is_status_request(const Exchange& e, std::uint8_t n) {
    return e.request == std::vector<std::uint8_t>{kDle, kEot, n};
}

// The status the last three DLE EOT requests before `end` should make.
Status expected_from(const std::vector<Exchange>& log, std::size_t end) {
    std::array<Answer, 3> answers{};
    std::size_t at = end;
    // Find the last DLE EOT 1 before `end`; its answers follow in order.
    while (at > 0 && !is_status_request(log[at - 1], 1)) {
        --at;
    }
    check(at > 0);
    for (std::size_t i = 0; i < 3 && at - 1 + i < end; ++i) {
        const Exchange& e = log[at - 1 + i];
        check(is_status_request(e, kStatusRequests[i]));
        answers[i] = e.answer;
    }
    return expected(answers[0], answers[1], answers[2]);
}

void check_decode_table(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 3) {
        return;
    }
    for (int mask = 0; mask < 8; ++mask) {
        const Answer a = (mask & 1) ? Answer{bytes[0]} : Answer{};
        const Answer b = (mask & 2) ? Answer{bytes[1]} : Answer{};
        const Answer c = (mask & 4) ? Answer{bytes[2]} : Answer{};
        const Status s = decode_status(a, b, c);
        check(s == expected(a, b, c));
        check(!describe_status(s).empty());
        check(!s.ready() || s.known);
        check(s.known == (a && b && c && well_formed(*a) && well_formed(*b) && well_formed(*c)));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    // The first byte: bit 0 the profile answers status, bit 1 the link can
    // be read, bits 4–7 which write times out (0: none).
    const std::uint8_t flags = data[0];
    const std::span<const std::uint8_t> script(data + 1, size - 1);
    check_decode_table(script);

    Profile profile;
    profile.status = (flags & 1) != 0;
    auto link = std::make_unique<ReplayLink>(script, (flags & 2) != 0, flags >> 4);
    const auto log = link->log();
    Printer printer(std::move(link), profile);
    const bool answers = printer.answers();

    const Bytes job = {0x1B, 0x40, 'o', 'k', 0x0A};
    const JobResult r = printer.print(job);
    check(!r.detail.empty());
    check(!r.before.ready() || r.before.known);
    check(!r.after.ready() || r.after.known);

    std::size_t job_at = log->size();
    int jobs = 0;
    for (std::size_t i = 0; i < log->size(); ++i) {
        if ((*log)[i].request == job) {
            job_at = i;
            ++jobs;
        }
    }
    check(jobs <= 1);
    if (!answers) {
        // Nothing asked of a printer that cannot answer; sent unconfirmed.
        check(!r.before.known && !r.after.known);
        check(jobs == 0 || job_at == 0);
        check(r.outcome == Outcome::Unconfirmed || r.outcome == Outcome::Interrupted ||
              r.outcome == Outcome::LinkLost);
        return 0;
    }
    check(r.outcome != Outcome::Unconfirmed);
    if (jobs == 1) {
        // Sent only after a status that said ready, and that status was the table's.
        check(expected_from(*log, job_at) == r.before);
        check(r.before.ready());
    }
    if (r.outcome == Outcome::NotReady) {
        check(jobs == 0 && !r.before.ready());
        check(expected_from(*log, log->size()) == r.before);
    }
    if (r.outcome == Outcome::Printed) {
        check(jobs == 1 && r.after.ready());
        check(expected_from(*log, log->size()) == r.after);
        // GS r 1 came after the job and was answered without paper end.
        const Exchange& reached = (*log)[job_at + 1];
        check(reached.request == std::vector<std::uint8_t>{0x1D, 0x72, 0x01});
        check(reached.answer && (*reached.answer & 0x0C) == 0);
    }
    return 0;
}
