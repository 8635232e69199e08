#include "kiosk/sync/booking.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "kiosk/fhir/booking.hpp"
#include "kiosk/fhir/flag.hpp"
#include "kiosk/fhir/outcome.hpp"
#include "kiosk/fhir/patient.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "kiosk/sync/settings.hpp"

namespace jiayi::sync {

using flow::HubRefusal;
using nlohmann::json;

BookingSettings booking_settings_from(const config::KioskConfig& config) {
    BookingSettings s;
    s.endpoint = settings_from(config).endpoint;
    s.endpoint.connect_timeout =
        std::min<std::chrono::milliseconds>(s.endpoint.connect_timeout, std::chrono::seconds(3));
    s.endpoint.transfer_timeout =
        std::min<std::chrono::milliseconds>(s.endpoint.transfer_timeout, std::chrono::seconds(8));
    return s;
}

namespace {

// A query value as the URL carries it (the identifier system's ':' and '/',
// the token's '|').
std::string escaped(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

// W/"3" → 3.
std::string etag_version(std::string_view etag) {
    if (etag.starts_with("W/")) {
        etag.remove_prefix(2);
    }
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
        etag = etag.substr(1, etag.size() - 2);
    }
    return std::string(etag);
}

std::string meta_version(const json& resource) {
    if (const auto meta = resource.find("meta"); meta != resource.end() && meta->is_object()) {
        return meta->value("versionId", "");
    }
    return "";
}

flow::HubAnswer refused(HubRefusal refusal) {
    flow::HubAnswer answer;
    answer.refusal = refusal;
    return answer;
}

// The resident as a search names them: [system]|[value] of their document.
std::string identifier_of(const flow::HubResident& resident) {
    return std::string(fhir::identifier_system(resident.document.kind)) + "|" +
           resident.document.number;
}

// Who asks: the booking needs a referral from the team, a read needs nothing.
enum class Asking { Read, Book, Cancel };

}  // namespace

// The thread's side: its HubClient, what it read and keeps (schedules, the
// slots last listed), the first times of the bookings it sent.
class HubBooking::Asker {
  public:
    Asker(const BookingSettings& settings, std::function<Instant()> clock,
          std::function<bool(std::chrono::milliseconds)> pause,
          std::function<void(const std::string&)> log)
        : settings_(settings),
          client_(settings.endpoint),
          clock_(std::move(clock)),
          pause_(std::move(pause)),
          log_(std::move(log)) {}

    HubClient& client() { return client_; }

    // The pool's departments: the hub's Schedule search answers each pool
    // Schedule with a free slot from now and how many (one small answer,
    // however many slots the district holds); the Schedules are kept, so a
    // department's slots are then searched by its Schedules.
    flow::HubAnswer pool() {
        const std::string search = "Schedule?service-category=" + escaped(pool_category());
        auto found = ask("GET", search, "", Asking::Read);
        if (!found && unsupported_) {
            // A hub older than this kiosk (no Schedule search): the pool is
            // counted from its free slots, as before.
            return pool_from_slots();
        }
        if (!found) {
            return refused(found.error());
        }
        const auto now = std::chrono::steady_clock::now();
        flow::HubAnswer answer;
        std::map<std::string, std::size_t> at;  // department → index in departments
        for (const auto& entry : found.value().body.value("entry", json::array())) {
            auto parsed = fhir::parse_schedule(entry.value("resource", json::object()));
            if (!parsed) {
                log("booking: a Schedule the pool search answered does not read: " +
                    parsed.error().path + " " + parsed.error().problem);
                continue;
            }
            const Schedule& kept = keep(parsed.value(), now);
            const int free = parsed.value().free_slots.value_or(0);
            if (free <= 0) {
                continue;
            }
            auto [it, added] = at.try_emplace(kept.department_id, answer.departments.size());
            if (added) {
                answer.departments.push_back(
                    {kept.department_id, kept.department, kept.hospital_id, kept.hospital, 0});
            }
            answer.departments[it->second].free_slots += free;
        }
        sort_departments(answer.departments);
        return answer;
    }

    // The pool counted from every free pool slot from now (a hub without
    // the Schedule search).
    flow::HubAnswer pool_from_slots() {
        auto found = free_slots("");
        if (!found) {
            return refused(found.error());
        }
        flow::HubAnswer answer;
        std::map<std::string, std::size_t> at;  // department → index in departments
        for (const auto& slot : found.value()) {
            auto [it, added] = at.try_emplace(slot.department_id, answer.departments.size());
            if (added) {
                answer.departments.push_back(
                    {slot.department_id, slot.department, slot.hospital_id, slot.hospital, 0});
            }
            ++answer.departments[it->second].free_slots;
        }
        sort_departments(answer.departments);
        return answer;
    }

    static void sort_departments(std::vector<flow::PoolDepartment>& departments) {
        std::stable_sort(departments.begin(), departments.end(), [](const auto& a, const auto& b) {
            return std::tie(a.hospital.zh, a.name.zh) < std::tie(b.hospital.zh, b.name.zh);
        });
    }

    flow::HubAnswer slots(const std::string& department_id) {
        auto found = free_slots(department_id);
        if (!found) {
            return refused(found.error());
        }
        flow::HubAnswer answer;
        answer.slots = std::move(found).value();
        return answer;
    }

    flow::HubAnswer book(const flow::BookRequest& request) {
        fhir::PoolSlot slot;
        if (auto kept = slots_.find(request.slot.id); kept != slots_.end()) {
            slot = kept->second;
        } else {
            auto read = ask("GET", "Slot/" + escaped(request.slot.id), "", Asking::Book);
            if (!read) {
                return refused(read.error());
            }
            auto parsed = fhir::parse_slot(read.value().body);
            if (!parsed) {
                return refused(HubRefusal::Offline);
            }
            slot = std::move(parsed).value();
        }
        // The version the resident chose: a slot booked since is slot-taken.
        slot.version = request.slot.version;
        slot.status = domain::SlotStatus::Free;
        const Instant first = asked_at_.try_emplace(request.booking_id, clock_()).first->second;
        const fhir::Referral referral{request.referral_id, request.team_id,
                                      request.slot.hospital_id, first};
        const fhir::Booking booking{request.booking_id,
                                    request.slot.id,
                                    request.slot.department_id,
                                    request.referral_id,
                                    request.slot.start,
                                    request.slot.end,
                                    first,
                                    fhir::AppointmentStatus::Booked};
        const std::string patient = fhir::patient_search(request.resident.document);
        auto sent = ask("POST", "", fhir::booking_bundle(slot, referral, booking, patient).dump(),
                        Asking::Book);
        flow::PoolBooking booked{request.booking_id, "1", request.slot, request.team_id,
                                 flow::BookingStatus::Booked};
        if (!sent) {
            if (sent.error() != HubRefusal::Offline || !conflicted_) {
                return refused(sent.error());
            }
            // 409: the id holds another body — our first attempt, stored
            // although its answer was lost, if it is this slot's booking.
            auto stored = read_booking(request.booking_id);
            if (!stored || stored.value().slot.id != request.slot.id ||
                stored.value().status != flow::BookingStatus::Booked) {
                return refused(HubRefusal::Offline);
            }
            booked.version = stored.value().version;
        } else if (const auto entries = sent.value().body.find("entry");
                   entries != sent.value().body.end() && entries->is_array() &&
                   entries->size() == 3) {
            const json& response = (*entries)[2].value("response", json::object());
            if (const std::string version = etag_version(response.value("etag", ""));
                !version.empty()) {
                booked.version = version;
            }
        }
        flow::HubAnswer answer;
        answer.bookings.push_back(std::move(booked));
        return answer;
    }

    flow::HubAnswer cancel(const flow::CancelRequest& request) {
        auto read = ask("GET", "Appointment/" + escaped(request.booking.id), "", Asking::Read);
        if (!read) {
            return refused(read.error());
        }
        auto stored = fhir::parse_appointment(read.value().body);
        if (!stored) {
            return refused(HubRefusal::Offline);
        }
        flow::PoolBooking now = request.booking;
        std::string version = etag_version(read.value().etag);
        if (version.empty()) {
            version = meta_version(read.value().body);
        }
        if (stored.value().status == fhir::AppointmentStatus::Booked) {
            auto sent =
                ask("POST", "",
                    fhir::cancellation_bundle(stored.value(), version,
                                              fhir::patient_search(request.resident.document))
                        .dump(),
                    Asking::Cancel);
            if (!sent) {
                return refused(sent.error());
            }
            const auto& entries = sent.value().body.value("entry", json::array());
            const std::string written =
                entries.empty()
                    ? ""
                    : etag_version(entries[0].value("response", json::object()).value("etag", ""));
            version = written.empty() ? version : written;
        }
        now.version = version;
        now.status = flow::BookingStatus::Cancelled;
        flow::HubAnswer answer;
        answer.bookings.push_back(std::move(now));
        return answer;
    }

    flow::HubAnswer bookings(const flow::HubResident& resident) {
        auto found = ask(
            "GET",
            "Appointment?patient.identifier=" + escaped(identifier_of(resident)) + "&status=booked",
            "", Asking::Read);
        if (!found) {
            return refused(found.error());
        }
        flow::HubAnswer answer;
        const Instant now = clock_();
        for (const auto& entry : found.value().body.value("entry", json::array())) {
            const json& resource = entry.value("resource", json::object());
            auto made = booking_of(resource, meta_version(resource));
            if (!made) {
                return refused(made.error());
            }
            if (made.value().slot.start.unix_seconds > now.unix_seconds) {
                answer.bookings.push_back(std::move(made).value());
            }
        }
        std::stable_sort(answer.bookings.begin(), answer.bookings.end(),
                         [](const auto& a, const auto& b) {
                             return a.slot.start.unix_seconds < b.slot.start.unix_seconds;
                         });
        return answer;
    }

    // The resident's active flags. A Flag the kiosk cannot read makes the
    // whole answer Offline: the flags on file then stand, rather than a
    // partial list that would drop a waiver.
    flow::HubAnswer flags(const flow::HubResident& resident) {
        auto found = ask(
            "GET", "Flag?patient.identifier=" + escaped(identifier_of(resident)) + "&status=active",
            "", Asking::Read);
        if (!found) {
            return refused(found.error());
        }
        flow::HubAnswer answer;
        for (const auto& entry : found.value().body.value("entry", json::array())) {
            auto flag = fhir::parse_flag(entry.value("resource", json::object()));
            if (!flag) {
                // No path or value in the journal: a flag tells a person's health.
                log("flags: a Flag from the hub does not read");
                return refused(HubRefusal::Offline);
            }
            if (flag.value().active) {
                answer.flags.push_back(
                    {flag.value().population, flag.value().start, flag.value().end});
            }
        }
        return answer;
    }

    flow::HubAnswer lookup(const std::string& booking_id) {
        auto found = read_booking(booking_id);
        if (!found) {
            return refused(found.error());
        }
        flow::HubAnswer answer;
        answer.bookings.push_back(std::move(found).value());
        return answer;
    }

  private:
    struct Reply {
        json body;
        std::string etag;
    };

    // One request, tried once more at once when no answer or a 5xx came.
    Result<Reply, HubRefusal> ask(const char* method, const std::string& path,
                                  const std::string& body, Asking asking) {
        conflicted_ = false;
        unsupported_ = false;
        for (int attempt = 0;; ++attempt) {
            auto answer =
                std::string_view(method) == "POST" ? client_.post(path, body) : client_.get(path);
            std::string failure;
            if (!answer) {
                if (answer.error().kind == TransportFailure::Cancelled) {
                    return fail(HubRefusal::Offline);
                }
                failure = std::string(code(answer.error().kind)) + ": " + answer.error().message;
            } else if (answer.value().status >= 500) {
                failure = "HTTP " + std::to_string(answer.value().status);
            } else {
                return reply_of(answer.value(), asking);
            }
            log("booking: " + std::string(method) + " " + first_word(path) + ": " + failure);
            if (attempt >= 1 || !pause_(settings_.retry_after)) {
                return fail(HubRefusal::Offline);
            }
        }
    }

    Result<Reply, HubRefusal> reply_of(const HubAnswer& answer, Asking asking) {
        json body = json::parse(answer.body, nullptr, false);
        if (answer.status >= 200 && answer.status < 300) {
            if (body.is_discarded()) {
                log("booking: the hub's answer is not JSON");
                return fail(HubRefusal::Offline);
            }
            return Reply{std::move(body), answer.etag};
        }
        const std::string refusal =
            body.is_discarded() ? "" : fhir::refusal_code(body).value_or("");
        if (refusal == "slot-taken" || (answer.status == 412 && asking == Asking::Book)) {
            return fail(HubRefusal::SlotTaken);
        }
        if (refusal == "booking-limit") {
            return fail(HubRefusal::BookingLimit);
        }
        if (refusal == "not-signed") {
            return fail(HubRefusal::NotSigned);
        }
        if (refusal == "cancel-too-late") {
            return fail(HubRefusal::PastDeadline);
        }
        if (answer.status == 403 && asking == Asking::Book) {
            return fail(HubRefusal::PastDeadline);
        }
        if (refusal == "not-found" || answer.status == 404 || answer.status == 403) {
            return fail(HubRefusal::NotFound);
        }
        conflicted_ = answer.status == 409;
        unsupported_ = answer.status == 405;
        log("booking: the hub refused: HTTP " + std::to_string(answer.status) + " " + refusal);
        return fail(HubRefusal::Offline);
    }

    // The path without its query (no resident's number in the journal).
    static std::string first_word(const std::string& path) {
        return path.substr(0, path.find('?'));
    }

    void log(const std::string& line) {
        if (log_) {
            log_(line);
        }
    }

    struct Schedule {
        std::string hospital_id;
        flow::PoolName hospital;
        std::string department_id;
        flow::PoolName department;
        flow::PoolName place;
        std::chrono::steady_clock::time_point read_at{};
    };

    // A Schedule read is kept this long: a district that imports new names
    // or places is seen within the hour, without a restart.
    static constexpr std::chrono::hours kScheduleKept{1};

    Result<Schedule, HubRefusal> schedule(const std::string& id) {
        const auto now = std::chrono::steady_clock::now();
        if (auto kept = schedules_.find(id);
            kept != schedules_.end() && now - kept->second.read_at < kScheduleKept) {
            return kept->second;
        }
        auto read = ask("GET", "Schedule/" + escaped(id), "", Asking::Read);
        if (!read) {
            return fail(read.error());
        }
        auto parsed = fhir::parse_schedule(read.value().body);
        if (!parsed) {
            log("booking: Schedule " + id + " is not a pool schedule");
            return fail(HubRefusal::Offline);
        }
        return keep(parsed.value(), now);
    }

    // The names and the place as the hub's import wrote them (hub/store
    // imports.cpp); the hospital's id stands in for a name the hub does not
    // give.
    const Schedule& keep(const fhir::PoolSchedule& p, std::chrono::steady_clock::time_point now) {
        Schedule made{
            p.hospital_id,         {p.hospital.empty() ? p.hospital_id : p.hospital, p.hospital_en},
            p.department_id,       {p.department, p.department_en},
            {p.place, p.place_en}, now};
        return schedules_.insert_or_assign(p.id, std::move(made)).first->second;
    }

    static std::string pool_category() {
        return std::string(fhir::kServiceCategorySystem) + "|" + std::string(fhir::kPoolCategory);
    }

    Result<flow::PoolSlot, HubRefusal> pool_slot(const fhir::PoolSlot& slot) {
        auto of = schedule(slot.schedule_id);
        if (!of) {
            return fail(of.error());
        }
        flow::PoolSlot made;
        made.id = slot.id;
        made.version = slot.version;
        made.hospital_id = of.value().hospital_id;
        made.hospital = of.value().hospital;
        made.department_id = of.value().department_id;
        made.department = of.value().department;
        made.place = of.value().place;
        made.start = slot.start;
        made.end = slot.end;
        return made;
    }

    // The free pool slots from now (of one department, or all), the soonest
    // first. A department's are searched by its Schedules when pool() has
    // read them (the flow lists the pool first), so the answer is that
    // department's slots, not the district's.
    Result<std::vector<flow::PoolSlot>, HubRefusal> free_slots(const std::string& department_id) {
        const std::string search = "Slot?service-category=" + escaped(pool_category()) +
                                   "&status=free&start=" + escaped("ge" + to_iso8601(clock_()));
        std::vector<std::string> searches;
        if (!department_id.empty()) {
            for (const auto& [id, known] : schedules_) {
                if (known.department_id == department_id) {
                    searches.push_back(search + "&schedule=" + escaped("Schedule/" + id));
                }
            }
        }
        if (searches.empty()) {
            searches.push_back(search);
        }
        json entries = json::array();
        for (const auto& path : searches) {
            auto found = ask("GET", path, "", Asking::Read);
            if (!found) {
                return fail(found.error());
            }
            for (auto& entry : found.value().body.value("entry", json::array())) {
                entries.push_back(std::move(entry));
            }
        }
        std::vector<flow::PoolSlot> out;
        for (const auto& entry : entries) {
            auto parsed = fhir::parse_slot(entry.value("resource", json::object()));
            if (!parsed || !parsed.value().pool ||
                parsed.value().status != domain::SlotStatus::Free) {
                continue;  // not bookable from here, whatever the search said
            }
            auto made = pool_slot(parsed.value());
            if (!made) {
                return fail(made.error());
            }
            if (!department_id.empty() && made.value().department_id != department_id) {
                continue;
            }
            slots_[parsed.value().id] = parsed.value();
            out.push_back(std::move(made).value());
        }
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.start.unix_seconds < b.start.unix_seconds;
        });
        return out;
    }

    // A booking as the hub holds it, with its slot's hospital and department
    // and its referral's team (empty when another township's kiosk made it).
    Result<flow::PoolBooking, HubRefusal> booking_of(const json& resource,
                                                     const std::string& version) {
        auto parsed = fhir::parse_appointment(resource);
        if (!parsed) {
            return fail(HubRefusal::Offline);
        }
        const fhir::Booking& b = parsed.value();
        auto slot_read = ask("GET", "Slot/" + escaped(b.slot_id), "", Asking::Read);
        if (!slot_read) {
            return fail(slot_read.error());
        }
        auto slot = fhir::parse_slot(slot_read.value().body);
        if (!slot) {
            return fail(HubRefusal::Offline);
        }
        auto made = pool_slot(slot.value());
        if (!made) {
            return fail(made.error());
        }
        flow::PoolBooking booking;
        booking.id = b.id;
        booking.version = version.empty() ? "1" : version;
        booking.slot = std::move(made).value();
        booking.slot.start = b.start;
        booking.slot.end = b.end;
        booking.status = b.status == fhir::AppointmentStatus::Booked
                             ? flow::BookingStatus::Booked
                             : flow::BookingStatus::Cancelled;
        auto referral = ask("GET", "ServiceRequest/" + escaped(b.referral_id), "", Asking::Read);
        if (referral) {
            if (auto read = fhir::parse_service_request(referral.value().body)) {
                booking.team_id = read.value().team_id;
            }
        } else if (referral.error() == HubRefusal::Offline) {
            return fail(HubRefusal::Offline);
        }
        return booking;
    }

    Result<flow::PoolBooking, HubRefusal> read_booking(const std::string& id) {
        auto read = ask("GET", "Appointment/" + escaped(id), "", Asking::Read);
        if (!read) {
            return fail(read.error());
        }
        std::string version = etag_version(read.value().etag);
        return booking_of(read.value().body,
                          version.empty() ? meta_version(read.value().body) : version);
    }

    const BookingSettings& settings_;
    HubClient client_;
    std::function<Instant()> clock_;
    std::function<bool(std::chrono::milliseconds)> pause_;
    std::function<void(const std::string&)> log_;
    std::map<std::string, Schedule> schedules_;
    std::map<std::string, fhir::PoolSlot> slots_;
    std::map<std::string, Instant> asked_at_;
    bool conflicted_ = false;   // the last refusal was a 409
    bool unsupported_ = false;  // the last refusal was a 405: the hub does not do that
};

HubBooking::HubBooking(BookingSettings settings, flow::EventQueue& answers,
                       std::function<Instant()> clock, std::function<void(const std::string&)> log)
    : settings_(std::move(settings)),
      answers_(answers),
      clock_(std::move(clock)),
      log_(std::move(log)) {
    asker_ = std::make_unique<Asker>(
        settings_, clock_,
        [this](std::chrono::milliseconds pause) {
            std::unique_lock lock(mutex_);
            return !changed_.wait_for(lock, pause, [this] { return stopping_; });
        },
        log_);
}

HubBooking::~HubBooking() {
    stop();
}

void HubBooking::start() {
    std::lock_guard lock(mutex_);
    if (started_ || stopping_) {
        return;
    }
    started_ = true;
    thread_ = std::thread([this] { run(); });
}

void HubBooking::stop() {
    std::deque<std::pair<std::uint64_t, Job>> left;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        left.swap(queue_);
    }
    asker_->client().cancel();
    changed_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
    for (auto& [ticket, job] : left) {
        flow::HubAnswer answer = refused(HubRefusal::Offline);
        answer.ticket = ticket;
        answers_.post(std::move(answer));
    }
}

void HubBooking::enqueue(std::uint64_t ticket, Job job) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.emplace_back(ticket, std::move(job));
            changed_.notify_all();
            return;
        }
    }
    flow::HubAnswer answer = refused(HubRefusal::Offline);
    answer.ticket = ticket;
    answers_.post(std::move(answer));
}

void HubBooking::run() {
    for (;;) {
        std::pair<std::uint64_t, Job> next;
        {
            std::unique_lock lock(mutex_);
            beat_.wait(changed_, lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                return;  // stop() answers what is left
            }
            next = std::move(queue_.front());
            queue_.pop_front();
        }
        flow::HubAnswer answer;
        try {
            answer = next.second(*asker_);
        } catch (const std::exception& e) {
            // A surprise in an answer (a JSON type, an allocation) is a
            // failed question, not a dead thread.
            if (log_) {
                log_(std::string("booking: ") + e.what());
            }
            answer = refused(HubRefusal::Offline);
        }
        answer.ticket = next.first;
        answers_.post(std::move(answer));
    }
}

void HubBooking::pool(std::uint64_t ticket) {
    enqueue(ticket, [](Asker& asker) { return asker.pool(); });
}

void HubBooking::slots(std::uint64_t ticket, const std::string& department_id) {
    enqueue(ticket, [department_id](Asker& asker) { return asker.slots(department_id); });
}

void HubBooking::book(std::uint64_t ticket, const flow::BookRequest& request) {
    enqueue(ticket, [request](Asker& asker) { return asker.book(request); });
}

void HubBooking::cancel(std::uint64_t ticket, const flow::CancelRequest& request) {
    enqueue(ticket, [request](Asker& asker) { return asker.cancel(request); });
}

void HubBooking::bookings(std::uint64_t ticket, const flow::HubResident& resident) {
    enqueue(ticket, [resident](Asker& asker) { return asker.bookings(resident); });
}

void HubBooking::lookup(std::uint64_t ticket, const std::string& booking_id) {
    enqueue(ticket, [booking_id](Asker& asker) { return asker.lookup(booking_id); });
}

void HubBooking::flags(std::uint64_t ticket, const flow::HubResident& resident) {
    enqueue(ticket, [resident](Asker& asker) { return asker.flags(resident); });
}

}  // namespace jiayi::sync
