#pragma once
// A real store in a temporary folder, and made-up residents signing through
// the real domain rules.

#include <doctest/doctest.h>

#include <memory>

#include "kiosk/domain/back_fill.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/store/store.hpp"
#include "support/people.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::test {

inline constexpr domain::Date kStoreToday{2026, 11, 23};
inline constexpr Instant kStoreNow{1795392000};  // 2026-11-23T00:00:00Z

inline domain::Catalogue test_catalogue() {
    domain::Catalogue c;
    c.packages.push_back(
        {"basic", "基础包", "Basic", domain::PackageKind::Basic, domain::yuan(36), {}});
    c.packages.push_back(
        {"tcm", "中医包", "TCM", domain::PackageKind::Personalised, domain::yuan(80), {}});
    return c;
}

inline domain::Team test_team(const std::string& id = "team-a") {
    domain::Team t;
    t.id = id;
    t.name = "测试团队";
    t.center_id = "center-1";
    t.leader = "测试医生";
    t.leader_phone = "02300000000";
    t.villages = {"示例村"};
    return t;
}

// A made-up resident: the sequence number makes each one distinct.
inline store::ResidentRecord test_resident(int n, domain::Date today = kStoreToday) {
    store::ResidentRecord r;
    r.id = store::new_uuid();
    std::string sequence = std::to_string(n % 1000);
    sequence.insert(0, 3 - sequence.size(), '0');
    const std::string year = std::to_string(1950 + (n / 1000) % 50);
    r.document = document_of(make_id("500114", year + "0615", sequence), today);
    r.name = "测试" + std::to_string(n);
    r.phone = "139" + std::string(8 - std::to_string(n).size(), '0') + std::to_string(n);
    r.address = "示例村" + std::to_string(n) + "号";
    return r;
}

inline domain::ResidentFacts facts_of(const store::ResidentRecord& r,
                                      std::vector<domain::Contract> contracts) {
    domain::ResidentFacts facts;
    facts.resident_id = r.id;
    facts.document = r.document;
    facts.populations = domain::classify(r.document.birth_date, kStoreToday, {}, {}, {});
    facts.has_privacy_consent = r.privacy_consent;
    facts.contracts = std::move(contracts);
    return facts;
}

inline domain::SigningChoice test_choice(const std::string& team = "team-a") {
    domain::SigningChoice c;
    c.team_id = team;
    c.package_ids = {"basic"};
    c.privacy_consent = true;
    c.signature = true;
    return c;
}

inline store::SigningRecord new_signing(const store::ResidentRecord& r,
                                        domain::Date today = kStoreToday) {
    auto change = domain::sign_new(facts_of(r, {}), test_choice(), test_team(), test_catalogue(),
                                   domain::SigningRules{}, today, store::new_uuid());
    REQUIRE(change.ok());
    store::SigningRecord record;
    record.resident = r;
    record.change = std::move(change).value();
    record.signature_id = store::new_uuid();
    record.signature = {"[[0,0],[10,12]]", store::Bytes{0x89, 'P', 'N', 'G'}};
    record.consent_given = true;
    record.kiosk_id = "kiosk-test";
    return record;
}

// A paper contract of resident `r` back-filled by nurse N0001: signed on
// `signed_on`, form `form`, team-a, no signature.
inline store::SigningRecord new_back_fill(
    const store::ResidentRecord& r, const std::string& form = "QJ-2026-0042",
    domain::Date signed_on = {2026, 3, 15},
    domain::Channel channel = domain::Channel::NurseAssisted) {
    domain::BackFillEntry entry;
    entry.signed_on = signed_on;
    entry.form_number = form;
    entry.team_id = "team-a";
    entry.entered_by = "N0001";
    entry.channel = channel;
    const domain::Team team = test_team();
    auto made = domain::back_fill(facts_of(r, {}), entry, &team, test_catalogue(),
                                  domain::SigningRules{}, kStoreToday, store::new_uuid());
    REQUIRE(made.ok());
    store::SigningRecord record;
    record.resident = r;
    record.change = std::move(made.value().change);
    record.back_fill = made.value().facts;
    record.kiosk_id = "kiosk-test";
    record.operator_id = "N0001";
    return record;
}

struct StoreFixture {
    TempDir dir;
    std::filesystem::path db_path = dir / "kiosk.db";
    std::filesystem::path key_path = dir / "kiosk.key";
    std::unique_ptr<store::Store> store;

    StoreFixture() {
        REQUIRE(store::KeyRing::generate(key_path).ok());
        reopen();
    }
    void reopen() {
        store.reset();
        auto keys = store::KeyRing::load(key_path);
        REQUIRE(keys.ok());
        auto opened = store::Store::open(db_path, keys.value(), kStoreNow);
        REQUIRE(opened.ok());
        store = std::move(opened).value();
    }
};

}  // namespace jiayi::test
