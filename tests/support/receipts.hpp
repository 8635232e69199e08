#pragma once
// The four receipts (signing, renewal, switch, informed notice) and the
// booking voucher for made-up
// residents with fixed ids and dates, so their printed bytes can be compared
// byte for byte with the golden files.

#include <doctest/doctest.h>

#include <vector>

#include "kiosk/receipt/receipt.hpp"
#include "support/store_fixture.hpp"

namespace jiayi::test {

inline domain::Contract sample_contract(const std::string& id, domain::ContractType type) {
    auto resident = test_resident(7);
    resident.id = "resident-0007";
    auto choice = test_choice();
    choice.package_ids = {"basic", "tcm"};
    auto change = domain::sign_new(facts_of(resident, {}), choice, test_team(), test_catalogue(),
                                   domain::SigningRules{}, kStoreToday, id);
    REQUIRE(change.ok());
    domain::Contract c = change.value().contract;
    c.type = type;
    return c;
}

// `name` is the masked name the receipt shows: "测*" by default, or one with
// a character no printer font has.
inline std::vector<receipt::Receipt> sample_receipts(const std::string& name = "测*") {
    receipt::ContractFacts facts{
        name,   "500114********0012", "测试团队",  "测试医生", "02300000000",
        "self", "2026-11-23 09:30",   "kiosk-test"};
    std::vector<receipt::Receipt> out;
    out.push_back(receipt::contract_receipt(
        "receipt-1",
        sample_contract("c0ffee00-0000-4000-8000-000000000001", domain::ContractType::New),
        test_catalogue(), facts));
    out.push_back(receipt::contract_receipt(
        "receipt-2",
        sample_contract("c0ffee00-0000-4000-8000-000000000002", domain::ContractType::Renewal),
        test_catalogue(), facts));
    out.push_back(receipt::contract_receipt(
        "receipt-3",
        sample_contract("c0ffee00-0000-4000-8000-000000000003", domain::ContractType::Switch),
        test_catalogue(), facts));
    domain::OptOut opt_out;
    opt_out.id = "c0ffee00-0000-4000-8000-000000000004";
    opt_out.resident_id = "resident-0007";
    opt_out.date = kStoreToday;
    opt_out.notice_version = "2026-1";
    out.push_back(receipt::notice_receipt(
        "receipt-4", opt_out,
        {name, "500114********0012", "self", "2026-11-23 09:30", "kiosk-test"}));
    return out;
}

// A booking's voucher for a made-up resident, with fixed ids and times.
inline receipt::Receipt sample_voucher(const std::string& name = "测*") {
    receipt::VoucherFacts facts;
    facts.booking_id = "b00c1000-0000-4000-8000-000000000005";
    facts.masked_name = name;
    facts.masked_id = "500114********0012";
    facts.hospital_zh = "测试区中心医院";
    facts.hospital_en = "Test District Central Hospital";
    facts.department_zh = "心血管内科";
    facts.department_en = "Cardiology";
    facts.place_zh = "门诊楼 3 楼 A 区";
    facts.place_en = "Outpatient building, floor 3, zone A";
    facts.day = "2026-11-25";
    facts.time = "09:00–09:30";
    facts.cancel_until = "2026-11-24 09:00";
    facts.team_name = "测试团队";
    facts.printed_at = "2026-11-23 09:30";
    facts.kiosk_id = "kiosk-test";
    return receipt::voucher_receipt("receipt-5", facts);
}

}  // namespace jiayi::test
