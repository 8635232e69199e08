#include "kiosk/auth/staff.hpp"

#include <sodium.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace jiayi::auth {

const StaffMember* find_member(std::span<const StaffMember> members, std::string_view id) {
    auto it = std::find_if(members.begin(), members.end(),
                           [&](const StaffMember& m) { return m.id == id; });
    return it == members.end() ? nullptr : &*it;
}

PinMatches check_pin(const PinCheck& check) {
    PinMatches matches;
    for (const StaffMember& member : check.candidates) {
        ++matches.verified;
        if (verify_pin(check.pin, member.pin_hash)) {
            matches.ids.push_back(member.id);
        }
    }
    return matches;
}

PinTags::PinTags() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium cannot start");  // start-up failure
    }
    randombytes_buf(key_.data(), key_.size());
}

PinTags::~PinTags() {
    sodium_memzero(key_.data(), key_.size());
    for (auto& [id, learned] : learned_) {
        sodium_memzero(learned.tag.data(), learned.tag.size());
    }
}

PinTags::Tag PinTags::tag_of(std::string_view pin) const {
    Tag tag{};
    crypto_generichash(tag.data(), tag.size(), reinterpret_cast<const unsigned char*>(pin.data()),
                       pin.size(), key_.data(), key_.size());
    return tag;
}

std::vector<StaffMember> PinTags::candidates(std::span<const StaffMember> members,
                                             std::string_view pin) const {
    const Tag tag = tag_of(pin);
    std::vector<StaffMember> out;
    for (const StaffMember& member : members) {
        if (member.badge_required) {
            continue;
        }
        const auto learned = learned_.find(member.id);
        const bool ruled_out =
            learned != learned_.end() && learned->second.pin_hash == member.pin_hash &&
            sodium_memcmp(learned->second.tag.data(), tag.data(), tag.size()) != 0;
        if (!ruled_out) {
            out.push_back(member);
        }
    }
    return out;
}

void PinTags::learn(const StaffMember& member, std::string_view pin) {
    learned_[member.id] = {member.pin_hash, tag_of(pin)};
}

PinCheck pin_candidates(std::span<const StaffMember> members, std::string_view pin,
                        std::string_view badge, const PinTags* tags) {
    PinCheck check{std::string(pin), {}};
    if (!badge.empty()) {
        if (const StaffMember* member = find_member(members, badge)) {
            check.candidates.push_back(*member);
        }
    } else if (tags != nullptr) {
        check.candidates = tags->candidates(members, pin);
    } else {
        std::copy_if(members.begin(), members.end(), std::back_inserter(check.candidates),
                     [](const StaffMember& m) { return !m.badge_required; });
    }
    return check;
}

SignIn decide(PinGuard& guard, std::span<const StaffMember> members, const PinMatches& matches,
              Instant now) {
    using Outcome = SignIn::Outcome;
    const bool shared = matches.ids.size() > 1;
    const StaffMember* found =
        matches.ids.size() == 1 ? find_member(members, matches.ids.front()) : nullptr;
    switch (guard.record(found != nullptr, now)) {
        case PinGuard::Outcome::Accepted:
            return {Outcome::Accepted, found};
        case PinGuard::Outcome::LockedOut:
            return {Outcome::LockedOut};
        case PinGuard::Outcome::Wrong:
            break;
    }
    return {shared ? Outcome::SharedPin : Outcome::Wrong};
}

SignIn sign_in(PinGuard& guard, std::span<const StaffMember> members, std::string_view pin,
               std::string_view badge, Instant now, PinTags* tags, int* verified) {
    if (guard.locked(now)) {
        return {SignIn::Outcome::LockedOut};
    }
    const PinMatches matches = check_pin(pin_candidates(members, pin, badge, tags));
    if (verified != nullptr) {
        *verified = matches.verified;
    }
    const SignIn signed_in = decide(guard, members, matches, now);
    if (signed_in.outcome == SignIn::Outcome::Accepted && tags != nullptr) {
        tags->learn(*signed_in.member, pin);
    }
    return signed_in;
}

SignIn sign_in(PinGuard& guard, std::span<const StaffMember> members, std::string_view pin,
               std::string_view badge, Instant now) {
    return sign_in(guard, members, pin, badge, now, nullptr);
}

}  // namespace jiayi::auth
