#include "kiosk/demo/demo_hub.hpp"

#include <algorithm>

#include "kiosk/domain/booking.hpp"
#include "kiosk/domain/date.hpp"

namespace jiayi::demo {

using flow::HubAnswer;
using flow::HubRefusal;
using flow::PoolName;

namespace {

struct DemoDepartment {
    const char* id;
    PoolName name;
    PoolName place;
    int afternoon;  // 1: afternoon times too
};

struct DemoHospital {
    const char* id;
    PoolName name;
    std::vector<DemoDepartment> departments;
};

std::vector<DemoHospital> hospitals() {
    return {
        {"demo-central",
         {"演示区中心医院", "Demo District Central Hospital"},
         {{"cardiology",
           {"心血管内科", "Cardiology"},
           {"门诊楼 3 楼 A 区", "Outpatient building, floor 3, zone A"},
           1},
          {"endocrinology",
           {"内分泌科", "Endocrinology"},
           {"门诊楼 3 楼 B 区", "Outpatient building, floor 3, zone B"},
           0},
          {"orthopaedics",
           {"骨科", "Orthopaedics"},
           {"门诊楼 2 楼 C 区", "Outpatient building, floor 2, zone C"},
           1},
          {"ophthalmology",
           {"眼科", "Ophthalmology"},
           {"门诊楼 4 楼", "Outpatient building, floor 4"},
           0}}},
        {"demo-tcm",
         {"演示区中医院", "Demo District TCM Hospital"},
         {{"acupuncture", {"针灸科", "Acupuncture"}, {"2 号楼 1 楼", "Building 2, floor 1"}, 1},
          {"tcm-internal",
           {"中医内科", "TCM internal medicine"},
           {"2 号楼 2 楼", "Building 2, floor 2"},
           0}}},
        {"demo-mch",
         {"演示区妇幼保健院", "Demo Maternal and Child Health Center"},
         {{"paediatrics", {"儿科", "Paediatrics"}, {"1 楼东侧", "Floor 1, east wing"}, 1},
          {"gynaecology", {"妇科", "Gynaecology"}, {"2 楼西侧", "Floor 2, west wing"}, 0}}},
        {"demo-ethnic",
         {"演示民族医院", "Demo Ethnic Hospital"},
         {{"rehabilitation",
           {"康复医学科", "Rehabilitation"},
           {"康复楼 1 楼", "Rehabilitation building, floor 1"},
           1}}},
    };
}

// Minutes after local midnight of each day's pool times.
constexpr int kMorning[] = {8 * 60 + 30, 9 * 60, 9 * 60 + 30, 10 * 60, 10 * 60 + 30, 11 * 60};
constexpr int kAfternoon[] = {14 * 60 + 30, 15 * 60, 15 * 60 + 30};

}  // namespace

DemoHub::DemoHub(flow::EventQueue& answers, Clock clock, int utc_offset_minutes,
                 domain::BookingRules rules)
    : answers_(answers), clock_(std::move(clock)), rules_(rules) {
    const domain::Date today = domain::local_date(clock_(), utc_offset_minutes);
    int n = 0;
    for (const auto& h : hospitals()) {
        for (const auto& d : h.departments) {
            departments_.push_back({d.id, d.name, h.id, h.name, 0});
            for (int day = 1; day <= 7; ++day) {
                const Instant midnight =
                    domain::start_of(domain::add_days(today, day), utc_offset_minutes);
                std::vector<int> times(std::begin(kMorning), std::end(kMorning));
                if (d.afternoon != 0) {
                    times.insert(times.end(), std::begin(kAfternoon), std::end(kAfternoon));
                }
                for (int minutes : times) {
                    flow::PoolSlot slot;
                    slot.id = std::string(d.id) + "-" +
                              domain::to_iso(domain::add_days(today, day)) + "-" +
                              std::to_string(minutes);
                    slot.version = "1";
                    slot.hospital_id = h.id;
                    slot.hospital = h.name;
                    slot.department_id = d.id;
                    slot.department = d.name;
                    slot.place = d.place;
                    slot.start = Instant{midnight.unix_seconds + minutes * 60};
                    slot.end = Instant{slot.start.unix_seconds + 30 * 60};
                    // Some times went to other residents already.
                    slots_[slot.id] = Kept{slot, ++n % 4 != 0};
                }
            }
        }
    }
    // The demo voucher's booking: a made-up resident's, three days ahead.
    const auto seeded = std::find_if(slots_.begin(), slots_.end(), [&](const auto& kept) {
        return kept.second.free && kept.second.slot.department_id == "cardiology" &&
               kept.second.slot.start.unix_seconds >=
                   domain::start_of(domain::add_days(today, 3), utc_offset_minutes).unix_seconds;
    });
    if (seeded != slots_.end()) {
        seeded->second.free = false;
        held_[kDemoBookingId] =
            Held{{kDemoBookingId, "1", seeded->second.slot, "team-a", flow::BookingStatus::Booked},
                 "demo"};
    }
}

void DemoHub::answer(HubAnswer answer) {
    answers_.post(std::move(answer));
}

void DemoHub::refuse(std::uint64_t ticket, HubRefusal refusal) {
    HubAnswer a;
    a.ticket = ticket;
    a.refusal = refusal;
    answer(std::move(a));
}

void DemoHub::take(const std::string& slot_id) {
    if (auto at = slots_.find(slot_id); at != slots_.end()) {
        at->second.free = false;
    }
}

std::vector<flow::PoolSlot> DemoHub::all_slots() const {
    std::vector<flow::PoolSlot> out;
    for (const auto& [id, kept] : slots_) {
        out.push_back(kept.slot);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.start.unix_seconds < b.start.unix_seconds;
    });
    return out;
}

bool DemoHub::is_free(const std::string& slot_id) const {
    const auto at = slots_.find(slot_id);
    return at != slots_.end() && at->second.free;
}

std::vector<flow::PoolBooking> DemoHub::open_of(const std::string& document) const {
    std::vector<flow::PoolBooking> out;
    for (const auto& [id, held] : held_) {
        if (held.document == document && held.booking.status == flow::BookingStatus::Booked &&
            held.booking.slot.start.unix_seconds > clock_().unix_seconds) {
            out.push_back(held.booking);
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.slot.start.unix_seconds < b.slot.start.unix_seconds;
    });
    return out;
}

void DemoHub::pool(std::uint64_t ticket) {
    ++questions_;
    if (offline_) {
        return refuse(ticket, HubRefusal::Offline);
    }
    HubAnswer a;
    a.ticket = ticket;
    const std::int64_t now = clock_().unix_seconds;
    for (auto d : departments_) {
        d.free_slots =
            static_cast<int>(std::count_if(slots_.begin(), slots_.end(), [&](const auto& kept) {
                return kept.second.free && kept.second.slot.department_id == d.id &&
                       kept.second.slot.start.unix_seconds > now;
            }));
        a.departments.push_back(std::move(d));
    }
    answer(std::move(a));
}

void DemoHub::slots(std::uint64_t ticket, const std::string& department_id) {
    ++questions_;
    if (offline_) {
        return refuse(ticket, HubRefusal::Offline);
    }
    HubAnswer a;
    a.ticket = ticket;
    const std::int64_t now = clock_().unix_seconds;
    for (const auto& slot : all_slots()) {
        if (slot.department_id == department_id && is_free(slot.id) &&
            slot.start.unix_seconds > now) {
            a.slots.push_back(slot);
        }
    }
    answer(std::move(a));
}

// The hub's order of checks (hub/README.md): who, how many, then the slot.
void DemoHub::book(std::uint64_t ticket, const flow::BookRequest& request) {
    ++questions_;
    if (offline_) {
        return refuse(ticket, HubRefusal::Offline);
    }
    if (auto again = held_.find(request.booking_id); again != held_.end()) {
        HubAnswer a;  // the same booking asked again: answered as before
        a.ticket = ticket;
        a.bookings.push_back(again->second.booking);
        return answer(std::move(a));
    }
    if (no_contracts_) {
        return refuse(ticket, HubRefusal::NotSigned);
    }
    const std::string& document = request.resident.document.number;
    if (static_cast<int>(open_of(document).size()) >= rules_.max_open_bookings) {
        return refuse(ticket, HubRefusal::BookingLimit);
    }
    auto kept = slots_.find(request.slot.id);
    if (kept == slots_.end()) {
        return refuse(ticket, HubRefusal::SlotTaken);
    }
    if (race_) {
        race_ = false;
        kept->second.free = false;  // another kiosk, a moment earlier
    }
    if (!kept->second.free) {
        return refuse(ticket, HubRefusal::SlotTaken);
    }
    if (kept->second.slot.start.unix_seconds <= clock_().unix_seconds) {
        return refuse(ticket, HubRefusal::PastDeadline);
    }
    kept->second.free = false;
    Held held{
        {request.booking_id, "1", kept->second.slot, request.team_id, flow::BookingStatus::Booked},
        document};
    held_[request.booking_id] = held;
    HubAnswer a;
    a.ticket = ticket;
    a.bookings.push_back(held.booking);
    answer(std::move(a));
}

void DemoHub::cancel(std::uint64_t ticket, const flow::CancelRequest& request) {
    ++questions_;
    if (offline_) {
        return refuse(ticket, HubRefusal::Offline);
    }
    auto held = held_.find(request.booking.id);
    if (held == held_.end() || held->second.document != request.resident.document.number) {
        return refuse(ticket, HubRefusal::NotFound);
    }
    flow::PoolBooking& b = held->second.booking;
    if (!domain::check_cancellation(b.slot.start, clock_(), rules_)) {
        return refuse(ticket, HubRefusal::PastDeadline);
    }
    if (b.status == flow::BookingStatus::Booked) {
        b.status = flow::BookingStatus::Cancelled;
        b.version = std::to_string(std::stoi(b.version) + 1);
        if (auto kept = slots_.find(b.slot.id); kept != slots_.end()) {
            kept->second.free = true;
        }
    }
    HubAnswer a;
    a.ticket = ticket;
    a.bookings.push_back(b);
    answer(std::move(a));
}

void DemoHub::bookings(std::uint64_t ticket, const flow::HubResident& resident) {
    ++questions_;
    if (offline_) {
        return refuse(ticket, HubRefusal::Offline);
    }
    HubAnswer a;
    a.ticket = ticket;
    a.bookings = open_of(resident.document.number);
    answer(std::move(a));
}

void DemoHub::lookup(std::uint64_t ticket, const std::string& booking_id) {
    ++questions_;
    if (offline_) {
        return refuse(ticket, HubRefusal::Offline);
    }
    auto held = held_.find(booking_id);
    if (held == held_.end()) {
        return refuse(ticket, HubRefusal::NotFound);
    }
    HubAnswer a;
    a.ticket = ticket;
    a.bookings.push_back(held->second.booking);
    answer(std::move(a));
}

void DemoHub::flags(std::uint64_t ticket, const flow::HubResident& resident) {
    ++questions_;
    if (offline_) {
        return refuse(ticket, HubRefusal::Offline);
    }
    HubAnswer a;
    a.ticket = ticket;
    if (auto held = flags_.find(resident.document.number); held != flags_.end()) {
        a.flags = held->second;
    }
    answer(std::move(a));
}

}  // namespace jiayi::demo
