// What kiosk/sync pulls from the hub (store.hpp, "kiosk/sync's pulls"): the
// teams on offer, the township's key-population registry and each list's
// ETag. A list is replaced whole in one transaction, so a pull that fails
// half-way leaves the one before it.

#include <nlohmann/json.hpp>

#include "kiosk/store/internal.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::store {

using detail::guard;
using nlohmann::json;

namespace {

void mark_pulled(Database& db, const std::string& list, const std::string* etag, Instant now) {
    if (etag != nullptr) {
        db.prepare(
              "INSERT INTO pulled_lists (list, etag, pulled_at) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (list) DO UPDATE SET etag = ?2, pulled_at = ?3")
            .bind(1, list)
            .bind(2, *etag)
            .bind(3, to_iso8601(now))
            .run();
    } else {
        db.prepare("UPDATE pulled_lists SET pulled_at = ?2 WHERE list = ?1")
            .bind(1, list)
            .bind(2, to_iso8601(now))
            .run();
    }
}

json flags_to_json(const std::vector<RegistryFlag>& flags) {
    json out = json::array();
    for (const RegistryFlag& f : flags) {
        out.push_back({{"population", domain::code(f.population)},
                       {"start", f.start ? json(domain::to_iso(*f.start)) : json(nullptr)},
                       {"end", f.end ? json(domain::to_iso(*f.end)) : json(nullptr)}});
    }
    return out;
}

std::optional<domain::Date> date_of(const json& value) {
    if (value.is_null()) {
        return std::nullopt;
    }
    auto date = domain::parse_iso_date(value.get<std::string>());
    if (!date) {
        throw std::runtime_error("a registry flag's date does not parse");
    }
    return date;
}

}  // namespace

Result<void, StoreError> Store::replace_teams(const std::vector<domain::Team>& teams,
                                              const std::string& etag, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        Transaction tx(*db_);
        db_->exec("DELETE FROM teams");
        auto insert = db_->prepare("INSERT INTO teams (id, body, fetched_at) VALUES (?, ?, ?)");
        for (const domain::Team& t : teams) {
            json body = {{"name", t.name},
                         {"center_id", t.center_id},
                         {"leader", t.leader},
                         {"leader_phone", t.leader_phone},
                         {"specialties", t.specialties},
                         {"villages", t.villages},
                         {"capacity", t.capacity ? json(*t.capacity) : json(nullptr)},
                         {"signed_count", t.signed_count},
                         {"open", t.open}};
            insert.bind(1, t.id).bind(2, body.dump()).bind(3, to_iso8601(now)).run();
            insert.reset();
        }
        mark_pulled(*db_, "teams", &etag, now);
        tx.commit();
        return Ok{};
    });
}

Result<void, StoreError> Store::replace_registry(const std::vector<RegistryEntry>& entries,
                                                 const std::string& etag, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        Transaction tx(*db_);
        db_->exec("DELETE FROM registry_flags");
        auto insert = db_->prepare(
            "INSERT INTO registry_flags (id, number_hash, flags_enc) VALUES (?, ?, ?) "
            "ON CONFLICT (number_hash) DO UPDATE SET id = excluded.id, "
            "flags_enc = excluded.flags_enc");
        // A resident named twice (two documents' systems) keeps every flag.
        std::map<Bytes, std::vector<RegistryFlag>> by_hash;
        for (const RegistryEntry& e : entries) {
            auto& flags = by_hash[keys_.document_hash(e.document_number)];
            flags.insert(flags.end(), e.flags.begin(), e.flags.end());
        }
        for (const auto& [hash, flags] : by_hash) {
            const std::string id = new_uuid();
            insert.bind(1, id)
                .bind(2, hash)
                .bind(3, detail::seal_health(keys_, flags_to_json(flags).dump(),
                                             "registry_flags:" + id))
                .run();
            insert.reset();
        }
        mark_pulled(*db_, "flags", &etag, now);
        tx.commit();
        return Ok{};
    });
}

Result<void, StoreError> Store::keep_registry_entry(const RegistryEntry& entry) {
    return guard([&]() -> Result<void, StoreError> {
        const std::string id = new_uuid();
        db_->prepare(
               "INSERT INTO registry_flags (id, number_hash, flags_enc) VALUES (?, ?, ?) "
               "ON CONFLICT (number_hash) DO UPDATE SET id = excluded.id, "
               "flags_enc = excluded.flags_enc")
            .bind(1, id)
            .bind(2, keys_.document_hash(entry.document_number))
            .bind(3, detail::seal_health(keys_, flags_to_json(entry.flags).dump(),
                                         "registry_flags:" + id))
            .run();
        return Ok{};
    });
}

Result<void, StoreError> Store::pulled_unchanged(const std::string& list, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        mark_pulled(*db_, list, nullptr, now);
        return Ok{};
    });
}

Result<std::optional<PulledList>, StoreError> Store::pulled(const std::string& list) {
    return guard([&]() -> Result<std::optional<PulledList>, StoreError> {
        if (schema_version() < 7) {
            return std::optional<PulledList>();  // an old database, read without migrating
        }
        auto st = db_->prepare("SELECT etag, pulled_at FROM pulled_lists WHERE list = ?");
        st.bind(1, list);
        if (!st.step()) {
            return std::optional<PulledList>();
        }
        return std::optional(PulledList{st.text(0), st.text(1)});
    });
}

Result<std::optional<domain::PopulationSet>, StoreError> Store::registry_populations(
    std::string_view document_number, domain::Date today) {
    auto list = pulled("flags");
    if (!list) {
        return fail(list.error());
    }
    if (schema_version() < 7) {
        return std::optional<domain::PopulationSet>();  // an old database, read without migrating
    }
    return guard([&]() -> Result<std::optional<domain::PopulationSet>, StoreError> {
        auto st = db_->prepare("SELECT id, flags_enc FROM registry_flags WHERE number_hash = ?");
        st.bind(1, keys_.document_hash(document_number));
        domain::PopulationSet set;
        if (!st.step()) {
            // Not on the township's list: no flags, once the list is known.
            return list.value() ? std::optional(set) : std::optional<domain::PopulationSet>();
        }
        const std::string id = st.text(0);
        const auto opened = open_field(st.blob(1), "registry_flags:" + id);
        if (!opened) {
            return fail(
                StoreError{StoreErrorKind::Io, "the store holds a registry entry it cannot open"});
        }
        for (const json& f : json::parse(*opened)) {
            const auto population =
                domain::population_from_code(f.at("population").get<std::string>());
            const auto start = date_of(f.at("start"));
            const auto end = date_of(f.at("end"));
            if (population && (!start || *start <= today) && (!end || today <= *end)) {
                set.add(*population);
            }
        }
        return std::optional(set);
    });
}

}  // namespace jiayi::store
