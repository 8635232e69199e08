#include "hub/admin/csv.hpp"

namespace jiayi::hub::admin {

namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

bool all_empty(const std::vector<std::string>& fields) {
    for (const auto& f : fields) {
        if (!trim(f).empty()) {
            return false;
        }
    }
    return true;
}

class Parser {
  public:
    explicit Parser(std::string_view text) : text_(text) {}

    Result<CsvFile, CsvError> run() {
        CsvFile file;
        bool have_header = false;
        while (pos_ < text_.size()) {
            const int start_line = line_;
            std::vector<std::string> fields;
            if (auto ok = record(fields, have_header ? &file.header : nullptr); !ok) {
                return fail(ok.error());
            }
            if (all_empty(fields)) {
                continue;
            }
            if (!have_header) {
                for (auto& f : fields) {
                    file.header.push_back(trim(f));
                }
                file.header_line = start_line;
                have_header = true;
            } else {
                file.records.push_back({start_line, std::move(fields)});
            }
        }
        if (!have_header) {
            return fail(CsvError{1, "", "the file is empty: a header row is needed"});
        }
        return file;
    }

  private:
    static std::string column_name(const std::vector<std::string>* header, std::size_t index) {
        if (header && index < header->size()) {
            return (*header)[index];
        }
        return "#" + std::to_string(index + 1);
    }

    // Consumes a line break at pos_, if any; true when one was there.
    bool line_break() {
        if (text_[pos_] == '\r') {
            ++pos_;
            if (pos_ < text_.size() && text_[pos_] == '\n') {
                ++pos_;
            }
            ++line_;
            return true;
        }
        if (text_[pos_] == '\n') {
            ++pos_;
            ++line_;
            return true;
        }
        return false;
    }

    Result<void, CsvError> record(std::vector<std::string>& fields,
                                  const std::vector<std::string>* header) {
        while (true) {
            std::string field;
            const std::size_t index = fields.size();
            if (pos_ < text_.size() && text_[pos_] == '"') {
                const int opened = line_;
                ++pos_;
                bool closed = false;
                while (pos_ < text_.size()) {
                    if (text_[pos_] == '"') {
                        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
                            field += '"';
                            pos_ += 2;
                            continue;
                        }
                        ++pos_;
                        closed = true;
                        break;
                    }
                    const std::size_t before = pos_;
                    if (line_break()) {
                        field.append(text_.substr(before, pos_ - before));
                        continue;
                    }
                    field += text_[pos_++];
                }
                if (!closed) {
                    return fail(CsvError{opened, column_name(header, index),
                                         "a quoted field opened on line " + std::to_string(opened) +
                                             " is never closed"});
                }
                if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\r' &&
                    text_[pos_] != '\n') {
                    return fail(CsvError{line_, column_name(header, index),
                                         "text after the closing quote of a quoted field"});
                }
            } else {
                while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\r' &&
                       text_[pos_] != '\n') {
                    if (text_[pos_] == '"') {
                        return fail(CsvError{line_, column_name(header, index),
                                             "a quote inside an unquoted field (a field holding "
                                             "quotes must be quoted, its quotes doubled)"});
                    }
                    field += text_[pos_++];
                }
            }
            fields.push_back(std::move(field));
            if (pos_ >= text_.size()) {
                return Ok{};
            }
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            line_break();
            return Ok{};
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1;
};

}  // namespace

Result<CsvFile, CsvError> parse_csv(std::string_view utf8) {
    return Parser(utf8).run();
}

Result<CsvFile, CsvError> read_csv(std::string_view bytes, Encoding encoding) {
    auto decoded = decode_text(bytes, encoding);
    if (!decoded) {
        return fail(CsvError{decoded.error().line, "", decoded.error().message});
    }
    auto file = parse_csv(decoded->utf8);
    if (file) {
        file->encoding = decoded->encoding;
    }
    return file;
}

std::string csv_field(std::string_view text) {
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) {
        return std::string(text);
    }
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + "\"";
}

}  // namespace jiayi::hub::admin
