// jiayi demo — a scripted morning at a kiosk, until the kiosk screens exist:
// made-up residents sign, are refused, decline and sign for a child, through
// the real rules and the real store. Nothing here is a person's data.

#include <cstdio>
#include <iostream>

#include "kiosk/cli/clock.hpp"
#include "kiosk/cli/commands.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/mask.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::cli {

namespace {

std::string sentence(domain::Refusal refusal) {
    switch (refusal) {
        case domain::Refusal::AlreadySigned:
            return "already has a family doctor team this year";
        case domain::Refusal::TeamFull:
            return "this team has no places left; choose another";
        case domain::Refusal::TeamClosed:
            return "this team is not taking new residents";
        case domain::Refusal::GuardianRequired:
            return "a child signs through a parent or guardian";
        case domain::Refusal::OutsideRenewalWindow:
            return "renewal opens 30 days before the contract ends";
        default:
            return "refused";
    }
}

struct Kiosk {
    const config::KioskConfig& config;
    store::Store& store;
    domain::Date today;
    Instant now;
    std::vector<domain::Team> teams;
    int signings = 0;
    int refusals = 0;

    const domain::Team& team(const std::string& id) const {
        for (const auto& t : teams) {
            if (t.id == id) {
                return t;
            }
        }
        throw std::runtime_error("demo team missing: " + id);
    }

    // The resident as the store knows them, or a new record for a first visit.
    std::pair<store::ResidentRecord, domain::ResidentFacts> arrive(store::ResidentRecord person) {
        auto known = store.find_resident(person.document.number).value();
        if (known) {
            person.id = known->id;
            person.privacy_consent = known->privacy_consent;
        }
        domain::ResidentFacts facts;
        facts.resident_id = person.id;
        facts.document = person.document;
        facts.populations =
            domain::classify(person.document.birth_date, today, person.registry_populations,
                             person.declared_populations, config.rules.populations);
        facts.insurance = person.insurance;
        facts.has_privacy_consent = person.privacy_consent;
        facts.contracts = store.contracts_of(person.id).value();
        std::cout << "\n▶ " << domain::mask_name(person.name) << "  "
                  << domain::mask_id(person.document.number, config.rules.mask) << "  age "
                  << domain::age_on(*person.document.birth_date, today);
        for (auto p : facts.populations.all().members()) {
            std::cout << "  [" << domain::code(p) << "]";
        }
        auto standing = domain::standing_on(facts.contracts, today, config.rules.contract);
        std::cout << "  contract: " << domain::code(standing.standing) << "\n";
        return {person, facts};
    }

    bool refused(const char* what, domain::Refusal r) {
        ++refusals;
        std::cout << "  " << what << " refused: " << domain::code(r) << " — " << sentence(r)
                  << "\n";
        return false;
    }

    bool sign(store::ResidentRecord person, domain::SigningChoice choice, bool renewal = false) {
        auto [resident, facts] = arrive(std::move(person));
        auto change = renewal
                          ? domain::renew(facts, choice, team(choice.team_id), config.catalogue,
                                          config.rules, today, store::new_uuid())
                          : domain::sign_new(facts, choice, team(choice.team_id), config.catalogue,
                                             config.rules, today, store::new_uuid());
        if (!change) {
            return refused(renewal ? "renewal" : "signing", change.error());
        }
        store::SigningRecord record;
        record.resident = resident;
        record.change = std::move(change).value();
        record.signature_id = store::new_uuid();
        record.signature = {"[[12,40],[30,22],[58,47]]", store::Bytes{0x89, 'P', 'N', 'G'}};
        record.consent_given = choice.privacy_consent;
        record.kiosk_id = config.kiosk.id;
        if (auto written = store.record_signing(record, now); !written) {
            std::cout << "  not saved: " << written.error().message << "\n";
            return false;
        }
        ++signings;
        const domain::Contract& c = record.change.contract;
        std::cout << "  signed with " << team(c.team_id).name << " (" << c.team_id << "), "
                  << domain::to_iso(c.start) << " to " << domain::to_iso(c.end) << ", signer "
                  << domain::code(c.signer.role) << (c.cross_region ? ", cross-region" : "")
                  << "\n";
        for (const auto& line : c.fees.lines) {
            std::cout << "    " << line.package_id << "  " << domain::code(line.payer) << "  "
                      << domain::to_yuan_string(line.amount) << "\n";
        }
        std::cout << "    total " << domain::to_yuan_string(c.fees.total()) << ", resident pays "
                  << domain::to_yuan_string(c.fees.resident_pays()) << "\n";
        return true;
    }

    void decline(store::ResidentRecord person) {
        auto [resident, facts] = arrive(std::move(person));
        auto opt_out = domain::decline(facts, {}, true, config.notice_version, config.kiosk.channel,
                                       config.rules, today, store::new_uuid());
        if (!opt_out) {
            refused("decline", opt_out.error());
            return;
        }
        store::OptOutRecord record{
            resident,          opt_out.value(),
            store::new_uuid(), {"[[5,5],[40,9]]", store::Bytes{0x89, 'P', 'N', 'G'}},
            config.kiosk.id,   ""};
        if (store.record_opt_out(record, now)) {
            std::cout << "  informed notice " << config.notice_version
                      << " signed: the decision not to sign is recorded\n";
        }
    }
};

store::ResidentRecord person(const char* name, std::string id, domain::Date today) {
    store::ResidentRecord r;
    r.id = store::new_uuid();
    r.name = name;
    r.document = domain::parse_document(id, today).value();
    r.phone = "13800000000";
    return r;
}

}  // namespace

int demo(const std::filesystem::path& config_file, const std::filesystem::path& dir) {
    auto loaded = config::load_config(config_file);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            std::cerr << e.to_string() << "\n";
        }
        return 1;
    }
    config::KioskConfig config = std::move(loaded).value();
    std::filesystem::create_directories(dir);
    config.paths.database = std::filesystem::absolute(dir / "demo.db");
    config.paths.key_file = std::filesystem::absolute(dir / "demo.key");
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(dir / (std::string("demo.db") + suffix));
    }
    if (!std::filesystem::exists(config.paths.key_file)) {
        if (auto made = store::KeyRing::generate(config.paths.key_file); !made) {
            std::cerr << "jiayi: " << made.error().message << "\n";
            return 1;
        }
    }
    const Instant t = now();
    const domain::Date today = local_date(t, config.kiosk.utc_offset_minutes);
    auto opened = store::Store::open(config.paths.database,
                                     store::KeyRing::load(config.paths.key_file).value(), t);
    if (!opened) {
        std::cerr << "jiayi: " << opened.error().message << "\n";
        return 1;
    }
    store::Store& store = *opened.value();

    // The kiosk demo's made-up teams: one full, one closed.
    const std::vector<domain::Team> teams = demo::teams();
    (void)store.cache_teams(teams, t);

    Kiosk kiosk{config, store, today, t, teams};
    std::cout << "jiayi demo — kiosk " << config.kiosk.id << ", " << domain::to_iso(today)
              << ", made-up residents only\n";
    for (const auto& team : teams) {
        std::cout << "  team " << team.id << " " << team.name << ": "
                  << (team.open ? std::to_string(domain::places_left(team, config.rules.team)) +
                                      " places left"
                                : std::string("closed"))
                  << "\n";
    }

    const domain::Date elder_birth = domain::add_days(domain::anniversary(today, -72), -40);
    const domain::Date child_birth = domain::add_days(domain::anniversary(today, -5), -100);
    auto elder = person("王测试", demo::made_up_number("500114", elder_birth, "013"), today);
    auto child = person("李小测", demo::made_up_number("500114", child_birth, "024"), today);
    auto parent = person("李测试", demo::made_up_number("500114", {1990, 4, 2}, "035"), today);
    auto poor = person("赵测试", demo::made_up_number("500114", {1975, 9, 9}, "046"), today);
    poor.registry_populations = {domain::Population::RegisteredPoor};
    auto traveller = person("周测试", demo::made_up_number("510104", {1985, 1, 20}, "057"), today);
    auto decliner = person("孙测试", demo::made_up_number("500114", {1968, 6, 30}, "068"), today);

    domain::SigningChoice choice;
    choice.package_ids = {"basic", "elderly-home"};
    choice.privacy_consent = true;
    choice.signature = true;
    choice.team_id = "team-b";
    kiosk.sign(elder, choice);  // the full team is not available
    choice.team_id = "team-c";
    kiosk.sign(elder, choice);  // nor the closed one
    choice.team_id = "team-a";
    kiosk.sign(elder, choice);
    kiosk.sign(elder, choice);                    // a second signing the same year
    kiosk.sign(elder, choice, /*renewal=*/true);  // too early to renew

    domain::SigningChoice for_child;
    for_child.team_id = "team-a";
    for_child.package_ids = {"basic"};
    for_child.privacy_consent = true;
    for_child.signature = true;
    kiosk.sign(child, for_child);  // a child cannot sign alone
    for_child.signer = {domain::SignerRole::Guardian, "mother", parent.document};
    kiosk.sign(child, for_child);

    domain::SigningChoice plain = for_child;
    plain.signer = {};
    kiosk.sign(poor, plain);       // personal share waived
    kiosk.sign(traveller, plain);  // cross-region, flagged
    kiosk.decline(decliner);

    auto status = store.status().value();
    auto rows = store
                    .ledger(start_of(today, config.kiosk.utc_offset_minutes),
                            start_of(domain::add_days(today, 1), config.kiosk.utc_offset_minutes))
                    .value();
    std::cout << "\n"
              << kiosk.signings << " signings, " << kiosk.refusals << " refusals explained, "
              << status.opt_outs << " informed notice; " << status.outbox_pending
              << " records wait in the outbox for the district's hub.\n"
              << "Today's ledger has " << rows.size() << " rows.\n"
              << "Store: " << config.paths.database.string() << " (personal fields sealed; key "
              << config.paths.key_file.string() << ")\n";
    // The script knows what must happen; any other outcome is a failure worth an exit status.
    return kiosk.signings == 4 && kiosk.refusals == 5 && status.opt_outs == 1 ? 0 : 1;
}

}  // namespace jiayi::cli
