#include "kiosk/sync/reconcile.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "kiosk/domain/date.hpp"

namespace jiayi::sync {

namespace {

using nlohmann::json;

constexpr int kDaysBack = 7;

json named(std::string_view name, std::string_view kind, json value) {
    return {{"name", name}, {std::string(kind), std::move(value)}};
}

// The record id of a canonical line: its second field.
std::string id_of(const std::string& line) {
    const std::size_t first = line.find('|');
    if (first == std::string::npos) {
        return "";
    }
    const std::size_t second = line.find('|', first + 1);
    return line.substr(first + 1,
                       second == std::string::npos ? std::string::npos : second - first - 1);
}

}  // namespace

Result<store::Reconciliation, std::string> reconcile_day(store::Store& store, HubClient& client,
                                                         domain::Date day, int utc_offset_minutes,
                                                         Instant now) {
    const Instant from = domain::start_of(day, utc_offset_minutes);
    const Instant to = domain::start_of(domain::add_days(day, 1), utc_offset_minutes);
    auto lines = store.ledger_lines(from, to);
    auto digest = store.ledger_digest(from, to);
    if (!lines || !digest) {
        return fail((!lines ? lines.error() : digest.error()).message);
    }
    const json parameters = {{"resourceType", "Parameters"},
                             {"parameter",
                              {named("date", "valueDate", domain::to_iso(day)),
                               named("contracts", "valueInteger", digest->contracts),
                               named("optOuts", "valueInteger", digest->opt_outs),
                               named("digest", "valueString", digest->blake2b_hex)}}};
    const auto answer = client.post("$reconcile", parameters.dump());
    if (!answer) {
        return fail(std::string(code(answer.error().kind)) + ": " + answer.error().message);
    }
    const json body = json::parse(answer->body, nullptr, false);
    if (answer->status != 200 || !body.is_object() ||
        body.value("resourceType", "") != "Parameters") {
        return fail("the hub answered $reconcile with HTTP " + std::to_string(answer->status));
    }
    store::Reconciliation result;
    result.day = day;
    result.checked_at = to_iso8601(now);
    result.contracts = digest->contracts;
    result.opt_outs = digest->opt_outs;
    std::optional<bool> agrees;
    std::map<std::string, std::string> hub_lines;
    for (const auto& p : body.value("parameter", json::array())) {
        const std::string name = p.is_object() ? p.value("name", "") : "";
        if (name == "agrees" && p.contains("valueBoolean") && p["valueBoolean"].is_boolean()) {
            agrees = p["valueBoolean"].get<bool>();
        } else if (name == "record" && p.contains("valueString") && p["valueString"].is_string()) {
            const std::string line = p["valueString"].get<std::string>();
            hub_lines[id_of(line)] = line;
        }
    }
    if (!agrees) {
        return fail("the hub's $reconcile answer has no verdict");
    }
    result.agrees = *agrees;
    if (!result.agrees) {
        using Where = store::Reconciliation::Where;
        for (const auto& l : lines.value()) {
            const auto held = hub_lines.find(l.id);
            if (held == hub_lines.end()) {
                result.differences.push_back({l.id, Where::KioskOnly});
            } else {
                if (held->second != l.line) {
                    result.differences.push_back({l.id, Where::Different});
                }
                hub_lines.erase(held);
            }
        }
        for (const auto& [id, line] : hub_lines) {
            result.differences.push_back({id, Where::HubOnly});
        }
    }
    if (auto kept = store.record_reconciliation(result); !kept) {
        return fail(kept.error().message);
    }
    return result;
}

ReconcileReport reconcile_due(store::Store& store, HubClient& client, int utc_offset_minutes,
                              Instant now) {
    ReconcileReport report;
    const domain::Date today = domain::local_date(now, utc_offset_minutes);
    const domain::Date yesterday = domain::add_days(today, -1);
    auto status = store.status();
    auto last = store.last_reconciliation();
    if (!status || !last) {
        report.failure = (!status ? status.error() : last.error()).message;
        return report;
    }
    // A day still being sent would differ for no reason.
    if (status->oldest_pending_at &&
        parse_iso8601(*status->oldest_pending_at).value_or(now).unix_seconds <
            domain::start_of(today, utc_offset_minutes).unix_seconds) {
        return report;
    }
    domain::Date day = domain::add_days(today, -kDaysBack);
    if (last.value() && domain::add_days(last.value()->day, 1) > day) {
        day = domain::add_days(last.value()->day, 1);
    }
    for (; day <= yesterday; day = domain::add_days(day, 1)) {
        auto checked = reconcile_day(store, client, day, utc_offset_minutes, now);
        if (!checked) {
            report.failure = checked.error();
            return report;
        }
        ++report.days_checked;
        if (!checked->agrees) {
            ++report.days_differing;
        }
    }
    return report;
}

}  // namespace jiayi::sync
