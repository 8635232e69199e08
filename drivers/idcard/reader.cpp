#include "drivers/idcard/reader.hpp"

namespace jiayi::drivers::idcard {

Result<Reply, IoError> exchange(Transport& transport, Command command,
                                std::chrono::milliseconds timeout) {
    if (auto sent = transport.write(encode(command)); !sent) {
        return fail(sent.error());
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    FrameReader frames;
    std::uint8_t buffer[512];
    for (;;) {
        while (auto next = frames.next()) {
            if (next->ok()) {
                return std::move(*next).value();
            }
            // A damaged frame: keep reading; the real one may follow.
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return fail(IoError{IoError::Kind::Timeout, "no reply to the request"});
        }
        auto got = transport.read(buffer, left);
        if (!got) {
            return fail(got.error());
        }
        frames.feed(std::span(buffer, *got));
    }
}

Result<int, IoError> probe_baud(SerialTransport& transport, std::chrono::milliseconds timeout) {
    for (int baud : kBaudRates) {
        if (auto set = transport.set_baud(baud); !set) {
            return fail(set.error());
        }
        if (auto status = exchange(transport, kSamStatus, timeout); status) {
            return baud;
        }
    }
    return fail(
        IoError{IoError::Kind::Timeout, "no answer at any speed on " + transport.describe()});
}

Connect serial_reader(std::string path, int baud) {
    return [path, baud]() -> Result<std::unique_ptr<Transport>, IoError> {
        auto serial = SerialTransport::open(path, baud == 0 ? kBaudRates[0] : baud);
        if (!serial) {
            return fail(serial.error());
        }
        if (baud == 0) {
            if (auto found = probe_baud(**serial, std::chrono::milliseconds(500)); !found) {
                return fail(found.error());
            }
        }
        return std::unique_ptr<Transport>(std::move(serial).value());
    };
}

CardReader::CardReader(Connect connect, ReaderOptions options,
                       std::function<void(ReaderEvent)> post)
    : connect_(std::move(connect)), options_(options), post_(std::move(post)) {}

CardReader::~CardReader() {
    stop();
}

void CardReader::start() {
    thread_ = std::thread([this] { run(); });
}

void CardReader::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool CardReader::pause() {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, options_.poll, [this] { return stopping_; });
}

void CardReader::report(ReaderEvent::Kind kind, std::string detail) {
    ReaderEvent e;
    e.kind = kind;
    e.detail = std::move(detail);
    post_(std::move(e));
}

void CardReader::lost(const IoError& error) {
    if (answering_) {
        answering_ = false;
        report(ReaderEvent::Kind::NoAnswer, error.message);
    }
}

void CardReader::run() {
    // Connect, serve until the device goes away, and connect again.
    do {
        auto connected = connect_();
        if (!connected) {
            lost(connected.error());
            continue;
        }
        transport_ = std::move(connected).value();
        if (!serve()) {
            transport_.reset();
        }
    } while (pause());
}

bool CardReader::serve() {
    // A transport error other than a timeout means the device went away.
    auto gone = [](const IoError& e) { return e.kind != IoError::Kind::Timeout; };
    // The SAM first: a reader whose module failed its self-test reads nothing.
    bool sam_ok = false;
    do {
        auto status = exchange(*transport_, kSamStatus, options_.answer_timeout);
        if (!status) {
            lost(status.error());
            if (gone(status.error())) {
                return false;
            }
            continue;
        }
        if (!answering_) {
            answering_ = true;
            report(ReaderEvent::Kind::Answering, transport_->describe());
        }
        if (status->is(Sw3::SamSelfTestFailed) || status->is(Sw3::SamNotAuthorised)) {
            report(ReaderEvent::Kind::SamFailure, std::string(describe(status->sw3)));
            continue;
        }
        sam_ok = true;
    } while (!sam_ok && pause());

    while (sam_ok && pause()) {
        auto found = exchange(*transport_, kFindCard, options_.answer_timeout);
        if (!found) {
            lost(found.error());
            if (gone(found.error())) {
                return false;
            }
            continue;
        }
        if (!answering_) {
            answering_ = true;
            report(ReaderEvent::Kind::Answering, transport_->describe());
        }
        if (found->is(Sw3::NoCard)) {
            last_number_.clear();  // the card has left: the next one is news
            continue;
        }
        if (!found->is(Sw3::CardFound)) {
            if (found->is(Sw3::SamSelfTestFailed)) {
                report(ReaderEvent::Kind::SamFailure, std::string(describe(found->sw3)));
            }
            continue;
        }
        auto selected = exchange(*transport_, kSelectCard, options_.answer_timeout);
        if (!selected || !selected->is(Sw3::Success)) {
            continue;  // the card left between find and select: try again
        }
        auto read = exchange(*transport_, kReadText, options_.read_timeout);
        if (!read) {
            report(ReaderEvent::Kind::ReadFailed, read.error().message);
            continue;
        }
        if (!read->is(Sw3::Success)) {
            report(ReaderEvent::Kind::ReadFailed, std::string(describe(read->sw3)));
            continue;
        }
        auto split = split_read_reply(read->data);
        auto card =
            split ? parse_card_text(split->text) : Result<CardText, TextError>(fail(split.error()));
        if (!card) {
            report(ReaderEvent::Kind::ReadFailed, std::string(code(card.error())));
            continue;
        }
        if (card->number == last_number_) {
            continue;  // the same card, never reported twice while it stays
        }
        // Addresses added since the card was issued; none is the usual answer (91).
        if (auto appended = exchange(*transport_, kReadAddress, options_.answer_timeout);
            appended && appended->is(Sw3::Success)) {
            card->appended_addresses = parse_appended_addresses(appended->data);
        }
        last_number_ = card->number;
        ReaderEvent e;
        e.kind = ReaderEvent::Kind::CardRead;
        e.card = std::move(card).value();
        if (options_.keep_photo) {
            e.photo = std::move(split->photo);
        }
        post_(std::move(e));
    }
    return true;
}

}  // namespace jiayi::drivers::idcard
