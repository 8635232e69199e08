#pragma once
// A kiosk's days offline (issue 11, "Tests"): made-up residents' records
// written through the store's own functions, day after day, with the kiosk's
// clock an input — signings, renewals of signings made on earlier days,
// opt-outs with the informed notice, feedback on contracts signed before it —
// and what the hub must hold once it has them all: each record once, the
// renewals after their signings, each team's count its active contracts.
//
// A renewal in the same week as its signing needs a district whose renewal
// window opens a year before the term's end: the kiosk's rules here and the
// hub's `[rules]` (kHubRules) say so alike. With the default 30 days, the hub
// would refuse such a renewal as outside-renewal-window, as the kiosk would.

#include <doctest/doctest.h>

#include <array>
#include <set>
#include <string>
#include <vector>

#include "apps/jiayi-hub/fault_fixture.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/sync/sync_fixture.hpp"

namespace jiayi::test::sync_tests {

inline constexpr int kUtcOffset = 480;
inline constexpr domain::Date kFirstDay{2026, 11, 23};
inline const std::string kHubRules = "[rules]\nrenewal_days_before = 365\n";
inline constexpr int kWeekCapacity = 100000;  // team-a's places: no refusal for room

inline domain::SigningRules week_rules() {
    domain::SigningRules rules;
    rules.contract.renewal_days_before = 365;
    return rules;
}

// The moment of a day's n-th record: from 09:00 in the district, 3 s apart.
inline Instant moment(int day, int n) {
    const Instant start = domain::start_of(domain::add_days(kFirstDay, day), kUtcOffset);
    return Instant{start.unix_seconds + 9 * 3600 + 3 * static_cast<std::int64_t>(n)};
}

// A signature PNG as big as the pad's strokes make one (~6 kB), or a token.
inline store::Bytes signature_png(std::size_t size) {
    store::Bytes png(std::max<std::size_t>(size, 8), 0x42);
    png[0] = 0x89;
    return png;
}

// The records made, as the kiosk's store holds them.
class Week {
  public:
    struct Signed {
        store::ResidentRecord resident;
        domain::Contract contract;
        bool renewed = false;
    };

    explicit Week(std::size_t png_size = 6000) : png_size_(png_size) {}

    // Day `day`'s `count` records, interleaved as residents come: of each
    // 20, 10 signings, 4 renewals (signings on the first day instead, and
    // when no earlier day's signing is left to renew), 3 opt-outs, 3 feedback.
    void add_day(store::Store& kiosk, int day, int count) {
        const std::size_t renewable_end = signed_.size();  // earlier days' signings only
        for (int n = 0; n < count; ++n) {
            const int slot = n % 20;
            const Instant now = moment(day, n);
            if (slot < 10 || (slot < 14 && !renewable(renewable_end))) {
                sign(kiosk, day, now);
            } else if (slot < 14) {
                renew(kiosk, day, now);
            } else if (slot < 17) {
                opt_out(kiosk, day, now);
            } else {
                feedback(kiosk, now);
            }
        }
        days_ = std::max(days_, day + 1);
    }

    int records() const {
        return static_cast<int>(signings.size() + renewals.size() + opt_outs.size() +
                                feedback_ids.size());
    }
    int days() const { return days_; }

    std::vector<std::string> signings;        // the new contracts' ids
    std::vector<std::string> renewals;        // the renewals' contract ids
    std::vector<std::string> opt_outs;        // the opt-outs' ids
    std::vector<std::string> feedback_ids;    // the feedback's ids
    std::vector<std::array<int, 2>> per_day;  // contracts and opt-outs made each day

  private:
    bool renewable(std::size_t end) {
        while (next_renewal_ < end && signed_[next_renewal_].renewed) {
            ++next_renewal_;
        }
        return next_renewal_ < end;
    }

    std::array<int, 2>& tally(int day) {
        if (per_day.size() <= static_cast<std::size_t>(day)) {
            per_day.resize(static_cast<std::size_t>(day) + 1, {0, 0});
        }
        return per_day[static_cast<std::size_t>(day)];
    }

    store::SigningRecord signing_record(const store::ResidentRecord& r,
                                        domain::ContractChange change, bool consent) {
        store::SigningRecord record;
        record.resident = r;
        record.change = std::move(change);
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0],[10,12]]", signature_png(png_size_)};
        record.consent_given = consent;
        record.kiosk_id = hub_faults::kKiosk;
        return record;
    }

    void sign(store::Store& kiosk, int day, Instant now) {
        const domain::Date today = domain::add_days(kFirstDay, day);
        store::ResidentRecord r = test_resident(next_resident_++, today);
        auto change = domain::sign_new(facts_of(r, {}), test_choice(), test_team(),
                                       test_catalogue(), week_rules(), today, store::new_uuid());
        REQUIRE(change.ok());
        const domain::Contract contract = change->contract;
        REQUIRE(kiosk.record_signing(signing_record(r, std::move(change).value(), true), now).ok());
        r.privacy_consent = true;
        signed_.push_back({r, contract, false});
        signings.push_back(contract.id);
        ++tally(day)[0];
    }

    void renew(store::Store& kiosk, int day, Instant now) {
        Signed& s = signed_[next_renewal_];
        const domain::Date today = domain::add_days(kFirstDay, day);
        auto change = domain::renew(facts_of(s.resident, {s.contract}), test_choice(), test_team(),
                                    test_catalogue(), week_rules(), today, store::new_uuid());
        REQUIRE_MESSAGE(change.ok(), "renewal refused by the kiosk's rules");
        renewals.push_back(change->contract.id);
        REQUIRE(
            kiosk.record_signing(signing_record(s.resident, std::move(change).value(), false), now)
                .ok());
        s.renewed = true;
        ++tally(day)[0];
    }

    void opt_out(store::Store& kiosk, int day, Instant now) {
        store::OptOutRecord record;
        record.resident = test_resident(next_resident_++, domain::add_days(kFirstDay, day));
        record.opt_out.id = store::new_uuid();
        record.opt_out.resident_id = record.resident.id;
        record.opt_out.date = domain::add_days(kFirstDay, day);
        record.opt_out.notice_version = "2026-2";
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0]]", signature_png(png_size_)};
        record.kiosk_id = hub_faults::kKiosk;
        REQUIRE(kiosk.record_opt_out(record, now).ok());
        opt_outs.push_back(record.opt_out.id);
        ++tally(day)[1];
    }

    void feedback(store::Store& kiosk, Instant now) {
        if (signed_.empty()) {
            return;
        }
        const Signed& s = signed_[feedback_ids.size() % signed_.size()];
        const std::string id = store::new_uuid();
        REQUIRE(kiosk.record_feedback(id, s.contract.id, domain::Feedback{4, true}, now).ok());
        feedback_ids.push_back(id);
    }

    std::size_t png_size_;
    std::vector<Signed> signed_;
    std::size_t next_renewal_ = 0;
    int next_resident_ = 0;
    int days_ = 0;
};

// What the hub holds of the week, against what the kiosk made: every record
// there once (the ids, the counts by type, one version of each unless the hub
// itself ended it by a renewal), each renewal active and its signing finished
// by it (the renewal reached the hub after its signing, or it would have been
// refused as not-signed), and each team's count its active contracts.
inline void check_on_hub_once(hub::db::Database& hub, const Week& week) {
    using hub_faults::count;
    using hub_faults::texts;
    const auto n = [](std::size_t size) { return static_cast<std::int64_t>(size); };
    std::set<std::string> contracts(week.signings.begin(), week.signings.end());
    contracts.insert(week.renewals.begin(), week.renewals.end());
    CHECK(texts(hub, "SELECT id FROM resources WHERE type = 'EpisodeOfCare'") == contracts);
    CHECK(texts(hub, "SELECT id FROM episodes") == contracts);
    CHECK(texts(hub, "SELECT id FROM resources WHERE type = 'QuestionnaireResponse'") ==
          std::set<std::string>(week.feedback_ids.begin(), week.feedback_ids.end()));
    const auto consents = texts(hub, "SELECT id FROM resources WHERE type = 'Consent'");
    for (const auto& id : week.opt_outs) {
        CHECK_MESSAGE(consents.count(id) == 1, "an opt-out missing on the hub");
    }
    // One privacy consent per first signing, beside the opt-outs.
    CHECK(n(consents.size()) == n(week.opt_outs.size() + week.signings.size()));
    CHECK(count(hub, "SELECT COUNT(*) FROM resources WHERE type = 'Provenance'") ==
          n(week.signings.size() + week.renewals.size() + week.opt_outs.size()));
    CHECK(count(hub, "SELECT COUNT(*) FROM patients") ==
          n(week.signings.size() + week.opt_outs.size()));
    CHECK(count(hub, "SELECT COUNT(*) FROM resources WHERE type = 'Patient'") ==
          n(week.signings.size() + week.opt_outs.size()));

    CHECK(count(hub,
                "SELECT COUNT(*) FROM episodes WHERE kind = 'renewal' AND status = "
                "'active'") == n(week.renewals.size()));
    CHECK(count(hub,
                "SELECT COUNT(*) FROM episodes WHERE kind = 'new' AND status = "
                "'finished'") == n(week.renewals.size()));
    CHECK(count(hub, "SELECT COUNT(*) FROM episodes WHERE status = 'active'") ==
          n(week.signings.size()));
    CHECK(count(hub,
                "SELECT COUNT(*) FROM teams t WHERE t.signed <> (SELECT COUNT(*) FROM "
                "episodes e WHERE e.team = t.id AND e.status = 'active')") == 0);

    // A replayed PUT makes no new version: no record past its first but
    // the signings the hub itself ended when their renewals came.
    std::string versions;
    for (const auto& row : hub_faults::rows(
             hub, "SELECT type, version, COUNT(*) FROM resources GROUP BY type, version")) {
        versions += row.text(0) + " v" + std::to_string(row.integer(1)) + ": " +
                    std::to_string(row.integer(2)) + "; ";
    }
    CHECK_MESSAGE(count(hub,
                        "SELECT COUNT(*) FROM resources WHERE version > 1 AND NOT (type = "
                        "'EpisodeOfCare' AND id IN (SELECT id FROM episodes WHERE kind = "
                        "'new' AND status = 'finished'))") == 0,
                  versions);
    CHECK_MESSAGE(count(hub, "SELECT COUNT(*) FROM resources WHERE version > 2") == 0, versions);
}

}  // namespace jiayi::test::sync_tests
