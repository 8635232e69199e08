#include "common/log.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace jiayi::log {

namespace {

// JOURNAL_STREAM is "DEVICE:INODE" of the stream systemd connected; a
// child whose stderr was redirected elsewhere inherits the variable, so it
// counts only when stderr is still that stream (systemd.exec(5)).
bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr || *stream == '\0') {
        return false;
    }
    unsigned long long device = 0;
    unsigned long long inode = 0;
    if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) {
        return false;
    }
    struct stat st {};
    if (::fstat(STDERR_FILENO, &st) != 0) {
        return false;
    }
    return static_cast<unsigned long long>(st.st_dev) == device &&
           static_cast<unsigned long long>(st.st_ino) == inode;
}

}  // namespace

bool to_journal() {
    static const bool journal = stderr_is_journal();
    return journal;
}

void write(Level level, std::string_view line) {
    // One buffer, one write: lines from several threads never interleave.
    // A sentence spanning lines gets its level on each.
    const bool journal = to_journal();
    std::string text;
    text.reserve(line.size() + 4);
    for (;;) {
        const auto end = line.find('\n');
        if (journal) {
            text += '<';
            text += static_cast<char>('0' + static_cast<int>(level));
            text += '>';
        }
        text += line.substr(0, end);
        text += '\n';
        if (end == std::string_view::npos || end + 1 == line.size()) {
            break;
        }
        line.remove_prefix(end + 1);
    }
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(STDERR_FILENO, text.data() + written, text.size() - written);
        if (n <= 0) {
            return;  // nowhere to say it
        }
        written += static_cast<std::size_t>(n);
    }
}

}  // namespace jiayi::log
