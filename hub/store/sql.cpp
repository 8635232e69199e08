#include "hub/store/sql.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <iterator>

namespace jiayi::hub::store {

void refuse(int status, std::string_view code, std::string diagnostics, std::string expression) {
    throw Refused{
        fhir::Refusal{status, std::string(code), std::move(diagnostics), std::move(expression)}};
}

std::vector<db::Row> Sql::rows(std::string_view sql, std::initializer_list<db::Value> params) {
    return rows(sql, std::span<const db::Value>(params.begin(), params.size()));
}

std::vector<db::Row> Sql::rows(std::string_view sql, std::span<const db::Value> params) {
    auto result = tx_.query(sql, params);
    if (!result) {
        throw DatabaseFailure{result.error()};
    }
    return std::move(result).value();
}

std::optional<db::Row> Sql::row(std::string_view sql, std::initializer_list<db::Value> params) {
    auto found = rows(sql, params);
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

std::int64_t Sql::run(std::string_view sql, std::initializer_list<db::Value> params) {
    auto result = tx_.execute(sql, params);
    if (!result) {
        throw DatabaseFailure{result.error()};
    }
    return result.value();
}

Result<std::int64_t, db::Error> Sql::try_run(std::string_view sql,
                                             std::initializer_list<db::Value> params) {
    return tx_.execute(sql, params);
}

void Sql::insert_later(std::string_view head, std::vector<db::Value> row, std::string_view tail) {
    auto pending = std::find_if(later_.begin(), later_.end(),
                                [&](const Later& l) { return l.head == head && l.tail == tail; });
    if (pending == later_.end()) {
        later_.push_back(Later{std::string(head), std::string(tail), {}});
        pending = std::prev(later_.end());
    }
    pending->rows.push_back(std::move(row));
}

void Sql::flush() {
    send_later([&](std::string statement, std::vector<db::Value> params) {
        auto result = tx_.execute(statement, std::span<const db::Value>(params));
        if (!result) {
            throw DatabaseFailure{result.error()};
        }
    });
}

void Sql::flush_if_waiting(std::string_view head, std::string_view first, std::string_view second) {
    const auto names = [&](const std::vector<db::Value>& row) {
        const auto* a = row.size() >= 2 ? std::get_if<std::string>(&row[0]) : nullptr;
        const auto* b = row.size() >= 2 ? std::get_if<std::string>(&row[1]) : nullptr;
        return a != nullptr && b != nullptr && *a == first && *b == second;
    };
    for (const Later& waiting : later_) {
        if (waiting.head == head && std::any_of(waiting.rows.begin(), waiting.rows.end(), names)) {
            flush();
            return;
        }
    }
}

void Sql::flush_at_commit() {
    send_later([&](std::string statement, std::vector<db::Value> params) {
        tx_.execute_at_commit(std::move(statement), std::move(params));
    });
}

void Sql::send_later(const std::function<void(std::string, std::vector<db::Value>)>& send) {
    // Bounded under both engines' limits on parameters per statement
    // (SQLite 32 766, PostgreSQL 65 535): an import writes thousands.
    constexpr std::size_t kMostRows = 500;
    auto pending = std::move(later_);
    later_.clear();
    for (auto& [head, tail, rows] : pending) {
        std::size_t from = 0;
        while (from < rows.size()) {
            const std::size_t to = std::min(rows.size(), from + kMostRows);
            std::string statement = head + " VALUES ";
            std::vector<db::Value> params;
            for (std::size_t r = from; r < to; ++r) {
                statement += r == from ? "(" : ", (";
                for (std::size_t c = 0; c < rows[r].size(); ++c) {
                    params.push_back(std::move(rows[r][c]));
                    statement += (c == 0 ? "$" : ", $") + std::to_string(params.size());
                }
                statement += ")";
            }
            if (!tail.empty()) {
                statement += " " + tail;
            }
            from = to;
            send(std::move(statement), std::move(params));
        }
    }
}

const std::optional<db::Row>& Sql::row_once(std::string_view sql, const std::string& key) {
    const auto at = once_.find(std::make_pair(std::string(sql), key));
    if (at != once_.end()) {
        return at->second;
    }
    return once_.emplace(std::make_pair(std::string(sql), key), row(sql, {key})).first->second;
}

fhir::Refusal unavailable(const db::Error& error) {
    switch (error.kind) {
        case db::ErrorKind::busy:
        case db::ErrorKind::connection:
            return fhir::Refusal{503, std::string(fhir::refusal::unavailable),
                                 "the database is busy or unreachable: " + error.message, ""};
        case db::ErrorKind::unique_violation:
            return fhir::Refusal{409, std::string(fhir::refusal::conflict),
                                 "refused by " + error.constraint, ""};
        case db::ErrorKind::check_violation:
            return fhir::Refusal{kUnprocessable, std::string(fhir::refusal::invalid), error.message,
                                 ""};
        case db::ErrorKind::other:
            break;
    }
    return fhir::Refusal{500, "internal", "database: " + error.message, ""};
}

namespace {

// A string as nlohmann's dump() writes it. Most of a resource's text is
// printable ASCII without a quote or backslash (a signature's base64 is 16
// KiB or more of it), which dump() would still check byte by byte through
// its UTF-8 decoder: such a string is copied as it is. Anything else —
// non-ASCII text, a character to escape — goes through dump() itself, so
// the bytes (hashed, stored, compared with replays) never differ.
void write_string(const std::string& text, std::string& out) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 && byte <= 0x7f && byte != '"' && byte != '\\';
    });
    if (!plain) {
        out += nlohmann::json(text).dump();
        return;
    }
    out += '"';
    out += text;
    out += '"';
}

void write(const nlohmann::json& value, std::string& out, bool top) {
    switch (value.type()) {
        case nlohmann::json::value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, member] : value.items()) {
                if (top && key == "meta") {
                    continue;
                }
                if (!first) {
                    out += ',';
                }
                first = false;
                write_string(key, out);
                out += ':';
                write(member, out, false);
            }
            out += '}';
            return;
        }
        case nlohmann::json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& item : value) {
                if (!first) {
                    out += ',';
                }
                first = false;
                write(item, out, false);
            }
            out += ']';
            return;
        }
        case nlohmann::json::value_t::string:
            write_string(value.get_ref<const std::string&>(), out);
            return;
        default:
            out += value.dump();  // null, a boolean, a number
            return;
    }
}

}  // namespace

std::string canonical(const nlohmann::json& resource) {
    std::string out;
    write(resource, out, true);
    return out;
}

std::string digest(std::string_view text) {
    unsigned char hash[crypto_generichash_BYTES];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

std::string new_uuid() {
    // sodium_init() is idempotent and thread-safe; randombytes needs it once.
    [[maybe_unused]] static const int ready = sodium_init();
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    const std::string h(hex);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20);
}

std::string etag(std::int64_t version) {
    return "W/\"" + std::to_string(version) + "\"";
}

std::optional<std::int64_t> version_of(std::string_view tag) {
    if (tag.starts_with("W/")) {
        tag.remove_prefix(2);
    }
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
        tag = tag.substr(1, tag.size() - 2);
    }
    std::int64_t version = 0;
    const auto [end, error] = std::from_chars(tag.data(), tag.data() + tag.size(), version);
    if (error != std::errc() || end != tag.data() + tag.size() || tag.empty()) {
        return std::nullopt;
    }
    return version;
}

}  // namespace jiayi::hub::store
