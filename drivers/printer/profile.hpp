#pragma once
// What a printer model can do, as data (escpos.md: "what a model can do lives
// in a printer profile in configuration, not in code"). The models we know
// are in assets/printers.toml; a center adds its own there.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "drivers/printer/gb18030.hpp"

namespace jiayi::drivers::printer {

enum class Cut { None, Partial, Full };

struct Profile {
    std::string id;                // "gprinter-80"
    std::string name;              // "Gprinter GP-80250 (80 mm)"
    std::vector<std::string> usb;  // "6868:0500", lower-case hex
    int dots = 384;                // printable width in dots
    int columns = 32;              // font A (12×24) characters per line
    FontSet font = FontSet::Gb2312;
    bool qr = false;    // draws QR codes itself (GS ( k)
    int qr_module = 6;  // dots per QR module
    Cut cut = Cut::None;
    bool status = false;      // answers DLE EOT real-time status
    int feed_before_cut = 4;  // lines fed so the cut misses the last line

    int cell() const { return dots / columns; }  // dots per ASCII column
};

// Every profile in a profiles file; a bad file names the profile and field.
Result<std::vector<Profile>, std::string> load_profiles(const std::filesystem::path& file);
Result<std::vector<Profile>, std::string> parse_profiles(std::string_view toml);

const Profile* find_profile(const std::vector<Profile>& profiles, std::string_view id);

std::string_view code(Cut cut);

}  // namespace jiayi::drivers::printer
