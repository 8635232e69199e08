#pragma once
// Inside hub/store: the rule tables behind a resource's body (hub/README.md
// "Storage: rules held by the schema") — a Patient's identifier, a
// contract's place in its team and the one active contract per resident, a
// booking's slot and its resident's open bookings, a signature's row for the
// reports, a kiosk's heartbeat — written in the transaction that writes the
// body (writes.hpp). Throws Refused / DatabaseFailure (sql.hpp).

#include <optional>
#include <string>

#include "hub/store/sql.hpp"

namespace jiayi::hub::store {

struct WriteContext;

// The rule rows for `now`, the body of `type`/`id` being written; `old` its
// stored body before this write (nullopt: a creation). `conditional`: the
// write is a PUT Patient?identifier=…; only a Patient's creation reads it:
// a Patient with that identifier created meanwhile by another transaction
// fails the write as busy, so it runs again and matches that Patient,
// instead of answering 409.
void apply_rules(Sql& sql, const WriteContext& context, const std::string& type,
                 const std::string& id, const std::optional<nlohmann::json>& old,
                 const nlohmann::json& now, bool conditional);

}  // namespace jiayi::hub::store
