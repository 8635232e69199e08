#pragma once
// Shared by the store's own .cpp files only.

#include <exception>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/error.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::store::detail {

// Thrown inside the store, caught at its public edge by guard().
struct StoreFailure {
    StoreError error;
};

// Runs `body`, turning SQLite exceptions and StoreFailure into error values.
template <class F>
auto guard(F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const StoreFailure& failure) {
        return fail(failure.error);
    } catch (const SqliteError& e) {
        return fail(StoreError{e.is_constraint() ? StoreErrorKind::Conflict : StoreErrorKind::Io,
                               e.what()});
    } catch (const std::exception&) {
        // A stored value that does not parse (JSON, a date): say so without
        // echoing the value, which may be personal.
        return fail(StoreError{StoreErrorKind::Io, "the store holds a record it cannot read"});
    }
}

// Health fields (insurance, populations, packages, fee lines) are padded to
// this block before sealing: unpadded, a ciphertext's length would tell
// "none" from "urban-employee", or which packages were chosen.
inline constexpr std::size_t kHealthBlock = 256;

inline Bytes seal_health(const KeyRing& keys, std::string_view text, const std::string& context) {
    return keys.encrypt_padded(text, context, kHealthBlock);
}

inline std::string_view as_text(const Bytes& bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

inline Bytes as_bytes(std::string_view text) {
    return Bytes(reinterpret_cast<const std::uint8_t*>(text.data()),
                 reinterpret_cast<const std::uint8_t*>(text.data()) + text.size());
}

// One row of the outbox's columns in their order (store.cpp).
OutboxEntry outbox_entry_from(Statement& st);

}  // namespace jiayi::store::detail
