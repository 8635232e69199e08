// `jiayi doctor`'s store check: SQLite's own verdict on the file.

#include "kiosk/store/internal.hpp"

namespace jiayi::store {

using detail::guard;

Result<std::vector<std::string>, StoreError> Store::integrity_problems(int limit) {
    return guard([&]() -> Result<std::vector<std::string>, StoreError> {
        auto check = db_->prepare("PRAGMA integrity_check(" + std::to_string(limit) + ")");
        std::vector<std::string> problems;
        while (check.step()) {
            std::string line = check.text(0);
            if (line != "ok") {
                problems.push_back(std::move(line));
            }
        }
        return problems;
    });
}

}  // namespace jiayi::store
