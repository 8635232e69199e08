#pragma once
// One draw function per screen (DESIGN.md, "The resident's journey"). Each
// reads the view in the context and sets the context's intent on a touch.

#include "ui/screens/kit.hpp"

namespace jiayi::ui {

void draw_home(Ctx& c);
void draw_identify(Ctx& c);
void draw_help(Ctx& c);
void draw_status(Ctx& c);
void draw_signer(Ctx& c);
void draw_thanks(Ctx& c);
void draw_teams(Ctx& c);
void draw_choices(Ctx& c);        // packages and hospitals
void draw_keypad_screen(Ctx& c);  // phone, PIN, manual entry
void draw_fees(Ctx& c);
void draw_text_screen(Ctx& c);  // consent and the informed notice
void draw_signature(Ctx& c);
void draw_receipt(Ctx& c);
void draw_feedback(Ctx& c);
void draw_nurse_menu(Ctx& c);
void draw_summary(Ctx& c);
void draw_reprint(Ctx& c);
void draw_pool(Ctx& c);  // hospitals, departments, days, times
void draw_book_confirm(Ctx& c);
void draw_my_bookings(Ctx& c);
void draw_booking(Ctx& c);
void draw_confirming(Ctx& c);  // waiting for the center's word on a signing
void draw_refused(Ctx& c);     // nurse: records the center refused
void draw_back_fill_signer(Ctx& c);   // nurse: who signed a paper contract
void draw_back_fill_confirm(Ctx& c);  // nurse: the back-fill, to record

// Over the screen: a message with its one next step, or the idle countdown.
void draw_message(Ctx& c);
void draw_countdown(Ctx& c);
// Over the screen while the center is asked: a sentence and Back.
void draw_waiting(Ctx& c);

}  // namespace jiayi::ui
