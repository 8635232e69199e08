// Fault injection (STYLE.md, tier 4): a writer process is SIGKILLed at random
// points, again and again, and every time the database must open, pass its
// integrity check, hold no contract without its outbox entry (nor the reverse),
// and keep every signing the writer was told had been committed.

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <set>
#include <string>

#include "common/unique_fd.hpp"
#include "kiosk/store/sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace jiayi;
using namespace jiayi::store;

namespace {

// The child: open (migrating if need be), then sign made-up residents one
// after another, reporting each committed contract id on the pipe.
[[noreturn]] void run_writer(const std::filesystem::path& db, const std::filesystem::path& key,
                             int report_fd, int first) {
    auto keys = KeyRing::load(key);
    if (!keys) {
        _exit(2);
    }
    auto opened = Store::open(db, keys.value(), test::kStoreNow);
    if (!opened) {
        _exit(3);
    }
    auto& store = *opened.value();
    if (::write(report_fd, "R\n", 2) != 2) {
        _exit(4);
    }
    for (int n = first; n < first + 200; ++n) {
        const ResidentRecord r = test::test_resident(n);
        auto change = domain::sign_new(test::facts_of(r, {}), test::test_choice(),
                                       test::test_team(), test::test_catalogue(),
                                       domain::SigningRules{}, test::kStoreToday, new_uuid());
        if (!change) {
            _exit(5);
        }
        SigningRecord record;
        record.resident = r;
        record.change = std::move(change).value();
        record.signature_id = new_uuid();
        record.signature = {"[[1,2],[3,4]]", Bytes(512, 0x5a)};
        record.consent_given = true;
        record.kiosk_id = "kiosk-kill";
        if (!store.record_signing(record, test::kStoreNow)) {
            _exit(6);
        }
        const std::string line = record.change.contract.id + "\n";
        if (::write(report_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
            _exit(7);
        }
    }
    ::pause();  // wait to be killed like the others
    _exit(0);
}

// Whole lines from a pipe; false at the end of input.
class LineReader {
  public:
    explicit LineReader(int fd) : fd_(fd) {}
    bool next(std::string& line) {
        for (;;) {
            const auto end = buffer_.find('\n');
            if (end != std::string::npos) {
                line = buffer_.substr(0, end);
                buffer_.erase(0, end + 1);
                return true;
            }
            char chunk[4096];
            const ssize_t n = ::read(fd_, chunk, sizeof chunk);
            if (n <= 0) {
                return false;  // a partial last line was never committed
            }
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

  private:
    int fd_;
    std::string buffer_;
};

std::int64_t scalar(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    st.step();
    return st.integer(0);
}

}  // namespace

TEST_CASE("a writer killed at random points never leaves a contract without its outbox entry") {
    const char* seed_text = std::getenv("JIAYI_KILL_SEED");
    const unsigned seed = seed_text ? static_cast<unsigned>(std::strtoul(seed_text, nullptr, 10))
                                    : std::random_device{}();
    MESSAGE("JIAYI_KILL_SEED=" << seed);
    std::mt19937 random(seed);
    const char* iterations_text = std::getenv("JIAYI_KILL_ITERATIONS");
    const int iterations = iterations_text ? std::atoi(iterations_text) : 60;

    test::TempDir dir;
    const auto key = dir / "kiosk.key";
    REQUIRE(KeyRing::generate(key).ok());
    std::filesystem::path db;
    std::set<std::string> committed;
    int kills_before_ready = 0;
    int total_committed = 0;

    for (int i = 0; i < iterations; ++i) {
        CAPTURE(i);
        // Every tenth run starts a new database, so kills also land in the
        // migrations of a fresh file.
        if (i % 10 == 0) {
            db = dir / ("kiosk-" + std::to_string(i) + ".db");
            committed.clear();
        }
        Pipe report = open_pipe();
        REQUIRE(report.read);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            report.read.reset();
            run_writer(db, key, report.write.get(), i * 200);
        }
        // Only the child writes: its death is the end of the input.
        report.write.reset();
        // A third of the kills land at a random moment after the start (in
        // the open or the migrations, or among the first signings); the rest
        // after a random number of committed signings, then a random pause,
        // so that they land inside later transactions whatever the speed of
        // the machine or the sanitizer.
        LineReader reader(report.read.get());
        std::string line;
        if (i % 3 == 0) {
            ++kills_before_ready;
            ::usleep(static_cast<useconds_t>(std::uniform_int_distribution<int>(0, 40000)(random)));
        } else {
            REQUIRE(reader.next(line));
            REQUIRE(line == "R");
            const int wait_commits = std::uniform_int_distribution<int>(0, 30)(random);
            for (int k = 0; k < wait_commits && reader.next(line); ++k) {
                committed.insert(line);
                ++total_committed;
            }
            ::usleep(static_cast<useconds_t>(std::uniform_int_distribution<int>(0, 3000)(random)));
        }
        REQUIRE(::kill(pid, SIGKILL) == 0);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFSIGNALED(status));  // killed, not failed on its own
        while (reader.next(line)) {
            if (line != "R") {
                committed.insert(line);
                ++total_committed;
            }
        }
        report.read.reset();

        // Recovery: the store opens with its key and finishes any migration.
        auto reopened = Store::open(db, KeyRing::load(key).value(), test::kStoreNow);
        REQUIRE(reopened.ok());
        reopened.value().reset();

        Database raw(db);
        auto integrity = raw.prepare("PRAGMA integrity_check");
        REQUIRE(integrity.step());
        CHECK(integrity.text(0) == "ok");
        CHECK(scalar(raw,
                     "SELECT count(*) FROM contracts c WHERE NOT EXISTS "
                     "(SELECT 1 FROM outbox o WHERE o.record_id = c.id)") == 0);
        CHECK(scalar(raw,
                     "SELECT count(*) FROM outbox o WHERE o.record_type = 'contract' AND "
                     "NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = o.record_id)") == 0);
        CHECK(scalar(raw,
                     "SELECT count(*) FROM signatures s WHERE NOT EXISTS "
                     "(SELECT 1 FROM outbox o WHERE o.record_id = s.id)") == 0);
        CHECK(scalar(raw,
                     "SELECT count(*) FROM outbox o WHERE o.record_type = 'signature' AND "
                     "NOT EXISTS (SELECT 1 FROM signatures s WHERE s.id = o.record_id)") == 0);
        CHECK(scalar(raw,
                     "SELECT count(*) FROM contracts c WHERE NOT EXISTS "
                     "(SELECT 1 FROM residents r WHERE r.id = c.resident_id)") == 0);
        const std::int64_t contracts = scalar(raw, "SELECT count(*) FROM contracts");
        CHECK(contracts >= static_cast<std::int64_t>(committed.size()));
        for (const std::string& id : committed) {
            auto st = raw.prepare("SELECT count(*) FROM contracts WHERE id = ?");
            st.bind(1, id);
            st.step();
            CHECK_MESSAGE(st.integer(0) == 1, "committed contract lost: " << id);
        }
    }
    MESSAGE(iterations << " kills, " << kills_before_ready << " before the writer was ready, "
                       << total_committed << " signings committed and verified");
    // The test means something only if kills landed both early and mid-stream.
    CHECK(kills_before_ready > 0);
    CHECK(total_committed > iterations / 2);
}
