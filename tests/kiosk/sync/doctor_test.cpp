// `jiayi doctor` as a technician runs it (JIAYI_BIN): a real store file, a
// real jiayi-hub on loopback, and each thing that can be wrong made wrong
// for real — a key others may read, a store file with garbage in its pages,
// no hub, a hub that never answers, a wrong token, the kiosk's clock an
// hour off (its --now: the hub keeps the real time), a printer that is off.

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "kiosk/sync/sync_fixture.hpp"
#include "support/run.hpp"

namespace jiayi::test::sync_tests {

namespace {

struct Doctor {
    Run run;
    nlohmann::json json;

    const nlohmann::json& check(const std::string& name) const {
        for (const auto& c : json.at("checks")) {
            if (c.at("name") == name) {
                return c;
            }
        }
        FAIL("no check named " << name);
        return json;
    }
    bool ok(const std::string& name) const { return check(name).at("ok").get<bool>(); }
    std::string say(const std::string& name) const { return check(name).at("say"); }
};

std::filesystem::path write_config(const KioskSide& kiosk, const std::string& hub_url,
                                   const std::string& devices = "") {
    const auto path = kiosk.store.dir / "kiosk.toml";
    std::ofstream(path) << "[kiosk]\nid = \"" << kKiosk << "\"\n[hub]\nurl = \"" << hub_url
                        << "/fhir\"\ncredential_file = \"" << kiosk.credential.string()
                        << "\"\n[paths]\ndatabase = \"kiosk.db\"\nkey_file = \"kiosk.key\"\n"
                        << (devices.empty() ? "" : "[devices]\n" + devices + "\n");
    return path;
}

Doctor doctor(const std::filesystem::path& config, const std::string& more = "") {
    TempDir io;
    Doctor d;
    d.run = run_jiayi_in(io, "-c " + config.string() + " doctor --json --timeout 3 " + more);
    d.json = nlohmann::json::parse(d.run.out);
    return d;
}

std::string iso_now(std::chrono::seconds shift = {}) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()) +
                     shift;
    return to_iso8601(Instant{now.count()});
}

}  // namespace

TEST_CASE("doctor: everything fine exits 0 with every check OK, in JSON and in text") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.store.store.reset();  // the kiosk's process is not running
    const auto config = write_config(kiosk, hub.hub.base_url());
    const Doctor d = doctor(config);
    INFO(d.run.out);
    CHECK(d.run.status == 0);
    CHECK(d.json.at("ok") == true);
    std::vector<std::string> names;
    for (const auto& c : d.json.at("checks")) {
        names.push_back(c.at("name"));
        CHECK(c.at("ok").is_boolean());
        CHECK_FALSE(c.at("say").get<std::string>().empty());
    }
    CHECK(names == std::vector<std::string>{"config", "key", "store", "disk", "fonts", "devices",
                                            "hub", "clock", "outbox"});
    CHECK(d.say("store").find("integrity ok") != std::string::npos);
    CHECK(d.say("hub").find("token accepted") != std::string::npos);

    TempDir io;
    const Run text = run_jiayi_in(io, "-c " + config.string() + " doctor");
    CHECK(text.status == 0);
    CHECK(text.out.find("OK    clock") != std::string::npos);
    CHECK(text.out.find("All is well.") != std::string::npos);
}

TEST_CASE("doctor: a key file others may read is not ok and says to chmod 600") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.store.store.reset();
    REQUIRE(::chmod(kiosk.store.key_path.c_str(), 0644) == 0);
    const Doctor d = doctor(write_config(kiosk, hub.hub.base_url()));
    CHECK(d.run.status == 1);
    CHECK(d.json.at("ok") == false);
    CHECK_FALSE(d.ok("key"));
    CHECK(d.say("key").find("chmod 600") != std::string::npos);
    CHECK_FALSE(d.ok("store"));  // it cannot be opened without the key
    CHECK(d.ok("hub"));
}

TEST_CASE("doctor: a store with garbage in its pages is not ok and says to restore the backup") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    for (int n = 0; n < 40; ++n) {
        kiosk.sign(n);  // enough pages that the damage lands in a table or index
    }
    kiosk.store.store.reset();
    const auto size = std::filesystem::file_size(kiosk.store.db_path);
    REQUIRE(size > 4 * 4096);
    {
        // Every page after the first two (the header and the schema stay):
        // the file still opens, and SQLite's own check finds the damage.
        std::fstream file(kiosk.store.db_path, std::ios::in | std::ios::out | std::ios::binary);
        const std::string garbage(1000, '\x5a');
        for (std::uintmax_t at = 2 * 4096 + 100; at + garbage.size() < size; at += 4096) {
            file.seekp(static_cast<std::streamoff>(at));
            file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
    }
    const Doctor d = doctor(write_config(kiosk, hub.hub.base_url()));
    CHECK(d.run.status == 1);
    CHECK_FALSE(d.ok("store"));
    CHECK(d.say("store").find("restore the last backup") != std::string::npos);
    CHECK(d.ok("key"));
    CHECK(d.ok("hub"));
}

TEST_CASE("doctor: no hub is not ok, and a hub that never answers does not hang it") {
    KioskSide kiosk("some-token");
    kiosk.store.store.reset();
    std::string gone_url;
    {
        ListeningSocket gone("x");
        gone_url = gone.base_url();
    }
    const Doctor down = doctor(write_config(kiosk, gone_url));
    CHECK(down.run.status == 1);
    CHECK_FALSE(down.ok("hub"));
    CHECK(down.say("hub").find("cannot reach the hub") != std::string::npos);
    CHECK_FALSE(down.ok("clock"));
    CHECK(down.ok("store"));

    ListeningSocket silent("");  // accepts, reads, never answers
    const auto started = std::chrono::steady_clock::now();
    const Doctor hung = doctor(write_config(kiosk, silent.base_url()));
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(hung.run.status == 1);
    CHECK_FALSE(hung.ok("hub"));
    CHECK(hung.say("hub").find("did not answer in time") != std::string::npos);
    CHECK(silent.requests() == 1);
    // --timeout 3: the connection opens at once, the answer is waited for 3 s.
    CHECK(took < std::chrono::seconds(15));
}

TEST_CASE("doctor: a wrong token is not ok and says how to issue a new one") {
    HubSide hub;
    KioskSide kiosk(std::string(64, 'e'));  // not the token the hub issued
    kiosk.store.store.reset();
    const Doctor d = doctor(write_config(kiosk, hub.hub.base_url()));
    CHECK(d.run.status == 1);
    CHECK_FALSE(d.ok("hub"));
    CHECK(d.say("hub").find("refused the kiosk's token") != std::string::npos);
    CHECK(d.say("hub").find("jiayi-hub token issue") != std::string::npos);
    CHECK(d.ok("clock"));  // the refusal still carries the hub's Date
}

TEST_CASE("doctor: the kiosk's clock an hour ahead of the hub's is not ok") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.store.store.reset();
    const auto config = write_config(kiosk, hub.hub.base_url());
    const Doctor ahead = doctor(config, "--now " + iso_now(std::chrono::hours(1)));
    CHECK(ahead.run.status == 1);
    CHECK_FALSE(ahead.ok("clock"));
    CHECK(ahead.say("clock").find("min ahead of") != std::string::npos);
    CHECK(ahead.ok("hub"));

    const Doctor behind = doctor(config, "--now " + iso_now(-std::chrono::minutes(10)));
    CHECK_FALSE(behind.ok("clock"));
    CHECK(behind.say("clock").find("behind") != std::string::npos);

    const Doctor close = doctor(config, "--now " + iso_now(std::chrono::seconds(30)));
    CHECK(close.ok("clock"));
    CHECK(close.run.status == 0);
}

TEST_CASE("doctor: records waiting over a day and a printer that is off are not ok") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1);  // made on the store's day, days before the --now below
    kiosk.store.store.reset();
    std::string off;
    {
        ListeningSocket gone("x");
        off = gone.base_url().substr(std::string("http://").size());
    }
    const auto config = write_config(kiosk, hub.hub.base_url(), "printer = \"tcp:" + off + "\"");
    const Doctor d = doctor(config);
    CHECK(d.run.status == 1);
    CHECK_FALSE(d.ok("outbox"));
    CHECK(d.say("outbox").find("3 records wait to be sent") != std::string::npos);
    CHECK_FALSE(d.ok("devices"));
    CHECK(d.say("devices").find("printer tcp:" + off + " unreachable") != std::string::npos);
    CHECK(d.ok("hub"));
}

}  // namespace jiayi::test::sync_tests
