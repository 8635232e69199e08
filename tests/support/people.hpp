#pragma once
// Made-up people for tests. Numbers are built with a valid check character
// from a region, a birth date and a sequence, so that no fixture is a real
// person's number copied from anywhere.

#include <stdexcept>
#include <string>

#include "kiosk/domain/document.hpp"

namespace jiayi::test {

// 18-character resident ID: region (6) + birth (YYYYMMDD) + sequence (3, odd = male).
inline std::string make_id(const std::string& region, const std::string& birth,
                           const std::string& sequence) {
    const std::string first17 = region + birth + sequence;
    return first17 + domain::mod11_2_check(first17);
}

inline domain::Document document_of(const std::string& number, domain::Date today) {
    auto parsed = domain::parse_document(number, today);
    if (!parsed) {
        throw std::runtime_error("test fixture is not a valid number: " + number);
    }
    return parsed.value();
}

}  // namespace jiayi::test
