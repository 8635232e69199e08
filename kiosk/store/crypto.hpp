#pragma once
// Personal fields at rest (DESIGN.md, "Security and privacy"): encrypted with
// XChaCha20-Poly1305 under a key file readable only by the kiosk's service
// user; looked up by a keyed BLAKE2b hash, never by the clear number.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kiosk/store/bytes.hpp"
#include "kiosk/store/error.hpp"

namespace jiayi::store {

class KeyRing {
  public:
    // Reads the key file: 32 raw bytes or 64 hex characters (a newline may
    // follow). Refuses a missing file, a file others may read, a file owned
    // by someone other than this user or root (they could swap the key), or a
    // bad size; the owner and mode are checked before a byte is read.
    static Result<KeyRing, StoreError> load(const std::filesystem::path& file);
    static KeyRing from_bytes(const std::uint8_t (&master)[32]);

    // A new random key written with mode 0600; refuses to overwrite.
    static Result<void, StoreError> generate(const std::filesystem::path& file);
    // A new random key held only in memory, for a scratch store: what it
    // seals is unreadable once the run ends, and no key file is written.
    static KeyRing ephemeral();

    // `context` binds the ciphertext to where it is stored ("residents.name:<id>"),
    // so a value copied to another row or column does not decrypt.
    Bytes encrypt(std::string_view plaintext, std::string_view context) const;
    // The same, padded to a multiple of `block` bytes first: where the length
    // alone would tell the value (an insurance type, a set of packages).
    Bytes encrypt_padded(std::string_view plaintext, std::string_view context,
                         std::size_t block) const;
    // Opens what either of the two sealed.
    Result<std::string, StoreError> decrypt(const Bytes& sealed, std::string_view context) const;

    // Keyed hashes for lookups: equal inputs give equal hashes under one key.
    Bytes document_hash(std::string_view number) const;
    Bytes phone_hash(std::string_view digits) const;

  private:
    KeyRing() = default;
    std::uint8_t seal_key_[32]{};
    std::uint8_t document_key_[32]{};
    std::uint8_t phone_key_[32]{};
};

// An unkeyed BLAKE2b-256 of `text`, in hex: for figures others recompute.
std::string blake2b_hex(std::string_view text);

// A random version-4 UUID, for every record the kiosk creates.
std::string new_uuid();

}  // namespace jiayi::store
