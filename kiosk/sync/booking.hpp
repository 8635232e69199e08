#pragma once
// Booking against the district's hub: kiosk/sync's side of the flow's port
// (kiosk/flow/hub_requests.hpp; protocols/hub-fhir.md "Booking a slot",
// "Reads the kiosk needs"). Every request is queued on the UI thread and
// returns at once; a thread of its own, with its own HubClient (libcurl: one
// client per thread), asks the hub one request at a time and posts each
// answer, with its request's ticket, on the flow's event queue. FHIR stays
// here: Schedule/Slot/Appointment/ServiceRequest are read and written with
// kiosk/fhir's mapping and handed to the flow as its plain structs.
//
// What the hub holds and the port needs:
//   pool      one search of the free pool slots from now (the hub's
//             `Slot?service-category=pool&status=free&start=ge…`), grouped
//             by their Schedules' departments — counted here, so the
//             counts are those of the slots the resident will see
//   slots     the same search, narrowed to the department's Schedules
//             (`&schedule=`) once pool() has read them; the soonest first
//   book      the booking transaction (kiosk/fhir booking_bundle): the
//             Slot set busy under If-Match of the version the resident
//             chose, the referral, the Appointment; all or nothing
//   cancel    the Appointment read, then sent back cancelled under If-Match
//             of its current version (the hub frees the slot, or answers
//             cancel-too-late)
//   bookings  `Appointment?patient.identifier=…&status=booked`, those not
//             yet started
//   lookup    `Appointment/[id]`
//   flags     `Flag?patient.identifier=…&status=active`, the active ones
// Schedules (a slot's hospital, department and where to go, in Chinese and
// in English where the district gave it; the hub's import,
// hub/store/imports.hpp SlotRecord) are read once and kept for an hour.
//
// Refusals map as hub_requests.hpp says; a 403 is NotFound for a read (a
// voucher of another township's kiosk) and PastDeadline for a booking (the
// slot left the pool: the hub's release changed it). No answer (refused
// connection, timeout, a broken or garbled answer) and 5xx are tried once
// more at once, then answered Offline; so is any other refusal (401, 400),
// which the resident can do nothing about: the journal names it.
//
// A retried booking (the flow sends the same BookRequest again after an
// Offline answer) is the same booking: its created and authored times are
// the first attempt's, so the hub sees the same bodies and answers the
// replay as the first time; a first attempt that was stored although its
// answer was lost (409 on the retry) is read back and answered Booked.
//
// stop() cancels the request in flight (HubClient::cancel), answers every
// request still queued Offline, and joins; requests after stop() are
// answered Offline at once.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "common/loop_beat.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/flow/hub_requests.hpp"
#include "kiosk/sync/hub_client.hpp"

namespace jiayi::sync {

struct BookingSettings {
    HubEndpoint endpoint;
    // The one retry after no answer or a 5xx: soon, a resident is waiting.
    std::chrono::milliseconds retry_after{200};
};

// The sync's endpoint (settings_from: URL, CA, pin, token file), with
// timeouts for a resident at the screen: at most 3 s to connect and 8 s for
// an answer (the sync's own may be a minute: it pushes big batches).
BookingSettings booking_settings_from(const config::KioskConfig& config);

class HubBooking final : public flow::HubRequests {
  public:
    // `clock`: the kiosk's time ("from now", a booking's created time);
    // `log`: one line per failure for the journal (no resident in it).
    HubBooking(BookingSettings settings, flow::EventQueue& answers, std::function<Instant()> clock,
               std::function<void(const std::string&)> log = {});
    ~HubBooking() override;
    HubBooking(const HubBooking&) = delete;
    HubBooking& operator=(const HubBooking&) = delete;

    // The program's watchdog: the thread beats while it waits for a
    // question and between questions (each bounded by the client's
    // timeouts). Before start().
    void watch(LoopBeat beat) { beat_ = std::move(beat); }
    void start();
    void stop();

    void pool(std::uint64_t ticket) override;
    void slots(std::uint64_t ticket, const std::string& department_id) override;
    void book(std::uint64_t ticket, const flow::BookRequest& request) override;
    void cancel(std::uint64_t ticket, const flow::CancelRequest& request) override;
    void bookings(std::uint64_t ticket, const flow::HubResident& resident) override;
    void lookup(std::uint64_t ticket, const std::string& booking_id) override;
    void flags(std::uint64_t ticket, const flow::HubResident& resident) override;

    class Asker;  // the thread's side (booking.cpp)

  private:
    using Job = std::function<flow::HubAnswer(Asker&)>;
    void enqueue(std::uint64_t ticket, Job job);
    void run();

    BookingSettings settings_;
    flow::EventQueue& answers_;
    std::function<Instant()> clock_;
    std::function<void(const std::string&)> log_;
    std::unique_ptr<Asker> asker_;
    LoopBeat beat_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::pair<std::uint64_t, Job>> queue_;
    bool stopping_ = false;
    bool started_ = false;
    std::thread thread_;
};

}  // namespace jiayi::sync
