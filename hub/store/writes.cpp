#include "hub/store/writes.hpp"

#include <set>

#include "hub/fhir/validate.hpp"
#include "hub/store/fleet.hpp"
#include "kiosk/domain/booking.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::hub::store {

// The wire's URIs, one terminology with the kiosk (kiosk/fhir/terminology.hpp).
namespace terms = ::jiayi::fhir;

namespace {

using nlohmann::json;
namespace code = fhir::refusal;

constexpr int kUnprocessable = 422;

// Written by the administrator's imports, never by a kiosk.
bool is_kept(std::string_view type) {
    return type == "Organization" || type == "Schedule" || type == "Slot" || type == "Flag" ||
           type == "PractitionerRole";
}

std::string stale_code(std::string_view type) {
    return std::string(type == "Slot" ? code::slot_taken : code::stale);
}

std::string iso_day(const std::string& text) {
    return text.substr(0, std::min<std::size_t>(text.size(), 10));
}

// The head of a history row waiting for the commit (Sql::insert_later):
// type and id come first, as flush_if_waiting() reads them.
constexpr std::string_view kHistoryHead =
    "INSERT INTO history (type, id, version, body, hash, kiosk, updated, status)";

// ---- Patient ---------------------------------------------------------------

void apply_patient(Sql& sql, const WriteContext& context, const std::string& id, bool existed,
                   const json& patient, bool conditional) {
    const auto [system, value] = patient_identifier(patient);
    if (system == terms::kResidentIdSystem &&
        !domain::parse_document_as(domain::DocumentKind::ResidentId, value, context.today)) {
        refuse(kUnprocessable, code::invalid_identifier, "the resident ID number does not check",
               "Patient.identifier");
    }
    auto stored =
        existed ? sql.try_run(
                      "UPDATE patients SET system = $2, value = $3, township = $4 WHERE id = $1",
                      {id, system, value, context.caller.township})
                : sql.try_run(
                      "INSERT INTO patients (id, system, value, township) VALUES ($1, $2, $3, $4)",
                      {id, system, value, context.caller.township});
    if (stored) {
        return;
    }
    if (stored.error().kind == db::ErrorKind::unique_violation && conditional && !existed) {
        // Another transaction matched nobody and created this resident first
        // (PostgreSQL, READ COMMITTED): run again, and match that Patient.
        throw DatabaseFailure{db::Error{db::ErrorKind::busy, stored.error().constraint,
                                        "a Patient with this identifier was created meanwhile"}};
    }
    if (stored.error().kind == db::ErrorKind::unique_violation) {
        refuse(409, code::conflict,
               "another Patient has this identifier: send PUT Patient?identifier=system|value",
               "Patient.identifier");
    }
    throw DatabaseFailure{stored.error()};
}

void require_patient(Sql& sql, const std::string& patient, std::string_view element) {
    if (!sql.row("SELECT 1 FROM patients WHERE id = $1", {patient})) {
        refuse(kUnprocessable, code::invalid, "the Patient it names is not on the hub",
               std::string(element));
    }
}

// ---- EpisodeOfCare: one active contract per resident, team capacity --------

struct EpisodeRow {
    std::string patient, team, status, kind, start, end;
};

EpisodeRow episode_row(const json& episode) {
    EpisodeRow row;
    row.patient = fhir::reference_id(episode["patient"], "Patient").value_or("");
    row.team = fhir::reference_id(episode["managingOrganization"], "Organization").value_or("");
    if (row.patient.empty()) {
        refuse(kUnprocessable, code::invalid, "patient must be a Patient/[id] reference",
               "EpisodeOfCare.patient");
    }
    if (row.team.empty()) {
        refuse(kUnprocessable, code::invalid,
               "managingOrganization must be an Organization/[id] reference",
               "EpisodeOfCare.managingOrganization");
    }
    row.status = episode.value("status", "");
    row.kind = "new";
    for (const auto& type : episode.value("type", json::array())) {
        for (const auto& coding : type.value("coding", json::array())) {
            const std::string c = coding.value("code", "");
            if (c == "new" || c == "renewal" || c == "switch") {
                row.kind = c;
            }
        }
    }
    row.start = episode.value("/period/start"_json_pointer, std::string());
    row.end = episode.value("/period/end"_json_pointer, std::string());
    return row;
}

// signed + 1 where a place is left: the rule is the statement's WHERE, so two
// kiosks cannot both take the last place. $1 the team, $2 1 when a closed
// team may still take it (a renewal with its own team).
constexpr std::string_view kTakePlace =
    "UPDATE teams SET signed = signed + 1 WHERE id = $1 AND signed < capacity "
    "AND (closed = 0 OR $2 = 1)";

void take_place(Sql& sql, const std::string& team, bool closed_ok) {
    const auto taken = sql.run(kTakePlace, {team, std::int64_t{closed_ok ? 1 : 0}});
    if (taken == 1) {
        return;
    }
    const auto found = sql.row("SELECT closed FROM teams WHERE id = $1", {team});
    if (!found) {
        refuse(kUnprocessable, code::invalid, "the team is not on the hub",
               "EpisodeOfCare.managingOrganization");
    }
    if (found->integer(0) != 0 && !closed_ok) {
        refuse(kUnprocessable, code::team_closed, "the team takes no new signings",
               "EpisodeOfCare.managingOrganization");
    }
    refuse(kUnprocessable, code::team_full, "the team has no place left",
           "EpisodeOfCare.managingOrganization");
}

void give_place_back(Sql& sql, const std::string& team) {
    sql.run("UPDATE teams SET signed = signed - 1 WHERE id = $1 AND signed > 0", {team});
}

// Ends the resident's current contract when a renewal or switch starts the
// next one (rules.md: a renewal supersedes, a switch ends early).
void finish_episode(Sql& sql, const WriteContext& context, const std::string& id,
                    const std::string& team, const std::string& next_start,
                    std::optional<domain::EndReason> reason) {
    std::string end;
    if (const auto start = domain::parse_iso_date(iso_day(next_start))) {
        end = domain::to_iso(domain::add_days(*start, -1));
    }
    // A contract that would end before it starts (a renewal not yet begun,
    // replaced by a switch) never ran: cancelled, its period as signed. A
    // finished one ending before its start breaks FHIR's per-1 (start <= end).
    const auto row = sql.row("SELECT period_start FROM episodes WHERE id = $1", {id});
    const bool never_ran = row && !end.empty() && iso_day(row->text(0)) > end;
    const std::string status = never_ran ? "cancelled" : "finished";
    sql.run("UPDATE episodes SET status = $2 WHERE id = $1", {id, status});
    give_place_back(sql, team);
    rewrite(sql, context, "EpisodeOfCare", id, [&](json& episode) {
        episode["status"] = status;
        // The kiosk's mapping reads its own status extension before the FHIR
        // status (kiosk/fhir/episode.cpp): it must say the same.
        json extensions = json::array();
        for (const auto& extension : episode.value("extension", json::array())) {
            const std::string url = extension.value("url", "");
            if (url != terms::kExtContractStatus && url != terms::kExtEndReason) {
                extensions.push_back(extension);
            }
        }
        extensions.push_back({{"url", std::string(terms::kExtContractStatus)},
                              {"valueCode", std::string(domain::code(
                                                never_ran ? domain::ContractStatus::Cancelled
                                                          : domain::ContractStatus::Superseded))}});
        if (reason) {
            extensions.push_back(
                {{"url", std::string(terms::kExtEndReason)},
                 {"extension",
                  json::array(
                      {{{"url", "reason"}, {"valueCode", std::string(domain::code(*reason))}}})}});
        }
        episode["extension"] = std::move(extensions);
        const std::string old_end = episode.value("/period/end"_json_pointer, std::string());
        if (!never_ran && !end.empty() && (old_end.empty() || iso_day(old_end) > end)) {
            episode["period"]["end"] = end;
            sql.run("UPDATE episodes SET period_end = $2 WHERE id = $1", {id, end});
        }
    });
}

// The resident's active contract other than `id` (nullopt: none), and
// whether the resident is on the hub at all — one statement for both.
// `row` is (the resident's id, or NULL when not on the hub; the active
// contract's id, team and end, NULL when none) — read by active_episode()
// or by a new signing's UPDATE … RETURNING; no row at all is no resident.
std::optional<db::Row> active_of(const std::optional<db::Row>& row, std::string_view element) {
    if (!row || row->is_null(0)) {
        refuse(kUnprocessable, code::invalid, "the Patient it names is not on the hub",
               std::string(element));
    }
    if (row->is_null(1)) {
        return std::nullopt;
    }
    return db::Row{{row->values[1], row->values[2], row->values[3]}};
}

std::optional<db::Row> active_episode(Sql& sql, const std::string& patient, const std::string& id,
                                      std::string_view element) {
    return active_of(sql.row("SELECT p.id, e.id, e.team, e.period_end FROM patients p LEFT JOIN "
                             "episodes e ON e.patient = p.id AND e.status = 'active' AND e.id <> "
                             "$2 WHERE p.id = $1",
                             {patient, id}),
                     element);
}

// `existed`: the resource was stored before this write; a new one has no
// rule row yet (they are written together), so none is looked up.
void apply_episode(Sql& sql, const WriteContext& context, const std::string& id,
                   const json& episode, bool existed) {
    const EpisodeRow now = episode_row(episode);
    std::optional<EpisodeRow> old;
    if (existed) {
        if (auto row = sql.row("SELECT patient, team, status, kind, period_start, period_end FROM "
                               "episodes WHERE id = $1",
                               {id})) {
            old = EpisodeRow{row->text(0), row->text(1), row->text(2),
                             row->text(3), row->text(4), row->text(5)};
        }
    }
    const bool was_active = old && old->status == "active";
    const bool is_active = now.status == "active";
    if (!is_active || was_active) {
        require_patient(sql, now.patient, "EpisodeOfCare.patient");
    }
    if (is_active && !was_active) {
        bool same_team_renewal = false;
        // A new signing (a Bundle's usual contract) takes its place first and
        // reads the resident's rows in the same statement: one round trip
        // where two were. Every refusal rolls the whole transaction back, so
        // the order only decides which refusal is answered: a full or closed
        // team goes the way below, which checks the resident first as before.
        bool placed = false;
        std::optional<db::Row> current;
        if (now.kind == "new") {
            static const std::string kTakePlaceReading =
                std::string(kTakePlace) +
                " RETURNING (SELECT id FROM patients WHERE id = $3), (SELECT id FROM episodes "
                "WHERE patient = $3 AND status = 'active' AND id <> $4), (SELECT team FROM "
                "episodes WHERE patient = $3 AND status = 'active' AND id <> $4), (SELECT "
                "period_end FROM episodes WHERE patient = $3 AND status = 'active' AND id <> $4)";
            if (const auto taken =
                    sql.row(kTakePlaceReading, {now.team, std::int64_t{0}, now.patient, id})) {
                placed = true;
                current = active_of(taken, "EpisodeOfCare.patient");
            }
        }
        if (!placed) {
            current = active_episode(sql, now.patient, id, "EpisodeOfCare.patient");
        }
        if (now.kind == "renewal" || now.kind == "switch") {
            auto previous =
                current ? current
                        : sql.row(
                              "SELECT id, team, period_end FROM episodes WHERE patient = $1 "
                              "AND status = 'finished' AND id <> $2 ORDER BY period_end DESC",
                              {now.patient, id});
            if (!previous) {
                refuse(kUnprocessable, code::not_signed,
                       "a renewal or switch needs an earlier contract", "EpisodeOfCare.type");
            }
            if (now.kind == "renewal") {
                const auto end = domain::parse_iso_date(iso_day(previous->text(2)));
                const auto start = domain::parse_iso_date(iso_day(now.start));
                if (end && start &&
                    !domain::renewal_window(*end, context.rules.contract).contains(*start)) {
                    refuse(kUnprocessable, code::outside_renewal_window,
                           "the renewal starts outside the previous contract's renewal window",
                           "EpisodeOfCare.period.start");
                }
                // A renewal keeps its team even when the team is closed to new signings.
                same_team_renewal = previous->text(1) == now.team;
            }
            if (current) {
                finish_episode(sql, context, current->text(0), current->text(1), now.start,
                               now.kind == "renewal" ? domain::EndReason::Renewed
                                                     : domain::EndReason::Switched);
            }
        } else if (const auto& lapsed = current; lapsed && !lapsed->text(2).empty() &&
                                                 iso_day(lapsed->text(2)) < iso_day(now.start)) {
            // A new signing after the previous term ran out: nobody ended that
            // contract on the hub, and the kiosk's bundle does not send its
            // copy (kiosk/fhir/bundle.hpp), so the hub ends it here as the
            // kiosk's sign_new supersedes it. A term still running stays
            // active and the new one is already-signed.
            finish_episode(sql, context, lapsed->text(0), lapsed->text(1), now.start, std::nullopt);
        }
        if (!placed) {
            take_place(sql, now.team, same_team_renewal);
        }
    } else if (was_active && !is_active) {
        give_place_back(sql, old->team);
    } else if (was_active && is_active && old->team != now.team) {
        give_place_back(sql, old->team);
        take_place(sql, now.team, false);
    }
    auto stored = sql.try_run(
        "INSERT INTO episodes (id, patient, team, status, kind, period_start, period_end) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET patient = "
        "excluded.patient, "
        "team = excluded.team, status = excluded.status, kind = excluded.kind, "
        "period_start = excluded.period_start, period_end = excluded.period_end",
        {id, now.patient, now.team, now.status, now.kind, now.start, now.end});
    if (!stored) {
        if (stored.error().kind == db::ErrorKind::unique_violation) {
            refuse(kUnprocessable, code::already_signed,
                   "the resident already has an active contract", "EpisodeOfCare.patient");
        }
        throw DatabaseFailure{stored.error()};
    }
}

// ---- Appointment and Slot: a slot booked once ------------------------------

struct AppointmentRow {
    std::string patient, slot, status;
};

AppointmentRow appointment_row(const json& appointment) {
    AppointmentRow row;
    for (const auto& participant : appointment.value("participant", json::array())) {
        if (auto patient = fhir::reference_id(participant.value("actor", json()), "Patient")) {
            row.patient = *patient;
        }
    }
    if (row.patient.empty()) {
        refuse(kUnprocessable, code::invalid, "a participant must be the Patient",
               "Appointment.participant");
    }
    const auto slots = appointment.value("slot", json::array());
    if (!slots.empty()) {
        row.slot = fhir::reference_id(slots[0], "Slot").value_or("");
    }
    if (row.slot.empty()) {
        refuse(kUnprocessable, code::invalid, "slot must be a Slot/[id] reference",
               "Appointment.slot");
    }
    row.status = appointment.value("status", "");
    return row;
}

// One more open booking for the resident ($1) while under the limit ($2):
// the rule is the statement's WHERE.
constexpr std::string_view kCountBooking =
    "UPDATE patients SET open_bookings = open_bookings + 1 WHERE id = $1 AND open_bookings < $2";

// The appointment's row; a slot booked already refuses it (the partial
// unique index appointments_one_per_slot).
void insert_appointment(Sql& sql, const std::string& id, const AppointmentRow& now) {
    auto stored = sql.try_run(
        "INSERT INTO appointments (id, slot, patient, status) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (id) DO UPDATE SET slot = excluded.slot, patient = excluded.patient, status = "
        "excluded.status",
        {id, now.slot, now.patient, now.status});
    if (!stored) {
        if (stored.error().kind == db::ErrorKind::unique_violation) {
            refuse(412, code::slot_taken, "the slot is booked already", "Appointment.slot");
        }
        throw DatabaseFailure{stored.error()};
    }
}

void set_slot_status(Sql& sql, const WriteContext& context, const std::string& slot,
                     const std::string& status) {
    sql.run("UPDATE slots SET status = $2 WHERE id = $1", {slot, status});
    rewrite(sql, context, "Slot", slot, [&](json& body) { body["status"] = status; });
}

// A booking's refusals for its slot and resident, in this order: a slot the
// hub does not hold, a resident without an active contract.
void check_booking(bool slot_on_hub, bool has_contract) {
    if (!slot_on_hub) {
        refuse(kUnprocessable, code::invalid, "the slot is not on the hub", "Appointment.slot");
    }
    if (!has_contract) {
        refuse(kUnprocessable, code::not_signed, "booking needs an active contract",
               "Appointment.participant");
    }
}

// The pair is atomic whichever the kiosk sent first: a booking without its
// Slot update still marks the slot busy.
void hold_slot(Sql& sql, const WriteContext& context, const std::string& slot,
               const std::string& status) {
    if (status == "free") {
        set_slot_status(sql, context, slot, "busy");
    }
}

void apply_appointment(Sql& sql, const WriteContext& context, const std::string& id,
                       const json& appointment, bool existed) {
    const AppointmentRow now = appointment_row(appointment);
    if (!existed && now.status == "booked") {
        // A new booking (what a kiosk sends): the resident's count of open
        // bookings goes up first, and the slot's status and the resident's
        // active contract come back with it — one statement where three
        // were. Every refusal rolls the whole transaction back; when the
        // count cannot go up (no such resident, or at the limit) the way
        // below answers which, as before.
        static const std::string kCountBookingReading =
            std::string(kCountBooking) +
            " RETURNING (SELECT status FROM slots WHERE id = $3), (SELECT id FROM episodes WHERE "
            "patient = $1 AND status = 'active')";
        if (const auto counted = sql.row(
                kCountBookingReading,
                {now.patient, std::int64_t{context.rules.booking.max_open_bookings}, now.slot})) {
            check_booking(!counted->is_null(0), !counted->is_null(1));
            hold_slot(sql, context, now.slot, counted->text(0));
            insert_appointment(sql, id, now);
            return;
        }
    }
    // Whether the resident is on the hub and holds an active contract: one
    // statement (a booking needs both; the second is refused after the slot).
    const auto resident = sql.row(
        "SELECT p.id, e.id FROM patients p LEFT JOIN episodes e ON e.patient = p.id AND "
        "e.status = 'active' WHERE p.id = $1",
        {now.patient});
    if (!resident) {
        refuse(kUnprocessable, code::invalid, "the Patient it names is not on the hub",
               "Appointment.participant");
    }
    std::optional<AppointmentRow> old;
    if (existed) {
        if (auto row =
                sql.row("SELECT patient, slot, status FROM appointments WHERE id = $1", {id})) {
            old = AppointmentRow{row->text(0), row->text(1), row->text(2)};
        }
    }
    const bool was_booked = old && old->status == "booked";
    const bool is_booked = now.status == "booked";
    if (was_booked && (!is_booked || old->slot != now.slot)) {
        const auto slot = sql.row("SELECT slot_start FROM slots WHERE id = $1", {old->slot});
        const auto start = slot ? parse_iso8601(slot->text(0)) : std::nullopt;
        if (start && !domain::check_cancellation(*start, context.now, context.rules.booking)) {
            refuse(kUnprocessable, code::cancel_too_late, "past the cancellation deadline",
                   "Appointment.status");
        }
        sql.run(
            "UPDATE patients SET open_bookings = open_bookings - 1 WHERE id = $1 AND open_bookings "
            "> 0",
            {old->patient});
        set_slot_status(sql, context, old->slot, "free");
    }
    if (is_booked && (!was_booked || old->slot != now.slot)) {
        const auto slot = sql.row("SELECT status FROM slots WHERE id = $1", {now.slot});
        check_booking(slot.has_value(), !resident->is_null(1));
        const auto counted = sql.run(
            kCountBooking, {now.patient, std::int64_t{context.rules.booking.max_open_bookings}});
        if (counted == 0) {
            refuse(kUnprocessable, code::booking_limit,
                   "the resident holds as many bookings as allowed", "Appointment.participant");
        }
        hold_slot(sql, context, now.slot, slot->text(0));
    }
    insert_appointment(sql, id, now);
}

// A kiosk changes a slot only by booking it (free → busy); freeing it is
// cancelling its Appointment, so the booking and the slot never disagree.
void apply_slot_update(Sql& sql, const std::string& id, const json& old, const json& now) {
    json expected = old;
    expected["status"] = now.value("status", "");
    if (canonical(expected) != canonical(now)) {
        refuse(403, code::forbidden, "a kiosk may change only a slot's status", "Slot");
    }
    const std::string from = old.value("status", "");
    const std::string to = now.value("status", "");
    if (from == to) {
        return;
    }
    if (from != "free" || to != "busy") {
        refuse(kUnprocessable, code::invalid, "a slot is freed by cancelling its appointment",
               "Slot.status");
    }
    sql.run("UPDATE slots SET status = 'busy' WHERE id = $1", {id});
}

// ---- Provenance: a signature's target and time, for the reports ---------

// Kept beside the body so a report reads which records were signed by hand,
// when and on which kiosk without reading every PNG (reports.hpp).
void apply_provenance(Sql& sql, const WriteContext& context, const std::string& id,
                      const json& provenance, bool created) {
    std::string target;
    if (const auto targets = provenance.value("target", json::array()); !targets.empty()) {
        target = targets[0].value("reference", "");
    }
    std::string device = context.caller.kiosk;
    for (const auto& agent : provenance.value("agent", json::array())) {
        if (auto kiosk = fhir::reference_id(agent.value("who", json()), "Device")) {
            device = *kiosk;
        }
    }
    bool image = false;
    for (const auto& signature : provenance.value("signature", json::array())) {
        image = image || !signature.value("data", "").empty();
    }
    if (created) {
        // A new Provenance's row goes with the Bundle's others (insert_later):
        // only the reports read this table (in transactions of their own).
        sql.insert_later(
            "INSERT INTO signatures (id, target, recorded, device, image)",
            {id, target, provenance.value("recorded", ""), device, std::int64_t{image ? 1 : 0}},
            "ON CONFLICT (id) DO NOTHING");
        return;
    }
    // An update: its creation's row, if it waits in this transaction, first.
    sql.flush();
    sql.run(
        "INSERT INTO signatures (id, target, recorded, device, image) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (id) DO UPDATE SET target = excluded.target, recorded = excluded.recorded, "
        "device = excluded.device, image = excluded.image",
        {id, target, provenance.value("recorded", ""), device, std::int64_t{image ? 1 : 0}});
}

void apply_rules(Sql& sql, const WriteContext& context, const std::string& type,
                 const std::string& id, const std::optional<json>& old, const json& now,
                 bool conditional) {
    if (type == "Patient") {
        apply_patient(sql, context, id, old.has_value(), now, conditional);
    } else if (type == "EpisodeOfCare") {
        apply_episode(sql, context, id, now, old.has_value());
    } else if (type == "Appointment") {
        apply_appointment(sql, context, id, now, old.has_value());
    } else if (type == "Slot" && old) {
        apply_slot_update(sql, id, *old, now);
    } else if (type == "Provenance") {
        apply_provenance(sql, context, id, now, !old.has_value());
    } else if (type == "Device") {
        apply_heartbeat(sql, context.caller.kiosk, context.caller.township, id, now, context.now);
    }
}

// The township a new record belongs to (hub/README.md "Scope"): a contract
// belongs to its team's township, and a kiosk signs only to its own
// township's teams; every other record a kiosk writes belongs to the
// kiosk's township.
std::optional<db::Row> team_township(Sql& sql, const json& episode) {
    const auto team =
        fhir::reference_id(episode["managingOrganization"], "Organization").value_or("");
    // Read once per transaction: a Bundle's 200 contracts name a few teams.
    return sql.row_once("SELECT township FROM teams WHERE id = $1", team);
}

std::string township_of_new(Sql& sql, const WriteContext& context, const std::string& type,
                            const json& resource) {
    if (type == "EpisodeOfCare") {
        const auto found = team_township(sql, resource);
        if (!found) {
            refuse(kUnprocessable, code::invalid, "the team is not on the hub",
                   "EpisodeOfCare.managingOrganization");
        }
        if (found->text(0) != context.caller.township) {
            refuse(403, code::forbidden, "the team belongs to another township",
                   "EpisodeOfCare.managingOrganization");
        }
        return found->text(0);
    }
    return context.caller.township;
}

std::optional<Written> replayed(Sql& sql, const std::string& type, const std::string& id,
                                const std::string& hash, const std::optional<std::string>& if_match,
                                const json& resource) {
    // A replayed versioned update carries the If-Match it carried the first
    // time: the version before the one it made. A body equal to an older
    // version sent with a newer If-Match is a new change (a slot booked
    // again after a cancellation), not a replay.
    sql.flush_if_waiting(kHistoryHead, type, id);  // its history rows not sent yet
    std::optional<db::Row> row;
    if (if_match) {
        const auto base = version_of(*if_match);
        if (!base) {
            return std::nullopt;
        }
        row = sql.row(
            "SELECT version, status, updated FROM history WHERE type = $1 AND id = $2 AND hash = "
            "$3 AND version = $4",
            {type, id, hash, *base + 1});
    } else {
        row = sql.row(
            "SELECT version, status, updated FROM history WHERE type = $1 AND id = $2 AND hash = "
            "$3 "
            "ORDER BY version DESC",
            {type, id, hash});
    }
    if (!row) {
        return std::nullopt;
    }
    return Written{static_cast<int>(row->integer(1)), row->integer(0), row->text(2), resource};
}

// A version's history row holds its body only once the version is
// superseded: the current version's body is the resource's own row's
// (`resources.body`), and a second copy of it (a signature PNG, in a
// signing) would be written for nothing. So a new version's row is written
// with an empty body and, in the same statement, the version it replaces
// gets its body (`previous_body`), which the caller has just read.
// version_body() reads either.
void record_history(Sql& sql, const std::string& type, const std::string& id, std::int64_t version,
                    const std::string& hash, const std::string& kiosk, const std::string& updated,
                    int status, const std::string& previous_body) {
    if (version == 1) {
        // A creation's row is sent with the Bundle's others (Sql::insert_later).
        sql.insert_later(kHistoryHead, {type, id, std::int64_t{1}, std::string(), hash, kiosk,
                                        updated, std::int64_t{status}});
        return;
    }
    // The previous version's row exists (written with it, and sent now if
    // it waits); only its body is set here, the other values of its VALUES
    // row are never used.
    sql.flush_if_waiting(kHistoryHead, type, id);
    sql.run(
        "INSERT INTO history (type, id, version, body, hash, kiosk, updated, status) "
        "VALUES ($1, $2, $3, '', $4, $5, $6, $7), ($1, $2, $8, $9, $4, $5, $6, $7) "
        "ON CONFLICT (type, id, version) DO UPDATE SET body = excluded.body",
        {type, id, version, hash, kiosk, updated, std::int64_t{status}, version - 1,
         previous_body});
}

}  // namespace

std::pair<std::string, std::string> patient_identifier(const json& patient) {
    std::pair<std::string, std::string> chosen;
    for (const auto& identifier : patient.value("identifier", json::array())) {
        const std::string system = identifier.value("system", "");
        const std::string value = identifier.value("value", "");
        if (system == terms::kResidentIdSystem) {
            return {system, value};
        }
        if (chosen.first.empty()) {
            chosen = {system, value};
        }
    }
    return chosen;
}

std::optional<std::string> find_patient(Sql& sql, const std::string& system,
                                        const std::string& value) {
    if (auto row =
            sql.row("SELECT id FROM patients WHERE system = $1 AND value = $2", {system, value})) {
        return row->text(0);
    }
    return std::nullopt;
}

json with_meta(json resource, std::int64_t version, const std::string& updated) {
    resource["meta"] = {{"versionId", std::to_string(version)}, {"lastUpdated", updated}};
    return resource;
}

bool is_plain(std::string_view type, bool if_match, bool conditional) {
    // The types apply_rules() acts on (Provenance's signatures row aside:
    // it waits for the commit either way).
    return !if_match && !conditional && !is_kept(type) && type != "Patient" &&
           type != "EpisodeOfCare" && type != "Appointment" && type != "Device";
}

std::vector<std::optional<Written>> create_plain(Sql& sql, const WriteContext& context,
                                                 const std::vector<PlainCreation>& creations) {
    // Under both engines' limits on parameters per statement (8 per row).
    constexpr std::size_t kMostRows = 500;
    const std::string updated = to_iso8601(context.now);
    std::vector<std::string> hashes;
    std::vector<std::string> bodies;
    for (const PlainCreation& creation : creations) {
        creation.resource->erase("meta");
        bodies.push_back(canonical(*creation.resource));
        hashes.push_back(digest(bodies.back()));
    }
    std::set<std::pair<std::string, std::string>> created;
    for (std::size_t from = 0; from < creations.size(); from += kMostRows) {
        const std::size_t to = std::min(creations.size(), from + kMostRows);
        std::string statement =
            "INSERT INTO resources (type, id, version, body, hash, kiosk, township, updated) "
            "VALUES ";
        std::vector<db::Value> params;
        for (std::size_t i = from; i < to; ++i) {
            const std::size_t n = params.size();
            // ($1, $2, 1, $3, …, $7): the version is 1.
            statement += i == from ? "(" : ", (";
            for (std::size_t c = 1; c <= 7; ++c) {
                statement += c == 1 ? "$" : c == 3 ? ", 1, $" : ", $";
                statement += std::to_string(n + c);
            }
            statement += ")";
            params.insert(params.end(),
                          {creations[i].type, creations[i].id, std::move(bodies[i]), hashes[i],
                           context.caller.kiosk, context.caller.township, updated});
        }
        statement += " ON CONFLICT (type, id) DO NOTHING RETURNING type, id";
        for (const db::Row& row : sql.rows(statement, params)) {
            created.emplace(row.text(0), row.text(1));
        }
    }
    std::vector<std::optional<Written>> out;
    for (std::size_t i = 0; i < creations.size(); ++i) {
        const PlainCreation& creation = creations[i];
        if (!created.contains({creation.type, creation.id})) {
            out.emplace_back();
            continue;
        }
        apply_rules(sql, context, creation.type, creation.id, std::nullopt, *creation.resource,
                    false);
        record_history(sql, creation.type, creation.id, 1, hashes[i], context.caller.kiosk, updated,
                       201, "");
        out.emplace_back(Written{201, 1, updated, std::move(*creation.resource)});
    }
    return out;
}

Written put_resource(Sql& sql, const WriteContext& context, const std::string& type,
                     const std::string& id, json resource,
                     const std::optional<std::string>& if_match, bool conditional) {
    resource.erase("meta");
    const std::string body = canonical(resource);
    const std::string hash = digest(body);
    const std::string updated = to_iso8601(context.now);
    // Most entries a kiosk sends create their resource (a signing's four):
    // the insert is tried first, and what is stored is read only when the id
    // is taken (a replay, an update) — one statement fewer per creation, one
    // more per replay. Skipped where a creation would be refused anyway
    // (If-Match, an administrator's type, a team of another township or not
    // on the hub); the path below refuses those as before.
    if (!if_match && !is_kept(type)) {
        // A contract is inserted only when its team is of the caller's
        // township: the team is read by the insert itself (no row when it
        // is not), one round trip where two were.
        const bool inserted =
            type == "EpisodeOfCare"
                ? sql.run(
                      "INSERT INTO resources (type, id, version, body, hash, kiosk, township, "
                      "updated) SELECT $1, $2, 1, $3, $4, $5, township, $7 FROM teams "
                      "WHERE id = $8 AND township = $6 ON CONFLICT (type, id) DO NOTHING",
                      {type, id, body, hash, context.caller.kiosk, context.caller.township, updated,
                       fhir::reference_id(resource.value("managingOrganization", json()),
                                          "Organization")
                           .value_or("")}) == 1
                : sql.run(
                      "INSERT INTO resources (type, id, version, body, hash, kiosk, township, "
                      "updated) VALUES ($1, $2, 1, $3, $4, $5, $6, $7) "
                      "ON CONFLICT (type, id) DO NOTHING",
                      {type, id, body, hash, context.caller.kiosk, context.caller.township,
                       updated}) == 1;
        if (inserted) {
            apply_rules(sql, context, type, id, std::nullopt, resource, conditional);
            record_history(sql, type, id, 1, hash, context.caller.kiosk, updated, 201, "");
            return Written{201, 1, updated, std::move(resource)};
        }
    }
    std::optional<db::Row> current;
    if (if_match) {
        // An update by version (a booking's Slot): the resource's row and,
        // when this body under this If-Match was written before (a replay),
        // that version's history row — one statement where two were (see
        // replayed()).
        sql.flush_if_waiting(kHistoryHead, type, id);  // its history rows not sent yet
        const auto base = version_of(*if_match);
        current = sql.row(
            "SELECT r.version, r.township, r.body, h.version, h.status, h.updated FROM resources r "
            "LEFT JOIN history h ON h.type = r.type AND h.id = r.id AND h.hash = $3 AND "
            "h.version = $4 WHERE r.type = $1 AND r.id = $2",
            {type, id, hash, base ? *base + 1 : std::int64_t{-1}});
        if (current && !current->is_null(3)) {
            return Written{static_cast<int>(current->integer(4)), current->integer(3),
                           current->text(5), resource};
        }
    } else {
        current =
            sql.row("SELECT version, township, body FROM resources WHERE type = $1 AND id = $2",
                    {type, id});
        // History rows are written with their resource's row, in its
        // transaction, and neither is ever deleted: a resource the hub does
        // not hold has no version to replay.
        if (current) {
            if (auto replay = replayed(sql, type, id, hash, if_match, resource)) {
                return *replay;
            }
        }
    }
    if (!current) {
        if (if_match) {
            refuse(412, stale_code(type),
                   "If-Match names a version of a resource the hub does not hold");
        }
        if (is_kept(type)) {
            refuse(403, code::forbidden, type + " records are kept by the hub's administrator");
        }
        const std::string township = township_of_new(sql, context, type, resource);
        const auto inserted = sql.run(
            "INSERT INTO resources (type, id, version, body, hash, kiosk, township, updated) "
            "VALUES ($1, $2, 1, $3, $4, $5, $6, $7) ON CONFLICT (type, id) DO NOTHING",
            {type, id, body, hash, context.caller.kiosk, township, updated});
        if (inserted == 0) {
            // Two identical PUTs raced and the other committed first: answer
            // as it did; a different body under the id is a conflict.
            if (auto replay = replayed(sql, type, id, hash, if_match, resource)) {
                return *replay;
            }
            refuse(409, code::conflict, "a different " + type + " is stored under this id");
        }
        apply_rules(sql, context, type, id, std::nullopt, resource, conditional);
        record_history(sql, type, id, 1, hash, context.caller.kiosk, updated, 201, "");
        return Written{201, 1, updated, std::move(resource)};
    }
    const std::int64_t version = current->integer(0);
    if (!if_match && !conditional) {
        refuse(409, code::conflict,
               "a different " + type +
                   " is stored under this id; an update sends If-Match with its version");
    }
    if (if_match && version_of(*if_match) != version) {
        refuse(412, stale_code(type), "If-Match is not the current version");
    }
    const bool shared = type == "Patient" || type == "Slot";
    if (current->text(1) != context.caller.township && !shared) {
        refuse(403, code::forbidden, "the record belongs to another township");
    }
    const std::string township = type == "Patient" ? context.caller.township : current->text(1);
    if (type == "EpisodeOfCare") {
        township_of_new(sql, context, type,
                        resource);  // the new team is the caller's township's too
    }
    const json old = json::parse(current->text(2));
    // The version in the WHERE makes two updates from one version take turns:
    // the second finds no row and answers 412.
    const auto changed = sql.run(
        "UPDATE resources SET version = $3, body = $4, hash = $5, kiosk = $6, township = $7, "
        "updated = $8 "
        "WHERE type = $1 AND id = $2 AND version = $9",
        {type, id, version + 1, body, hash, context.caller.kiosk, township, updated, version});
    if (changed == 0) {
        refuse(412, stale_code(type), "another update came first");
    }
    apply_rules(sql, context, type, id, old, resource, conditional);
    record_history(sql, type, id, version + 1, hash, context.caller.kiosk, updated, 200,
                   current->text(2));
    return Written{200, version + 1, updated, std::move(resource)};
}

void rewrite(Sql& sql, const WriteContext& context, const std::string& type, const std::string& id,
             const std::function<void(json&)>& change) {
    const auto current =
        sql.row("SELECT version, body FROM resources WHERE type = $1 AND id = $2", {type, id});
    if (!current) {
        return;
    }
    json resource = json::parse(current->text(1));
    change(resource);
    const std::string body = canonical(resource);
    const std::string hash = digest(body);
    const std::string updated = to_iso8601(context.now);
    const std::int64_t version = current->integer(0) + 1;
    sql.run(
        "UPDATE resources SET version = $3, body = $4, hash = $5, kiosk = 'hub', updated = $6 "
        "WHERE type = $1 AND id = $2",
        {type, id, version, body, hash, updated});
    record_history(sql, type, id, version, hash, "hub", updated, 200, current->text(1));
}

Written put_kept(Sql& sql, const WriteContext& context, const std::string& type,
                 const std::string& id, json resource, const std::string& township) {
    resource.erase("meta");
    const std::string body = canonical(resource);
    const std::string hash = digest(body);
    const std::string updated = to_iso8601(context.now);
    const auto current =
        sql.row("SELECT version, hash, updated, body FROM resources WHERE type = $1 AND id = $2",
                {type, id});
    if (current && current->text(1) == hash) {
        return Written{200, current->integer(0), current->text(2), std::move(resource)};
    }
    const std::int64_t version = current ? current->integer(0) + 1 : 1;
    sql.run(
        "INSERT INTO resources (type, id, version, body, hash, kiosk, township, updated) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (type, id) DO UPDATE SET "
        "version = excluded.version, body = excluded.body, hash = excluded.hash, kiosk = "
        "excluded.kiosk, "
        "township = excluded.township, updated = excluded.updated",
        {type, id, version, body, hash, context.caller.kiosk, township, updated});
    record_history(sql, type, id, version, hash, context.caller.kiosk, updated,
                   version == 1 ? 201 : 200, current ? current->text(3) : std::string());
    return Written{version == 1 ? 201 : 200, version, updated, std::move(resource)};
}

std::optional<std::string> version_body(Sql& sql, const std::string& type, const std::string& id,
                                        std::int64_t version) {
    sql.flush();
    const auto row = sql.row(
        "SELECT h.body, r.body FROM history h JOIN resources r ON r.type = h.type AND r.id = h.id "
        "WHERE h.type = $1 AND h.id = $2 AND h.version = $3",
        {type, id, version});
    if (!row) {
        return std::nullopt;
    }
    // An empty body is the current version's: its body is the resource's.
    return row->text(0).empty() ? row->text(1) : row->text(0);
}

}  // namespace jiayi::hub::store
