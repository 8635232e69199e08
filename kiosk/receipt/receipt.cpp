#include "kiosk/receipt/receipt.hpp"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "common/qr_payload.hpp"

namespace jiayi::receipt {

using nlohmann::json;

namespace {

constexpr std::string_view kKindCodes[] = {"signing", "renewal", "switch", "notice", "voucher"};
constexpr std::string_view kStyleCodes[] = {"title", "heading", "body", "small", "rule"};

Line line(std::string key, std::vector<std::string> args = {}, Style style = Style::Body) {
    return {std::move(key), std::move(args), style};
}

Kind kind_of(domain::ContractType type) {
    switch (type) {
        case domain::ContractType::Renewal:
            return Kind::Renewal;
        case domain::ContractType::Switch:
            return Kind::Switch;
        case domain::ContractType::New:
            break;
    }
    return Kind::Signing;
}

std::string payer_key(domain::Payer payer) {
    return "payer." + std::string(domain::code(payer));
}

}  // namespace

std::string_view code(Kind kind) {
    return kKindCodes[static_cast<int>(kind)];
}

Receipt contract_receipt(std::string id, const domain::Contract& contract,
                         const domain::Catalogue& catalogue, const ContractFacts& facts) {
    Receipt r;
    r.id = std::move(id);
    r.kind = kind_of(contract.type);
    r.record_id = contract.id;
    r.qr = qr_payload::format_contract(contract.id);
    r.lines.push_back(line("receipt.title." + std::string(code(r.kind)), {}, Style::Title));
    r.lines.push_back(line("receipt.name", {facts.masked_name}));
    r.lines.push_back(line("receipt.id", {facts.masked_id}));
    r.lines.push_back(line("receipt.team", {facts.team_name}));
    r.lines.push_back(line("receipt.doctor", {facts.doctor, facts.doctor_phone}));
    r.lines.push_back(
        line("receipt.term", {domain::to_iso(contract.start), domain::to_iso(contract.end)}));
    r.lines.push_back(line("", {}, Style::Rule));
    r.lines.push_back(line("receipt.packages", {}, Style::Heading));
    for (const std::string& package_id : contract.package_ids) {
        const domain::Package* p = catalogue.package(package_id);
        domain::Money total;
        for (const auto& fee : contract.fees.lines) {
            if (fee.package_id == package_id) {
                total += fee.amount;
            }
        }
        r.lines.push_back(line("receipt.package", {p != nullptr ? p->name_zh : package_id,
                                                   p != nullptr ? p->name_en : package_id,
                                                   domain::to_yuan_string(total)}));
    }
    // What the services cost in all, then who pays it (rules.md: a receipt
    // always shows the total and each payer's share).
    r.lines.push_back(line("receipt.total", {domain::to_yuan_string(contract.fees.total())}));
    for (domain::Payer payer : {domain::Payer::InsuranceFund, domain::Payer::PublicHealth,
                                domain::Payer::PersonalAccount, domain::Payer::MedicalAssistance}) {
        const domain::Money share = contract.fees.paid_by(payer);
        if (share.fen != 0) {
            r.lines.push_back(
                line("receipt.payer", {payer_key(payer), domain::to_yuan_string(share)}));
        }
    }
    // The resident's own share, once, in the line they look for.
    r.lines.push_back(line("receipt.you_pay",
                           {domain::to_yuan_string(contract.fees.resident_pays())},
                           Style::Heading));
    if (!contract.hospitals.secondary.empty() || !contract.hospitals.tertiary.empty()) {
        r.lines.push_back(line("", {}, Style::Rule));
        for (const std::string& hid : {contract.hospitals.secondary, contract.hospitals.tertiary}) {
            if (const domain::Hospital* h = catalogue.hospital(hid)) {
                r.lines.push_back(line("receipt.hospital", {h->name_zh, h->name_en}));
            }
        }
    }
    r.lines.push_back(line("", {}, Style::Rule));
    r.lines.push_back(line("receipt.signer", {"signer." + facts.signer_role}));
    r.lines.push_back(line("receipt.record", {contract.id}, Style::Small));
    r.lines.push_back(line("receipt.printed", {facts.printed_at, facts.kiosk_id}, Style::Small));
    return r;
}

void add_center_word(Receipt& receipt, bool confirmed) {
    auto at = std::find_if(receipt.lines.begin(), receipt.lines.end(),
                           [](const Line& l) { return l.key == "receipt.record"; });
    receipt.lines.insert(
        at, line(confirmed ? "receipt.center_confirmed" : "receipt.center_kept", {}, Style::Body));
}

Receipt notice_receipt(std::string id, const domain::OptOut& opt_out, const NoticeFacts& facts) {
    Receipt r;
    r.id = std::move(id);
    r.kind = Kind::Notice;
    r.record_id = opt_out.id;
    r.qr = qr_payload::format_opt_out(opt_out.id);
    r.lines.push_back(line("receipt.title.notice", {}, Style::Title));
    r.lines.push_back(line("receipt.name", {facts.masked_name}));
    r.lines.push_back(line("receipt.id", {facts.masked_id}));
    r.lines.push_back(line("receipt.date", {domain::to_iso(opt_out.date)}));
    r.lines.push_back(line("", {}, Style::Rule));
    r.lines.push_back(line("notice.body"));
    r.lines.push_back(line("notice.later"));
    r.lines.push_back(line("", {}, Style::Rule));
    r.lines.push_back(line("receipt.signer", {"signer." + facts.signer_role}));
    r.lines.push_back(line("receipt.notice_version", {opt_out.notice_version}, Style::Small));
    r.lines.push_back(line("receipt.record", {opt_out.id}, Style::Small));
    r.lines.push_back(line("receipt.printed", {facts.printed_at, facts.kiosk_id}, Style::Small));
    return r;
}

Receipt voucher_receipt(std::string id, const VoucherFacts& facts) {
    Receipt r;
    r.id = std::move(id);
    r.kind = Kind::Voucher;
    r.record_id = facts.booking_id;
    r.qr = qr_payload::format_booking(facts.booking_id);
    // A name the center gave in Chinese only is printed as it is in English too.
    auto both = [](const std::string& zh, const std::string& en) {
        return std::vector<std::string>{zh, en.empty() ? zh : en};
    };
    r.lines.push_back(line("receipt.title.voucher", {}, Style::Title));
    r.lines.push_back(line("receipt.name", {facts.masked_name}));
    r.lines.push_back(line("receipt.id", {facts.masked_id}));
    r.lines.push_back(line("", {}, Style::Rule));
    // What the resident looks for at the hospital's door: when, where, which desk.
    r.lines.push_back(line("voucher.time", {facts.day, facts.time}, Style::Heading));
    r.lines.push_back(line("voucher.hospital", both(facts.hospital_zh, facts.hospital_en)));
    r.lines.push_back(line("voucher.department", both(facts.department_zh, facts.department_en)));
    r.lines.push_back(line("voucher.place", both(facts.place_zh, facts.place_en)));
    r.lines.push_back(line("voucher.referral", {facts.team_name}));
    r.lines.push_back(line("", {}, Style::Rule));
    r.lines.push_back(line("voucher.bring", {}, Style::Heading));
    r.lines.push_back(line("voucher.arrive"));
    r.lines.push_back(line("voucher.fees"));
    r.lines.push_back(line("voucher.cancel", {facts.cancel_until}));
    r.lines.push_back(line("", {}, Style::Rule));
    r.lines.push_back(line("receipt.record", {facts.booking_id}, Style::Small));
    r.lines.push_back(line("receipt.printed", {facts.printed_at, facts.kiosk_id}, Style::Small));
    return r;
}

std::vector<std::string> render_text(const Receipt& receipt, const text::Catalog& catalog,
                                     text::Language language) {
    std::vector<std::string> out;
    for (const Line& l : receipt.lines) {
        if (l.style == Style::Rule) {
            out.emplace_back();
            continue;
        }
        // An argument that is itself a catalog key (a payer, a signer role)
        // is translated; bilingual pairs pick the language's half.
        std::vector<std::string> args;
        for (const std::string& a : l.args) {
            args.push_back(catalog.has(a) ? catalog.text(language, a) : a);
        }
        out.push_back(text::format(catalog.text(language, l.key), args));
    }
    return out;
}

std::string to_json(const Receipt& receipt) {
    json lines = json::array();
    for (const Line& l : receipt.lines) {
        lines.push_back(
            {{"key", l.key}, {"args", l.args}, {"style", kStyleCodes[static_cast<int>(l.style)]}});
    }
    return json{{"id", receipt.id},
                {"kind", code(receipt.kind)},
                {"record_id", receipt.record_id},
                {"qr", receipt.qr},
                {"lines", lines}}
        .dump();
}

Result<Receipt, std::string> from_json(std::string_view text) {
    try {
        const json j = json::parse(text);
        Receipt r;
        r.id = j.at("id").get<std::string>();
        const auto kind = j.at("kind").get<std::string>();
        bool known = false;
        for (int i = 0; i < static_cast<int>(std::size(kKindCodes)); ++i) {
            if (kKindCodes[i] == kind) {
                r.kind = static_cast<Kind>(i);
                known = true;
            }
        }
        if (!known) {
            return fail("receipt: unknown kind \"" + kind + "\"");
        }
        r.record_id = j.at("record_id").get<std::string>();
        r.qr = j.at("qr").get<std::string>();
        for (const json& l : j.at("lines")) {
            Line out{l.at("key").get<std::string>(), l.at("args").get<std::vector<std::string>>(),
                     Style::Body};
            const auto style = l.at("style").get<std::string>();
            bool style_known = false;
            for (int i = 0; i < 5; ++i) {
                if (kStyleCodes[i] == style) {
                    out.style = static_cast<Style>(i);
                    style_known = true;
                }
            }
            if (!style_known) {
                return fail("receipt: unknown line style \"" + style + "\"");
            }
            r.lines.push_back(std::move(out));
        }
        return r;
    } catch (const json::exception& e) {
        return fail(std::string("receipt: ") + e.what());
    }
}

}  // namespace jiayi::receipt
