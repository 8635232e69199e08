#pragma once
// What went wrong talking to a device, for every transport (serial, USB, a
// file, TCP): a timeout is not a failure, a closed line is not a timeout.

#include <string>

namespace jiayi {

struct IoError {
    enum class Kind { Timeout, Closed, Failed } kind = Kind::Failed;
    std::string message;
};

}  // namespace jiayi
