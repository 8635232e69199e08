#pragma once
// The read loop (../shared/protocols/idcard-sam.md, "Typical loop"), on its
// own thread: SAM status at start, then find → select → read every poll
// interval; a card is reported once while it stays (the SAM does not find a
// card it has read until it leaves the field, and a repeat is suppressed
// anyway); errors become events, never exceptions.
//
// Threading: start() spawns the thread; `post` is called on it (the kiosk
// posts into flow::EventQueue); stop() wakes and joins it. The transport
// belongs to the thread while it runs.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/idcard/card_text.hpp"
#include "drivers/idcard/sam_frame.hpp"
#include "drivers/idcard/transport.hpp"

namespace jiayi::drivers::idcard {

struct ReaderOptions {
    std::chrono::milliseconds poll{250};
    std::chrono::milliseconds answer_timeout{500};  // status, find, select
    std::chrono::milliseconds read_timeout{3500};   // a whole card read
    // The card's photo (the proprietary WLT blob, 1024 bytes) is dropped
    // unless asked for; it is never decoded, and nothing needs it.
    bool keep_photo = false;
};

struct ReaderEvent {
    enum class Kind {
        CardRead,    // `card` holds the text
        ReadFailed,  // the card moved away mid-read (SW3 41) or its data did not check
        SamFailure,  // SW3 60/66: the reader is unusable
        NoAnswer,    // the reader stopped answering
        Answering,   // it answers again
    } kind = Kind::CardRead;
    std::optional<CardText> card;
    std::vector<std::uint8_t> photo;  // raw WLT, only with keep_photo
    std::string detail;               // for staff and logs: never the card's content
};

// One request and its reply, within `timeout`.
Result<Reply, IoError> exchange(Transport& transport, Command command,
                                std::chrono::milliseconds timeout);

// The line speed a reader answers at: each of kBaudRates in turn, asking for
// the SAM's status; the transport is left at the speed that answered.
Result<int, IoError> probe_baud(SerialTransport& transport, std::chrono::milliseconds timeout);

// Opens the transport; called on the reader's thread at start and again
// after the device went away (unplugged and plugged back in).
using Connect = std::function<Result<std::unique_ptr<Transport>, IoError>()>;

// A serial reader at `path`: at `baud`, or at the speed a probe finds (0).
Connect serial_reader(std::string path, int baud);

class CardReader {
  public:
    CardReader(Connect connect, ReaderOptions options, std::function<void(ReaderEvent)> post);
    ~CardReader();
    CardReader(const CardReader&) = delete;
    CardReader& operator=(const CardReader&) = delete;

    void start();
    void stop();

  private:
    void run();
    // One connection's life: false when the device went away.
    bool serve();
    bool pause();  // waits one poll interval; false when stopping
    void report(ReaderEvent::Kind kind, std::string detail);
    void lost(const IoError& error);

    Connect connect_;
    std::unique_ptr<Transport> transport_;
    ReaderOptions options_;
    std::function<void(ReaderEvent)> post_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool answering_ = true;
    std::string last_number_;  // the card read last, until the reader finds no card
};

}  // namespace jiayi::drivers::idcard
