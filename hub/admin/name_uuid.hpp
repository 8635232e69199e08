#pragma once
// Name-based UUIDs (RFC 4122 §4.3, version 5: SHA-1 of a namespace and a
// name) for imported records, so that an import run twice names the same
// records and the store's `INSERT … ON CONFLICT DO NOTHING` creates nothing
// new. The ids can be recomputed anywhere, e.g. in Python:
//
//   ns = uuid.uuid5(uuid.NAMESPACE_URL, "urn:jiayi:hub:import")
//       # = bb2c5cf6-ac9a-56fb-b544-2351d342cc59
//   uuid.uuid5(ns, "backfill-contract|" + form_number + "|" + id_number)
//   uuid.uuid5(ns, "slot|" + hospital + "|" + schedule + "|" + "2026-12-03" + "|" + "08:30")
//
// The form number and the ID number are trimmed and upper-cased first (the
// ID's check character 'x' is 'X'), so a retyped row keeps its id. SHA-1 is
// used as a name hash here, not for security: the ids are public.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/domain/date.hpp"

namespace jiayi::hub::admin {

using Sha1 = std::array<std::uint8_t, 20>;
Sha1 sha1(std::string_view bytes);

// uuid.NAMESPACE_URL / "urn:jiayi:hub:import", as text.
inline constexpr std::string_view kImportNamespace = "bb2c5cf6-ac9a-56fb-b544-2351d342cc59";

// Version-5 UUID of `name` in the namespace given as text (8-4-4-4-12 hex).
std::string uuid_v5(std::string_view namespace_uuid, std::string_view name);

// A back-filled contract (seed 000 §四): its paper form number and the
// resident's ID number name it.
std::string backfill_contract_uuid(std::string_view form_number, std::string_view id_number);

std::string slot_uuid(std::string_view hospital, std::string_view schedule, domain::Date date,
                      int start_minute);

}  // namespace jiayi::hub::admin
