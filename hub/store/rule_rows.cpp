#include "hub/store/rule_rows.hpp"

#include "hub/fhir/validate.hpp"
#include "hub/store/fleet.hpp"
#include "hub/store/writes.hpp"
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

std::string iso_day(const std::string& text) {
    return text.substr(0, std::min<std::size_t>(text.size(), 10));
}

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

}  // namespace

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

}  // namespace jiayi::hub::store
