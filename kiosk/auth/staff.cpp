#include "kiosk/auth/staff.hpp"

#include <algorithm>

namespace jiayi::auth {

const StaffMember* find_member(std::span<const StaffMember> members, std::string_view id) {
    auto it = std::find_if(members.begin(), members.end(),
                           [&](const StaffMember& m) { return m.id == id; });
    return it == members.end() ? nullptr : &*it;
}

SignIn sign_in(PinGuard& guard, std::span<const StaffMember> members, std::string_view pin,
               std::string_view badge, Instant now) {
    using Outcome = SignIn::Outcome;
    if (guard.locked(now)) {
        return {Outcome::LockedOut};
    }
    const StaffMember* found = nullptr;
    bool shared = false;
    if (!badge.empty()) {
        const StaffMember* member = find_member(members, badge);
        if (member != nullptr && verify_pin(pin, member->pin_hash)) {
            found = member;
        }
    } else {
        for (const StaffMember& member : members) {
            if (member.badge_required || !verify_pin(pin, member.pin_hash)) {
                continue;
            }
            if (found != nullptr) {
                shared = true;
            } else {
                found = &member;
            }
        }
    }
    const bool right = found != nullptr && !shared;
    switch (guard.record(right, now)) {
        case PinGuard::Outcome::Accepted:
            return {Outcome::Accepted, found};
        case PinGuard::Outcome::LockedOut:
            return {Outcome::LockedOut};
        case PinGuard::Outcome::Wrong:
            break;
    }
    return {shared ? Outcome::SharedPin : Outcome::Wrong};
}

}  // namespace jiayi::auth
