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

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `jiayi ARGS` with `input` on its standard input; its output goes through `io`.
inline Run run_jiayi_in(const TempDir& io, const std::string& args, const std::string& input = "") {
    const auto in = io / "stdin";
    std::ofstream(in) << input;
    const std::string command = std::string(JIAYI_BIN) + " " + args + " <" + in.string() + " >" +
                                (io / "stdout").string() + " 2>" + (io / "stderr").string();
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(io / "stdout"), slurp(io / "stderr")};
}

}  // namespace jiayi::test
