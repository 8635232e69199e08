#include "drivers/printer/status.hpp"

namespace jiayi::drivers::printer {

Status decode_status(std::optional<std::uint8_t> printer, std::optional<std::uint8_t> offline_cause,
                     std::optional<std::uint8_t> paper) {
    Status s;
    s.known = printer && offline_cause && paper && well_formed(*printer) &&
              well_formed(*offline_cause) && well_formed(*paper);
    if (printer && well_formed(*printer)) {
        s.offline = (*printer & 0x08) != 0;
    }
    if (offline_cause && well_formed(*offline_cause)) {
        s.cover_open = (*offline_cause & 0x04) != 0;
        s.error = (*offline_cause & 0x40) != 0;
        if ((*offline_cause & 0x20) != 0) {
            s.paper = Paper::Out;  // stopped at paper end
        }
    }
    if (paper && well_formed(*paper) && s.paper != Paper::Out) {
        if ((*paper & 0x60) != 0) {
            s.paper = Paper::Out;
        } else if ((*paper & 0x0C) != 0) {
            s.paper = Paper::NearEnd;
        } else {
            s.paper = Paper::Ok;
        }
    }
    return s;
}

std::string describe_status(const Status& s) {
    std::string out;
    auto add = [&](const char* what) {
        out += out.empty() ? "" : ", ";
        out += what;
    };
    if (s.paper == Paper::Out) {
        add("paper out");
    }
    if (s.cover_open) {
        add("cover open");
    }
    if (s.offline) {
        add("offline");
    }
    if (s.error) {
        add("error");
    }
    if (!s.known) {
        add("unknown (no answer)");
    }
    if (out.empty()) {
        out = s.paper == Paper::NearEnd ? "ready, paper near end" : "ready";
    }
    return out;
}

}  // namespace jiayi::drivers::printer
