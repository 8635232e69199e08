// The `jiayi` tool run as a process, as staff would run it.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "drivers/idcard/sam_frame.hpp"
#include "drivers/idcard/simulator.hpp"
#include "drivers/printer/simulator.hpp"
#include "kiosk/auth/pin.hpp"
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

    auto keys = jiayi::store::KeyRing::load(dir / "kiosk.key");
    REQUIRE(keys.ok());
    auto store = jiayi::store::Store::open(dir / "kiosk.db", keys.value(), {}, false);
    REQUIRE(store.ok());
    auto log = store.value()->audit_log().value();
    REQUIRE(log.size() >= 2);
    CHECK(log[log.size() - 2].action == "ledger-export-unmasked-refused");
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
