// `jiayi sync now` and `jiayi sync status` as staff run them (JIAYI_BIN),
// against a real hub and against no hub at all.

#include <doctest/doctest.h>

#include "kiosk/sync/sync_fixture.hpp"
#include "support/run.hpp"

namespace jiayi::test::sync_tests {

namespace {

std::filesystem::path write_config(const KioskSide& kiosk, const std::string& hub_url) {
    const auto path = kiosk.store.dir / "kiosk.toml";
    std::ofstream(path) << "[hub]\nurl = \"" << hub_url << "/fhir\"\ncredential_file = \""
                        << kiosk.credential.string()
                        << "\"\nconnect_timeout_seconds = 5\n"
                           "[paths]\ndatabase = \"kiosk.db\"\nkey_file = \"kiosk.key\"\n";
    return path;
}

}  // namespace

TEST_CASE("sync cli: no hub: sync now exits 1, status tells staff, nothing personal shown") {
    KioskSide kiosk("some-token");
    kiosk.sign(7);
    const store::ResidentRecord someone = test_resident(7);
    std::string url;
    {
        ListeningSocket gone("x");
        url = gone.base_url();
    }
    const auto config = write_config(kiosk, url);
    kiosk.store.store.reset();  // the kiosk's process is not running
    TempDir io;
    const Run now = run_jiayi_in(io, "-c " + config.string() + " sync now");
    CHECK(now.status == 1);
    CHECK(now.out.find("cannot be reached") != std::string::npos);

    const Run status = run_jiayi_in(io, "-c " + config.string() + " sync status --json");
    REQUIRE(status.status == 0);
    const auto json = nlohmann::json::parse(status.out);
    CHECK(json.at("queued") == 3);
    CHECK(json.at("last_error").at("code") == "unreachable");
    CHECK(json.at("failures_in_a_row") == 1);
    CHECK(json.at("next_attempt").is_string());
    CHECK(json.at("refused").empty());
    const Run text = run_jiayi_in(io, "-c " + config.string() + " sync status");
    CHECK(text.status == 0);
    CHECK(text.out.find("queued        3") != std::string::npos);
    for (const Run* run : {&now, &status, &text}) {
        CHECK(run->out.find(someone.document.number) == std::string::npos);
        CHECK(run->out.find("测试") == std::string::npos);
    }
}

TEST_CASE("sync cli: a record the center refuses is listed with its code, the rest sent") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1, "team-small");
    const std::string refused = kiosk.sign(2, "team-small");
    const auto config = write_config(kiosk, hub.hub.base_url());
    kiosk.store.store.reset();
    TempDir io;
    const Run now = run_jiayi_in(io, "-c " + config.string() + " sync now --json");
    CHECK(now.status == 0);
    const auto pushed = nlohmann::json::parse(now.out);
    CHECK(pushed.at("acknowledged") == 3);
    REQUIRE(pushed.at("refused").size() == 1);
    CHECK(pushed.at("refused")[0].at("record_id") == refused);
    CHECK(pushed.at("refused")[0].at("code") == "team-full");

    const Run status = run_jiayi_in(io, "-c " + config.string() + " sync status --json");
    REQUIRE(status.status == 0);
    const auto json = nlohmann::json::parse(status.out);
    CHECK(json.at("queued") == 0);
    CHECK(json.at("last_error").is_null());
    CHECK(json.at("last_success").is_string());
    REQUIRE(json.at("refused").size() == 3);
    CHECK(json.at("refused")[0].at("code") == "team-full");
}

}  // namespace jiayi::test::sync_tests
