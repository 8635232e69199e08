#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "kiosk/store/migrations.hpp"
#include "kiosk/store/sqlite.hpp"
#include "support/store_cells.hpp"
#include "support/store_fixture.hpp"

using namespace jiayi;
using namespace jiayi::store;
using jiayi::test::Cell;
using jiayi::test::count;
using jiayi::test::every_cell;
using jiayi::test::kStoreNow;
using jiayi::test::kStoreToday;
using jiayi::test::new_signing;
using jiayi::test::StoreFixture;
using jiayi::test::test_resident;

namespace {

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Bytes detail_bytes(const std::string& text) {
    return Bytes(text.begin(), text.end());
}

std::string_view detail_as_text(const Bytes& bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Instant days_later(int days) {
    return Instant{kStoreNow.unix_seconds + days * 86400};
}

// Where any of `secrets` shows in the cells: "table.column: secret".
std::vector<std::string> leaks(const std::vector<Cell>& cells,
                               const std::vector<std::string>& secrets) {
    std::vector<std::string> out;
    for (const Cell& cell : cells) {
        for (const std::string& secret : secrets) {
            if (cell.value.find(secret) != std::string::npos) {
                out.push_back(cell.column + ": " + secret);
            }
        }
    }
    return out;
}

// The database file and its WAL, as bytes.
std::string raw_bytes(const std::filesystem::path& db) {
    std::string all = file_bytes(db);
    const std::filesystem::path wal = db.string() + "-wal";
    if (std::filesystem::exists(wal)) {
        all += file_bytes(wal);
    }
    return all;
}

std::vector<std::string> leaks_in_bytes(const std::string& bytes,
                                        const std::vector<std::string>& secrets) {
    std::vector<std::string> out;
    for (const std::string& secret : secrets) {
        if (bytes.find(secret) != std::string::npos) {
            out.push_back(secret);
        }
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += line + "\n";
    }
    return out;
}

unsigned mode_of(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("a new database is migrated to the latest schema, once") {
    StoreFixture f;
    CHECK(f.store->schema_version() == Store::latest_schema_version());
    CHECK(f.store->migrate(kStoreNow).value() == 0);
    f.reopen();
    auto log = f.store->audit_log();
    REQUIRE(log.ok());
    REQUIRE(log->size() == 1);
    CHECK(log->at(0).action == "db-migrate");
}

TEST_CASE("a signing writes resident, contract, signature and outbox in order") {
    StoreFixture f;
    const auto r = test_resident(1);
    const auto record = new_signing(r);
    REQUIRE(f.store->record_signing(record, kStoreNow).ok());

    auto outbox = f.store->outbox_entries();
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 3);
    CHECK(outbox->at(0).record_type == "privacy-consent");
    CHECK(outbox->at(1).record_type == "contract");
    CHECK(outbox->at(1).record_id == record.change.contract.id);
    CHECK(outbox->at(2).record_type == "signature");
    CHECK(outbox->at(1).state == OutboxState::Pending);

    auto found = f.store->find_resident(r.document.number);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    const ResidentRecord& back = **found;
    CHECK(back.id == r.id);
    CHECK(back.name == r.name);
    CHECK(back.phone == r.phone);
    CHECK(back.address == r.address);
    CHECK(back.document.number == r.document.number);
    CHECK(back.document.birth_date == r.document.birth_date);
    CHECK(back.document.sex == r.document.sex);
    CHECK(back.privacy_consent);

    auto contracts = f.store->contracts_of(r.id);
    REQUIRE(contracts.ok());
    REQUIRE(contracts->size() == 1);
    const domain::Contract& c = contracts->at(0);
    CHECK(c.id == record.change.contract.id);
    CHECK(c.start == kStoreToday);
    CHECK(c.end == domain::Date{2027, 11, 22});
    CHECK(c.status == domain::ContractStatus::Active);
    CHECK(c.fees.total() == domain::yuan(36));
    CHECK(c.fees.resident_pays() == domain::yuan(12));
    CHECK(c.package_ids == std::vector<std::string>{"basic"});
}

TEST_CASE("an unknown document finds nobody") {
    StoreFixture f;
    auto found = f.store->find_resident("11010519491231002X");
    REQUIRE(found.ok());
    CHECK_FALSE(found->has_value());
}

TEST_CASE("a renewal supersedes the old contract in the same transaction") {
    StoreFixture f;
    auto r = test_resident(2);
    // Signed a year ago; today is inside the renewal window.
    const domain::Date last_year{2025, 12, 1};
    auto first = new_signing(r, last_year);
    REQUIRE(f.store->record_signing(first, kStoreNow).ok());
    r.privacy_consent = true;

    auto contracts = f.store->contracts_of(r.id).value();
    auto change =
        domain::renew(test::facts_of(r, contracts), test::test_choice(), test::test_team(),
                      test::test_catalogue(), domain::SigningRules{}, kStoreToday, new_uuid());
    REQUIRE(change.ok());
    SigningRecord renewal = new_signing(r);
    renewal.change = change.value();
    renewal.consent_given = false;
    REQUIRE(f.store->record_signing(renewal, days_later(1)).ok());

    auto after = f.store->contracts_of(r.id).value();
    REQUIRE(after.size() == 2);
    CHECK(after[0].status == domain::ContractStatus::Superseded);
    CHECK(after[0].end_reason == domain::EndReason::Renewed);
    CHECK(after[1].status == domain::ContractStatus::Active);
    CHECK(after[1].type == domain::ContractType::Renewal);
    CHECK(after[1].previous_id == after[0].id);
    // consent (once) + contract + signature, then old contract + new + signature.
    CHECK(f.store->outbox_entries().value().size() == 6);
}

TEST_CASE("the database itself refuses a second active contract, and writes nothing") {
    StoreFixture f;
    const auto r = test_resident(3);
    REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    const auto outbox_before = f.store->outbox_entries().value().size();

    auto second = new_signing(r);  // bypasses the domain's one-team rule
    second.resident.name = "改过的名字";
    auto result = f.store->record_signing(second, kStoreNow);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == StoreErrorKind::Conflict);
    CHECK(f.store->outbox_entries().value().size() == outbox_before);
    CHECK(f.store->contracts_of(r.id).value().size() == 1);
    CHECK(f.store->find_resident(r.document.number).value()->name == r.name);
}

TEST_CASE("one document cannot belong to two resident records") {
    StoreFixture f;
    auto r = test_resident(4);
    REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    auto twin = r;
    twin.id = new_uuid();
    auto result = f.store->record_signing(new_signing(twin), kStoreNow);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == StoreErrorKind::Conflict);
}

TEST_CASE("an opt-out is recorded with its signature and outbox entries") {
    StoreFixture f;
    const auto r = test_resident(5);
    auto opt_out =
        domain::decline(test::facts_of(r, {}), {}, true, "2026-1", domain::Channel::Kiosk,
                        domain::SigningRules{}, kStoreToday, new_uuid());
    REQUIRE(opt_out.ok());
    OptOutRecord record{r, opt_out.value(), new_uuid(), {"[]", {1, 2, 3}}, "kiosk-test", ""};
    REQUIRE(f.store->record_opt_out(record, kStoreNow).ok());
    auto outbox = f.store->outbox_entries().value();
    REQUIRE(outbox.size() == 2);
    CHECK(outbox[0].record_type == "opt-out");
    CHECK(outbox[1].record_type == "signature");
    CHECK(count(f.db_path, "SELECT count(*) FROM opt_outs") == 1);
}

TEST_CASE("nothing that identifies a person or describes their health is in the file in clear") {
    StoreFixture f;
    auto r = test_resident(6);
    r.name = "甲乙丙丁戊";
    r.address = "某某村第九十九号";
    r.insurance = domain::InsuranceType::UrbanEmployee;
    using domain::Population;
    r.registry_populations = {Population::Pregnant, Population::Disabled,
                              Population::RegisteredPoor, Population::Tuberculosis,
                              Population::SevereMentalDisorder};
    r.declared_populations = {Population::MinimumLivingAllowance, Population::OtherChronic};
    REQUIRE(r.registry_populations.bits() == 12340);
    REQUIRE(r.declared_populations.bits() == 16512);
    auto record = new_signing(r);
    record.signature.strokes = "STROKES-MARKER-12345";
    // A package that names a disease, and a share borne by medical
    // assistance (which tells a poor household).
    domain::Contract& c = record.change.contract;
    c.package_ids = {"basic", "tb-care"};
    c.fees.lines = {{"basic", domain::Payer::PublicHealth, domain::yuan(24)},
                    {"basic", domain::Payer::MedicalAssistance, domain::yuan(12)},
                    {"tb-care", domain::Payer::InsuranceFund, domain::yuan(50)}};
    REQUIRE(f.store->record_signing(record, kStoreNow).ok());
    REQUIRE(f.store
                ->save_receipt(new_uuid(), c.id, "signing", detail_bytes("RECEIPT " + r.name),
                               kStoreNow)
                .ok());

    std::vector<std::string> secrets = {r.name, r.address, r.phone, r.document.number,
                                        // What the number says: with the birth date and region an
                                        // ID narrows to a few hundred candidates.
                                        r.document.number.substr(0, 14), r.document.region_code,
                                        domain::to_iso(*r.document.birth_date), "STROKES-MARKER",
                                        "RECEIPT",
                                        // Health and means.
                                        std::string(domain::code(r.insurance)), "tb-care",
                                        std::string(domain::code(domain::Payer::MedicalAssistance)),
                                        std::to_string(r.registry_populations.bits()),
                                        std::to_string(r.declared_populations.bits())};
    for (auto set : {r.registry_populations, r.declared_populations}) {
        for (Population p : set.members()) {
            secrets.emplace_back(domain::code(p));
        }
    }
    // Column by column, with the store open (its WAL unmerged), then the
    // raw bytes of the file and its WAL, open and after the last close.
    const auto cells = every_cell(f.db_path);
    CHECK(leaks(cells, {r.id, c.id}).size() >= 2);  // the walk does see the rows
    const auto in_columns = leaks(cells, secrets);
    INFO(joined(in_columns));
    CHECK(in_columns.empty());
    REQUIRE(std::filesystem::exists(f.dir / "kiosk.db-wal"));
    CHECK(leaks_in_bytes(raw_bytes(f.db_path), secrets).empty());
    f.store.reset();  // checkpoint the WAL into the main file
    CHECK(leaks_in_bytes(raw_bytes(f.db_path), secrets).empty());

    // The store still reads them all back with the key.
    f.reopen();
    const auto back = f.store->find_resident(r.document.number).value();
    REQUIRE(back);
    CHECK(back->name == r.name);
    CHECK(back->insurance == r.insurance);
    CHECK(back->registry_populations == r.registry_populations);
    CHECK(back->declared_populations == r.declared_populations);
    const auto contracts = f.store->contracts_of(r.id).value();
    REQUIRE(contracts.size() == 1);
    CHECK(contracts[0].package_ids == c.package_ids);
    CHECK(contracts[0].fees.total() == domain::yuan(86));
    CHECK(contracts[0].fees.paid_by(domain::Payer::MedicalAssistance) == domain::yuan(12));
    const auto ledger = f.store->ledger(kStoreNow, days_later(1)).value();
    REQUIRE(ledger.size() == 1);
    CHECK(ledger[0].packages == "basic+tb-care");
    CHECK(ledger[0].total == domain::yuan(86));
    CHECK(f.store->ledger_digest(kStoreNow, days_later(1)).value().contracts == 1);
}

TEST_CASE("a health field's sealed length does not tell its value") {
    std::uint8_t master[32] = {4, 5, 6};
    const KeyRing keys = KeyRing::from_bytes(master);
    const Bytes none = keys.encrypt_padded("none", "residents.insurance:x", 256);
    const Bytes employee = keys.encrypt_padded("urban-employee", "residents.insurance:x", 256);
    CHECK(none.size() == employee.size());
    CHECK(keys.decrypt(none, "residents.insurance:x").value() == "none");
    CHECK(keys.decrypt(employee, "residents.insurance:x").value() == "urban-employee");
    CHECK(keys.decrypt(keys.encrypt_padded("", "c", 16), "c").value().empty());
    CHECK(keys.decrypt(keys.encrypt_padded(std::string(16, 'a'), "c", 16), "c").value() ==
          std::string(16, 'a'));
    // The format byte is bound too: a padded field read as unpadded fails.
    Bytes flipped = employee;
    flipped[0] = 1;
    CHECK(keys.decrypt(flipped, "residents.insurance:x").error().kind ==
          StoreErrorKind::Undecryptable);
    CHECK(keys.decrypt(employee, "residents.insurance:y").error().kind ==
          StoreErrorKind::Undecryptable);
}

TEST_CASE("the wrong key is refused before anything is read") {
    StoreFixture f;
    REQUIRE(f.store->record_signing(new_signing(test_resident(7)), kStoreNow).ok());
    f.store.reset();
    const auto other_key = f.dir / "other.key";
    REQUIRE(KeyRing::generate(other_key).ok());
    auto opened = Store::open(f.db_path, KeyRing::load(other_key).value(), kStoreNow);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().kind == StoreErrorKind::WrongKey);
    CHECK(opened.error().message == "the key file does not match this database");
}

TEST_CASE("a scratch store never syncs — a kiosk's store syncs every commit") {
    test::TempDir dir;
    auto synchronous = [](Database& db) {
        auto st = db.prepare("PRAGMA synchronous");
        st.step();
        return st.integer(0);
    };
    Database kiosk(dir / "kiosk.db");
    CHECK(synchronous(kiosk) == 2);  // FULL
    Database scratch(dir / "scratch.db", Durability::Scratch);
    CHECK(synchronous(scratch) == 0);  // OFF

    // A scratch store works like any other under a key that is only in memory.
    const auto ring = KeyRing::ephemeral();
    auto opened = Store::open(dir / "demo.db", ring, kStoreNow, true, Durability::Scratch);
    REQUIRE(opened.ok());
    REQUIRE(opened.value()->record_signing(new_signing(test_resident(8)), kStoreNow).ok());
    CHECK(opened.value()->schema_version() == Store::latest_schema_version());
    // Each ephemeral key is new: another cannot open what one sealed.
    const Bytes sealed = ring.encrypt("x", "c");
    CHECK(ring.decrypt(sealed, "c").value() == "x");
    CHECK_FALSE(KeyRing::ephemeral().decrypt(sealed, "c").ok());
}

TEST_CASE("key files: missing, readable by others, malformed, or overwritten") {
    test::TempDir dir;
    auto missing = KeyRing::load(dir / "none.key");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == StoreErrorKind::KeyMissing);

    const auto key = dir / "kiosk.key";
    REQUIRE(KeyRing::generate(key).ok());
    struct stat info {};
    REQUIRE(::stat(key.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(KeyRing::generate(key).error().kind == StoreErrorKind::Io);  // never overwrites

    ::chmod(key.c_str(), 0644);
    CHECK(KeyRing::load(key).error().kind == StoreErrorKind::KeyUnsafe);

    const auto short_key = dir / "short.key";
    { std::ofstream(short_key) << "abcdef\n"; }
    ::chmod(short_key.c_str(), 0600);
    CHECK(KeyRing::load(short_key).error().kind == StoreErrorKind::KeyInvalid);

    const auto raw = dir / "raw.key";
    { std::ofstream(raw, std::ios::binary) << std::string(32, '\x07'); }
    ::chmod(raw.c_str(), 0600);
    CHECK(KeyRing::load(raw).ok());
}

TEST_CASE("a key file owned by another user is refused, before it is read") {
    // Making a file another user's takes root, as the tests run here.
    REQUIRE(::geteuid() == 0);
    test::TempDir dir;
    const auto key = dir / "kiosk.key";
    REQUIRE(KeyRing::generate(key).ok());
    REQUIRE(::chown(key.c_str(), 65534, 65534) == 0);
    auto refused = KeyRing::load(key);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == StoreErrorKind::KeyUnsafe);
    CHECK(refused.error().message == "key file " + key.string() +
                                         " is owned by uid 65534, not by this user (uid 0) or "
                                         "root; run chown on it as the kiosk's service user");
    // Not read: a foreign file that is not a key at all is refused for its
    // owner, not for its content.
    const auto junk = dir / "junk.key";
    { std::ofstream(junk) << "not a key\n"; }
    ::chmod(junk.c_str(), 0600);
    CHECK(KeyRing::load(junk).error().kind == StoreErrorKind::KeyInvalid);
    REQUIRE(::chown(junk.c_str(), 65534, 0) == 0);
    CHECK(KeyRing::load(junk).error().kind == StoreErrorKind::KeyUnsafe);
    // Back to its owner (root here), the key opens.
    REQUIRE(::chown(key.c_str(), 0, 0) == 0);
    CHECK(KeyRing::load(key).ok());
}

TEST_CASE("the database, its WAL and its shared memory are private to their owner") {
    test::TempDir dir;
    const auto key = dir / "kiosk.key";
    REQUIRE(KeyRing::generate(key).ok());
    // Whatever umask the kiosk's service starts with.
    const mode_t saved = ::umask(0);
    auto opened = Store::open(dir / "kiosk.db", KeyRing::load(key).value(), kStoreNow);
    ::umask(saved);
    REQUIRE(opened.ok());
    auto store = std::move(opened).value();
    REQUIRE(store->record_signing(new_signing(test_resident(70)), kStoreNow).ok());
    for (const char* name : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"}) {
        CAPTURE(name);
        CHECK(mode_of(dir / name) == 0600);
    }
    store.reset();

    // One an older jiayi left readable is narrowed when it is opened.
    ::chmod((dir / "kiosk.db").c_str(), 0644);
    store = Store::open(dir / "kiosk.db", KeyRing::load(key).value(), kStoreNow).value();
    REQUIRE(store->record_signing(new_signing(test_resident(71)), kStoreNow).ok());
    for (const char* name : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"}) {
        CAPTURE(name);
        CHECK(mode_of(dir / name) == 0600);
    }
}

TEST_CASE("a sealed field moved to another row does not open") {
    StoreFixture f;
    const auto a = test_resident(8);
    const auto b = test_resident(9);
    REQUIRE(f.store->record_signing(new_signing(a), kStoreNow).ok());
    REQUIRE(f.store->record_signing(new_signing(b), kStoreNow).ok());
    {
        Database raw(f.db_path);
        raw.prepare(
               "UPDATE residents SET name_enc = (SELECT name_enc FROM residents WHERE id = ?) "
               "WHERE id = ?")
            .bind(1, a.id)
            .bind(2, b.id)
            .run();
    }
    auto found = f.store->find_resident(b.document.number);
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().kind == StoreErrorKind::Undecryptable);
    CHECK(f.store->find_resident(a.document.number).ok());
}

TEST_CASE("sealing binds to the context") {
    std::uint8_t master[32] = {1, 2, 3};
    const KeyRing keys = KeyRing::from_bytes(master);
    const Bytes sealed = keys.encrypt("测试", "residents.name:x");
    CHECK(keys.decrypt(sealed, "residents.name:x").value() == "测试");
    CHECK(keys.decrypt(sealed, "residents.name:y").error().kind == StoreErrorKind::Undecryptable);
    Bytes flipped = sealed;
    flipped.back() ^= 1;
    CHECK_FALSE(keys.decrypt(flipped, "residents.name:x").ok());
    CHECK_FALSE(keys.decrypt(Bytes{1, 2}, "residents.name:x").ok());
    CHECK(keys.document_hash("a") == keys.document_hash("a"));
    CHECK(keys.document_hash("a") != keys.phone_hash("a"));
    std::uint8_t other[32] = {9};
    CHECK(KeyRing::from_bytes(other).document_hash("a") != keys.document_hash("a"));
}

TEST_CASE("a database from a newer jiayi is refused") {
    StoreFixture f;
    f.store.reset();
    {
        Database raw(f.db_path);
        raw.exec("PRAGMA user_version = 99");
    }
    auto opened = Store::open(f.db_path, KeyRing::load(f.key_path).value(), kStoreNow);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().kind == StoreErrorKind::SchemaTooNew);
}

TEST_CASE("outbox entries are acknowledged or refused by the center") {
    StoreFixture f;
    REQUIRE(f.store->record_signing(new_signing(test_resident(10)), kStoreNow).ok());
    auto pending = f.store->pending_outbox(2).value();
    REQUIRE(pending.size() == 2);
    REQUIRE(f.store->acknowledge(pending[0].id, kStoreNow).ok());
    REQUIRE(f.store->acknowledge(pending[0].id, kStoreNow).ok());  // a replayed ack is fine
    REQUIRE(f.store->refuse(pending[1].id, "team-full", kStoreNow).ok());
    CHECK(f.store->acknowledge("no-such-entry", kStoreNow).error().kind ==
          StoreErrorKind::NotFound);
    auto all = f.store->outbox_entries().value();
    CHECK(all[0].state == OutboxState::Acknowledged);
    CHECK(all[1].state == OutboxState::Refused);
    CHECK(all[1].refusal_code == "team-full");
    CHECK(f.store->pending_outbox(10).value().size() == 1);
    auto status = f.store->status().value();
    CHECK(status.outbox_pending == 1);
    CHECK(status.outbox_acknowledged == 1);
    CHECK(status.outbox_refused == 1);
}

TEST_CASE("a new contract the center refused is cancelled on the kiosk, its entries kept") {
    StoreFixture f;
    const auto r = test_resident(15);
    const auto record = new_signing(r);
    REQUIRE(f.store->record_signing(record, kStoreNow).ok());
    OutboxSettlement settlement;
    for (const auto& e : f.store->outbox_entries().value()) {
        settlement.refused.push_back({e.id, "already-signed"});
    }
    REQUIRE(f.store->settle_outbox(settlement, days_later(1)).ok());
    const auto contracts = f.store->contracts_of(r.id).value();
    REQUIRE(contracts.size() == 1);
    CHECK(contracts[0].status == domain::ContractStatus::Cancelled);
    CHECK(f.store->refused_entries().value().size() == 3);
    // The resident may sign again here: nothing is active.
    REQUIRE(f.store->record_signing(new_signing(r), days_later(2)).ok());
    CHECK(f.store->contracts_of(r.id).value().size() == 2);
}

TEST_CASE("a renewal the center refused puts the old contract back as it was") {
    StoreFixture f;
    auto r = test_resident(16);
    const domain::Date last_year{2025, 12, 1};
    REQUIRE(f.store->record_signing(new_signing(r, last_year), kStoreNow).ok());
    for (const auto& e : f.store->outbox_entries().value()) {
        REQUIRE(f.store->acknowledge(e.id, kStoreNow).ok());
    }
    r.privacy_consent = true;
    const auto before = f.store->contracts_of(r.id).value();
    REQUIRE(before.size() == 1);
    auto change =
        domain::renew(test::facts_of(r, before), test::test_choice(), test::test_team(),
                      test::test_catalogue(), domain::SigningRules{}, kStoreToday, new_uuid());
    REQUIRE(change.ok());
    SigningRecord renewal = new_signing(r);
    renewal.change = change.value();
    renewal.consent_given = false;
    REQUIRE(f.store->record_signing(renewal, days_later(1)).ok());
    REQUIRE(f.store->contracts_of(r.id).value()[0].status == domain::ContractStatus::Superseded);

    // The hub refuses the renewal's record: every entry of it.
    for (const auto& e : f.store->pending_outbox(10).value()) {
        REQUIRE(f.store->refuse(e.id, "team-full", days_later(2)).ok());
    }
    const auto after = f.store->contracts_of(r.id).value();
    REQUIRE(after.size() == 2);
    CHECK(after[0].id == before[0].id);
    CHECK(after[0].status == domain::ContractStatus::Active);
    CHECK(after[0].end == before[0].end);
    CHECK_FALSE(after[0].end_reason.has_value());
    CHECK(after[1].status == domain::ContractStatus::Cancelled);
    const auto standing = domain::standing_on(after, kStoreToday, domain::ContractRules{});
    REQUIRE(standing.latest.has_value());
    CHECK(standing.latest->id == before[0].id);
}

TEST_CASE("a termination the center refused is taken back on the kiosk") {
    StoreFixture f;
    const auto r = test_resident(17);
    REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    for (const auto& e : f.store->outbox_entries().value()) {
        REQUIRE(f.store->acknowledge(e.id, kStoreNow).ok());
    }
    auto ended = f.store->contracts_of(r.id).value();
    REQUIRE(ended.size() == 1);
    const domain::Date end_before = ended[0].end;
    ended[0].status = domain::ContractStatus::Terminated;
    ended[0].end = kStoreToday;
    ended[0].end_reason = domain::EndReason::MovedAway;
    ended[0].end_note = "搬走了";
    REQUIRE(f.store->record_termination(r.id, ended, "nurse-1", days_later(1)).ok());
    const auto pending = f.store->pending_outbox(10).value();
    REQUIRE(pending.size() == 1);
    REQUIRE(f.store->refuse(pending[0].id, "stale", days_later(1)).ok());
    const auto after = f.store->contracts_of(r.id).value();
    REQUIRE(after.size() == 1);
    CHECK(after[0].status == domain::ContractStatus::Active);
    CHECK(after[0].end == end_before);
    CHECK_FALSE(after[0].end_reason.has_value());
    CHECK(after[0].end_note.empty());
}

TEST_CASE("purge wipes personal data only after every entry was acknowledged long enough ago") {
    StoreFixture f;
    const auto acked_long_ago = test_resident(11);
    const auto acked_recently = test_resident(12);
    const auto still_pending = test_resident(13);
    const auto refused = test_resident(14);
    for (const auto* r : {&acked_long_ago, &acked_recently, &still_pending, &refused}) {
        auto record = new_signing(*r);
        REQUIRE(f.store->record_signing(record, kStoreNow).ok());
        REQUIRE(f.store
                    ->save_receipt(new_uuid(), record.change.contract.id, "signing", Bytes{'R'},
                                   kStoreNow)
                    .ok());
    }
    for (const auto& e : f.store->outbox_entries().value()) {
        if (e.resident_id == acked_long_ago.id) {
            REQUIRE(f.store->acknowledge(e.id, days_later(1)).ok());
        } else if (e.resident_id == acked_recently.id) {
            REQUIRE(f.store->acknowledge(e.id, days_later(20)).ok());
        } else if (e.resident_id == refused.id) {
            REQUIRE(f.store->refuse(e.id, "team-full", days_later(1)).ok());
        } else if (e.record_type == "contract") {
            REQUIRE(f.store->acknowledge(e.id, days_later(1)).ok());  // the rest stays pending
        }
    }
    // 30 days after day 1: only the resident acknowledged on day 1 is due.
    auto purged = f.store->purge_personal_data(days_later(31), 30);
    REQUIRE(purged.ok());
    CHECK(purged.value() == 1);

    // No longer found by the number: nothing on file leads to it.
    CHECK_FALSE(f.store->find_resident(acked_long_ago.document.number).value());
    CHECK(count(f.db_path,
                "SELECT count(*) FROM residents WHERE name_enc IS NULL AND phone_enc IS NULL "
                "AND address_enc IS NULL AND birth_date_enc IS NULL AND sex_enc IS NULL "
                "AND insurance_enc IS NULL AND registry_populations_enc IS NULL "
                "AND declared_populations_enc IS NULL AND phone_hash IS NULL") == 1);
    CHECK(count(f.db_path, "SELECT count(*) FROM documents") == 3);
    // The contract stays for the ledger; its personal parts do not.
    const auto kept_contracts = f.store->contracts_of(acked_long_ago.id).value();
    REQUIRE(kept_contracts.size() == 1);
    CHECK(kept_contracts[0].fees.total() == domain::yuan(36));
    CHECK(count(f.db_path, "SELECT count(*) FROM signatures WHERE png_enc IS NULL") == 1);
    CHECK(count(f.db_path, "SELECT count(*) FROM receipts WHERE bytes_enc IS NULL") == 1);

    // No keyed hash of the purged resident is left, in any column or in the
    // file's bytes; the others' are (the check can see hashes).
    const KeyRing keys = KeyRing::load(f.key_path).value();
    const auto hashes_of = [&](const store::ResidentRecord& r) {
        return std::vector<std::string>{
            std::string(detail_as_text(keys.document_hash(r.document.number))),
            std::string(detail_as_text(keys.phone_hash(r.phone)))};
    };
    const auto cells = every_cell(f.db_path);
    CHECK(leaks(cells, hashes_of(acked_long_ago)).empty());
    CHECK(leaks(cells, hashes_of(acked_recently)).size() == 2);
    CHECK(leaks_in_bytes(raw_bytes(f.db_path), hashes_of(acked_long_ago)).empty());
    f.store.reset();
    CHECK(leaks_in_bytes(raw_bytes(f.db_path), hashes_of(acked_long_ago)).empty());
    CHECK(leaks_in_bytes(raw_bytes(f.db_path), hashes_of(acked_recently)).size() == 2);
    f.reopen();

    for (const auto* kept : {&acked_recently, &still_pending, &refused}) {
        auto r = f.store->find_resident(kept->document.number).value();
        REQUIRE(r);
        CHECK(r->name == kept->name);
    }
    // Running it again purges nobody new; a later run takes the recent one.
    CHECK(f.store->purge_personal_data(days_later(31), 30).value() == 0);
    CHECK(f.store->purge_personal_data(days_later(50), 30).value() == 1);
    CHECK(f.store->status().value().purged_residents == 2);
}

TEST_CASE("a purged resident who returns is a new record, filled in again") {
    StoreFixture f;
    const auto r = test_resident(15);
    REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    for (const auto& e : f.store->outbox_entries().value()) {
        REQUIRE(f.store->acknowledge(e.id, kStoreNow).ok());
    }
    REQUIRE(f.store->purge_personal_data(days_later(40), 30).value() == 1);
    REQUIRE_FALSE(f.store->find_resident(r.document.number).value());
    // As the flow does for someone not on file: a new id.
    auto back = r;
    back.id = new_uuid();
    const domain::Date later{2027, 12, 1};
    auto change =
        domain::sign_new(test::facts_of(back, {}), test::test_choice(), test::test_team(),
                         test::test_catalogue(), domain::SigningRules{}, later, new_uuid());
    REQUIRE(change.ok());
    auto record = new_signing(back);
    record.change = change.value();
    REQUIRE(f.store->record_signing(record, days_later(380)).ok());
    auto found = f.store->find_resident(r.document.number).value();
    REQUIRE(found);
    CHECK(found->id == back.id);
    CHECK(found->name == r.name);
    CHECK(f.store->contracts_of(back.id).value().size() == 1);
    const auto status = f.store->status().value();
    CHECK(status.residents == 2);
    CHECK(status.purged_residents == 1);
    CHECK(status.contracts == 2);
}

TEST_CASE("a termination is written with its outbox entries and the staff member's audit entry") {
    StoreFixture f;
    const auto r = test_resident(40);
    REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    auto changed =
        domain::terminate(f.store->contracts_of(r.id).value(), domain::EndReason::Other, "搬到外省",
                          domain::ContractRules{}, domain::Date{2027, 1, 10});
    REQUIRE(changed.ok());
    const auto before = f.store->outbox_entries().value().size();
    REQUIRE(f.store->record_termination(r.id, changed.value(), "nurse-7", days_later(48)).ok());
    auto after = f.store->contracts_of(r.id).value();
    REQUIRE(after.size() == 1);
    CHECK(after[0].status == domain::ContractStatus::Terminated);
    CHECK(after[0].end == domain::Date{2027, 1, 9});
    CHECK(after[0].end_note == "搬到外省");
    auto outbox = f.store->outbox_entries().value();
    REQUIRE(outbox.size() == before + 1);
    CHECK(outbox.back().record_type == "contract");
    auto log = f.store->audit_log().value();
    CHECK(log.back().actor == "nurse-7");
    CHECK(log.back().action == "contract-terminate");
    CHECK(log.back().detail.find("搬到外省") == std::string::npos);  // no free text in the log
    // Terminating it again is a stale decision and writes nothing.
    auto again = f.store->record_termination(r.id, changed.value(), "nurse-7", days_later(49));
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().kind == StoreErrorKind::Conflict);
    CHECK(f.store->outbox_entries().value().size() == before + 1);
}

TEST_CASE("an unreadable stored value is an error value, not an exception") {
    StoreFixture f;
    const auto r = test_resident(41);
    REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    {
        Database raw(f.db_path);
        raw.exec("UPDATE contracts SET hospitals = '{not json'");
    }
    auto contracts = f.store->contracts_of(r.id);
    REQUIRE_FALSE(contracts.ok());
    CHECK(contracts.error().kind == StoreErrorKind::Io);
    CHECK(contracts.error().message == "the store holds a record it cannot read");
}

TEST_CASE("receipts are kept for reprint") {
    StoreFixture f;
    const Bytes bytes{0x1b, 0x40, 'h', 'i', 0x1d, 0x56, 0x00};
    REQUIRE(f.store->save_receipt("rc-1", "c-1", "signing", bytes, kStoreNow).ok());
    CHECK(f.store->receipt_bytes("rc-1").value() == bytes);
    CHECK(f.store->receipt_bytes("rc-2").error().kind == StoreErrorKind::NotFound);
}

TEST_CASE("the team cache round-trips") {
    StoreFixture f;
    auto a = test::test_team("team-a");
    a.capacity = 800;
    a.signed_count = 799;
    a.specialties = {"全科", "中医"};
    auto b = test::test_team("team-b");
    b.open = false;
    REQUIRE(f.store->cache_teams({a, b}, kStoreNow).ok());
    auto teams = f.store->teams().value();
    REQUIRE(teams.size() == 2);
    CHECK(teams[0].capacity == 800);
    CHECK(teams[0].signed_count == 799);
    CHECK(teams[0].specialties == a.specialties);
    CHECK_FALSE(teams[1].capacity);
    CHECK_FALSE(teams[1].open);
    REQUIRE(f.store->cache_teams({b}, kStoreNow).ok());  // a refresh replaces the cache
    CHECK(f.store->teams().value().size() == 1);
}

TEST_CASE("residents sharing one phone number are counted") {
    StoreFixture f;
    std::string last_id;
    for (int n = 20; n < 23; ++n) {
        auto r = test_resident(n);
        r.phone = "13800000000";
        REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
        last_id = r.id;
    }
    CHECK(f.store->residents_sharing_phone("13800000000", last_id).value() == 2);
    CHECK(f.store->residents_sharing_phone("13800000000", "nobody").value() == 3);
    CHECK(f.store->residents_sharing_phone("13900000000", "nobody").value() == 0);
}

TEST_CASE("the ledger lists a day's records with the center's state") {
    StoreFixture f;
    const auto a = test_resident(30);
    const auto b = test_resident(31);
    const auto c = test_resident(32);
    REQUIRE(f.store->record_signing(new_signing(a), kStoreNow).ok());
    REQUIRE(f.store->record_signing(new_signing(b), days_later(1)).ok());  // the next day
    auto opt_out =
        domain::decline(test::facts_of(c, {}), {}, true, "2026-1", domain::Channel::Kiosk,
                        domain::SigningRules{}, kStoreToday, new_uuid())
            .value();
    REQUIRE(f.store
                ->record_opt_out({c, opt_out, new_uuid(), {"[]", {}}, "kiosk-test", "nurse-1"},
                                 Instant{kStoreNow.unix_seconds + 3600})
                .ok());
    for (const auto& e : f.store->outbox_entries().value()) {
        if (e.resident_id == a.id) {
            REQUIRE(f.store->acknowledge(e.id, kStoreNow).ok());
        }
    }
    auto rows = f.store->ledger(kStoreNow, days_later(1)).value();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].record_type == "contract");
    CHECK(rows[0].action == "new");
    CHECK(rows[0].name == a.name);
    CHECK(rows[0].document_number == a.document.number);
    CHECK(rows[0].total == domain::yuan(36));
    CHECK(rows[0].resident_pays == domain::yuan(12));
    CHECK(rows[0].center_state == "acknowledged");
    CHECK(rows[1].record_type == "opt-out");
    CHECK(rows[1].operator_id == "nurse-1");
    CHECK(rows[1].center_state == "pending");
}

TEST_CASE("the daily digest counts the day's records and changes with any of them") {
    StoreFixture f;
    const auto empty = f.store->ledger_digest(kStoreNow, days_later(1)).value();
    CHECK(empty.contracts == 0);
    CHECK(empty.blake2b_hex.size() == 64);
    // BLAKE2b-256 of nothing, as any implementation computes it.
    CHECK(empty.blake2b_hex == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");

    const auto a = test_resident(50);
    const auto b = test_resident(51);
    REQUIRE(f.store->record_signing(new_signing(a), kStoreNow).ok());
    auto opt_out =
        domain::decline(test::facts_of(b, {}), {}, true, "2026-1", domain::Channel::Kiosk,
                        domain::SigningRules{}, kStoreToday, new_uuid())
            .value();
    REQUIRE(
        f.store->record_opt_out({b, opt_out, new_uuid(), {"[]", {}}, "kiosk-test", ""}, kStoreNow)
            .ok());
    const auto day = f.store->ledger_digest(kStoreNow, days_later(1)).value();
    CHECK(day.contracts == 1);
    CHECK(day.opt_outs == 1);
    CHECK(day.blake2b_hex != empty.blake2b_hex);
    f.reopen();
    CHECK(f.store->ledger_digest(kStoreNow, days_later(1)).value().blake2b_hex == day.blake2b_hex);
    // The next day's records do not touch this day's digest.
    REQUIRE(f.store->record_signing(new_signing(test_resident(52)), days_later(1)).ok());
    CHECK(f.store->ledger_digest(kStoreNow, days_later(1)).value().blake2b_hex == day.blake2b_hex);
    // A change to a record of the day does.
    auto changed =
        domain::terminate(f.store->contracts_of(a.id).value(), domain::EndReason::MovedAway, "",
                          domain::ContractRules{}, domain::Date{2027, 1, 10});
    REQUIRE(f.store->record_termination(a.id, changed.value(), "nurse-1", days_later(2)).ok());
    CHECK(f.store->ledger_digest(kStoreNow, days_later(1)).value().blake2b_hex != day.blake2b_hex);
}

TEST_CASE("print queue: a job stays queued until the printer confirms it, across a restart") {
    StoreFixture f;
    const auto r = test_resident(31);
    auto signing = new_signing(r);
    REQUIRE(f.store->record_signing(signing, kStoreNow).ok());
    const store::Bytes json = {'{', '}'};
    REQUIRE(
        f.store->save_receipt("receipt-31", signing.change.contract.id, "signing", json, kStoreNow)
            .ok());
    auto first = f.store->queue_print("receipt-31", "zh-CN", kStoreNow);
    auto reprint = f.store->queue_print("receipt-31", "en", kStoreNow);
    REQUIRE(first.ok());
    REQUIRE(reprint.ok());
    CHECK(reprint.value() != first.value());
    REQUIRE(f.store->print_problem(first.value(), "paper out", kStoreNow).ok());

    f.reopen();  // the kiosk restarts with the paper still out
    auto queued = f.store->queued_prints();
    REQUIRE(queued.ok());
    REQUIRE(queued.value().size() == 2);
    CHECK(queued.value()[0].id == first.value());
    CHECK(queued.value()[0].receipt_id == "receipt-31");
    CHECK(queued.value()[0].language == "zh-CN");
    CHECK(queued.value()[0].problem == "paper out");
    CHECK(queued.value()[1].language == "en");
    CHECK(f.store->status().value().prints_queued == 2);

    REQUIRE(f.store->print_done(first.value(), true, kStoreNow).ok());
    REQUIRE(f.store->print_done(reprint.value(), false, kStoreNow).ok());
    CHECK(f.store->queued_prints().value().empty());
    CHECK(f.store->status().value().prints_queued == 0);
    auto missing = f.store->print_done(999, true, kStoreNow);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == store::StoreErrorKind::NotFound);
}

namespace {

// A schema-3 database as a kiosk before migration 4 wrote it: health fields
// in clear, and a resident purged the old way (hashes kept). Written with the
// shipped migrations' own SQL.
struct Schema3 {
    ResidentRecord kept = test_resident(80);
    ResidentRecord purged = test_resident(81);
    std::string kept_contract = new_uuid();
    std::string purged_contract = new_uuid();

    void write(const std::filesystem::path& db, const KeyRing& keys) const {
        Database raw(db);
        for (std::size_t v = 0; v < 3; ++v) {
            raw.exec(std::string(migrations()[v].sql));
        }
        raw.exec("PRAGMA user_version = 3");
        // The key check as Store::open writes it.
        raw.prepare("INSERT INTO meta (key, value) VALUES ('key_check', ?)")
            .bind(1, keys.encrypt("jiayi key check", "meta.key_check"))
            .run();
        const std::string at = to_iso8601(kStoreNow);
        auto resident = raw.prepare(
            "INSERT INTO residents (id, name_enc, phone_hash, insurance, registry_populations, "
            "  declared_populations, created_at, updated_at, purged_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        resident.bind(1, kept.id)
            .bind(2, keys.encrypt(kept.name, "residents.name:" + kept.id))
            .bind(3, keys.phone_hash(kept.phone))
            .bind(4, "urban-employee")
            .bind(5, std::int64_t{12340})
            .bind(6, std::int64_t{16512})
            .bind(7, at)
            .bind(8, at)
            .bind(9, std::optional<std::string>())
            .run();
        resident.bind(1, purged.id)
            .bind(2, std::optional<Bytes>())
            .bind(3, keys.phone_hash(purged.phone))
            .bind(4, "urban-rural")
            .bind(5, std::int64_t{0})
            .bind(6, std::int64_t{0})
            .bind(7, at)
            .bind(8, at)
            .bind(9, at)
            .run();
        auto document = raw.prepare(
            "INSERT INTO documents (id, resident_id, kind, number_hash, number_enc, created_at) "
            "VALUES (?, ?, 'resident-id', ?, ?, ?)");
        for (const auto* r : {&kept, &purged}) {
            const std::string id = new_uuid();
            document.bind(1, id)
                .bind(2, r->id)
                .bind(3, keys.document_hash(r->document.number))
                .bind(4, r == &kept ? std::optional<Bytes>(keys.encrypt(r->document.number,
                                                                        "documents.number:" + id))
                                    : std::nullopt)
                .bind(5, at)
                .run();
        }
        auto contract = raw.prepare(
            "INSERT INTO contracts (id, resident_id, team_id, type, status, start_date, end_date, "
            "  channel, signer_role, packages, fees, hospitals, cross_region, kiosk_id, "
            "  created_at, updated_at) "
            "VALUES (?, ?, 'team-a', 'new', 'active', '2026-11-23', '2027-11-22', 'kiosk', "
            "  'self', ?, ?, '{\"secondary\":\"\",\"tertiary\":\"\"}', 0, 'kiosk-test', ?, ?)");
        contract.bind(1, kept_contract)
            .bind(2, kept.id)
            .bind(3, R"(["basic","tb-care"])")
            .bind(4, R"([{"package":"basic","payer":"medical-assistance","fen":3600},)"
                     R"({"package":"tb-care","payer":"insurance-fund","fen":5000}])")
            .bind(5, at)
            .bind(6, at)
            .run();
        contract.bind(1, purged_contract)
            .bind(2, purged.id)
            .bind(3, R"(["basic"])")
            .bind(4, R"([{"package":"basic","payer":"public-health","fen":3600}])")
            .bind(5, at)
            .bind(6, at)
            .run();
    }

    // The day's digest as the hub computes it (store.hpp, LedgerDigest).
    std::string digest() const {
        std::vector<std::pair<std::string, std::string>> lines = {
            {kept_contract,
             "contract|" + kept_contract + "|new|active|team-a|2026-11-23|2027-11-22|8600\n"},
            {purged_contract,
             "contract|" + purged_contract + "|new|active|team-a|2026-11-23|2027-11-22|3600\n"}};
        std::sort(lines.begin(), lines.end());
        return blake2b_hex(lines[0].second + lines[1].second);
    }
};

std::vector<std::string> columns_of(const std::filesystem::path& db, const std::string& table) {
    Database raw(db);
    auto st = raw.prepare("SELECT name FROM pragma_table_info(?)");
    st.bind(1, table);
    std::vector<std::string> out;
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

TEST_CASE("the health-seal migration seals what a database holds in clear, and old hashes go") {
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    REQUIRE(KeyRing::generate(dir / "kiosk.key").ok());
    const KeyRing keys = KeyRing::load(dir / "kiosk.key").value();
    const Schema3 old;
    old.write(db, keys);
    const std::vector<std::string> secrets = {"urban-employee",     "urban-rural", "tb-care",
                                              "medical-assistance", "12340",       "16512"};
    REQUIRE_FALSE(leaks(every_cell(db), secrets).empty());  // the clear values the test starts with

    auto store = Store::open(db, keys, kStoreNow).value();
    CHECK(store->schema_version() == Store::latest_schema_version());
    const auto found = store->find_resident(old.kept.document.number).value();
    REQUIRE(found);
    CHECK(found->name == old.kept.name);
    CHECK(found->insurance == domain::InsuranceType::UrbanEmployee);
    CHECK(found->registry_populations.bits() == 12340);
    CHECK(found->declared_populations.bits() == 16512);
    const auto contracts = store->contracts_of(old.kept.id).value();
    REQUIRE(contracts.size() == 1);
    CHECK(contracts[0].package_ids == std::vector<std::string>{"basic", "tb-care"});
    CHECK(contracts[0].fees.paid_by(domain::Payer::MedicalAssistance) == domain::yuan(36));
    // The day's figures are the ones the hub already has.
    const auto digest = store->ledger_digest(kStoreNow, days_later(1)).value();
    CHECK(digest.contracts == 2);
    CHECK(digest.blake2b_hex == old.digest());
    // The one purged before: no longer found, no hash of them left.
    CHECK_FALSE(store->find_resident(old.purged.document.number).value());
    CHECK(store->contracts_of(old.purged.id).value().size() == 1);
    const std::vector<std::string> purged_hashes = {
        std::string(detail_as_text(keys.document_hash(old.purged.document.number))),
        std::string(detail_as_text(keys.phone_hash(old.purged.phone)))};

    const auto cells = every_cell(db);
    INFO(joined(leaks(cells, secrets)));
    CHECK(leaks(cells, secrets).empty());
    CHECK(leaks(cells, purged_hashes).empty());
    CHECK_FALSE(has(columns_of(db, "residents"), "insurance"));
    CHECK_FALSE(has(columns_of(db, "residents"), "registry_populations"));
    CHECK_FALSE(has(columns_of(db, "contracts"), "packages"));
    CHECK_FALSE(has(columns_of(db, "contracts"), "fees"));
    // Nor in the bytes: the clear values' old cells were zeroed.
    store.reset();
    const std::string bytes = raw_bytes(db);
    INFO(joined(
        leaks_in_bytes(bytes, {"urban-employee", "urban-rural", "tb-care", "medical-assistance"})));
    CHECK(leaks_in_bytes(bytes, {"urban-employee", "urban-rural", "tb-care", "medical-assistance"})
              .empty());
    CHECK(leaks_in_bytes(bytes, purged_hashes).empty());
}

TEST_CASE("a migration is not run under the wrong key: the key is checked first") {
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    REQUIRE(KeyRing::generate(dir / "kiosk.key").ok());
    REQUIRE(KeyRing::generate(dir / "other.key").ok());
    Schema3().write(db, KeyRing::load(dir / "kiosk.key").value());
    auto opened = Store::open(db, KeyRing::load(dir / "other.key").value(), kStoreNow);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().kind == StoreErrorKind::WrongKey);
    // Nothing was sealed under the other key: the database is as it was.
    CHECK(count(db, "PRAGMA user_version") == 3);
    CHECK(has(columns_of(db, "residents"), "insurance"));
    CHECK(count(db, "SELECT count(*) FROM residents WHERE insurance = 'urban-employee'") == 1);
}

TEST_CASE("a PIN pad's lockout is kept across a restart, one row per pad") {
    StoreFixture f;
    auto fresh = f.store->pin_lockout("nurse");
    REQUIRE(fresh.ok());
    CHECK(fresh->wrong_in_a_row == 0);
    CHECK(fresh->locked_until == Instant{});

    const Instant until{kStoreNow.unix_seconds + 900};
    REQUIRE(f.store->save_pin_lockout("nurse", {3, until}).ok());
    REQUIRE(f.store->save_pin_lockout("nurse", {0, until}).ok());  // overwrites, no second row
    REQUIRE(f.store->save_pin_lockout("admin", {2, {}}).ok());
    f.reopen();
    auto kept = f.store->pin_lockout("nurse");
    REQUIRE(kept.ok());
    CHECK(kept->wrong_in_a_row == 0);
    CHECK(kept->locked_until == until);
    CHECK(f.store->pin_lockout("admin")->wrong_in_a_row == 2);
    CHECK(count(f.db_path, "SELECT count(*) FROM pin_lockouts") == 2);
}

TEST_CASE("the lockouts are migration 5") {
    // Migration 4 seals health data (issue 9 §3).
    const auto all = migrations();
    REQUIRE(all.size() >= 5);
    CHECK(std::string_view(all[4].sql).find("CREATE TABLE pin_lockouts") != std::string_view::npos);
}

TEST_CASE("a back-fill writes its contract and the paper's facts, no signature, one per form") {
    StoreFixture f;
    const auto r = test_resident(1);
    const auto record = jiayi::test::new_back_fill(r);
    REQUIRE(f.store->record_signing(record, kStoreNow).ok());

    auto outbox = f.store->outbox_entries();
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 1);  // the contract alone: no consent, no signature
    CHECK(outbox->at(0).record_type == "contract");
    CHECK(count(f.db_path, "SELECT count(*) FROM signatures") == 0);

    auto on_file = f.store->contract(record.change.contract.id);
    REQUIRE(on_file.ok());
    REQUIRE(on_file->has_value());
    const ContractOnFile& c = **on_file;
    CHECK(c.contract.start == domain::Date{2026, 3, 15});
    CHECK(c.contract.end == domain::Date{2027, 3, 14});
    CHECK(c.contract.channel == domain::Channel::NurseAssisted);
    CHECK(c.operator_id == "N0001");
    REQUIRE(c.back_fill.has_value());
    CHECK(c.back_fill->form_number == "QJ-2026-0042");
    CHECK(c.back_fill->signed_on == domain::Date{2026, 3, 15});
    CHECK(c.back_fill->entered_by == "N0001");
    CHECK(f.store->form_back_filled("QJ-2026-0042").value());
    CHECK_FALSE(f.store->form_back_filled("QJ-2026-0043").value());

    // A signing at the kiosk carries no back-fill.
    const auto signing = new_signing(test_resident(2));
    REQUIRE(f.store->record_signing(signing, kStoreNow).ok());
    auto signed_here = f.store->contract(signing.change.contract.id);
    REQUIRE(signed_here.ok());
    CHECK_FALSE((*signed_here)->back_fill.has_value());

    // The same paper form again, for another resident: refused whole.
    const auto before = f.store->status().value();
    const auto again = jiayi::test::new_back_fill(test_resident(3));
    auto refused = f.store->record_signing(again, kStoreNow);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == StoreErrorKind::Conflict);
    const auto after = f.store->status().value();
    CHECK(after.contracts == before.contracts);
    CHECK(after.residents == before.residents);
    CHECK(after.outbox_pending == before.outbox_pending);
    CHECK_FALSE(f.store->find_resident(again.resident.document.number).value().has_value());
}
