// flow::DeviceBoard: what the heartbeat reports of the devices, from the
// events they post to the app's queue (EventQueue::watch).

#include <doctest/doctest.h>

#include <thread>

#include "kiosk/flow/device_board.hpp"

namespace jiayi::flow {

TEST_CASE("device board: configured devices start ok, the others absent") {
    const DeviceStates configured = DeviceBoard(true, true, false).snapshot();
    CHECK(configured.reader == "ok");
    CHECK(configured.printer == "ok");
    CHECK(configured.paper == "ok");
    CHECK(configured.scanner == "absent");
    const DeviceStates bare = DeviceBoard(false, false, false).snapshot();
    CHECK(bare.reader == "absent");
    CHECK(bare.printer == "absent");
    CHECK(bare.paper == "unknown");
}

TEST_CASE("device board: the queue shows it the reader and the printer as they post") {
    DeviceBoard board(true, true, true);
    EventQueue queue;
    queue.watch([&](const DeviceEvent& event) { board.note(event); });
    // Posted from a device's thread, as the drivers do.
    std::thread reader([&] {
        queue.post(ReaderStatusEvent{ReaderStatus::Offline});
        queue.post(PrinterEvent{PrinterEvent::Kind::Waiting, 7, PrinterProblem::PaperOut});
    });
    reader.join();
    DeviceStates states = board.snapshot();
    CHECK(states.reader == "offline");
    CHECK(states.printer == "paper-out");
    CHECK(states.paper == "out");
    CHECK(queue.drain().size() == 2);  // the flow still gets every event

    queue.post(ReaderStatusEvent{ReaderStatus::CardMoved});  // the resident's doing
    CHECK(board.snapshot().reader == "offline");
    queue.post(ReaderStatusEvent{ReaderStatus::Back});
    queue.post(PrinterEvent{PrinterEvent::Kind::Printed, 7, PrinterProblem::None});
    states = board.snapshot();
    CHECK(states.reader == "ok");
    CHECK(states.printer == "ok");
    CHECK(states.paper == "ok");
    queue.post(PrinterEvent{PrinterEvent::Kind::Disconnected, 0, PrinterProblem::Disconnected});
    CHECK(board.snapshot().printer == "disconnected");

    queue.watch({});
    queue.post(ReaderStatusEvent{ReaderStatus::Broken});
    CHECK(board.snapshot().reader == "ok");  // no longer watching
}

}  // namespace jiayi::flow
