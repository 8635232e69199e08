#pragma once
// What a script's `center …` step (kiosk/flow/script.hpp) stands for. The
// demo without a hub makes the center up: the sync's news is made from the
// step (flow::scripted_news), and a refusal is marked in the store, when one
// is given, as the sync marks a record the hub refused — so that the nurse's
// list and the resident's status show it as they would. A kiosk beside a
// real hub hears the center's words from the sync: a script cannot make
// them up there, and the step is an error naming its line.

#include <string>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/flow/events.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/flow/script.hpp"

// The store is only named here (script_center.cpp marks it): a screen's
// code that includes this header does not reach the store's.
namespace jiayi::store {
class Store;
}

namespace jiayi::demo {

class ScriptCenter {
  public:
    // The made-up center; `store` (may be null: the flow only hears the
    // refusal) is the kiosk's, where a refusal is marked.
    static ScriptCenter made_up(store::Store* store = nullptr) {
        return ScriptCenter(false, store);
    }
    // A real hub answers through the sync.
    static ScriptCenter hub() { return ScriptCenter(true, nullptr); }

    // The news the flow hears for the `center` step, or why there is none.
    Result<flow::SyncNews, std::string> news(const flow::ScriptStep& step, const flow::Flow& flow,
                                             Instant now) const;

  private:
    ScriptCenter(bool hub, store::Store* store) : hub_(hub), store_(store) {}

    bool hub_;
    store::Store* store_;
};

}  // namespace jiayi::demo
