#include "hub/admin/name_uuid.hpp"

#include <cstdio>

#include "hub/admin/columns.hpp"

namespace jiayi::hub::admin {

namespace {

std::uint32_t rotl(std::uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}

std::string upper(std::string_view text) {
    std::string out = trim(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

// FIPS 180-4 SHA-1, byte-oriented.
Sha1 sha1(std::string_view bytes) {
    std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::string message(bytes);
    const std::uint64_t bit_length = static_cast<std::uint64_t>(bytes.size()) * 8;
    message += static_cast<char>(0x80);
    while (message.size() % 64 != 56) {
        message += '\0';
    }
    for (int i = 7; i >= 0; --i) {
        message += static_cast<char>((bit_length >> (i * 8)) & 0xFF);
    }
    for (std::size_t block = 0; block < message.size(); block += 64) {
        std::uint32_t w[80];
        for (std::size_t i = 0; i < 16; ++i) {
            w[i] = 0;
            for (std::size_t k = 0; k < 4; ++k) {
                w[i] = (w[i] << 8) | static_cast<std::uint8_t>(message[block + i * 4 + k]);
            }
        }
        for (std::size_t i = 16; i < 80; ++i) {
            w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (std::size_t i = 0; i < 80; ++i) {
            std::uint32_t f = 0;
            std::uint32_t k = 0;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rotl(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
    Sha1 out{};
    for (std::size_t i = 0; i < 5; ++i) {
        for (std::size_t k = 0; k < 4; ++k) {
            out[i * 4 + k] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * k));
        }
    }
    return out;
}

std::string uuid_v5(std::string_view namespace_uuid, std::string_view name) {
    std::string input;
    int high = -1;
    for (char c : namespace_uuid) {
        const int v = hex_value(c);
        if (v < 0) {
            continue;  // the dashes
        }
        if (high < 0) {
            high = v;
        } else {
            input += static_cast<char>(high * 16 + v);
            high = -1;
        }
    }
    input.append(name);
    Sha1 hash = sha1(input);
    hash[6] = static_cast<std::uint8_t>((hash[6] & 0x0F) | 0x50);  // version 5
    hash[8] = static_cast<std::uint8_t>((hash[8] & 0x3F) | 0x80);  // RFC 4122 variant
    std::string out;
    char two[3];
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        std::snprintf(two, sizeof two, "%02x", hash[i]);
        out += two;
    }
    return out;
}

std::string backfill_contract_uuid(std::string_view form_number, std::string_view id_number) {
    return uuid_v5(kImportNamespace,
                   "backfill-contract|" + upper(form_number) + "|" + upper(id_number));
}

std::string slot_uuid(std::string_view hospital, std::string_view schedule, domain::Date date,
                      int start_minute) {
    char time[16];
    std::snprintf(time, sizeof time, "%02d:%02d", start_minute / 60, start_minute % 60);
    return uuid_v5(kImportNamespace, "slot|" + trim(hospital) + "|" + trim(schedule) + "|" +
                                         domain::to_iso(date) + "|" + time);
}

}  // namespace jiayi::hub::admin
