#pragma once
// The signing contract (签约) and its life (rules.md, "The contract and its
// life"): sign, renew (续约), switch team (改签), decline (拒签, with the
// informed notice 知情告知书), terminate (解约). Pure functions: each takes
// what it needs, including today and the new record's id, and returns the
// records to write or a typed refusal.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/domain/package.hpp"
#include "kiosk/domain/population.hpp"
#include "kiosk/domain/refusal.hpp"
#include "kiosk/domain/rules.hpp"
#include "kiosk/domain/team.hpp"

namespace jiayi::domain {

enum class ContractType { New, Renewal, Switch };

enum class ContractStatus {
    Active,      // the resident's latest contract (in force now or from its start)
    Superseded,  // followed by a renewal or a switch; its period stays as recorded
    Terminated,  // ended early, with a reason
    Cancelled,   // never took effect (replaced or ended before its start)
};

enum class EndReason {
    Renewed,
    Switched,
    MovedAway,
    Unreachable,     // unreachable for a year
    RefusedService,  // refused service for a year
    Voluntary,
    Deceased,
    Other,  // needs a note
};

enum class Channel { Kiosk, OnSiteEvent, NurseAssisted, Import };

enum class SignerRole {
    Self,
    Guardian,  // for a minor
    Proxy,     // a family member or the doctor, for someone who cannot sign
};

// The channel a record carries (rules.md, "channels"): a kiosk or laptop
// at an on-site event marks every record it makes so, assisted or not;
// elsewhere a nurse's help makes it nurse-assisted, else the kiosk's
// configured channel.
Channel record_channel(Channel configured, bool assisted);

struct Signer {
    SignerRole role = SignerRole::Self;
    std::string relation;              // required for a proxy ("spouse", "doctor"…)
    std::optional<Document> document;  // the guardian's or proxy's ID
};

struct HospitalChoice {     // 1+1+1
    std::string secondary;  // hospital id or empty
    std::string tertiary;
};

struct Contract {
    std::string id;  // kiosk-generated UUID
    std::string resident_id;
    std::string team_id;
    std::vector<std::string> package_ids;
    FeeBreakdown fees;
    HospitalChoice hospitals;
    Date start;
    Date end;  // inclusive: the day before the anniversary
    ContractType type = ContractType::New;
    ContractStatus status = ContractStatus::Active;
    std::optional<EndReason> end_reason;
    std::string end_note;
    std::string previous_id;
    Channel channel = Channel::Kiosk;
    Signer signer;
    bool cross_region = false;
};

// 拒签: a resident who chooses not to sign signs the informed notice.
struct OptOut {
    std::string id;
    std::string resident_id;
    Date date;
    Signer signer;
    std::string notice_version;
    Channel channel = Channel::Kiosk;
};

// What the rules need to know about the resident.
struct ResidentFacts {
    std::string resident_id;
    Document document;
    PopulationFlags populations;
    InsuranceType insurance = InsuranceType::UrbanRural;
    bool has_privacy_consent = false;  // consent already on record
    std::vector<Contract> contracts;   // every contract on record, any order
};

// What the resident chose on the screens.
struct SigningChoice {
    std::string team_id;
    std::vector<std::string> package_ids;
    HospitalChoice hospitals;
    Signer signer;
    bool privacy_consent = false;  // given on this visit
    bool signature = false;        // a handwritten signature was captured
    Channel channel = Channel::Kiosk;
};

// Where a resident stands on a given day, for the status screen and for
// choosing which actions to offer.
enum class Standing {
    None,          // never signed, or only cancelled contracts
    Active,        // in force, renewal window not yet open
    ExpiringSoon,  // in force, inside the renewal window
    Lapsed,        // ended, still renewable (within the days after the end)
    Expired,       // ended beyond the renewal window: sign anew
    Terminated,    // the latest contract was ended early
};

struct ContractStanding {
    Standing standing = Standing::None;
    std::optional<Contract> current;  // in force today, if any
    std::optional<Contract> latest;   // the chain's last contract
    std::int64_t days_left = 0;       // until the chain's end (Active / ExpiringSoon)
};

ContractStanding standing_on(const std::vector<Contract>& contracts, Date today,
                             const ContractRules& rules);

// The term of a contract starting on `start`.
Date term_end(Date start, const ContractRules& rules);

// The renewal window around an end date, both days included.
struct RenewalWindow {
    Date opens;
    Date closes;
    bool contains(Date day) const { return opens <= day && day <= closes; }
};
RenewalWindow renewal_window(Date end, const ContractRules& rules);

// Whether a guardian signs for this resident (rules.md, "who signs"): under
// the configured age on `today`. A nurse-entered document may carry no birth
// date: such a resident is taken as an adult, and a nurse signs for them if
// they cannot. The one place this rule is written; screens and journeys ask it.
bool needs_guardian(const Document& resident, Date today, const ContractRules& rules);

// Who may sign for this resident: a minor needs a guardian; a guardian or
// proxy must be an adult with a valid document; a proxy names a relation.
Result<void, Refusal> check_signer(const Document& resident, const Signer& signer, Date today,
                                   const ContractRules& rules);

// The records one action writes: the new contract, and the earlier contracts
// it changes (superseded, shortened or cancelled).
struct ContractChange {
    Contract contract;
    std::vector<Contract> updated;
};

Result<ContractChange, Refusal> sign_new(const ResidentFacts& resident, const SigningChoice& choice,
                                         const Team& team, const Catalogue& catalogue,
                                         const SigningRules& rules, Date today, std::string new_id);

// Whether the resident may renew today: the latest contract is active and
// today lies in its renewal window. Asked when a renewal starts, so that a
// resident outside the window is told before choosing anything; renew()
// asks it again.
Result<void, Refusal> check_renewal(const std::vector<Contract>& contracts, Date today,
                                    const ContractRules& rules);

// Renewal keeps the team (even one closed to new signings: a renewal is not
// one); packages may change (choice.package_ids), or are
// kept when the choice names none. A change of team is a switch.
Result<ContractChange, Refusal> renew(const ResidentFacts& resident, const SigningChoice& choice,
                                      const Team& team, const Catalogue& catalogue,
                                      const SigningRules& rules, Date today, std::string new_id);

Result<ContractChange, Refusal> switch_team(const ResidentFacts& resident,
                                            const SigningChoice& choice, const Team& new_team,
                                            const Catalogue& catalogue, const SigningRules& rules,
                                            Date today, std::string new_id);

Result<OptOut, Refusal> decline(const ResidentFacts& resident, const Signer& signer, bool signature,
                                std::string_view notice_version, Channel channel,
                                const SigningRules& rules, Date today, std::string new_id);

// Ends every contract still in force or yet to start, and one that ended but
// could still be renewed; returns the changed ones.
Result<std::vector<Contract>, Refusal> terminate(const std::vector<Contract>& contracts,
                                                 EndReason reason, std::string_view note,
                                                 const ContractRules& rules, Date today);

std::string_view code(ContractType type);
std::string_view code(ContractStatus status);
std::string_view code(EndReason reason);
std::string_view code(Channel channel);
std::string_view code(SignerRole role);
std::string_view code(Standing standing);
std::optional<EndReason> end_reason_from_code(std::string_view code);
std::optional<ContractType> contract_type_from_code(std::string_view code);
std::optional<ContractStatus> contract_status_from_code(std::string_view code);
std::optional<Channel> channel_from_code(std::string_view code);
std::optional<SignerRole> signer_role_from_code(std::string_view code);

}  // namespace jiayi::domain
