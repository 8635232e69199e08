#pragma once
// Runs the `jiayi` tool as a process (JIAYI_BIN), as staff would, and keeps
// what it said.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/temp_dir.hpp"

namespace jiayi::test {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

// `jiayi ARGS` with `input` on its standard input; its output goes through `io`.
inline Run run_jiayi_in(const TempDir& io, const std::string& args, const std::string& input = "") {
    const auto in = io / "stdin";
    std::ofstream(in) << input;
    // Appended, not a chain of `+`: GCC 12 at -O2 reports a false
    // -Warray-bounds in the inlined temporaries of the chain.
    std::string command = JIAYI_BIN;
    for (const std::string& part :
         {std::string(" "), args, std::string(" <"), in.string(), std::string(" >"),
          (io / "stdout").string(), std::string(" 2>"), (io / "stderr").string()}) {
        command.append(part);
    }
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(io / "stdout"), slurp(io / "stderr")};
}

}  // namespace jiayi::test
