#pragma once
// The nurse's back-fill of a contract signed on paper (补录, seed 000 §四;
// the rules in kiosk/domain/back_fill.hpp). The resident is identified
// first (a card, or the number typed); then the paper's date, its form
// number, the team and who signed, each checked as it is entered; then a
// last look and the record. No signature is captured (it is on the paper)
// and no receipt printed: the resident holds the paper copy, and a kiosk
// receipt would say it was signed here. Internal to kiosk/flow.

#include <optional>
#include <string>
#include <vector>

#include "kiosk/domain/back_fill.hpp"
#include "kiosk/flow/context.hpp"
#include "kiosk/flow/resident.hpp"

namespace jiayi::flow {

class BackFillJourney {
  public:
    struct State {
        std::string keypad;  // the date or the form number being typed
        std::optional<domain::Date> signed_on;
        std::string form_number;
        std::string team_id;
        std::optional<std::string> signer;  // a signer choice's id ("self", "mother"…)
    };

    // Opens the first step, the paper's date.
    BackFillJourney(Context& ctx, Resident& resident);

    const State& state() const { return s_; }
    // The signer choices offered: "self", then a guardian's relations, then
    // a proxy's (catalog "signer.self", "relation.<id>").
    static const std::vector<std::string>& signer_choices();
    // The screens of this journey in order, for the progress line.
    static const std::vector<Screen>& steps();

    // Handles an intent of one of the journey's screens; false when it is
    // not the journey's. `done` is set when the back-fill was written.
    bool handle(const Intent& intent, bool& done);

    // The view's part of this journey (keypad, teams, choices, the summary).
    void fill(View& view, const config::KioskConfig& config) const;

  private:
    void next();
    void choose_team(const std::string& id);
    void choose_signer(const std::string& id);
    bool commit();
    domain::BackFillEntry entry() const;
    const domain::Team* team() const;
    void refuse(domain::BackFillProblem problem);

    Context& ctx_;
    Resident& resident_;
    State s_;
};

}  // namespace jiayi::flow
