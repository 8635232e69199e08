#pragma once
// The kiosk program run headless by a test, with the shipped configuration
// pointed at a hub on this machine and at a store in the test's folder.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "apps/jiayi-hub/fault_fixture.hpp"
#include "support/hub_process.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::test {

using hub_faults::kKiosk;

// The shipped configuration with the lines scripts/hub-local --demo
// changes: the hub's URL (a plain-http one on this machine makes
// `--demo` use the configured store and the hub), the token file, the kiosk's id, the center whose
// teams are offered, the store's files.
inline std::filesystem::path write_config(const TempDir& dir, const std::string& hub_url,
                                          const std::string& token) {
    std::ofstream(dir / "hub-token") << token << "\n";
    std::ifstream shipped(std::filesystem::path(JIAYI_SOURCE_DIR) / "config/kiosk.toml");
    REQUIRE(shipped);
    std::ostringstream out;
    std::string line;
    auto starts = [&line](const char* key) { return line.rfind(key, 0) == 0; };
    while (std::getline(shipped, line)) {
        if (starts("url = ")) {
            line = "url = \"" + hub_url + "/fhir\"";
        } else if (starts("credential_file = ")) {
            line = "credential_file = \"" + (dir / "hub-token").string() + "\"";
        } else if (starts("id = \"kiosk-dev\"")) {
            line = "id = \"" + kKiosk + "\"";
        } else if (starts("center = ")) {
            line = "center = \"hc-500114\"";  // hub_faults::team's center
        } else if (starts("database = ")) {
            line = "database = \"" + (dir / "kiosk.db").string() + "\"";
        } else if (starts("key_file = ")) {
            line = "key_file = \"" + (dir / "kiosk.key").string() + "\"";
        }
        out << line << "\n";
    }
    const auto path = dir / "kiosk.toml";
    std::ofstream(path) << out.str();
    return path;
}

struct KioskRun {
    int status = -1;
    std::string out;
    std::string err;
};

inline KioskRun run_kiosk(const TempDir& dir, const std::filesystem::path& config,
                          const std::string& script) {
    std::ofstream(dir / "session.script") << script;
    std::string command = JIAYI_KIOSK_BIN;
    for (const std::string& part :
         {std::string(" --headless --demo --size 1280x720 --config "), config.string(),
          std::string(" --script "), (dir / "session.script").string(),
          std::string(" --screenshot "), (dir / "screens").string(), std::string(" >"),
          (dir / "stdout").string(), std::string(" 2>"), (dir / "stderr").string(),
          std::string(" </dev/null")}) {
        command.append(part);
    }
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_whole(dir / "stdout"),
            read_whole(dir / "stderr")};
}

}  // namespace jiayi::test
