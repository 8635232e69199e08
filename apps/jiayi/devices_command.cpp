// jiayi devices: what is attached (USB, with VID:PID and which of ours it
// is) and how each configured device answers — without taking a device away
// from a running kiosk: paths are looked at, only the printer is asked.

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/jiayi/commands.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/usb/devices.hpp"
#include "kiosk/config/config.hpp"

namespace jiayi::cli {

namespace {

using nlohmann::json;

struct Configured {
    std::string role;     // idcard-reader | printer | qr-camera | qr-wedge
    std::string address;  // as configured
    std::string
        state;  // not-configured | present | missing | no-access | ready | not-ready | unreachable
    std::string detail;
};

// A device node: there, missing, or there but not ours to open.
Configured path_state(std::string role, const std::string& path) {
    Configured c{std::move(role), path, "", ""};
    if (path.empty()) {
        c.state = "not-configured";
        return c;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        c.state = "missing";
        c.detail = std::strerror(errno);
        return c;
    }
    if (::access(path.c_str(), R_OK | W_OK) != 0) {
        c.state = "no-access";
        c.detail =
            "no read/write permission (install packaging/udev/60-jiayi.rules; the kiosk's "
            "user in groups dialout, lp, video, input)";
        return c;
    }
    c.state = "present";
    return c;
}

Configured reader_state(const config::DevicesSection& d) {
    if (d.idcard_reader.starts_with("usb")) {
        // Listed (or not) among the USB devices above.
        return {"idcard-reader", d.idcard_reader, "usb", "see the USB list"};
    }
    return path_state("idcard-reader", d.idcard_reader);
}

Configured printer_state(const config::DevicesSection& d, const std::filesystem::path& profiles) {
    Configured c{"printer", d.printer, "", ""};
    if (d.printer.empty()) {
        c.state = "not-configured";
        return c;
    }
    auto all = drivers::printer::load_profiles(profiles);
    const drivers::printer::Profile* profile =
        all ? drivers::printer::find_profile(*all, d.printer_profile) : nullptr;
    if (profile == nullptr) {
        c.state = "not-ready";
        c.detail = "unknown printer_profile \"" + d.printer_profile + "\"";
        return c;
    }
    auto printer = drivers::printer::open_printer(
        d.printer, *profile,
        {std::chrono::milliseconds(300), std::chrono::seconds(1), std::chrono::seconds(1)});
    if (!printer) {
        c.state = "unreachable";
        c.detail = printer.error().message;
        return c;
    }
    auto status = (*printer)->status();
    if (!status) {
        c.state = "unreachable";
        c.detail = status.error().message;
        return c;
    }
    c.state = status->ready() ? "ready" : "not-ready";
    c.detail = profile->id + ": " + drivers::printer::describe_status(*status);
    return c;
}

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
        configured = {reader_state(configured_devices),
                      printer_state(configured_devices, profile_file),
                      path_state("qr-camera", configured_devices.qr_camera),
                      path_state("qr-wedge", configured_devices.qr_wedge)};
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
        if (c.state != "not-configured" && c.state != "present" && c.state != "ready" &&
            c.state != "usb") {
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
