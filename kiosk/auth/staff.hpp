#pragma once
// Staff members and who a PIN signs in (issue 9, "Staff accountability"):
// every nurse has an id of their own, and every record and audit line names it.
//
// A badge (QR `jiayi:nurse:<id>`) says who is about to sign in; it never signs
// in alone, since it is a printed code anyone can copy. After a badge only
// that member's PIN is checked. Without one, the PIN is checked against every
// member who may sign in by PIN alone: a nurse at a kiosk expects to type her
// PIN and go, as at a pharmacy till, and the kiosk's digit pad has no way to
// type an id like "N0421". Each check costs one Argon2id verification (about
// 0.14 s and 64 MiB, pin.cpp), so config.cpp caps how many members sign in by
// PIN alone (kMaxPinOnlyMembers); more members use badges, and PinTags
// (below) narrows a PIN to the members it can belong to.
//
// A sign-in comes in three steps so that the slow one can run on a worker
// thread while the kiosk's frame loop goes on (STYLE.md, "Tracy"):
// pin_candidates() and decide() are quick and run where the lockout is kept
// (the UI thread, with the store); check_pin() does the Argon2id work and
// touches nothing shared.

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/auth/pin.hpp"

namespace jiayi::auth {

struct StaffMember {
    std::string id;               // "N0421": on badges, records and audit lines
    std::string name;             // optional, for the people who keep the config; never on a record
    std::string pin_hash;         // Argon2id, from `jiayi pin hash`
    bool badge_required = false;  // the PIN alone does not sign this member in
};

// Members checked by PIN alone, each try. One verification took 140 ms of
// CPU here (2026, the build machine; Argon2id at libsodium's interactive
// limits), so 10 keep a try near a second and a half. The try runs on a
// worker (kiosk/flow/pin_worker.hpp), and once PinTags knows the members it
// costs one verification; the cap bounds the first tries after a start.
inline constexpr int kMaxPinOnlyMembers = 10;

struct SignIn {
    enum class Outcome {
        Accepted,   // `member` signed in
        Wrong,      // no member's PIN (or not the badge's member's)
        SharedPin,  // the PIN of more than one member: nobody signed in, counted as wrong
        LockedOut,  // too many wrong tries; nothing was checked
    };
    Outcome outcome = Outcome::Wrong;
    const StaffMember* member = nullptr;
};

// The Argon2id half of a sign-in: a PIN and copies of the members whose
// hashes it is checked against. Owns everything it reads, so it can cross
// to a worker thread.
struct PinCheck {
    std::string pin;
    std::vector<StaffMember> candidates;
};

struct PinMatches {
    std::vector<std::string> ids;  // candidates whose hash the PIN matches
    int verified = 0;              // Argon2id verifications done
};

// Checks the PIN against every candidate, not up to the first match, so that
// two members sharing a PIN are found (see sign_in). Slow: any thread.
PinMatches check_pin(const PinCheck& check);

// Remembers, for each member who signed in since the kiosk started, a keyed
// BLAKE2b tag of their PIN, so that a later try is verified with Argon2id
// only against the members it can belong to: the unlearned ones and the
// learned ones whose tag is the PIN's. A learned member whose tag differs
// cannot have typed this PIN (a tag is a function of the PIN, keyed by the
// hash it was learned for), so the matches, and hence the outcome, shared-PIN
// refusal included, are those of checking every member; with 10 members a
// learned nurse's try costs one verification instead of ten.
//
// Why in memory, with a key made at start, and not in the store with its key:
// a fast keyed hash of a 6-digit PIN kept on disk beside its key gives the
// PIN to whoever copies both in about a million BLAKE2b calls (a second),
// where the Argon2id hash alone costs a day and a half of CPU per member.
// The kiosk process already sees every PIN typed, so tags in its memory tell
// a reader of that memory nothing new. The cost: after a restart each
// member's first PIN-only try checks every unlearned member again (at most
// kMaxPinOnlyMembers verifications, off the UI thread).
class PinTags {
  public:
    PinTags();  // a fresh random key
    ~PinTags();
    PinTags(const PinTags&) = delete;
    PinTags& operator=(const PinTags&) = delete;

    // The PIN-only members `pin` may belong to.
    std::vector<StaffMember> candidates(std::span<const StaffMember> members,
                                        std::string_view pin) const;
    // `member` signed in with `pin` (checked by Argon2id).
    void learn(const StaffMember& member, std::string_view pin);

  private:
    using Tag = std::array<std::uint8_t, 16>;
    struct Learned {
        std::string pin_hash;  // the hash the tag was learned for
        Tag tag{};
    };
    Tag tag_of(std::string_view pin) const;

    std::array<std::uint8_t, 32> key_{};
    std::map<std::string, Learned> learned_;  // by member id
};

// Whom a try checks: after a badge, that member alone (none for a badge not
// on this kiosk); without one, the PIN-only members, narrowed by `tags` when
// given.
PinCheck pin_candidates(std::span<const StaffMember> members, std::string_view pin,
                        std::string_view badge, const PinTags* tags);

// The outcome of a checked try, counted in `guard` (the caller asked
// guard.locked() before the check). `member` points into `members`.
SignIn decide(PinGuard& guard, std::span<const StaffMember> members, const PinMatches& matches,
              Instant now);

// Who `pin` signs in, with `badge` (a scanned badge's id) or without (empty).
// Every try counts in `guard`. Without a badge every PIN-only member's hash is
// checked, not just up to the first match, so that two members sharing a PIN
// are told to use their badges instead of one signing in as the other.
SignIn sign_in(PinGuard& guard, std::span<const StaffMember> members, std::string_view pin,
               std::string_view badge, Instant now);
// The same three steps in one call (on this thread), narrowed by `tags` when
// given; `verified` receives the Argon2id verifications done.
SignIn sign_in(PinGuard& guard, std::span<const StaffMember> members, std::string_view pin,
               std::string_view badge, Instant now, PinTags* tags, int* verified = nullptr);

const StaffMember* find_member(std::span<const StaffMember> members, std::string_view id);

}  // namespace jiayi::auth
