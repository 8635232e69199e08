// Row's accessors. (hubcore's database.cpp defines them too; whichever the
// merge keeps, this file goes when both are on one branch.)
#include <stdexcept>

#include "hub/db/database.hpp"

namespace jiayi::hub::db {

bool Row::is_null(std::size_t column) const {
    return std::holds_alternative<std::monostate>(values.at(column));
}

std::int64_t Row::integer(std::size_t column) const {
    const Value& value = values.at(column);
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return *integer;
    }
    if (std::holds_alternative<std::monostate>(value)) {
        return 0;
    }
    // Reading a text or real column as an integer is a mistake in the store's SQL.
    throw std::logic_error("column " + std::to_string(column) + " is not an integer");
}

double Row::real(std::size_t column) const {
    const Value& value = values.at(column);
    if (const auto* real = std::get_if<double>(&value)) {
        return *real;
    }
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return static_cast<double>(*integer);
    }
    if (std::holds_alternative<std::monostate>(value)) {
        return 0;
    }
    throw std::logic_error("column " + std::to_string(column) + " is not a number");
}

const std::string& Row::text(std::size_t column) const {
    static const std::string empty;
    const Value& value = values.at(column);
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (std::holds_alternative<std::monostate>(value)) {
        return empty;
    }
    throw std::logic_error("column " + std::to_string(column) + " is not text");
}

}  // namespace jiayi::hub::db
