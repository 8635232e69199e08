// jiayi devices: what is attached (USB, with VID:PID and which of ours it
// is) and how each configured device answers — without taking a device away
// from a running kiosk: paths are looked at, only the printer is asked.

#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/jiayi/commands.hpp"
#include "apps/jiayi/device_states.hpp"
#include "drivers/usb/devices.hpp"
#include "kiosk/config/config.hpp"

namespace jiayi::cli {

namespace {

using nlohmann::json;

int devices(const std::filesystem::path& config_file, const std::filesystem::path& profiles,
            bool as_json) {
    auto loaded = config::load_config(config_file);
    config::DevicesSection configured_devices;
    std::filesystem::path profile_file = profiles;
    std::string config_problem;
    if (loaded) {
        configured_devices = loaded->devices;
        if (!loaded->devices.printer_profiles.empty()) {
            profile_file = loaded->devices.printer_profiles;
        }
    } else {
        config_problem = loaded.error().front().to_string();
    }

    auto usb = usb::list();
    std::vector<Configured> configured;
    if (loaded) {
        configured = configured_states(configured_devices, profile_file);
    }

    if (as_json) {
        json out;
        out["usb"] = json::array();
        if (usb) {
            for (const auto& d : *usb) {
                out["usb"].push_back({{"vid_pid", usb::vid_pid(d.vendor, d.product)},
                                      {"bus", d.bus},
                                      {"address", d.address},
                                      {"port", d.port},
                                      {"interface_classes", d.interface_classes},
                                      {"product", d.product_name},
                                      {"role", usb::code(d.role)},
                                      {"model", d.model},
                                      {"transport", "usb"},
                                      {"state", "attached"}});
            }
        } else {
            out["usb_error"] = usb.error().message;
        }
        out["configured"] = json::array();
        for (const auto& c : configured) {
            out["configured"].push_back({{"role", c.role},
                                         {"address", c.address},
                                         {"state", c.state},
                                         {"detail", c.detail}});
        }
        if (!config_problem.empty()) {
            out["config_error"] = config_problem;
        }
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << "USB\n";
        if (!usb) {
            std::cout << "  cannot list: " << usb.error().message << "\n";
        } else if (usb->empty()) {
            std::cout << "  nothing attached\n";
        }
        const std::vector<usb::UsbDeviceInfo> attached =
            usb ? *usb : std::vector<usb::UsbDeviceInfo>{};
        for (const auto& d : attached) {
            std::cout << "  " << usb::vid_pid(d.vendor, d.product) << "  bus " << int{d.bus}
                      << " address " << std::setw(3) << std::left << int{d.address} << " "
                      << std::setw(14) << usb::code(d.role) << " "
                      << (d.model.empty() ? d.product_name : d.model + " " + d.product_name)
                      << "\n";
        }
        std::cout << "Configured (" << config_file.string() << ")\n";
        if (!config_problem.empty()) {
            std::cout << "  " << config_problem << "\n";
        }
        for (const auto& c : configured) {
            std::cout << "  " << std::setw(14) << std::left << c.role << std::setw(16) << c.state
                      << (c.address.empty() ? "" : c.address)
                      << (c.detail.empty() ? "" : "  (" + c.detail + ")") << "\n";
        }
    }
    // 1 when a configured device is not there or not ready.
    for (const auto& c : configured) {
        if (!c.fine()) {
            return 1;
        }
    }
    return loaded ? 0 : 1;
}

}  // namespace

void add_devices_commands(CLI::App& app, Context& context) {
    auto as_json = std::make_shared<bool>(false);
    auto* command =
        app.add_subcommand("devices", "what is attached, and the configured devices' state");
    command->add_flag("--json", *as_json, "print JSON");
    command->callback([as_json, &context] {
        context.status = devices(context.config_file, context.assets / "printers.toml", *as_json);
    });
}

}  // namespace jiayi::cli
