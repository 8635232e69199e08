// The `jiayi` tool run as a process, as staff would run it.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "drivers/idcard/sam_frame.hpp"
#include "drivers/idcard/simulator.hpp"
#include "drivers/printer/simulator.hpp"
#include "kiosk/auth/pin.hpp"
#include "kiosk/store/migrations.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/store.hpp"
#include "support/cards.hpp"
#include "support/people.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

namespace {

using jiayi::test::Run;

Run run_jiayi(const std::string& args, const std::string& input = "") {
    static jiayi::test::TempDir io;
    return jiayi::test::run_jiayi_in(io, args, input);
}

// A configuration whose store and key live in `dir`.
std::filesystem::path write_config(const jiayi::test::TempDir& dir, const std::string& extra = "") {
    const auto path = dir / "kiosk.toml";
    std::ofstream(path) << "[paths]\ndatabase = \"kiosk.db\"\nkey_file = \"kiosk.key\"\n" << extra;
    return path;
}

unsigned mode_of(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("id check: kinds, reasons and the exit status") {
    auto ok = run_jiayi("id check --today 2026-11-23 11010519491231002X 810000199408230021");
    CHECK(ok.status == 0);
    CHECK(ok.out.find("11010519491231002X  valid  resident-id  born 1949-12-31  age 76  female") !=
          std::string::npos);
    CHECK(ok.out.find("北京市 Beijing") != std::string::npos);
    CHECK(ok.out.find("hmt-permit") != std::string::npos);

    auto bad = run_jiayi("id check --today 2026-11-23 11010519491231002X 110105194912310021");
    CHECK(bad.status == 1);
    CHECK(bad.out.find("110105194912310021  invalid: bad-checksum") != std::string::npos);
}

TEST_CASE("id check --json") {
    auto run = run_jiayi("id check --json --today 2026-11-23 KAZ110090123106 123");
    CHECK(run.status == 1);
    auto json = nlohmann::json::parse(run.out);
    REQUIRE(json.size() == 2);
    CHECK(json[0]["valid"] == true);
    CHECK(json[0]["kind"] == "foreigner-2017");
    CHECK(json[0]["warnings"][0] == "uncertain-check-digit");
    CHECK(json[0]["age"] == 35);
    CHECK(json[1]["valid"] == false);
    CHECK(json[1]["reason"] == "bad-length");
}

TEST_CASE("bad usage exits 2") {
    CHECK(run_jiayi("id check --today 2026-13-01 11010519491231002X").status == 2);
    CHECK(run_jiayi("frobnicate").status == 2);
}

TEST_CASE("config check names the line and the reason") {
    jiayi::test::TempDir dir;
    const auto good = write_config(dir);
    auto ok = run_jiayi("config check " + good.string());
    CHECK(ok.status == 0);
    CHECK(ok.out.find(": ok") != std::string::npos);

    const auto bad = dir / "bad.toml";
    std::ofstream(bad) << "[team]\n\ndefault_capacity = \"many\"\n";
    auto refused = run_jiayi("config check " + bad.string());
    CHECK(refused.status == 1);
    CHECK(refused.err.find(bad.string() + ":3: team.default_capacity must be a whole number") !=
          std::string::npos);
}

TEST_CASE("config check: staff members, and the old shared nurse PIN, by file and line") {
    jiayi::test::TempDir dir;
    const std::string hash = *jiayi::auth::hash_pin("424242");
    const auto good = dir / "staff.toml";
    std::ofstream(good) << "[[staff.members]]\nid = \"N0421\"\npin_hash = \"" << hash << "\"\n";
    CHECK(run_jiayi("config check " + good.string()).status == 0);

    const auto bad = dir / "old.toml";
    std::ofstream(bad) << "[staff]\nnurse_pin_hash = \"" << hash
                       << "\"\n[[staff.members]]\nid = \"N0421\"\npin_hash = \"" << hash
                       << "\"\n[[staff.members]]\nid = \"N0421\"\npin_hash = \"" << hash << "\"\n";
    auto refused = run_jiayi("config check " + bad.string());
    CHECK(refused.status == 1);
    CHECK(refused.err.find(bad.string() + ":2: staff.nurse_pin_hash (one PIN for every nurse) is "
                                          "replaced by [[staff.members]]") != std::string::npos);
    CHECK(refused.err.find(bad.string() + ":7: staff.members.id \"N0421\" is used by two staff "
                                          "members") != std::string::npos);
}

TEST_CASE("db migrate creates the store, db status reports it") {
    jiayi::test::TempDir dir;
    const auto config = write_config(dir);
    auto no_key = run_jiayi("-c " + config.string() + " db migrate");
    CHECK(no_key.status == 1);
    CHECK(no_key.err.find("jiayi key generate") != std::string::npos);

    REQUIRE(run_jiayi("key generate " + (dir / "kiosk.key").string()).status == 0);
    auto missing = run_jiayi("-c " + config.string() + " db status");
    CHECK(missing.status == 1);
    CHECK(missing.err.find("no database") != std::string::npos);

    auto migrated = run_jiayi("-c " + config.string() + " db migrate");
    CHECK(migrated.status == 0);
    CHECK(migrated.out.find("(new database)") != std::string::npos);
    CHECK(mode_of(dir / "kiosk.db") == 0600);
    auto status = run_jiayi("-c " + config.string() + " db status");
    CHECK(status.status == 0);
    const std::string latest = std::to_string(jiayi::store::Store::latest_schema_version());
    CHECK(status.out.find("schema:     " + latest + " of " + latest) != std::string::npos);
    CHECK(status.out.find("outbox:     0 pending") != std::string::npos);
}

TEST_CASE("the ledger is masked unless the admin PIN is given, and unmasking is audited") {
    jiayi::test::TempDir dir;
    const std::string hash = *jiayi::auth::hash_pin("864213");
    const auto config = write_config(dir, "[staff]\nadmin_pin_hash = \"" + hash + "\"\n");
    REQUIRE(run_jiayi("key generate " + (dir / "kiosk.key").string()).status == 0);
    // The demo writes real signings into a store of its own; copy its
    // database and key into place so the ledger has rows for today. Should
    // the day turn while it runs, it runs again, wholly inside the new day.
    const auto local_today = [] {
        const std::time_t t = std::time(nullptr) + 8 * 3600;
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buffer[16];
        std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
        return std::string(buffer);
    };
    const auto demo_dir = dir / "demo";
    std::string today;
    do {
        today = local_today();
        REQUIRE(run_jiayi("-c " + std::string(JIAYI_SOURCE_DIR) + "/config/kiosk.toml demo --dir " +
                          demo_dir.string())
                    .status == 0);
    } while (local_today() != today);
    std::filesystem::remove(dir / "kiosk.key");
    std::filesystem::copy_file(demo_dir / "demo.key", dir / "kiosk.key");
    std::filesystem::copy_file(demo_dir / "demo.db", dir / "kiosk.db");

    auto masked = run_jiayi("-c " + config.string() + " ledger export --date " + today);
    REQUIRE(masked.status == 0);
    CHECK(masked.out.starts_with("created_at_utc,record_type,action"));
    CHECK(masked.out.find("王*试") != std::string::npos);
    CHECK(masked.out.find("王测试") == std::string::npos);
    CHECK(masked.out.find("**********") != std::string::npos);

    auto wrong =
        run_jiayi("-c " + config.string() + " ledger export --unmasked --date " + today, "1111\n");
    CHECK(wrong.status == 1);
    CHECK(wrong.out.empty());

    auto unmasked = run_jiayi("-c " + config.string() + " ledger export --unmasked --date " + today,
                              "864213\n");
    REQUIRE(unmasked.status == 0);
    CHECK(unmasked.out.find("王测试") != std::string::npos);
    // The packages come out of their seal.
    CHECK(unmasked.out.find(",basic") != std::string::npos);

    // To a file: private to its owner, even one that was there, readable.
    const auto csv = dir / "ledger.csv";
    std::ofstream(csv) << "an older export\n";
    ::chmod(csv.c_str(), 0644);
    auto to_file = run_jiayi("-c " + config.string() + " ledger export --unmasked --date " + today +
                                 " -o " + csv.string(),
                             "864213\n");
    REQUIRE(to_file.status == 0);
    CHECK(to_file.out.empty());
    CHECK(mode_of(csv) == 0600);
    CHECK(jiayi::test::slurp(csv) == unmasked.out);
    CHECK(mode_of(dir / "kiosk.db") == 0600);

    auto keys = jiayi::store::KeyRing::load(dir / "kiosk.key");
    REQUIRE(keys.ok());
    auto store = jiayi::store::Store::open(dir / "kiosk.db", keys.value(), {}, false);
    REQUIRE(store.ok());
    auto log = store.value()->audit_log().value();
    REQUIRE(log.size() >= 2);
    CHECK(log[log.size() - 3].action == "ledger-export-unmasked-refused");
    CHECK(log[log.size() - 2].action == "ledger-export-unmasked");
    CHECK(log.back().action == "ledger-export-unmasked");
    CHECK(log.back().detail == "ledger " + today);

    auto digest = run_jiayi("-c " + config.string() + " ledger digest --date " + today);
    CHECK(digest.status == 0);
    CHECK(digest.out.starts_with(today + "  contracts 4  opt-outs 1  blake2b "));
}

TEST_CASE("wrong admin PINs lock the unmasked export, even for the right PIN") {
    jiayi::test::TempDir dir;
    const std::string hash = *jiayi::auth::hash_pin("864213");
    const auto config = write_config(dir, "[staff]\nadmin_pin_hash = \"" + hash +
                                              "\"\nmax_pin_attempts = 2\nlockout_minutes = 30\n");
    REQUIRE(run_jiayi("key generate " + (dir / "kiosk.key").string()).status == 0);
    REQUIRE(run_jiayi("-c " + config.string() + " db migrate").status == 0);
    const std::string export_cmd =
        "-c " + config.string() + " ledger export --unmasked --date 2026-11-23";
    CHECK(run_jiayi(export_cmd, "0000\n").status == 1);
    CHECK(run_jiayi(export_cmd, "0001\n").status == 1);
    auto locked = run_jiayi(export_cmd, "864213\n");
    CHECK(locked.status == 1);
    CHECK(locked.err.find("too many wrong PINs") != std::string::npos);
    CHECK(locked.out.empty());
}

TEST_CASE("pin hash prints an Argon2id hash that verifies") {
    auto run = run_jiayi("pin hash", "975310\n");
    REQUIRE(run.status == 0);
    std::string hash = run.out.substr(0, run.out.find('\n'));
    CHECK(jiayi::auth::verify_pin("975310", hash));
    CHECK(run_jiayi("pin hash", "12\n").status == 2);
}

TEST_CASE("pin hash refuses a PIN shorter than six digits, and prints no hash") {
    for (const char* pin : {"1234\n", "97531\n"}) {
        CAPTURE(pin);
        auto run = run_jiayi("pin hash", pin);
        CHECK(run.status == 2);
        CHECK(run.out.empty());
        CHECK(run.err.find("6 to 12 digits") != std::string::npos);
    }
    CHECK(run_jiayi("pin hash", "9753102\n").status == 0);
}

TEST_CASE("idcard decode: a card read, raw or hex, is taken apart with the person masked") {
    namespace id = jiayi::drivers::idcard;
    const std::string number = jiayi::test::make_id("500114", "19800301", "013");
    // The text block of a made-up resident.
    jiayi::test::TextBlock block;
    block.put(0, u"测试甲").put(30, u"2").put(122, number).put(188, u"20200101").put(204, u"长期");
    const id::Bytes& text = block.bytes;
    id::Bytes data{0x01, 0x00, 0x04, 0x00};
    data.insert(data.end(), text.begin(), text.end());
    data.resize(data.size() + 1024, 0);
    const id::Bytes frame = id::encode_reply(0x90, data);
    jiayi::test::TempDir dir;
    std::ofstream(dir / "read.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(frame.data()),
               static_cast<std::streamsize>(frame.size()));
    const Run raw = run_jiayi("idcard decode " + (dir / "read.bin").string());
    CHECK(raw.status == 0);
    CHECK(raw.out.find("success") != std::string::npos);
    CHECK(raw.out.find("resident-id") != std::string::npos);
    CHECK(raw.out.find("测*甲") != std::string::npos);
    CHECK(raw.out.find("female") != std::string::npos);
    CHECK(raw.out.find("长期") != std::string::npos);
    CHECK(raw.out.find(number) == std::string::npos);  // never the whole number
    CHECK(raw.out.find("测试甲") == std::string::npos);

    std::ofstream(dir / "nocard.hex") << "AA AA AA 96 69 00 04 00 00 80 84\n";
    const Run hex = run_jiayi("idcard decode --json " + (dir / "nocard.hex").string());
    CHECK(hex.status == 0);
    CHECK(nlohmann::json::parse(hex.out)["result"] == "no-card");

    std::ofstream(dir / "bad.hex") << "AA AA AA 96 69 00 04 00 00 90 95";
    const Run bad = run_jiayi("idcard decode " + (dir / "bad.hex").string());
    CHECK(bad.status == 1);
    CHECK(bad.out.find("bad-checksum") != std::string::npos);
}

TEST_CASE("idcard read: one card from a reader at 9600, found by probing, masked") {
    auto sim = jiayi::drivers::idcard::SamSimulator::create(9600).value();
    const std::string number = jiayi::test::make_id("500114", "19800301", "013");
    sim->place(jiayi::test::resident_card(number));
    const Run read =
        run_jiayi("idcard read --json --baud 0 --timeout 10 --device " + sim->device());
    CHECK(read.status == 0);
    const auto out = nlohmann::json::parse(read.out);
    CHECK(out["card"]["type"] == "resident-id");
    CHECK(out["card"]["name"] == "测*甲");
    CHECK(read.out.find(number) == std::string::npos);

    sim->remove();
    const Run none = run_jiayi("idcard read --baud 9600 --timeout 1 --device " + sim->device());
    CHECK(none.status == 1);
    CHECK(none.out.find("no card") != std::string::npos);
    const Run missing = run_jiayi("idcard read --timeout 1 --device /dev/jiayi-no-such-reader");
    CHECK(missing.status == 1);
    CHECK(missing.out.find("cannot open /dev/jiayi-no-such-reader") != std::string::npos);
}

TEST_CASE("printer test and status against the simulated printer over TCP, render of the bytes") {
    namespace printer = jiayi::drivers::printer;
    auto face = jiayi::image::Typeface::open();
    REQUIRE(face.ok());
    auto sim = printer::PrinterSimulator::create(printer::PrinterSimulator::Port::Tcp, 576,
                                                 printer::FontSet::Gb18030, face.value());
    REQUIRE(sim.ok());
    jiayi::test::TempDir dir;
    const auto config = write_config(dir, "[devices]\nprinter = \"" + (*sim)->address() + "\"\n");

    auto status = run_jiayi("--config " + config.string() + " printer status --json");
    CHECK(status.status == 0);
    CHECK(status.out.find("\"ready\": true") != std::string::npos);

    auto test = run_jiayi("--config " + config.string() + " printer test");
    CHECK(test.status == 0);
    CHECK(test.out.find("test page printed") != std::string::npos);
    REQUIRE((*sim)->wait_for_jobs(1, std::chrono::seconds(5)));
    CHECK((*sim)->jobs()[0].qr_codes == std::vector<std::string>{"jiayi:printer-test"});
    CHECK((*sim)->jobs()[0].problems.empty());

    (*sim)->set_paper(printer::Paper::Out);
    auto out = run_jiayi("--config " + config.string() + " printer test");
    CHECK(out.status == 1);
    CHECK(out.out.find("test page not-ready (before printing: paper out, offline)") !=
          std::string::npos);
    auto paper = run_jiayi("--config " + config.string() + " printer status");
    CHECK(paper.status == 1);
    CHECK(paper.out.find(": paper out, offline") != std::string::npos);

    // The bytes a file printer got, rendered as the paper would show them.
    const auto bytes = dir / "page.escpos";
    auto to_file =
        run_jiayi("printer test --printer file:" + bytes.string() + " --profile xprinter-58");
    CHECK(to_file.status == 0);
    CHECK(to_file.out.find("test page unconfirmed") != std::string::npos);
    auto rendered = run_jiayi("printer render " + bytes.string() + " " +
                              (dir / "page.png").string() + " --profile xprinter-58");
    CHECK(rendered.status == 0);
    CHECK(rendered.out.find("QR jiayi:printer-test") != std::string::npos);
    CHECK(std::filesystem::file_size(dir / "page.png") > 1000);

    // UTF-8 sent as if it were printer text: to a GB2312 printer its bytes
    // are partly other characters and partly nothing it has; those are named.
    std::ofstream(dir / "utf8.escpos") << "\x1b\x40\x1c\x26"
                                       << "家医\n";
    auto garbled = run_jiayi("printer render " + (dir / "utf8.escpos").string() + " " +
                             (dir / "utf8.png").string() + " --profile xprinter-58");
    CHECK(garbled.status == 1);
    CHECK(garbled.out.find("problem: bytes") != std::string::npos);

    auto nowhere = run_jiayi("printer status --printer tcp:127.0.0.1:1");
    CHECK(nowhere.status == 1);
    CHECK(nowhere.err.find("cannot connect to printer 127.0.0.1:1") != std::string::npos);
}

namespace {

// The development configuration with its renewal window opening `days` before a contract ends.
std::filesystem::path config_with_renewal_window(const jiayi::test::TempDir& dir, int days) {
    std::string text = jiayi::test::slurp(std::string(JIAYI_SOURCE_DIR) + "/config/kiosk.toml");
    const std::string key = "renewal_days_before = 30 ";
    const auto at = text.find(key);
    REQUIRE(at != std::string::npos);
    text.replace(at, key.size(), "renewal_days_before = " + std::to_string(days) + " ");
    const auto path = dir / ("kiosk-" + std::to_string(days) + ".toml");
    std::ofstream(path) << text;
    return path;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

// The screen's lines printed after the last occurrence of `step` (a script line).
std::string after_step(const std::string& out, const std::string& step) {
    const auto at = out.rfind("> " + step + "\n");
    REQUIRE(at != std::string::npos);
    const auto end = out.find("\n> ", at + 1);
    return out.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

}  // namespace

TEST_CASE("demo: a morning through the real flow, said in the catalog's words, kept in the store") {
    jiayi::test::TempDir dir;
    const auto demo_dir = dir / "demo";
    const Run run = run_jiayi("-c " + std::string(JIAYI_SOURCE_DIR) +
                              "/config/kiosk.toml demo --lang en --dir " + demo_dir.string());
    REQUIRE(run.status == 0);
    const std::string& out = run.out;
    // The flow's refusals and prompts, as the en catalog words them.
    CHECK(out.find("! The two numbers were different. Tap OK and type it again.") !=
          std::string::npos);
    CHECK(out.find("! Please sign in the box with your finger, then tap Confirm.") !=
          std::string::npos);
    CHECK(out.find("! The parent or guardian taps their own ID card first.") != std::string::npos);
    // Only the teams taking residents are offered: the full and the closed are not.
    const std::string teams = after_step(out, "tap sign");
    CHECK(teams.find("[Choose a family doctor team]") != std::string::npos);
    CHECK(teams.find("(team-a)") != std::string::npos);
    CHECK(teams.find("(team-d)") != std::string::npos);
    CHECK(teams.find("(team-b)") == std::string::npos);
    CHECK(teams.find("(team-c)") == std::string::npos);
    // A child's journey goes through the signer's screen.
    CHECK(after_step(out, "card child").find("A parent or guardian signs for a child.") !=
          std::string::npos);
    // Names are masked on every screen.
    CHECK(out.find("王*试") != std::string::npos);
    CHECK(out.find("王测试") == std::string::npos);

    // What the nurse's summary says is what the store kept.
    const std::string summary = after_step(out, "tap summary");
    CHECK(summary.find("New signings: 4") != std::string::npos);
    CHECK(summary.find("Declined (notice signed): 1") != std::string::npos);
    auto keys = jiayi::store::KeyRing::load(demo_dir / "demo.key");
    REQUIRE(keys.ok());
    auto store = jiayi::store::Store::open(demo_dir / "demo.db", keys.value(), {}, false);
    REQUIRE(store.ok());
    const auto status = store.value()->status().value();
    CHECK(status.contracts == 4);
    CHECK(status.opt_outs == 1);
    CHECK(out.find("In the store: contracts 4, informed notices 1;") != std::string::npos);
    CHECK(count(out, "| Family doctor contract") == 4);

    // The same morning in the configured language, zh-CN.
    const Run zh = run_jiayi("-c " + std::string(JIAYI_SOURCE_DIR) +
                             "/config/kiosk.toml demo --dir " + demo_dir.string());
    CHECK(zh.status == 0);
    CHECK(zh.out.find("[选择家庭医生团队]") != std::string::npos);
}

TEST_CASE("demo: what it says follows the configured renewal window") {
    jiayi::test::TempDir dir;
    // The morning's adult comes back the same day: a contract of a year has
    // 364 or 365 days left, inside a 365-day window, outside a 30-day one.
    const Run narrow = run_jiayi("-c " + config_with_renewal_window(dir, 30).string() +
                                 " demo --lang en --dir " + (dir / "a").string());
    REQUIRE(narrow.status == 0);
    const std::string back = after_step(narrow.out, "card adult");
    CHECK(back.find("Contract: Signed  until") != std::string::npos);
    CHECK(back.find("[Done]*") != std::string::npos);
    CHECK(back.find("[Renew]") == std::string::npos);

    const Run wide = run_jiayi("-c " + config_with_renewal_window(dir, 365).string() +
                               " demo --lang en --dir " + (dir / "b").string());
    REQUIRE(wide.status == 0);
    const std::string open = after_step(wide.out, "card adult");
    CHECK(open.find("Contract: Signed, ready to renew  until") != std::string::npos);
    CHECK(open.find("[Renew]*") != std::string::npos);

    // A renewal asked for outside the window is refused at once (at Renew,
    // before anything is chosen) with the window's days, and inside it goes
    // through: the same script, two configurations.
    const auto script = dir / "renew.script";
    std::ofstream(script) << "card adult\ntap sign\ntap choose-team team-a\ntap next\ntap next\n"
                             "keys 13912345678\ntap next\nkeys 13912345678\ntap next\n"
                             "tap next\ntap next\nstroke\ntap next\ntap next\ntap skip\ntap next\n"
                             "card adult\ntap renew\ntap next\ntap next\ntap next\ntap next\n"
                             "stroke\ntap next\n";
    const Run refused =
        run_jiayi("-c " + config_with_renewal_window(dir, 45).string() +
                  " demo --lang en --script " + script.string() + " --dir " + (dir / "c").string());
    REQUIRE(refused.status == 0);
    CHECK(
        after_step(refused.out, "tap renew")
            .find("! It is too early to renew; renewal opens 45 days before your contract ends.") !=
        std::string::npos);
    CHECK(refused.out.find("In the store: contracts 1,") != std::string::npos);

    const Run renewed =
        run_jiayi("-c " + config_with_renewal_window(dir, 365).string() +
                  " demo --lang en --script " + script.string() + " --dir " + (dir / "d").string());
    REQUIRE(renewed.status == 0);
    CHECK(renewed.out.find("too early to renew") == std::string::npos);
    CHECK(after_step(renewed.out, "tap next").find("| Family doctor contract (renewal)") !=
          std::string::npos);
    CHECK(renewed.out.find("In the store: contracts 2,") != std::string::npos);
}

TEST_CASE("demo: a script that names a card the demo does not have is bad input") {
    jiayi::test::TempDir dir;
    std::ofstream(dir / "bad.script") << "card nobody\n";
    const Run run =
        run_jiayi("-c " + std::string(JIAYI_SOURCE_DIR) + "/config/kiosk.toml demo --script " +
                  (dir / "bad.script").string() + " --dir " + (dir / "demo").string());
    CHECK(run.status == 2);
    CHECK(run.err.find("line 1: no demo card \"nobody\"") != std::string::npos);
}

TEST_CASE(
    "a database from before the health fields were sealed: status reads it, ledgers ask for a "
    "migration") {
    jiayi::test::TempDir dir;
    const auto config = write_config(dir);
    REQUIRE(run_jiayi("key generate " + (dir / "kiosk.key").string()).status == 0);
    {
        // Schema 3, as the shipped migrations left it, with no records.
        jiayi::store::Database raw(dir / "kiosk.db");
        for (std::size_t v = 0; v < 3; ++v) {
            raw.exec(std::string(jiayi::store::migrations()[v].sql));
        }
        raw.exec("PRAGMA user_version = 3");
    }
    const std::string latest = std::to_string(jiayi::store::Store::latest_schema_version());
    auto status = run_jiayi("-c " + config.string() + " db status");
    CHECK(status.status == 0);
    CHECK(status.out.find("schema:     3 of " + latest + " (run `jiayi db migrate`)") !=
          std::string::npos);
    auto digest = run_jiayi("-c " + config.string() + " ledger digest --date 2026-11-23");
    CHECK(digest.status == 1);
    CHECK(digest.err.find("has schema 3 of " + latest + "; run `jiayi db migrate` first") !=
          std::string::npos);
    REQUIRE(run_jiayi("-c " + config.string() + " db migrate").status == 0);
    digest = run_jiayi("-c " + config.string() + " ledger digest --date 2026-11-23");
    CHECK(digest.status == 0);
    CHECK(digest.out.starts_with("2026-11-23  contracts 0  opt-outs 0  blake2b "));
}
