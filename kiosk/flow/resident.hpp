#pragma once
// The identify journey's result: who is at the kiosk, what the rules know of
// them, where their contract stands today, and the teams as the store had
// them then. Internal to kiosk/flow.

#include <optional>
#include <vector>

#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/team.hpp"
#include "kiosk/flow/context.hpp"
#include "kiosk/flow/events.hpp"
#include "kiosk/flow/hub_requests.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::flow {

// The latest of a resident's records the center refused: what it was
// ("signing", "renewal", "switch", "termination", "opt-out", "record") and
// the hub's code ("other" for one the kiosk has no words for); both empty:
// none.
struct CenterRefusal {
    std::string record;
    std::string code;
};

struct Resident {
    store::ResidentRecord record;
    domain::ResidentFacts facts;
    domain::ContractStanding standing;
    std::vector<domain::Team> teams;
    CenterRefusal center_refusal;

    // Whether someone must sign for this resident (a minor: a guardian).
    bool needs_guardian(const Context& ctx) const;
    // The team with this id as last read, or nullptr.
    const domain::Team* team(const std::string& id) const;
    // The hub's ticket for this resident's flags, asked as they identified
    // while online (0: not asked); the answer is taken once.
    std::uint64_t flags_ticket = 0;

    // After a change: the contracts and the standing again from the store.
    void refresh(Context& ctx);
    // The key populations today, from the registry flags the store holds.
    void classify(Context& ctx);
    // The hub's answer about this resident's flags: kept in the store, the
    // populations classified again.
    void take_flags(Context& ctx, const std::vector<HubFlag>& flags);
    // Overwrites names and numbers before the session is dropped.
    void scrub();
};

// Finds (or makes) the resident with this document and reads their contracts
// and the teams. The card is the fresher source for what it carries. On a
// store failure the message is shown and nothing is returned.
std::optional<Resident> identify(Context& ctx, const domain::Document& document,
                                 const CardData& card);

}  // namespace jiayi::flow
