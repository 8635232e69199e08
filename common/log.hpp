#pragma once
// The programs' one way to write a line for staff: a level and a sentence,
// on stderr. Under systemd, stderr is the journal (JOURNAL_STREAM names its
// device and inode): each line then starts with the kernel-style level
// prefix `<3>` … `<7>` that journald reads as the priority (sd-daemon(3),
// SyslogLevelPrefix=), so `journalctl -p warning` finds the problems. On a
// terminal or a file the line is written as it is.
//
// A line names counts, codes and the staff's words; never a resident (no
// name, identity number or phone): the tests read every line of a tour and
// of a hub serving a signing for the made-up people's.
//
//     log::warning("jiayi-kiosk: the printer is out of paper");
//
// Thread-safe: one write(2) per line.

#include <string_view>

namespace jiayi::log {

enum class Level { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

void write(Level level, std::string_view line);

inline void error(std::string_view line) {
    write(Level::error, line);
}
inline void warning(std::string_view line) {
    write(Level::warning, line);
}
inline void notice(std::string_view line) {
    write(Level::notice, line);
}
inline void info(std::string_view line) {
    write(Level::info, line);
}

// Whether stderr is the journal's stream (read once, at the first line).
bool to_journal();

}  // namespace jiayi::log
