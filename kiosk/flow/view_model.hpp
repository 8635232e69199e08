#pragma once
// What the UI draws and what it may ask for (DESIGN.md, "flow"): the flow
// publishes an immutable view model; the UI draws it and returns intents.
// No ImGui here. The journey's state machine comes with the kiosk issue;
// the home screen's view is the first piece.

namespace jiayi::flow {

enum class Language { ZhCN, En };

struct HomeView {
    Language language = Language::ZhCN;
    bool large_text = false;
};

enum class Intent {
    None,
    StartSigning,
    StartBooking,
    MyDoctor,
    CallNurse,
    ToggleLanguage,
    ToggleLargeText,
};

}  // namespace jiayi::flow
