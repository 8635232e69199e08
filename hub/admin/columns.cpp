#include "hub/admin/columns.hpp"

#include <algorithm>
#include <charconv>

namespace jiayi::hub::admin {

std::string trim(std::string_view s) {
    // ASCII blanks and the ideographic space (U+3000) a Chinese keyboard types.
    constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
    while (true) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
            s.remove_prefix(1);
        } else if (s.starts_with(kIdeographicSpace)) {
            s.remove_prefix(kIdeographicSpace.size());
        } else {
            break;
        }
    }
    while (true) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
            s.remove_suffix(1);
        } else if (s.ends_with(kIdeographicSpace)) {
            s.remove_suffix(kIdeographicSpace.size());
        } else {
            break;
        }
    }
    return std::string(s);
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool is_code(std::string_view text) {
    if (text.empty() || text.size() > 64) {
        return false;
    }
    for (char c : text) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

namespace {

bool matches(const ColumnSpec& spec, const std::string& header) {
    if (ascii_lower(header) == ascii_lower(spec.name)) {
        return true;
    }
    return std::find(spec.aliases.begin(), spec.aliases.end(), header) != spec.aliases.end();
}

std::optional<int> number(std::string_view digits) {
    int value = 0;
    if (digits.empty() || digits.size() > 4) {
        return std::nullopt;
    }
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<domain::Date> parse_sheet_date(std::string_view raw) {
    const std::string text = trim(raw);
    if (auto d = domain::parse_iso_date(text)) {
        return d;
    }
    if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string::npos) {
        return domain::parse_compact_date(text);
    }
    // Three numbers between separators: '-', '/', '.', or 年 月 (and a final 日).
    std::string normal = text;
    for (std::string_view sep : {"年", "月"}) {
        for (auto at = normal.find(sep); at != std::string::npos; at = normal.find(sep)) {
            normal.replace(at, sep.size(), "-");
        }
    }
    if (normal.ends_with("日")) {
        normal.resize(normal.size() - std::string_view("日").size());
    }
    std::vector<std::string_view> parts;
    std::string_view rest = normal;
    while (true) {
        const auto at = rest.find_first_of("-/.");
        parts.push_back(rest.substr(0, at));
        if (at == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(at + 1);
    }
    if (parts.size() != 3 || parts[0].size() != 4) {
        return std::nullopt;
    }
    const auto y = number(parts[0]);
    const auto m = number(parts[1]);
    const auto d = number(parts[2]);
    if (!y || !m || !d || parts[1].size() > 2 || parts[2].size() > 2 ||
        !domain::is_valid_date(*y, *m, *d)) {
        return std::nullopt;
    }
    return domain::Date{*y, *m, *d};
}

Result<HeaderMap, std::vector<ImportError>> map_header(const CsvFile& file,
                                                       std::span<const ColumnSpec> specs) {
    HeaderMap map;
    map.header = file.header;
    map.header_line = file.header_line;
    map.index.assign(specs.size(), -1);
    std::vector<ImportError> errors;
    for (std::size_t col = 0; col < file.header.size(); ++col) {
        const std::string& h = file.header[col];
        bool known = false;
        for (std::size_t s = 0; s < specs.size(); ++s) {
            if (!matches(specs[s], h)) {
                continue;
            }
            known = true;
            if (map.index[s] >= 0) {
                errors.push_back({file.header_line, h,
                                  "column '" + std::string(specs[s].name) + "' appears twice"});
            } else {
                map.index[s] = static_cast<int>(col);
            }
        }
        if (!known) {
            std::string names;
            for (const auto& spec : specs) {
                names += (names.empty() ? "" : ", ") + std::string(spec.name);
            }
            errors.push_back({file.header_line, h.empty() ? "#" + std::to_string(col + 1) : h,
                              "unknown column (the columns are: " + names + ")"});
        }
    }
    for (std::size_t s = 0; s < specs.size(); ++s) {
        if (specs[s].required && map.index[s] < 0) {
            std::string aliases;
            for (auto a : specs[s].aliases) {
                aliases += (aliases.empty() ? " (or " : ", ") + std::string(a);
            }
            errors.push_back({file.header_line, std::string(specs[s].name),
                              "the header has no column '" + std::string(specs[s].name) + "'" +
                                  (aliases.empty() ? "" : aliases + ")")});
        }
    }
    if (!errors.empty()) {
        return fail(std::move(errors));
    }
    return map;
}

RowReader::RowReader(const CsvRecord& record, const HeaderMap& map,
                     std::span<const ColumnSpec> specs, std::vector<ImportError>& errors)
    : record_(record), map_(map), specs_(specs), errors_(errors) {}

bool RowReader::shape_ok() {
    if (record_.fields.size() == map_.header.size()) {
        return true;
    }
    error(kRow, std::to_string(record_.fields.size()) + " fields, the header has " +
                    std::to_string(map_.header.size()));
    return false;
}

std::string RowReader::text(std::size_t spec) const {
    const int col = map_.index[spec];
    if (col < 0 || static_cast<std::size_t>(col) >= record_.fields.size()) {
        return "";
    }
    return trim(record_.fields[static_cast<std::size_t>(col)]);
}

std::string RowReader::column(std::size_t spec) const {
    const int col = map_.index[spec];
    return col < 0 ? std::string(specs_[spec].name) : map_.header[static_cast<std::size_t>(col)];
}

void RowReader::error(std::size_t spec, std::string message) {
    errors_.push_back({record_.line, spec == kRow ? "" : column(spec), std::move(message)});
    ++errors_here_;
}

std::optional<std::string> RowReader::required(std::size_t spec) {
    std::string value = text(spec);
    if (value.empty()) {
        error(spec, "empty; a value is required");
        return std::nullopt;
    }
    return value;
}

std::optional<domain::Date> RowReader::date(std::size_t spec, bool is_required) {
    const std::string value = text(spec);
    if (value.empty()) {
        if (is_required) {
            error(spec, "empty; a date is required");
        }
        return std::nullopt;
    }
    auto parsed = parse_sheet_date(value);
    if (!parsed) {
        error(spec, "'" + value + "' is not a real date (write YYYY-MM-DD)");
    }
    return parsed;
}

std::optional<int> RowReader::minute_of_day(std::size_t spec) {
    const std::string value = text(spec);
    if (value.empty()) {
        error(spec, "empty; a time is required");
        return std::nullopt;
    }
    const auto colon = value.find(':');
    std::optional<int> h;
    std::optional<int> m;
    if (colon != std::string::npos && colon <= 2 && value.size() - colon - 1 == 2) {
        h = number(std::string_view(value).substr(0, colon));
        m = number(std::string_view(value).substr(colon + 1));
    }
    if (!h || !m || *h > 23 || *m > 59) {
        error(spec, "'" + value + "' is not a time (write HH:MM, 00:00 to 23:59)");
        return std::nullopt;
    }
    return *h * 60 + *m;
}

std::optional<bool> RowReader::yes_no(std::size_t spec, bool fallback) {
    const std::string value = ascii_lower(text(spec));
    if (value.empty()) {
        return fallback;
    }
    for (std::string_view yes : {"yes", "y", "true", "1", "是"}) {
        if (value == yes) {
            return true;
        }
    }
    for (std::string_view no : {"no", "n", "false", "0", "否"}) {
        if (value == no) {
            return false;
        }
    }
    error(spec, "'" + text(spec) + "' is neither yes nor no (write yes/no, 是/否 or 1/0)");
    return std::nullopt;
}

std::optional<long> RowReader::integer(std::size_t spec, long min, long max) {
    const std::string value = text(spec);
    long n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size() || n < min ||
        n > max) {
        error(spec, "'" + value + "' is not a whole number from " + std::to_string(min) + " to " +
                        std::to_string(max));
        return std::nullopt;
    }
    return n;
}

std::string describe(const std::vector<ImportError>& errors) {
    std::vector<ImportError> sorted = errors;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
    std::string out;
    for (const auto& e : sorted) {
        out += "line " + std::to_string(e.line);
        if (!e.column.empty()) {
            out += ", " + e.column;
        }
        out += ": " + e.message + "\n";
    }
    return out;
}

}  // namespace jiayi::hub::admin
