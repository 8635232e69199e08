#include "hub/http/self_probe.hpp"

#include <httplib.h>

#include <memory>

namespace jiayi::hub::http {

namespace {

// Where the hub answers on this machine.
std::string loopback_for(const std::string& address) {
    if (address == "0.0.0.0" || address.empty()) {
        return "127.0.0.1";
    }
    if (address == "::") {
        return "::1";
    }
    return address;
}

}  // namespace

SelfProbe::SelfProbe(SelfProbeTarget target, std::chrono::milliseconds every,
                     std::function<void()> answered)
    : target_(std::move(target)),
      every_(std::max(every, std::chrono::milliseconds(1))),
      answered_(std::move(answered)),
      thread_([this] { run(); }) {}

SelfProbe::~SelfProbe() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

bool SelfProbe::probe() const {
    const std::string host = loopback_for(target_.address);
    std::unique_ptr<httplib::ClientImpl> client;
    if (target_.tls) {
        auto tls = std::make_unique<httplib::SSLClient>(host, target_.port);
        tls->enable_server_certificate_verification(false);
        client = std::move(tls);
    } else {
        client = std::make_unique<httplib::ClientImpl>(host, target_.port);
    }
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(every_);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(every_ - seconds);
    client->set_connection_timeout(seconds.count(), micros.count());
    client->set_read_timeout(seconds.count(), micros.count());
    client->set_write_timeout(seconds.count(), micros.count());
    client->set_keep_alive(false);
    const httplib::Headers headers = {{"User-Agent", std::string(kSelfProbeAgent)}};
    const auto answer = client->Get("/health", headers);
    return answer && answer->status == 200;
}

void SelfProbe::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        if (probe() && answered_) {
            answered_();
        }
        lock.lock();
        changed_.wait_for(lock, every_, [this] { return stopping_; });
    }
}

}  // namespace jiayi::hub::http
