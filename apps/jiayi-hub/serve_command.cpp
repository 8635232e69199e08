// `jiayi-hub serve`: the configuration read, the backend opened, the server
// bound and run until SIGTERM or SIGINT (a graceful stop: requests in
// flight finish). The bound port is printed on stdout as `listening on
// ADDRESS:PORT` once the socket is open, so a script (or a test) that asked
// for port 0 learns which one it got.
//
// Under systemd (Type=notify, WatchdogSec=): READY=1 once it listens on its
// open database, STATUS= lines for `systemctl status`, STOPPING=1 when a
// stop begins, and WATCHDOG=1 only while the hub answers its own GET
// /health (http::SelfProbe: through its socket, its workers and its
// database), so a stalled database or a stuck pool gets it restarted.

#include <iostream>
#include <optional>

#include "apps/jiayi-hub/commands.hpp"
#include "common/log.hpp"
#include "common/service/notify.hpp"
#include "common/service/watchdog.hpp"
#include "hub/alerts/alerts.hpp"
#include "hub/http/self_probe.hpp"
#include "hub/http/stop_signals.hpp"

namespace jiayi::hub::cli {

namespace {

http::ServerOptions server_options(const config::HubConfig& config) {
    http::ServerOptions options;
    options.address = config.listen.address;
    options.port = config.listen.port;
    options.plain_http_on_loopback = config.listen.plain_http_on_loopback;
    if (config.has_tls()) {
        options.tls = http::TlsFiles{config.tls.certificate, config.tls.private_key};
    }
    options.threads = config.server.threads;
    options.body_limit = static_cast<std::size_t>(config.server.body_limit_bytes);
    options.keep_alive_seconds = config.server.keep_alive_seconds;
    options.read_timeout_seconds = config.server.read_timeout_seconds;
    return options;
}

int serve(const Context& context, const OpenBackend& open, int port_override) {
    // First, before any thread starts: every thread inherits the mask.
    http::StopSignals signals;

    auto loaded = config::load_hub_config(context.config_file);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            log::error(e.to_string());
        }
        return 2;
    }
    const config::HubConfig& config = loaded.value();
    auto options = server_options(config);
    if (port_override >= 0) {
        options.port = port_override;
    }

    auto backend = open(config);
    if (!backend) {
        log::error("jiayi-hub: " + backend.error());
        return 1;
    }
    options.health = backend->health;
    options.on_stopping = [] { service::stopping(); };
    const std::string address = options.address;
    http::Server server(*backend->service, backend->authenticate, std::move(options));
    auto bound = server.bind();
    if (!bound) {
        log::error("jiayi-hub: " + bound.error());
        return 1;
    }
    std::cout << "listening on " << config.listen.address << ":" << bound.value()
              << (server.tls() ? " (TLS)" : " (plain HTTP, loopback)") << std::endl;
    log::notice("jiayi-hub: serving on port " + std::to_string(bound.value()) +
                (server.tls() ? " (TLS)" : " (plain HTTP, loopback)"));
    service::ready();
    const std::string serving = "serving on port " + std::to_string(bound.value());

    // The watchdog's one loop: the hub answering itself, probed every beat
    // period; two periods without an answer and the pings stop.
    const auto watchdog = service::Watchdog::from_environment();
    std::optional<http::SelfProbe> probe;
    if (watchdog) {
        const auto every = watchdog->beat_period();
        probe.emplace(http::SelfProbeTarget{address, bound.value(), server.tls()}, every,
                      [heartbeat = watchdog->watch("answering GET /health", 2 * every)] {
                          heartbeat.beat();
                      });
        watchdog->status(serving);
        watchdog->start();
    } else {
        service::status(serving);
    }

    // The fleet's alerts, on a thread of their own (never a request's);
    // stopped and joined when serve returns.
    std::optional<alerts::AlertLoop> alerting;
    if (backend->check_fleet) {
        alerting.emplace(backend->check_fleet, std::chrono::seconds(config.fleet.check_seconds));
    }
    auto served = signals.serve(server);
    if (!served) {
        log::error("jiayi-hub: " + served.error());
        return 1;
    }
    log::notice("jiayi-hub: stopped" +
                (served.value() != 0 ? " on signal " + std::to_string(served.value()) : ""));
    return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, Context& context, OpenBackend open) {
    auto* command = app.add_subcommand("serve", "serve FHIR to the kiosks until SIGTERM");
    auto port = std::make_shared<int>(-1);
    command
        ->add_option("--port", *port,
                     "listen on this port instead of the configuration's (0: any free "
                     "port, printed on stdout)")
        ->check(CLI::Range(0, 65535));
    command->callback(
        [&context, open = std::move(open), port] { context.status = serve(context, open, *port); });
}

}  // namespace jiayi::hub::cli
