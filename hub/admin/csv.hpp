#pragma once
// CSV as RFC 4180 writes it, read into records that remember their line.
//
// - Fields are separated by ',' and records by CRLF, LF or a lone CR.
// - A field that starts with '"' is quoted: it runs to the next lone '"',
//   may hold ',', line breaks and '""' (one '"'), and must be followed by ','
//   or the end of the record. A '"' inside an unquoted field is an error:
//   a spreadsheet always quotes such a field, so one is a sign of a damaged file.
// - The first record is the header. Blank lines, and records whose fields are
//   all empty (spreadsheets export trailing ",,,," rows), are skipped.
// - Each record keeps the physical line it starts on (a quoted line break
//   counts), so an error points where an editor shows the row.
// Records may have more or fewer fields than the header: the import checkers
// report such ragged rows, so that every bad row of a file is listed at once.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "hub/admin/encoding.hpp"

namespace jiayi::hub::admin {

struct CsvRecord {
    int line = 0;  // physical line (1-based) of the record's first character
    std::vector<std::string> fields;
};

struct CsvFile {
    Encoding encoding = Encoding::Utf8;  // what the bytes were
    std::vector<std::string> header;     // trimmed
    int header_line = 1;
    std::vector<CsvRecord> records;  // the data rows, header excluded
};

// A file that cannot be read as CSV at all. `column` names the header's
// column when the header is known, else "#N"; empty for the file as a whole.
struct CsvError {
    int line = 0;
    std::string column;
    std::string message;
};

// Parses UTF-8 text (already decoded, BOM removed).
Result<CsvFile, CsvError> parse_csv(std::string_view utf8);

// Decodes (see decode_text) and parses.
Result<CsvFile, CsvError> read_csv(std::string_view bytes, Encoding encoding = Encoding::Auto);

// RFC 4180 quoting of one field for writing: quoted when it holds ',', '"'
// or a line break, or starts or ends with a space.
std::string csv_field(std::string_view text);

}  // namespace jiayi::hub::admin
