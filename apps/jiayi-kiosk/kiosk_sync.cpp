#include "kiosk_sync.hpp"

#include <random>

#include "common/log.hpp"
#include "common/service/notify.hpp"
#include "kiosk/config/hub_url.hpp"
#include "kiosk/flow/online/news.hpp"
#include "kiosk/sync/settings.hpp"

namespace jiayi::app {

bool demo_uses_hub(const config::KioskConfig& config) {
    const std::string& url = config.hub.url;
    if (config.hub.center.empty() || config::check_hub_url(url)) {
        return false;
    }
    // check_hub_url lets plain http through only to this machine.
    return url.starts_with("http://");
}

KioskSync::KioskSync(const config::KioskConfig& config, const store::KeyRing& keys,
                     store::Store& store, flow::EventQueue& events, std::function<Instant()> clock,
                     LoopBeat beat)
    : store_(store),
      events_(events),
      devices_(!config.devices.idcard_reader.empty(), !config.devices.printer.empty(),
               !config.devices.qr_camera.empty() || !config.devices.qr_wedge.empty()) {
    auto settings = sync::settings_from(config);
    settings.beat = std::move(beat);
    settings.version = JIAYI_VERSION;
    worker_ = std::make_unique<sync::SyncWorker>(
        std::move(settings),
        [database = config.paths.database, keys, clock] {
            return store::Store::open(database, keys, clock(), false);
        },
        clock,
        [generator = std::mt19937_64{std::random_device{}()}]() mutable {
            return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
        },
        [this](const sync::PassReport& pass) { heard(pass); });
    events_.watch([this](const flow::DeviceEvent& event) { devices_.note(event); });
    worker_->send_heartbeats(
        {[this] { return device_report(); },
         [this](const Result<void, sync::SyncFailure>& sent) { heartbeat_sent(sent); }});
    worker_->start();
    // Each record goes up as soon as it is committed, not a period later.
    store_.on_queued([worker = worker_.get()] { worker->wake(); });
}

KioskSync::~KioskSync() {
    // The listener names the worker: it goes before the worker does.
    store_.on_queued({});
    worker_->stop();
    events_.watch({});
}

// On the sync thread: the devices as the board last heard them.
sync::DeviceReport KioskSync::device_report() const {
    const flow::DeviceStates states = devices_.snapshot();
    return {{{"card-reader", states.reader},
             {"printer", states.printer},
             {"qr-scanner", states.scanner}},
            states.paper};
}

// On the sync thread: a failed heartbeat is logged once, until it changes.
void KioskSync::heartbeat_sent(const Result<void, sync::SyncFailure>& sent) {
    const std::string failure = sent ? "" : sent.error().code + ": " + sent.error().message;
    if (failure != last_heartbeat_failure_ && !failure.empty()) {
        log::warning("jiayi-kiosk: heartbeat: " + failure);
    }
    last_heartbeat_failure_ = failure;
}

// On the sync thread, after each pass.
void KioskSync::heard(const sync::PassReport& pass) {
    // The staff's indicator and a signing waiting for the center's word
    // hear of it on the UI thread.
    if (auto news = flow::news_of(pass)) {
        events_.post(std::move(news).value());
    }
    const auto& push = pass.push;
    if (push.failure) {
        log::warning("jiayi-kiosk: sync: " + push.failure->code + ": " + push.failure->message);
    } else if (push.acknowledged > 0 || push.refused > 0) {
        log::info("jiayi-kiosk: sync: " + std::to_string(push.acknowledged) +
                  " outbox entries acknowledged, " + std::to_string(push.refused) +
                  " refused by the center");
    }
    // The pulls: counts only (the registry names no one here).
    const auto& pulled = pass.pull;
    if (pulled.failure) {
        log::warning("jiayi-kiosk: sync: pull: " + pulled.failure->code + ": " +
                     pulled.failure->message);
    }
    if (pulled.teams == sync::Pulled::Changed) {
        log::info("jiayi-kiosk: sync: " + std::to_string(pulled.team_count) +
                  " teams pulled from the hub");
    }
    if (pulled.flags == sync::Pulled::Changed) {
        log::info("jiayi-kiosk: sync: key-population registry pulled (" +
                  std::to_string(pulled.flagged_residents) + " residents)");
    }
    service::status(std::string(pass.failure() != nullptr ? "the hub is out of reach"
                                                          : "in touch with the hub") +
                    (pass.queue
                         ? "; " + std::to_string(pass.queue->queued) + " records queued for the hub"
                         : std::string()));
    {
        std::lock_guard lock(mutex_);
        ++passes_;
        last_failed_ = pass.failure() != nullptr;
        last_queued_ = pass.queue ? pass.queue->queued : -1;
    }
    passed_.notify_all();
}

bool KioskSync::drain(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::unique_lock lock(mutex_);
    for (;;) {
        const int seen = passes_;
        lock.unlock();
        worker_->wake();
        lock.lock();
        // The queue's figures at a pass's end: nothing is committed while
        // the UI thread waits here, so an empty queue stays empty.
        if (!passed_.wait_until(lock, deadline, [&] { return passes_ > seen; }) || last_failed_) {
            return false;
        }
        if (last_queued_ == 0) {
            return true;
        }
    }
}

}  // namespace jiayi::app
