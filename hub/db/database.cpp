#include "hub/db/database.hpp"

#include "hub/db/postgres_database.hpp"
#include "hub/db/sqlite_database.hpp"

namespace jiayi::hub::db {

bool Row::is_null(std::size_t column) const {
    return std::holds_alternative<std::monostate>(values.at(column));
}

std::int64_t Row::integer(std::size_t column) const {
    const Value& value = values.at(column);
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return *number;
    }
    if (const auto* real = std::get_if<double>(&value)) {
        return static_cast<std::int64_t>(*real);
    }
    return 0;
}

double Row::real(std::size_t column) const {
    const Value& value = values.at(column);
    if (const auto* real = std::get_if<double>(&value)) {
        return *real;
    }
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return static_cast<double>(*number);
    }
    return 0.0;
}

const std::string& Row::text(std::size_t column) const {
    static const std::string empty;
    const auto* text = std::get_if<std::string>(&values.at(column));
    return text ? *text : empty;
}

Result<std::unique_ptr<Database>, Error> open(std::string_view url, const OpenOptions& options) {
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return open_postgres(url, options);
    }
    std::string_view path = url;
    if (path.starts_with("sqlite://")) {
        path.remove_prefix(9);
    } else if (path.starts_with("sqlite:")) {
        path.remove_prefix(7);
    }
    if (path.empty()) {
        return fail(Error{ErrorKind::connection, "", "no database path in the URL"});
    }
    return open_sqlite(std::filesystem::path(std::string(path)), options);
}

}  // namespace jiayi::hub::db
