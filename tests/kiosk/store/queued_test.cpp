// Store::on_queued: the kiosk wakes its sync thread when a record's outbox
// entries are committed — after each write that queued something, and never
// for a read or a write that was refused (nothing was queued).

#include <doctest/doctest.h>

#include "kiosk/domain/feedback.hpp"
#include "support/store_fixture.hpp"

using namespace jiayi;
using namespace jiayi::store;
using jiayi::test::kStoreNow;
using jiayi::test::kStoreToday;
using jiayi::test::new_signing;
using jiayi::test::StoreFixture;
using jiayi::test::test_resident;

namespace {

TEST_CASE("the queued listener hears every committed record and nothing else") {
    StoreFixture f;
    int heard = 0;
    std::size_t pending_when_heard = 0;
    f.store->on_queued([&] {
        ++heard;
        // Called after the commit: the entries are there to be sent.
        pending_when_heard = f.store->pending_outbox(100).value().size();
    });

    const auto r = test_resident(61);
    REQUIRE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    CHECK(heard == 1);
    CHECK(pending_when_heard == 3);  // privacy consent, contract, signature

    // Reads queue nothing.
    (void)f.store->find_resident(r.document.number);
    (void)f.store->contracts_of(r.id);
    (void)f.store->status();
    CHECK(heard == 1);

    // A refused write (a second active contract) queues nothing.
    CHECK_FALSE(f.store->record_signing(new_signing(r), kStoreNow).ok());
    CHECK(heard == 1);

    const auto contract_id = f.store->contracts_of(r.id).value().at(0).id;
    auto feedback = domain::make_feedback(5, true);
    REQUIRE(feedback.ok());
    REQUIRE(f.store->record_feedback(new_uuid(), contract_id, feedback.value(), kStoreNow).ok());
    CHECK(heard == 2);
    CHECK(pending_when_heard == 4);

    auto changed =
        domain::terminate(f.store->contracts_of(r.id).value(), domain::EndReason::Other, "搬到外省",
                          domain::ContractRules{}, domain::Date{2027, 1, 10});
    REQUIRE(changed.ok());
    REQUIRE(f.store->record_termination(r.id, changed.value(), "nurse-7", kStoreNow).ok());
    CHECK(heard == 3);

    const auto other = test_resident(62);
    auto opt_out =
        domain::decline(test::facts_of(other, {}), {}, true, "2026-1", domain::Channel::Kiosk,
                        domain::SigningRules{}, kStoreToday, new_uuid());
    REQUIRE(opt_out.ok());
    REQUIRE(f.store
                ->record_opt_out(
                    {other, opt_out.value(), new_uuid(), {"[]", {1}}, "kiosk-test", ""}, kStoreNow)
                .ok());
    CHECK(heard == 4);

    // No listener: writes go on as before.
    f.store->on_queued({});
    REQUIRE(f.store->record_signing(new_signing(test_resident(63)), kStoreNow).ok());
    CHECK(heard == 4);
}

}  // namespace
