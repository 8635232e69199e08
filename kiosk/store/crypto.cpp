#include "kiosk/store/crypto.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "common/unique_fd.hpp"

namespace jiayi::store {

namespace {

// The leading byte of every sealed field: how to open it.
constexpr std::uint8_t kFormat = 1;        // the plaintext as given
constexpr std::uint8_t kFormatPadded = 2;  // ISO/IEC 7816-4 padding to a block
// A padded field's additional data names its format, so flipping the
// leading byte does not turn one format into the other.
constexpr std::string_view kPaddedSuffix = "|padded";
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "jiayi-st";

void ensure_sodium() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium failed to initialise");
    }
}

Bytes keyed_hash(const std::uint8_t (&key)[32], std::string_view input) {
    Bytes out(32);
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size(), key, sizeof key);
    return out;
}

}  // namespace

KeyRing KeyRing::from_bytes(const std::uint8_t (&master)[32]) {
    ensure_sodium();
    static_assert(crypto_kdf_KEYBYTES == 32);
    KeyRing ring;
    crypto_kdf_derive_from_key(ring.seal_key_, sizeof ring.seal_key_, 1, kKdfContext, master);
    crypto_kdf_derive_from_key(ring.document_key_, sizeof ring.document_key_, 2, kKdfContext,
                               master);
    crypto_kdf_derive_from_key(ring.phone_key_, sizeof ring.phone_key_, 3, kKdfContext, master);
    return ring;
}

Result<KeyRing, StoreError> KeyRing::load(const std::filesystem::path& file) {
    // The checks run on the opened file itself, so the file checked is the
    // file read.
    const UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return fail(StoreError{StoreErrorKind::KeyMissing,
                               "key file " + file.string() +
                                   " is missing or unreadable: " + std::strerror(errno) +
                                   " (create one with `jiayi key generate`)"});
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return fail(
            StoreError{StoreErrorKind::KeyMissing,
                       "key file " + file.string() + " cannot be read: " + std::strerror(errno)});
    }
    // Whoever owns the file may replace the key or widen its mode: only
    // this user, or root who installed it, may.
    if (info.st_uid != ::geteuid() && info.st_uid != 0) {
        return fail(StoreError{StoreErrorKind::KeyUnsafe,
                               "key file " + file.string() + " is owned by uid " +
                                   std::to_string(info.st_uid) + ", not by this user (uid " +
                                   std::to_string(::geteuid()) +
                                   ") or root; run chown on it as the kiosk's service user"});
    }
    if ((info.st_mode & 077) != 0) {
        return fail(StoreError{
            StoreErrorKind::KeyUnsafe,
            "key file " + file.string() + " may be read by other users; run chmod 600 on it"});
    }
    // A key file is 65 bytes; anything much longer is not one.
    std::string content;
    char buffer[128];
    bool read_failed = false;
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            read_failed = true;
            break;
        }
        if (n == 0 || content.size() > 256) {
            break;
        }
        content.append(buffer, static_cast<std::size_t>(n));
    }
    sodium_memzero(buffer, sizeof buffer);
    if (read_failed) {
        return fail(StoreError{StoreErrorKind::KeyMissing,
                               "key file " + file.string() + " cannot be read"});
    }
    std::uint8_t master[32];
    if (content.size() == 32) {
        std::memcpy(master, content.data(), 32);
    } else {
        while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
            content.pop_back();
        }
        std::size_t decoded = 0;
        ensure_sodium();
        if (content.size() != 64 ||
            sodium_hex2bin(master, sizeof master, content.data(), content.size(), nullptr, &decoded,
                           nullptr) != 0 ||
            decoded != 32) {
            sodium_memzero(content.data(), content.size());
            return fail(StoreError{StoreErrorKind::KeyInvalid,
                                   "key file " + file.string() +
                                       " is not a jiayi key (32 bytes, or 64 hex characters)"});
        }
    }
    sodium_memzero(content.data(), content.size());
    KeyRing ring = from_bytes(master);
    sodium_memzero(master, sizeof master);
    return ring;
}

Result<void, StoreError> KeyRing::generate(const std::filesystem::path& file) {
    ensure_sodium();
    std::uint8_t master[32];
    crypto_kdf_keygen(master);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, master, sizeof master);
    sodium_memzero(master, sizeof master);
    // Written whole under a temporary name, then linked to its own: a
    // process killed on the way leaves no empty or half key file that
    // would lock the store for good (link, like O_EXCL, never replaces one).
    std::string temporary = file.string() + ".XXXXXX";
    const UniqueFd fd(::mkostemp(temporary.data(), O_CLOEXEC));
    if (!fd) {
        return fail(StoreError{StoreErrorKind::Io, "cannot create key file " + file.string() +
                                                       ": " + std::strerror(errno)});
    }
    hex[64] = '\n';
    const bool written =
        ::fchmod(fd.get(), 0600) == 0 && ::write(fd.get(), hex, 65) == 65 && ::fsync(fd.get()) == 0;
    sodium_memzero(hex, sizeof hex);
    const bool linked = written && ::link(temporary.c_str(), file.c_str()) == 0;
    const int link_error = errno;
    ::unlink(temporary.c_str());
    if (!linked) {
        return fail(StoreError{StoreErrorKind::Io,
                               "cannot write key file " + file.string() +
                                   (written ? std::string(": ") + std::strerror(link_error) : "")});
    }
    // The new name reaches the disk with its folder.
    const UniqueFd folder(::open(file.parent_path().empty() ? "." : file.parent_path().c_str(),
                                 O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (folder) {
        ::fsync(folder.get());
    }
    return Ok{};
}

KeyRing KeyRing::ephemeral() {
    ensure_sodium();
    std::uint8_t master[32];
    crypto_kdf_keygen(master);
    KeyRing ring = from_bytes(master);
    sodium_memzero(master, sizeof master);
    return ring;
}

namespace {

constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

Bytes seal(std::uint8_t format, const unsigned char* plaintext, std::size_t size,
           std::string_view context, const std::uint8_t (&key)[32]) {
    Bytes out(1 + kNonce + size + kTag);
    out[0] = format;
    randombytes_buf(out.data() + 1, kNonce);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        out.data() + 1 + kNonce, &length, plaintext, size,
        reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr,
        out.data() + 1, key);
    out.resize(1 + kNonce + length);
    return out;
}

}  // namespace

Bytes KeyRing::encrypt(std::string_view plaintext, std::string_view context) const {
    return seal(kFormat, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                context, seal_key_);
}

Bytes KeyRing::encrypt_padded(std::string_view plaintext, std::string_view context,
                              std::size_t block) const {
    std::string padded(plaintext);
    padded.resize(plaintext.size() + block);
    std::size_t length = 0;
    sodium_pad(&length, reinterpret_cast<unsigned char*>(padded.data()), plaintext.size(), block,
               padded.size());
    const std::string ad = std::string(context) + std::string(kPaddedSuffix);
    Bytes out = seal(kFormatPadded, reinterpret_cast<const unsigned char*>(padded.data()), length,
                     ad, seal_key_);
    sodium_memzero(padded.data(), padded.size());
    return out;
}

Result<std::string, StoreError> KeyRing::decrypt(const Bytes& sealed,
                                                 std::string_view context) const {
    if (sealed.size() < 1 + kNonce + kTag || (sealed[0] != kFormat && sealed[0] != kFormatPadded)) {
        return fail(StoreError{StoreErrorKind::Undecryptable, "a sealed field is malformed"});
    }
    const bool padded = sealed[0] == kFormatPadded;
    const std::string ad = std::string(context) + (padded ? std::string(kPaddedSuffix) : "");
    std::string out(sealed.size() - 1 - kNonce - kTag, '\0');
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(out.data()), &length, nullptr,
            sealed.data() + 1 + kNonce, sealed.size() - 1 - kNonce,
            reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), sealed.data() + 1,
            seal_key_) != 0) {
        return fail(StoreError{StoreErrorKind::Undecryptable,
                               "a sealed field does not open with this key (wrong key, or "
                               "tampered data)"});
    }
    std::size_t size = static_cast<std::size_t>(length);
    if (padded) {
        std::size_t unpadded = 0;
        // The block is whatever the writer chose; the padding marks its own end.
        if (size == 0 || sodium_unpad(&unpadded, reinterpret_cast<unsigned char*>(out.data()), size,
                                      size) != 0) {
            return fail(
                StoreError{StoreErrorKind::Undecryptable, "a sealed field's padding is malformed"});
        }
        size = unpadded;
    }
    out.resize(size);
    return out;
}

Bytes KeyRing::document_hash(std::string_view number) const {
    return keyed_hash(document_key_, number);
}

Bytes KeyRing::phone_hash(std::string_view digits) const {
    return keyed_hash(phone_key_, digits);
}

std::string blake2b_hex(std::string_view text) {
    ensure_sodium();
    std::uint8_t hash[32];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

std::string new_uuid() {
    ensure_sodium();
    std::uint8_t b[16];
    randombytes_buf(b, sizeof b);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

}  // namespace jiayi::store
