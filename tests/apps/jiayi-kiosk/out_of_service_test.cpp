// The kiosk program after an update whose migration failed: the store is put
// back as it was, and the kiosk stays up showing residents the way to the
// desk and staff what happened, instead of exiting (and restarting in a loop
// in its kiosk session). Headless, it writes that screen and exits 4.

#include <doctest/doctest.h>

#include <sys/stat.h>

#include "apps/jiayi-kiosk/kiosk_run.hpp"
#include "kiosk/store/store.hpp"
#include "support/old_store.hpp"
#include "support/store_cells.hpp"
#include "support/store_fixture.hpp"

namespace jiayi::test {

TEST_CASE("kiosk after a failed update: out of service on screen, the store as it was") {
    TempDir dir;
    {
        REQUIRE(store::KeyRing::generate(dir / "kiosk.key").ok());
        auto opened = store::Store::open(
            dir / "kiosk.db", store::KeyRing::load(dir / "kiosk.key").value(), kStoreNow);
        REQUIRE(opened.ok());
        REQUIRE(opened.value()->record_signing(new_signing(test_resident(3)), kStoreNow).ok());
    }
    take_back_to_schema_9(dir / "kiosk.db", true);
    const auto before = every_cell(dir / "kiosk.db");

    // A hub on this machine that is not there: the store is opened before
    // any word with it.
    const auto config = write_config(dir, "http://127.0.0.1:9", "made-up-token");
    const KioskRun run = run_kiosk(dir, config, "tap sign\n");
    INFO("stderr: " << run.err);
    CHECK(run.status == 4);
    const auto shot = dir / "screens" / "out-of-service.png";
    CHECK(run.out.find(shot.string()) != std::string::npos);
    struct stat info {};
    REQUIRE(::stat(shot.c_str(), &info) == 0);
    CHECK(info.st_size > 10'000);  // a drawn screen, not an empty image
    CHECK(run.err.find("from schema 9 to 11") != std::string::npos);
    CHECK(run.err.find("as it was before the update") != std::string::npos);

    // Every record as the older kiosk left it, and its schema.
    CHECK((every_cell(dir / "kiosk.db") == before));
    CHECK(std::filesystem::exists(dir / "kiosk.db.before-schema-11"));
}

}  // namespace jiayi::test
