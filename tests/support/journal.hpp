#pragma once
// What the programs write for the journal, as tests read it:
//
//   JournalStream stream(dir / "stderr");  // the file made now, JOURNAL_STREAM naming it
//   ... a child writes its stderr into that file (O_APPEND, or a shell's 2>) ...
//   CHECK(lines_without_level(text).empty());
//   CHECK(personal_data_in(text, needles).empty());
//
// JOURNAL_STREAM is "DEVICE:INODE" of the file, as systemd sets it for the
// journal's stream: the program sees its stderr is that stream and puts the
// level prefix (<3>, <4>, <6>, …) on each line (common/log.hpp).

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace jiayi::test {

class JournalStream {
  public:
    explicit JournalStream(const std::filesystem::path& file) {
        std::ofstream(file, std::ios::app).flush();
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0) {
            throw std::runtime_error("cannot make " + file.string());
        }
        const std::string value = std::to_string(static_cast<unsigned long long>(st.st_dev)) + ":" +
                                  std::to_string(static_cast<unsigned long long>(st.st_ino));
        ::setenv("JOURNAL_STREAM", value.c_str(), 1);
    }
    ~JournalStream() { ::unsetenv("JOURNAL_STREAM"); }
    JournalStream(const JournalStream&) = delete;
    JournalStream& operator=(const JournalStream&) = delete;
};

// The lines of `text` that do not start with a journal level <0>…<7>.
inline std::vector<std::string> lines_without_level(const std::string& text) {
    std::vector<std::string> bad;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const bool leveled = line.size() >= 3 && line[0] == '<' && line[1] >= '0' &&
                             line[1] <= '7' && line[2] == '>';
        if (!leveled) {
            bad.push_back(line);
        }
    }
    return bad;
}

// The needles (names, identity numbers, phones) that occur in `text`.
inline std::vector<std::string> personal_data_in(const std::string& text,
                                                 const std::vector<std::string>& needles) {
    std::vector<std::string> found;
    for (const auto& needle : needles) {
        if (!needle.empty() && text.find(needle) != std::string::npos) {
            found.push_back(needle);
        }
    }
    return found;
}

// The people a script makes up: every `card NUMBER NAME` step's number and
// name, and every `keys` step of 11 digits (a phone).
inline std::vector<std::string> people_in_script(const std::string& script) {
    std::vector<std::string> needles;
    std::istringstream in(script);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line.substr(0, line.find('#')));
        std::string verb;
        std::string first;
        std::string second;
        words >> verb >> first >> second;
        const bool digits =
            !first.empty() && first.find_first_not_of("0123456789Xx") == std::string::npos;
        if (verb == "card" && digits) {
            needles.push_back(first);
            needles.push_back(second);
        }
        if (verb == "keys" && digits && first.size() == 11) {
            needles.push_back(first);
        }
    }
    return needles;
}

}  // namespace jiayi::test
