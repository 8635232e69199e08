#pragma once
// Made-up teams and residents for trying the kiosk on a desktop, for the
// headless tour and for benchmarks. Nobody here is a person: the names are
// invented and every number is built from a sequence with a valid check
// character (DESIGN.md, "Privacy").

#include <string>
#include <vector>

#include "kiosk/auth/staff.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/domain/team.hpp"
#include "kiosk/flow/flow.hpp"

namespace jiayi::demo {

std::vector<domain::Team> teams();

// A made-up 18-character number: region, birth date, a three-digit
// sequence, and its MOD 11-2 check character.
std::string made_up_number(const std::string& region, domain::Date birth,
                           const std::string& sequence);

struct DemoCard {
    std::string name;   // the script's name for it: "adult", "elder", "child"…
    std::string label;  // catalog key for the demo panel
    flow::CardData card;
};

// Ages are relative to `today`, so the child stays a child.
std::vector<DemoCard> cards(domain::Date today);

// The demo's nurse PIN, shown on the demo panel; real kiosks hash their own.
inline constexpr const char* kNursePin = "123456";
// The demo nurse's staff id: the demo panel's badge is `jiayi:nurse:demo-nurse`.
inline constexpr const char* kNurseId = "demo-nurse";

// The demo's one staff member: kNurseId, signing in with kNursePin.
auth::StaffMember nurse();

// Its Argon2id hash (auth::hash_pin), made once: hashing at every start took
// 64 MiB and ~0.1 s for a PIN the demo may never be asked for.
inline constexpr const char* kNursePinHash =
    "$argon2id$v=19$m=65536,t=2,p=1$PvnpgXYJZ+hTySXwjE+9yQ$2N+gwQfgF1nYf4UnqHXkNLO2n3BR+"
    "MIrJ9jen9Llw/c";

}  // namespace jiayi::demo
