#pragma once
// A problem in a configuration file, where it is: what a strict reader of
// config/kiosk.toml or config/hub.toml reports (toml/table_reader.hpp).

#include <string>

namespace jiayi {

struct ConfigError {
    std::string file;
    int line = 0;  // 0 when the error has no line (a missing file)
    std::string message;

    // "file:line: message", or "file: message" without a line.
    std::string to_string() const {
        return line > 0 ? file + ":" + std::to_string(line) + ": " + message
                        : file + ": " + message;
    }
};

}  // namespace jiayi
