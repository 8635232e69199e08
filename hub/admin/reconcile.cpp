#include "hub/admin/reconcile.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <sstream>

#include "kiosk/domain/money.hpp"

namespace jiayi::hub::admin {

namespace {

std::string blake2b_hex(std::string_view text) {
    // crypto_generichash needs no sodium_init(): it uses no random numbers.
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

std::optional<std::int64_t> count(std::string_view text) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < 0) {
        return std::nullopt;
    }
    return n;
}

}  // namespace

Result<LedgerDigest, std::string> parse_ledger_digest(std::string_view line) {
    std::istringstream in{std::string(line)};
    std::string date, w1, n1, w2, n2, w3, hash, extra;
    in >> date >> w1 >> n1 >> w2 >> n2 >> w3 >> hash;
    const bool shape = static_cast<bool>(in) && !(in >> extra) && w1 == "contracts" &&
                       w2 == "opt-outs" && w3 == "blake2b";
    const auto day = domain::parse_iso_date(date);
    const auto contracts = count(n1);
    const auto opt_outs = count(n2);
    const bool hex =
        hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!shape || !day || !contracts || !opt_outs || !hex) {
        return fail(
            std::string("not a ledger digest (expected what `jiayi ledger digest --date D` prints: "
                        "\"YYYY-MM-DD  contracts N  opt-outs N  blake2b <64 hex>\")"));
    }
    return LedgerDigest{*day, *contracts, *opt_outs, hash};
}

std::string canonical_line(const LedgerRecord& r) {
    if (r.kind == LedgerRecord::Kind::OptOut) {
        return "opt-out|" + r.id + "|" + domain::to_iso(r.date) + "|" + r.notice_version;
    }
    return "contract|" + r.id + "|" + r.type + "|" + r.status + "|" + r.team_id + "|" +
           domain::to_iso(r.start) + "|" + domain::to_iso(r.end) + "|" +
           std::to_string(r.total_fen);
}

LedgerDigest digest_of(domain::Date date, std::vector<LedgerRecord> records) {
    // The kiosk orders by id alone (byte order, as SQLite's ORDER BY compares text).
    std::sort(records.begin(), records.end(),
              [](const LedgerRecord& a, const LedgerRecord& b) { return a.id < b.id; });
    LedgerDigest digest;
    digest.date = date;
    std::string canonical;
    for (const auto& r : records) {
        canonical += canonical_line(r) + "\n";
        (r.kind == LedgerRecord::Kind::Contract ? digest.contracts : digest.opt_outs) += 1;
    }
    digest.blake2b_hex = blake2b_hex(canonical);
    return digest;
}

Checked<KioskLedgerRow> read_ledger_export(const CsvFile& file) {
    enum Col : std::size_t { kType, kId, kAction, kStatus, kTeam, kTotal };
    static const std::vector<ColumnSpec> kRead = {
        {"record_type", {}}, {"record_id", {}}, {"action", {}},
        {"status", {}},      {"team", {}},      {"total", {}},
    };
    // The export has more columns (names, documents, …) than reconcile reads:
    // keep only the header fields named above, so that map_header sees them alone.
    CsvFile narrowed;
    narrowed.header_line = file.header_line;
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < file.header.size(); ++i) {
        for (const auto& spec : kRead) {
            if (file.header[i] == spec.name) {
                keep.push_back(i);
                narrowed.header.push_back(file.header[i]);
            }
        }
    }
    for (const auto& record : file.records) {
        CsvRecord r{record.line, {}};
        if (record.fields.size() != file.header.size()) {
            r.fields.assign(keep.size() + 1, "");  // ragged: reported below
        } else {
            for (std::size_t i : keep) {
                r.fields.push_back(record.fields[i]);
            }
        }
        narrowed.records.push_back(std::move(r));
    }
    auto map = map_header(narrowed, kRead);
    if (!map) {
        return fail(map.error());
    }
    std::vector<ImportError> errors;
    std::vector<KioskLedgerRow> rows;
    for (const auto& record : narrowed.records) {
        RowReader r(record, map.value(), kRead, errors);
        if (!r.shape_ok()) {
            continue;
        }
        KioskLedgerRow row;
        row.line = r.line();
        row.record_type = r.required(kType).value_or("");
        row.record_id = r.required(kId).value_or("");
        row.action = r.text(kAction);
        row.status = r.text(kStatus);
        row.team_id = r.text(kTeam);
        row.total = r.text(kTotal);
        if (row.record_type != "contract" && row.record_type != "opt-out" &&
            !row.record_type.empty()) {
            r.error(kType, "'" + row.record_type + "' is neither contract nor opt-out");
        }
        if (r.errors_seen() == 0) {
            rows.push_back(std::move(row));
        }
    }
    if (!errors.empty()) {
        return fail(std::move(errors));
    }
    return rows;
}

Reconciliation reconcile(const LedgerDigest& kiosk, const std::vector<LedgerRecord>& hub,
                         const std::vector<KioskLedgerRow>* kiosk_rows) {
    Reconciliation out;
    out.kiosk = kiosk;
    out.hub = digest_of(kiosk.date, hub);
    out.counts_agree = kiosk.contracts == out.hub.contracts && kiosk.opt_outs == out.hub.opt_outs;
    out.hash_agree = kiosk.blake2b_hex == out.hub.blake2b_hex;
    if (!kiosk_rows) {
        return out;
    }
    out.records_compared = true;
    std::map<std::string, const LedgerRecord*> on_hub;
    for (const auto& r : hub) {
        on_hub[r.id] = &r;
    }
    std::map<std::string, const KioskLedgerRow*> on_kiosk;
    for (const auto& row : *kiosk_rows) {
        on_kiosk[row.record_id] = &row;
    }
    for (const auto& [id, row] : on_kiosk) {
        auto it = on_hub.find(id);
        if (it == on_hub.end()) {
            out.only_on_kiosk.push_back(id);
            continue;
        }
        const LedgerRecord& h = *it->second;
        std::vector<std::string> what;
        auto compare = [&](std::string_view field, const std::string& k, const std::string& v) {
            if (k != v) {
                what.push_back(std::string(field) + ": kiosk " + (k.empty() ? "—" : k) + ", hub " +
                               (v.empty() ? "—" : v));
            }
        };
        const bool hub_contract = h.kind == LedgerRecord::Kind::Contract;
        compare("record", row->record_type, hub_contract ? "contract" : "opt-out");
        if (hub_contract && row->record_type == "contract") {
            compare("type", row->action, h.type);
            compare("status", row->status, h.status);
            compare("team", row->team_id, h.team_id);
            compare("total", row->total, domain::to_yuan_string(domain::Money{h.total_fen}));
        }
        if (!what.empty()) {
            std::string text;
            for (const auto& w : what) {
                text += (text.empty() ? "" : "; ") + w;
            }
            out.differing.push_back({id, text});
        }
    }
    for (const auto& [id, record] : on_hub) {
        if (!on_kiosk.contains(id)) {
            out.only_on_hub.push_back(id);
        }
    }
    return out;
}

Table reconcile_table(const Reconciliation& r, const std::string& kiosk_id) {
    Table t;
    t.title = "Reconciliation of kiosk " + kiosk_id + " on " + domain::to_iso(r.kiosk.date) + ": " +
              (r.agrees() ? "the ledger agrees" : "the ledger differs");
    t.columns = {{"side", "side"}, {"record", "record"}, {"difference", "difference"}};
    t.rows.push_back({Cell::of("counts"), Cell::of(""),
                      Cell{"kiosk " + std::to_string(r.kiosk.contracts) + " contracts, " +
                               std::to_string(r.kiosk.opt_outs) + " opt-outs; hub " +
                               std::to_string(r.hub.contracts) + " contracts, " +
                               std::to_string(r.hub.opt_outs) + " opt-outs",
                           std::nullopt, !r.counts_agree}});
    t.rows.push_back({Cell::of("hash"), Cell::of(""),
                      Cell{r.hash_agree ? "equal"
                                        : "different (kiosk " + r.kiosk.blake2b_hex.substr(0, 16) +
                                              "…, hub " + r.hub.blake2b_hex.substr(0, 16) + "…)",
                           std::nullopt, !r.hash_agree}});
    for (const auto& id : r.only_on_kiosk) {
        t.rows.push_back({Cell::of("kiosk only"), Cell::of(id), Cell::of("not on the hub")});
    }
    for (const auto& id : r.only_on_hub) {
        t.rows.push_back(
            {Cell::of("hub only"), Cell::of(id), Cell::of("not in the kiosk's ledger")});
    }
    for (const auto& d : r.differing) {
        t.rows.push_back({Cell::of("both"), Cell::of(d.id), Cell::of(d.what)});
    }
    if (!r.hash_agree && !r.records_compared) {
        t.notes.push_back("the hashes differ: give the kiosk's `jiayi ledger export --date " +
                          domain::to_iso(r.kiosk.date) + "` to list the records");
    }
    return t;
}

}  // namespace jiayi::hub::admin
