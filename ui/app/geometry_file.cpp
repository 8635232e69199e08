#include "ui/app/geometry_file.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>

namespace jiayi::ui {

void write_geometry_file(const std::string& file, std::uint64_t version, const flow::View& view,
                         const Geometry& geometry, float scale, bool dimmed) {
    const std::string tmp = file + ".tmp";
    {
        std::ofstream out(tmp);
        out << "version " << version << "\n";
        out << "screen " << flow::screen_name(view.screen) << "\n";
        if (view.message) {
            out << "message " << view.message->code << "\n";
        }
        if (dimmed) {
            out << "dimmed\n";
        }
        auto px = [scale](float v) { return static_cast<int>(std::lround(v * scale)); };
        for (const auto* items : {&geometry.demo, &geometry.items}) {
            for (const auto& item : *items) {
                out << px(item.x) << ' ' << px(item.y) << ' ' << px(item.w) << ' ' << px(item.h)
                    << ' ' << item.label << "\n";
            }
        }
    }
    std::rename(tmp.c_str(), file.c_str());
}

}  // namespace jiayi::ui
