// An update of the kiosk meets a store an older jiayi wrote: the store is
// copied first (SQLite's online backup), migrated, and put back whole when a
// migration fails, so the kiosk keeps every record and the older schema.

#include <doctest/doctest.h>

#include <sys/stat.h>

#include "kiosk/store/sqlite.hpp"
#include "support/old_store.hpp"
#include "support/store_cells.hpp"
#include "support/store_fixture.hpp"

using namespace jiayi;
using namespace jiayi::store;
using jiayi::test::count;
using jiayi::test::every_cell;
using jiayi::test::kStoreNow;
using jiayi::test::new_signing;
using jiayi::test::StoreFixture;
using jiayi::test::test_resident;

namespace {

bool has_table(const std::filesystem::path& db, const std::string& name) {
    return count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name +
                         "'") == 1;
}

bool has_column(const std::filesystem::path& db, const std::string& table,
                const std::string& column) {
    return count(db, "SELECT count(*) FROM pragma_table_info('" + table + "') WHERE name = '" +
                         column + "'") == 1;
}

// A store with two signings and a receipt, taken back to schema 9
// (support/old_store.hpp); with `keep_made_end`, migration 11 fails.
struct Schema9Store : StoreFixture {
    explicit Schema9Store(bool keep_made_end) {
        for (int i = 1; i <= 2; ++i) {
            const auto signing = new_signing(test_resident(i));
            REQUIRE(store->record_signing(signing, kStoreNow).ok());
            REQUIRE(store
                        ->save_receipt(new_uuid(), signing.change.contract.id, "signing",
                                       Bytes{'R', static_cast<std::uint8_t>('0' + i)}, kStoreNow)
                        .ok());
        }
        store.reset();
        jiayi::test::take_back_to_schema_9(db_path, keep_made_end);
    }

    Result<std::unique_ptr<Store>, StoreError> open() {
        return Store::open(db_path, KeyRing::load(key_path).value(), kStoreNow);
    }
    std::filesystem::path backup() const {
        return db_path.string() + ".before-schema-" +
               std::to_string(Store::latest_schema_version());
    }
};

}  // namespace

TEST_CASE("an update migrates an older store, keeps its records and leaves no copy behind") {
    Schema9Store f(false);
    REQUIRE(Store::latest_schema_version() == 11);
    REQUIRE(count(f.db_path, "PRAGMA user_version") == 9);
    REQUIRE_FALSE(has_column(f.db_path, "contracts", "made_end_date"));

    auto opened = f.open();
    REQUIRE(opened.ok());
    opened.value().reset();
    CHECK(count(f.db_path, "PRAGMA user_version") == 11);
    CHECK(has_table(f.db_path, "back_fills"));
    // Migration 11 gives each contract the end it was made with.
    CHECK(count(f.db_path, "SELECT count(*) FROM contracts WHERE made_end_date = end_date") == 2);
    CHECK(count(f.db_path, "SELECT count(*) FROM outbox") >= 2);
    CHECK(count(f.db_path, "SELECT count(*) FROM receipts") == 2);
    CHECK(count(f.db_path, "SELECT count(*) FROM audit_log WHERE action = 'db-migrate'") >= 1);
    // The copy holds what the purge will remove later: it goes once the update went well.
    CHECK_FALSE(std::filesystem::exists(f.backup()));
}

TEST_CASE("a failing update puts the store back as the older jiayi left it, every record kept") {
    Schema9Store f(true);
    const auto before = every_cell(f.db_path);
    REQUIRE_FALSE(before.empty());

    auto opened = f.open();
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().kind == StoreErrorKind::MigrationFailed);
    CHECK(code(opened.error().kind) == "migration-failed");
    const std::string& message = opened.error().message;
    CHECK(message.find("from schema 9 to 11") != std::string::npos);
    CHECK(message.find("made_end_date") != std::string::npos);  // SQLite's reason
    CHECK(message.find("as it was before the update") != std::string::npos);

    // Migration 10 ran and committed before 11 failed: the copy undid it too.
    CHECK(count(f.db_path, "PRAGMA user_version") == 9);
    CHECK_FALSE(has_table(f.db_path, "back_fills"));
    const auto after = every_cell(f.db_path);
    CHECK(after.size() == before.size());
    CHECK((after == before));

    // The copy stays for IT, private like the store.
    REQUIRE(std::filesystem::exists(f.backup()));
    struct stat info {};
    REQUIRE(::stat(f.backup().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(message.find(f.backup().string()) != std::string::npos);

    // The kiosk can still read the older schema as it was (jiayi db status).
    auto as_found = Store::open(f.db_path, KeyRing::load(f.key_path).value(), kStoreNow, false);
    REQUIRE(as_found.ok());
    CHECK(as_found.value()->schema_version() == 9);
    as_found.value().reset();

    // An update that can migrate it (here: the obstacle gone) still finds every record.
    {
        Database raw(f.db_path);
        raw.exec("ALTER TABLE contracts DROP COLUMN made_end_date");
    }
    auto fixed = f.open();
    REQUIRE(fixed.ok());
    CHECK(fixed.value()->schema_version() == 11);
    fixed.value().reset();
    CHECK(count(f.db_path, "SELECT count(*) FROM contracts WHERE made_end_date = end_date") == 2);
    CHECK(count(f.db_path, "SELECT count(*) FROM receipts") == 2);
    CHECK_FALSE(std::filesystem::exists(f.backup()));
}

TEST_CASE("a contract keeps the end it was made with through two changes") {
    StoreFixture f;
    const auto signing = new_signing(test_resident(7));
    REQUIRE(f.store->record_signing(signing, kStoreNow).ok());
    const std::string id = signing.change.contract.id;
    const domain::Date made_end = signing.change.contract.end;

    // Two changes before any send: the end moves twice.
    for (int step = 1; step <= 2; ++step) {
        domain::Contract changed = signing.change.contract;
        changed.end = domain::Date{made_end.year + step, 1, 1};
        changed.status = domain::ContractStatus::Superseded;
        REQUIRE(
            f.store->record_termination(signing.resident.id, {changed}, "N0001", kStoreNow).ok());
    }
    auto on_file = f.store->contract(id);
    REQUIRE(on_file.ok());
    REQUIRE(on_file->has_value());
    CHECK((*on_file)->contract.end == domain::Date{made_end.year + 2, 1, 1});
    REQUIRE((*on_file)->made_end.has_value());
    CHECK(*(*on_file)->made_end == made_end);
}
