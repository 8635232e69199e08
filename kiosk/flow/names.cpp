// Names of screens and intents, for scripts (`jiayi-kiosk --script`), file
// names of screenshots, and logs.

#include <array>
#include <utility>

#include "kiosk/flow/view_model.hpp"

namespace jiayi::flow {

namespace {

constexpr std::pair<IntentKind, const char*> kIntents[] = {
    {IntentKind::None, "none"},
    {IntentKind::StartSigning, "start-signing"},
    {IntentKind::StartBooking, "start-booking"},
    {IntentKind::MyDoctor, "my-doctor"},
    {IntentKind::CallNurse, "call-nurse"},
    {IntentKind::ToggleLanguage, "toggle-language"},
    {IntentKind::ToggleLargeText, "toggle-large-text"},
    {IntentKind::Next, "next"},
    {IntentKind::Back, "back"},
    {IntentKind::Finish, "finish"},
    {IntentKind::MoreTime, "more-time"},
    {IntentKind::Dismiss, "dismiss"},
    {IntentKind::PageUp, "page-up"},
    {IntentKind::PageDown, "page-down"},
    {IntentKind::Sign, "sign"},
    {IntentKind::Renew, "renew"},
    {IntentKind::Switch, "switch"},
    {IntentKind::Decline, "decline"},
    {IntentKind::ProxySign, "proxy-sign"},
    {IntentKind::ChooseTeam, "choose-team"},
    {IntentKind::TogglePackage, "toggle-package"},
    {IntentKind::ChooseHospital, "choose-hospital"},
    {IntentKind::ChooseRelation, "choose-relation"},
    {IntentKind::KeepPhone, "keep-phone"},
    {IntentKind::ChangePhone, "change-phone"},
    {IntentKind::Key, "key"},
    {IntentKind::DeleteKey, "delete-key"},
    {IntentKind::Stroke, "stroke"},
    {IntentKind::ClearSignature, "clear-signature"},
    {IntentKind::Rate, "rate"},
    {IntentKind::KnowsDoctor, "knows-doctor"},
    {IntentKind::Skip, "skip"},
    {IntentKind::NurseSignIn, "nurse-sign-in"},
    {IntentKind::ManualEntry, "manual-entry"},
    {IntentKind::SwitchEntry, "switch-entry"},
    {IntentKind::Summary, "summary"},
    {IntentKind::Reprint, "reprint"},
    {IntentKind::NurseSignOut, "nurse-sign-out"},
    {IntentKind::Book, "book"},
    {IntentKind::MyBookings, "my-bookings"},
    {IntentKind::PickHospital, "pick-hospital"},
    {IntentKind::PickDepartment, "pick-department"},
    {IntentKind::PickDay, "pick-day"},
    {IntentKind::PickTime, "pick-time"},
    {IntentKind::ShowBooking, "show-booking"},
    {IntentKind::CancelBooking, "cancel-booking"},
    {IntentKind::Refused, "refused"},
    {IntentKind::SettleRefusal, "settle-refusal"},
    {IntentKind::BackFill, "back-fill"},
    {IntentKind::ChooseSigner, "choose-signer"},
    {IntentKind::ListenAgain, "listen-again"},
    {IntentKind::ToggleVoice, "toggle-voice"},
};

constexpr const char* kScreens[] = {
    "home",
    "identify",
    "help",
    "status",
    "signer",
    "teams",
    "packages",
    "hospitals",
    "phone",
    "fees",
    "consent",
    "notice",
    "signature",
    "receipt",
    "feedback",
    "thanks",
    "pin",
    "nurse-menu",
    "manual-entry",
    "summary",
    "reprint",
    "book-hospital",
    "book-department",
    "book-day",
    "book-time",
    "book-confirm",
    "my-bookings",
    "booking",
    "confirming",
    "refused",
    "back-fill-date",
    "back-fill-form",
    "back-fill-team",
    "back-fill-signer",
    "back-fill-confirm",
};
static_assert(std::size(kScreens) == static_cast<std::size_t>(kLastScreen) + 1);

}  // namespace

const char* screen_name(Screen screen) {
    return kScreens[static_cast<std::size_t>(screen)];
}

const char* intent_name(IntentKind kind) {
    for (const auto& [k, name] : kIntents) {
        if (k == kind) {
            return name;
        }
    }
    return "none";
}

std::optional<IntentKind> intent_from_name(std::string_view name) {
    for (const auto& [k, n] : kIntents) {
        if (name == n) {
            return k;
        }
    }
    return std::nullopt;
}

}  // namespace jiayi::flow
