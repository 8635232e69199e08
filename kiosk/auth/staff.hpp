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
// PIN alone (kMaxPinOnlyMembers); more members use badges.

#include <span>
#include <string>
#include <string_view>

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
// limits), so 10 keep a try near a second and a half on the UI thread.
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

// Who `pin` signs in, with `badge` (a scanned badge's id) or without (empty).
// Every try counts in `guard`. Without a badge every PIN-only member's hash is
// checked, not just up to the first match, so that two members sharing a PIN
// are told to use their badges instead of one signing in as the other.
SignIn sign_in(PinGuard& guard, std::span<const StaffMember> members, std::string_view pin,
               std::string_view badge, Instant now);

const StaffMember* find_member(std::span<const StaffMember> members, std::string_view id);

}  // namespace jiayi::auth
