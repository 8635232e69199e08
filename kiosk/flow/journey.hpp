#pragma once
// The contract journeys: sign, renew, switch (signing.cpp) and decline with
// the informed notice (decline.cpp). They share their first and last steps:
// who signs (the resident, a guardian, a proxy) and the handwritten
// signature. Each journey owns its state; the flow owns the journey.
// Internal to kiosk/flow.

#include <optional>
#include <string>
#include <vector>

#include "common/image/raster.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/package.hpp"
#include "kiosk/flow/context.hpp"
#include "kiosk/flow/resident.hpp"
#include "kiosk/receipt/receipt.hpp"

namespace jiayi::flow {

enum class JourneyKind { Sign, Renew, Switch, Decline };
enum class PhoneStage { OnFile, First, Second };

// A journey's end: the record written and the receipt for it.
struct Committed {
    std::string record_id;
    receipt::Receipt receipt;
};

// One plain sentence and one next step for a refusal; where the step leads
// (the teams, the status, who signs) is decided here.
void show_refusal(Context& ctx, domain::Refusal refusal);

class ContractJourney {
  public:
    struct State {
        JourneyKind kind = JourneyKind::Sign;
        bool proxy = false;  // a nurse set someone to sign for an adult
        domain::SigningChoice choice;
        std::optional<domain::Document> signer_document;
        std::string relation;
        std::string keypad;  // the phone being typed
        std::string phone_first;
        PhoneStage phone_stage = PhoneStage::First;
        std::optional<domain::FeeBreakdown> fees;
        std::vector<std::vector<image::Point>> strokes;
    };

    // Starts from the status screen: who signs first when it is not the
    // resident, else the journey's first step.
    ContractJourney(JourneyKind kind, bool proxy, Context& ctx, Resident& resident);
    ~ContractJourney();
    ContractJourney(const ContractJourney&) = delete;
    ContractJourney& operator=(const ContractJourney&) = delete;

    const State& state() const { return s_; }
    // The screens of this journey in order, for the progress line.
    std::vector<Screen> steps(Screen on_screen) const;
    // The teams offered: taking residents, and not the current one on a switch.
    std::vector<domain::Team> offered_teams() const;

    // Handles an intent of one of the journey's screens; false when the
    // intent is not the journey's. A commit returns what was written.
    bool handle(const Intent& intent, std::optional<Committed>& committed);
    // The guardian's or proxy's document, from a card or typed by a nurse;
    // false (and the message shown) when it is the resident's own.
    bool signer_identified(domain::Document document);

  private:
    void refuse(domain::Refusal refusal);
    void after_signer();
    void choose_team(const std::string& id);
    void toggle_package(const std::string& id);
    void choose_hospital(const std::string& id, int level);
    void packages_done();
    void phone_next();
    void phone_accepted(const std::string& digits);
    void add_stroke(std::vector<image::Point> stroke);
    std::optional<Committed> commit();
    std::optional<Committed> commit_signing();
    std::optional<Committed> commit_decline();

    Context& ctx_;
    Resident& resident_;
    State s_;
};

}  // namespace jiayi::flow
