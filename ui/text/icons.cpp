#include "ui/text/icons.hpp"

#include <string_view>

namespace jiayi::ui {

namespace {

// One intent, several meanings: what the button's words say it does.
struct LabelIcon {
    std::string_view label;
    Icon icon;
};
constexpr LabelIcon kByLabel[] = {
    {"action.agree", icon::kCheck},          {"action.confirm_signature", icon::kCheck},
    {"action.done", icon::kCheck},           {"action.sign_notice", icon::kPen},
    {"action.book_confirm", icon::kBooked},  {"action.save_back_fill", icon::kSave},
    {"action.type_number", icon::kKeyboard}, {"action.voice_on", icon::kVoiceOn},
};

}  // namespace

Icon icon_for(const flow::Action& action) {
    for (const LabelIcon& l : kByLabel) {
        if (l.label == action.label) {
            return l.icon;
        }
    }
    return icon_for(action.intent);
}

Icon icon_for(flow::IntentKind intent) {
    using flow::IntentKind;
    switch (intent) {
        case IntentKind::StartSigning:
        case IntentKind::Sign:
            return icon::kSign;
        case IntentKind::StartBooking:
        case IntentKind::Book:
            return icon::kCalendar;
        case IntentKind::MyDoctor:
            return icon::kDoctor;
        case IntentKind::CallNurse:
            return icon::kNurse;
        case IntentKind::ToggleLanguage:
            return icon::kLanguage;
        case IntentKind::ToggleLargeText:
            return icon::kLargerText;
        case IntentKind::Next:
            return icon::kForward;
        case IntentKind::Back:
            return icon::kBack;
        case IntentKind::Finish:
            return icon::kHome;
        case IntentKind::MoreTime:
            return icon::kMoreTime;
        case IntentKind::Dismiss:
            return icon::kCheck;
        case IntentKind::PageUp:
            return icon::kPrevious;
        case IntentKind::PageDown:
            return icon::kNext;
        case IntentKind::Renew:
            return icon::kRenew;
        case IntentKind::Switch:
        case IntentKind::SwitchEntry:
            return icon::kSwitch;
        case IntentKind::Decline:
            return icon::kDecline;
        case IntentKind::ProxySign:
            return icon::kProxy;
        case IntentKind::ChooseTeam:
            return icon::kTeam;
        case IntentKind::TogglePackage:
            return icon::kChecked;
        case IntentKind::ChooseHospital:
        case IntentKind::PickHospital:
            return icon::kHospital;
        case IntentKind::ChooseRelation:
            return icon::kFamily;
        case IntentKind::KeepPhone:
            return icon::kPhone;
        case IntentKind::ChangePhone:
            return icon::kEdit;
        case IntentKind::DeleteKey:
            return icon::kDeleteKey;
        case IntentKind::ClearSignature:
            return icon::kClear;
        case IntentKind::Rate:
            return icon::kDrawn;
        case IntentKind::KnowsDoctor:
            return icon::kYes;
        case IntentKind::Skip:
            return icon::kSkip;
        case IntentKind::NurseSignIn:
            return icon::kSignIn;
        case IntentKind::ManualEntry:
            return icon::kKeyboard;
        case IntentKind::Summary:
            return icon::kSummary;
        case IntentKind::Reprint:
            return icon::kPrint;
        case IntentKind::NurseSignOut:
            return icon::kSignOut;
        case IntentKind::MyBookings:
        case IntentKind::ShowBooking:
            return icon::kBooked;
        case IntentKind::PickDepartment:
            return icon::kDepartment;
        case IntentKind::PickDay:
            return icon::kDay;
        case IntentKind::PickTime:
            return icon::kTime;
        case IntentKind::CancelBooking:
            return icon::kCancelBooking;
        case IntentKind::Refused:
            return icon::kWarning;
        case IntentKind::SettleRefusal:
            return icon::kSettled;
        case IntentKind::BackFill:
            return icon::kPaperForm;
        case IntentKind::ChooseSigner:
            return icon::kPerson;
        case IntentKind::ListenAgain:
            return icon::kListen;
        case IntentKind::ToggleVoice:
            return icon::kVoiceOff;
        case IntentKind::None:
        case IntentKind::Key:
        case IntentKind::Stroke:
            return icon::kNone;
    }
    return icon::kNone;
}

const std::vector<Icon>& all_icons() {
    static const std::vector<Icon> icons = {
        icon::kListen,   icon::kVoiceOff,      icon::kVoiceOn,    icon::kIdCard,
        icon::kQrCode,   icon::kSign,          icon::kPen,        icon::kRenew,
        icon::kSwitch,   icon::kDecline,       icon::kProxy,      icon::kCalendar,
        icon::kBooked,   icon::kCancelBooking, icon::kDoctor,     icon::kHospital,
        icon::kNurse,    icon::kLanguage,      icon::kLargerText, icon::kSmallerText,
        icon::kForward,  icon::kBack,          icon::kHome,       icon::kCheck,
        icon::kMoreTime, icon::kPrevious,      icon::kNext,       icon::kTeam,
        icon::kChecked,  icon::kUnchecked,     icon::kFamily,     icon::kPhone,
        icon::kEdit,     icon::kDeleteKey,     icon::kClear,      icon::kYes,
        icon::kNo,       icon::kSkip,          icon::kSignIn,     icon::kSignOut,
        icon::kKeyboard, icon::kSummary,       icon::kPrint,      icon::kReceipt,
        icon::kWarning,  icon::kSettled,       icon::kPaperForm,  icon::kSave,
        icon::kPerson,   icon::kDay,           icon::kTime,       icon::kDepartment,
    };
    return icons;
}

std::string icon_text(Icon icon) {
    if (icon <= icon::kDrawn) {
        return {};
    }
    // Three bytes of UTF-8: every Material Icons codepoint is in U+0800–U+FFFF.
    std::string out;
    out += static_cast<char>(0xE0 | (icon >> 12));
    out += static_cast<char>(0x80 | ((icon >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (icon & 0x3F));
    return out;
}

}  // namespace jiayi::ui
