#pragma once
// Every picture-glyph the screens draw, in one place: Google's Material Icons
// (Debian's fonts-material-design-icons-iconfont), merged into the glyph atlas
// one glyph at a time (ui/text/fonts.cpp), so that only these cost memory.
// The codepoints are the font's own (the package's scss/_variables.scss).
// A button's icon stands before its words, for residents who read poorly;
// the words stay, the icon never replaces them.

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/flow/view_model.hpp"

namespace jiayi::ui {

// Where the icon font is when installed; a kiosk without it draws words only.
inline constexpr const char* kIconFontFile =
    "/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf";

// A Material Icons codepoint; 0: none.
using Icon = std::uint16_t;

namespace icon {
inline constexpr Icon kNone = 0;
// Not a glyph: the screen draws the item's picture itself (the feedback
// faces); the geometry test counts it as pictured.
inline constexpr Icon kDrawn = 1;

inline constexpr Icon kIdCard = 0xe870;         // credit_card
inline constexpr Icon kQrCode = 0xef6b;         // qr_code
inline constexpr Icon kSign = 0xe174;           // how_to_reg
inline constexpr Icon kPen = 0xe746;            // draw
inline constexpr Icon kRenew = 0xe863;          // autorenew
inline constexpr Icon kSwitch = 0xe8d4;         // swap_horiz
inline constexpr Icon kDecline = 0xe644;        // do_not_disturb_on
inline constexpr Icon kProxy = 0xe8d3;          // supervisor_account
inline constexpr Icon kCalendar = 0xe878;       // event
inline constexpr Icon kBooked = 0xe614;         // event_available
inline constexpr Icon kCancelBooking = 0xe615;  // event_busy
inline constexpr Icon kDoctor = 0xf109;         // medical_services
inline constexpr Icon kHospital = 0xe548;       // local_hospital
inline constexpr Icon kNurse = 0xf0e2;          // support_agent
inline constexpr Icon kLanguage = 0xe8e2;       // translate
inline constexpr Icon kLargerText = 0xeae2;     // text_increase
inline constexpr Icon kSmallerText = 0xeadd;    // text_decrease
inline constexpr Icon kForward = 0xe5c8;        // arrow_forward
inline constexpr Icon kBack = 0xe5c4;           // arrow_back
inline constexpr Icon kHome = 0xe88a;           // home
inline constexpr Icon kCheck = 0xe5ca;          // check
inline constexpr Icon kMoreTime = 0xea5d;       // more_time
inline constexpr Icon kPrevious = 0xe5cb;       // chevron_left
inline constexpr Icon kNext = 0xe5cc;           // chevron_right
inline constexpr Icon kTeam = 0xf233;           // groups
inline constexpr Icon kChecked = 0xe834;        // check_box
inline constexpr Icon kUnchecked = 0xe835;      // check_box_outline_blank
inline constexpr Icon kFamily = 0xf1a2;         // family_restroom
inline constexpr Icon kPhone = 0xe0cd;          // phone
inline constexpr Icon kEdit = 0xe3c9;           // edit
inline constexpr Icon kDeleteKey = 0xe14a;      // backspace
inline constexpr Icon kClear = 0xe92e;          // delete_outline
inline constexpr Icon kYes = 0xe8dc;            // thumb_up
inline constexpr Icon kNo = 0xe8db;             // thumb_down
inline constexpr Icon kSkip = 0xe044;           // skip_next
inline constexpr Icon kSignIn = 0xea77;         // login
inline constexpr Icon kSignOut = 0xe9ba;        // logout
inline constexpr Icon kKeyboard = 0xe312;       // keyboard
inline constexpr Icon kSummary = 0xe26b;        // bar_chart
inline constexpr Icon kPrint = 0xe8ad;          // print
inline constexpr Icon kReceipt = 0xef6e;        // receipt_long
inline constexpr Icon kWarning = 0xe002;        // warning
inline constexpr Icon kSettled = 0xe86c;        // check_circle
inline constexpr Icon kPaperForm = 0xe89c;      // note_add
inline constexpr Icon kSave = 0xe161;           // save
inline constexpr Icon kPerson = 0xe7fd;         // person
inline constexpr Icon kDay = 0xe8df;            // today
inline constexpr Icon kTime = 0xe8b5;           // schedule
inline constexpr Icon kDepartment = 0xea40;     // apartment
inline constexpr Icon kListen = 0xe023;         // hearing
inline constexpr Icon kVoiceOff = 0xe04f;       // volume_off
inline constexpr Icon kVoiceOn = 0xe050;        // volume_up
}  // namespace icon

// The icon of an action the view offers: by its words where one intent
// carries several ("Next" may agree, sign or book), else by its intent.
Icon icon_for(const flow::Action& action);
Icon icon_for(flow::IntentKind intent);

// Every icon above, for the atlas: only these glyphs are rasterised.
const std::vector<Icon>& all_icons();

// The icon as UTF-8, to draw with ImGui (empty for none or kDrawn).
std::string icon_text(Icon icon);

}  // namespace jiayi::ui
