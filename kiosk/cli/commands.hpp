#pragma once
// The `jiayi` tool's commands. Each returns the process exit status:
// 0 success, 1 a negative answer or a refused action, 2 bad input.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/domain/date.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::cli {

int id_check(const std::vector<std::string>& numbers, bool json, domain::Date today);
int idcard_decode(const std::string& file, bool json, const domain::MaskRules& mask);
// One card from the reader at `device` — a serial path (`baud` 0: probe) or
// "usb"/"usb:VVVV:PPPP" (`usb_pipes`: split, single or probe) — within the timeout.
int idcard_read(const std::string& device, int baud, const std::string& usb_pipes,
                int timeout_seconds, bool json, const domain::MaskRules& mask);

// Each image's codes and what each is to the kiosk; 1 when an image has none.
int qr_decode(const std::vector<std::string>& files);

// Which printer, and which model it is.
struct PrinterTarget {
    std::string address;  // as [devices] printer
    std::string profile = "gprinter-80";
    std::filesystem::path profiles;  // the profiles file
};
// ESC/POS bytes → PNG through our renderer; 1 when a real printer would garble something.
int printer_render(const std::string& bytes_file, const std::string& out_png,
                   const PrinterTarget& target);
// 0 ready; 1 not ready, unknown or unreachable.
int printer_status(const PrinterTarget& target, bool json);
// A test page, status asked before and after; 0 printed (or sent to a printer without status).
int printer_test(const PrinterTarget& target, bool json);
// A simulated printer on TCP `port` writing each receipt as PNG, until Ctrl-C.
int printer_simulate(int port, const std::filesystem::path& out_dir, const PrinterTarget& target);

// What is attached and how each configured device answers; 1 when a
// configured one is missing, unreachable or not ready.
int devices(const std::filesystem::path& config_file, const std::filesystem::path& profiles,
            bool json);

int config_check(const std::filesystem::path& file);
int db_status(const std::filesystem::path& config_file);
int db_migrate(const std::filesystem::path& config_file);
int ledger_export(const std::filesystem::path& config_file, domain::Date date, bool unmasked,
                  const std::optional<std::filesystem::path>& out);
int ledger_digest(const std::filesystem::path& config_file, domain::Date date);
int key_generate(const std::filesystem::path& file);
int pin_hash();

int demo(const std::filesystem::path& config_file, const std::filesystem::path& dir);

}  // namespace jiayi::cli
