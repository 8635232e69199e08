#pragma once
// What the four imports share: the table of each file's columns (an English
// name and its Chinese aliases), the errors (line + column + reason), and the
// reading of one field as a date, a time, a yes/no or a number.
//
// An import is checked whole: a checker returns every row, typed, or every
// error of the file; the store applies the rows in one transaction. So a
// refused file leaves nothing behind, and one run lists all that must be fixed.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "hub/admin/csv.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/domain/document.hpp"

namespace jiayi::hub::admin {

// One refused field or row: the physical line of the file, the column as the
// file names it (empty when the row as a whole is wrong), and why. Messages
// never repeat a resident's ID number or name: the report is shown and logged.
struct ImportError {
    int line = 0;
    std::string column;
    std::string message;
};

template <class Row>
using Checked = Result<std::vector<Row>, std::vector<ImportError>>;

struct ColumnSpec {
    std::string_view name;                  // English, as written in the examples
    std::vector<std::string_view> aliases;  // Chinese and other accepted headers
    bool required = true;  // the header must have it (a value may still be optional)
};

// Where each spec's column sits in a file's header (-1: absent).
struct HeaderMap {
    std::vector<int> index;
    std::vector<std::string> header;  // as the file wrote it
    int header_line = 1;
};

// Matches a header against the specs: English names case-insensitively,
// aliases exactly (after trimming). Unknown and repeated columns are errors:
// a misspelt header would otherwise drop a column's data in silence.
Result<HeaderMap, std::vector<ImportError>> map_header(const CsvFile& file,
                                                       std::span<const ColumnSpec> specs);

// One data row read through the header map; errors collect into `errors`.
class RowReader {
  public:
    RowReader(const CsvRecord& record, const HeaderMap& map, std::span<const ColumnSpec> specs,
              std::vector<ImportError>& errors);

    int line() const { return record_.line; }
    // False (and an error recorded) when the row has more or fewer fields
    // than the header.
    bool shape_ok();

    // The trimmed text of a column ("" when absent or empty).
    std::string text(std::size_t spec) const;
    // The column's name as the file wrote it (or the spec's, when absent).
    std::string column(std::size_t spec) const;

    // Records an error against a column (or the row, with spec == npos).
    void error(std::size_t spec, std::string message);
    static constexpr std::size_t kRow = static_cast<std::size_t>(-1);

    // Required value: an error "empty" when blank.
    std::optional<std::string> required(std::size_t spec);
    std::optional<domain::Date> date(std::size_t spec, bool required);
    // "HH:MM" (or "H:MM"), minutes after midnight; 24:00 is not a time.
    std::optional<int> minute_of_day(std::size_t spec);
    // yes/no in English, Chinese (是/否) or 1/0; `fallback` when empty.
    std::optional<bool> yes_no(std::size_t spec, bool fallback);
    std::optional<long> integer(std::size_t spec, long min, long max);

    int errors_seen() const { return errors_here_; }

  private:
    const CsvRecord& record_;
    const HeaderMap& map_;
    std::span<const ColumnSpec> specs_;
    std::vector<ImportError>& errors_;
    int errors_here_ = 0;
};

// A resident's document number read with kiosk/domain's rules (kind from its
// shape, MOD 11-2 check, a real past birth date); errors as sentences that
// do not repeat the number.
std::optional<domain::Document> read_document(RowReader& row, std::size_t spec, domain::Date today);

// Dates as district spreadsheets write them: 2026-12-03, 2026/12/3,
// 2026.12.3, 20261203, 2026年12月3日.
std::optional<domain::Date> parse_sheet_date(std::string_view text);

// An identifier from another system (team, center, township, hospital):
// letters, digits, '-', '_' and '.', at most 64.
bool is_code(std::string_view text);

std::string trim(std::string_view text);
std::string ascii_lower(std::string_view text);

// The errors as a line-ordered, one-line-each text ("line 4, 身份证号: …").
std::string describe(const std::vector<ImportError>& errors);

}  // namespace jiayi::hub::admin
