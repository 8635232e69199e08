#include "apps/jiayi/view_text.hpp"

#include "kiosk/receipt/receipt.hpp"

namespace jiayi::cli {

namespace {

using flow::Screen;

class Writer {
  public:
    Writer(const flow::View& view, const text::Catalog& catalog) : view_(view), catalog_(catalog) {}

    const std::string& t(const std::string& key) const {
        return catalog_.text(view_.language, key);
    }
    std::string f(const std::string& key, const std::vector<std::string>& args) const {
        return text::format(t(key), args);
    }
    // A row's name in the view's language (packages and hospitals carry both).
    const std::string& name(const std::string& zh, const std::string& en) const {
        return view_.language == text::Language::En && !en.empty() ? en : zh;
    }
    void line(std::string text) { lines_.push_back("  " + std::move(text)); }
    void item(std::string text) { lines_.push_back("      " + std::move(text)); }
    std::vector<std::string> take() { return std::move(lines_); }

  private:
    const flow::View& view_;
    const text::Catalog& catalog_;
    std::vector<std::string> lines_;
};

void person(Writer& w, const flow::PersonView& p) {
    std::string groups;
    for (const auto& key : p.populations) {
        groups += (groups.empty() ? "" : w.t("list.separator")) + w.t(key);
    }
    w.item(w.t("status.name") + ": " + p.masked_name + "  " + w.t("status.id") + ": " +
           w.t(p.document_kind) + " " + p.masked_id + "  " + w.t("status.age") + ": " +
           w.f("status.age_value", {std::to_string(p.age)}) +
           (groups.empty() ? "" : "  " + w.t("status.groups") + ": " + groups));
    std::string standing = w.t(p.standing);
    // A contract in force has days left; one that ended shows when.
    if (p.days_left > 0) {
        standing += "  " + w.f("status.until", {p.end, std::to_string(p.days_left)});
    } else if (!p.end.empty()) {
        standing += "  " + w.f("status.ended", {p.end});
    }
    w.item(w.t("status.contract") + ": " + standing);
    if (!p.team_name.empty()) {
        w.item(w.t("status.team") + ": " + p.team_name + "  " + w.t("status.doctor") + ": " +
               p.doctor + "  " + p.doctor_phone);
    }
    if (p.needs_guardian) {
        w.item(w.t("status.minor"));
    }
    if (!p.center_refusal.empty()) {
        // As ui/screens/person.cpp says it: the record's sentence, its reason inside.
        w.item(w.f(p.center_refusal, {w.t(p.center_refusal_reason)}));
    }
}

void content(Writer& w, const flow::View& v) {
    switch (v.screen) {
        case Screen::Status:
            person(w, v.person);
            break;
        case Screen::Teams:
        case Screen::BackFillTeam:
            for (const auto& team : v.teams) {
                w.item(team.name + " (" + team.id + ")  " +
                       w.f("teams.doctor", {team.doctor, team.specialties}) + "  " +
                       w.f("teams.places", {std::to_string(team.places_left)}));
            }
            break;
        case Screen::Signer:
            w.item(w.t(v.person.needs_guardian ? "signer.guardian_prompt" : "signer.proxy_prompt"));
            w.item(v.keypad.entered.empty() ? w.t("signer.waiting")
                                            : w.f("signer.read", {v.keypad.entered}));
            [[fallthrough]];
        case Screen::Packages:
        case Screen::Hospitals:
            for (const auto& row : v.choices) {
                const std::string detail = v.screen == Screen::Packages
                                               ? w.f("packages.price", {row.detail})
                                               : w.t(row.detail);
                const std::string shown =
                    row.name_zh.empty() ? detail : w.name(row.name_zh, row.name_en) + "  " + detail;
                w.item((row.chosen ? w.t("choice.mark") : std::string(" ")) + " " + shown);
            }
            break;
        case Screen::Phone:
            if (!v.phone_on_file.empty()) {
                w.item(w.t("phone.on_file") + " " + v.phone_on_file);
            } else {
                w.item(w.t(v.keypad.prompt) + ": " +
                       (v.keypad.entered.empty() ? w.t("keypad.empty") : v.keypad.entered));
            }
            break;
        case Screen::Pin:
        case Screen::ManualEntry:
        case Screen::BackFillDate:
        case Screen::BackFillForm:
            w.item(w.t(v.keypad.prompt) + ": " +
                   (v.keypad.entered.empty() ? w.t("keypad.empty") : v.keypad.entered));
            break;
        case Screen::Fees:
            for (const auto& row : v.fees.rows) {
                w.item(w.name(row.name_zh, row.name_en) + "  " + w.t(row.payer) + "  " +
                       w.f("fees.money", {row.amount}));
            }
            w.item(w.f("fees.total", {v.fees.total}) + "  " +
                   w.f("fees.you_pay", {v.fees.resident_pays}));
            break;
        case Screen::Consent:
            w.item(w.t("consent.body"));
            break;
        case Screen::BackFillSigner:
            for (const auto& row : v.choices) {
                w.item((row.chosen ? w.t("choice.mark") : std::string(" ")) + " " +
                       w.t(row.detail));
            }
            break;
        case Screen::BackFillConfirm: {
            const auto& b = v.back_fill;
            w.item(w.t("back_fill.resident") + "  " + v.person.masked_name + "  " +
                   v.person.masked_id);
            w.item(w.t("back_fill.signed_on") + "  " + b.signed_on);
            w.item(w.t("back_fill.form_number") + "  " + b.form_number);
            w.item(w.t("back_fill.team") + "  " + b.team_name);
            w.item(w.t("back_fill.signer") + "  " + (b.signer.empty() ? "" : w.t(b.signer)));
            break;
        }
        case Screen::Notice:
            w.item(w.t("notice.body"));
            break;
        case Screen::Signature:
            w.item(w.f("signature.prompt", {w.t(v.signature.signer)}));
            break;
        case Screen::Receipt:
            switch (v.print.state) {
                case flow::PrintState::Printing:
                    w.item(w.t("printer.printing"));
                    break;
                case flow::PrintState::Printed:
                    w.item(w.t("printer.printed"));
                    break;
                case flow::PrintState::Sent:
                    w.item(w.t("printer.sent"));
                    break;
                case flow::PrintState::NoPrinter:
                    w.item(w.t("printer.no-printer"));
                    break;
                case flow::PrintState::Waiting:
                    w.item(w.f("printer.waiting", {w.t(v.print.problem)}));
                    break;
                case flow::PrintState::None:
                    break;
            }
            break;
        case Screen::Feedback:
            w.item(w.t(v.asking_knows ? "feedback.knows" : "feedback.rate"));
            break;
        case Screen::Thanks:
            w.item(w.t("thanks.body"));
            w.item(w.t(v.thanks));
            break;
        case Screen::Summary:
            w.item(w.t("summary.signings") + ": " + std::to_string(v.summary.signings));
            w.item(w.t("summary.renewals") + ": " + std::to_string(v.summary.renewals));
            w.item(w.t("summary.switches") + ": " + std::to_string(v.summary.switches));
            w.item(w.t("summary.declines") + ": " + std::to_string(v.summary.declines));
            w.item(w.t("summary.pending") + ": " + std::to_string(v.summary.pending));
            break;
        case Screen::Reprint:
            if (v.reprints.empty()) {
                w.item(w.t("reprint.none"));
            }
            for (const auto& row : v.reprints) {
                w.item(row.time + "  " + w.t(row.kind));
            }
            break;
        case Screen::Help:
            w.item(w.t("help.where"));
            break;
        case Screen::Confirming:
            w.item(w.t("confirming.body"));
            break;
        case Screen::Refused:
            if (v.refused.empty()) {
                w.item(w.t("refused.none"));
            }
            for (const auto& row : v.refused) {
                w.item(w.t(row.kind) + "  " + row.date + "  " + w.t(row.reason));
            }
            break;
        case Screen::BookHospital:
        case Screen::BookDepartment:
        case Screen::BookDay:
        case Screen::BookTime:
            for (const auto& o : v.booking.options) {
                w.item(w.name(o.name_zh, o.name_en) +
                       (o.weekday.empty() ? "" : " " + w.t(o.weekday)));
            }
            break;
        case Screen::BookConfirm:
        case Screen::Booking:
            w.item(w.name(v.booking.slot.hospital_zh, v.booking.slot.hospital_en) + "  " +
                   w.name(v.booking.slot.department_zh, v.booking.slot.department_en));
            w.item(v.booking.slot.day + " " + v.booking.slot.time);
            break;
        case Screen::MyBookings:
            if (v.booking.bookings.empty()) {
                w.item(w.t("booking.none"));
            }
            for (const auto& b : v.booking.bookings) {
                w.item(b.day + " " + b.time + "  " + w.name(b.hospital_zh, b.hospital_en));
            }
            break;
        case Screen::Home:
        case Screen::Identify:
        case Screen::NurseMenu:
            break;
    }
}

}  // namespace

std::vector<std::string> view_text(const flow::View& v, const text::Catalog& catalog) {
    Writer w(v, catalog);
    std::string heading = "[" + w.t(v.title) + "]";
    if (v.progress.step > 0) {
        heading += "  " + w.f("progress.step",
                              {std::to_string(v.progress.step), std::to_string(v.progress.of)});
    }
    if (v.nurse) {
        heading += "  " + w.t("nurse.badge");
    }
    w.line(heading);
    // A message or the countdown covers the screen: it is what the resident reads.
    if (v.countdown) {
        w.line("! " + w.f("countdown.body", {std::to_string(*v.countdown)}));
    } else if (v.message) {
        w.line("! " + w.f("message." + v.message->code, v.message->args));
    } else {
        content(w, v);
        if (v.screen == Screen::Receipt && v.receipt) {
            for (const auto& text : receipt::render_text(*v.receipt, catalog, v.language)) {
                if (!text.empty()) {
                    w.item("| " + text);
                }
            }
        }
    }
    std::string buttons;
    for (const auto& action : v.actions) {
        buttons += (buttons.empty() ? "" : " ") + std::string("[") + w.t(action.label) +
                   (action.primary ? "]*" : "]");
    }
    if (!buttons.empty() && !v.message && !v.countdown) {
        w.line("  " + buttons);
    }
    return w.take();
}

}  // namespace jiayi::cli
