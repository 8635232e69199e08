// jiayi idcard read — one card from the reader, masked.
// jiayi idcard decode FILE — a reader's reply frame (hex text or raw bytes)
// taken apart: the frame, SW3, and for a card read the card's fields. Names,
// numbers and addresses are shown masked: a captured frame is someone's card.

#include <cctype>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "apps/jiayi/commands.hpp"
#include "drivers/idcard/card_text.hpp"
#include "drivers/idcard/reader.hpp"
#include "drivers/idcard/sam_frame.hpp"
#include "drivers/idcard/usb_transport.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/devices/devices.hpp"
#include "kiosk/domain/mask.hpp"

namespace jiayi::cli {

namespace {

using drivers::idcard::Bytes;

// Hex digits with any spacing, or else the raw bytes.
Bytes read_frame(const std::string& text) {
    bool is_hex = !text.empty();
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (!std::isxdigit(c) && !std::isspace(c)) {
            is_hex = false;
            break;
        }
    }
    if (!is_hex) {
        return Bytes(text.begin(), text.end());
    }
    Bytes out;
    std::string digits;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isxdigit(c)) {
            digits += static_cast<char>(c);
        }
    }
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
    }
    return out;
}

int idcard_decode(const std::string& file, bool json, const domain::MaskRules& mask) {
    namespace id = drivers::idcard;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << "jiayi: cannot read " << file << "\n";
        return 2;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    const Bytes bytes = read_frame(text);
    auto reply = id::parse_reply(bytes);
    nlohmann::json out;
    if (!reply) {
        out = {{"frame", "invalid"}, {"reason", id::code(reply.error())}};
        if (json) {
            std::cout << out.dump(2) << "\n";
        } else {
            std::cout << "not a reply frame: " << id::code(reply.error()) << "\n";
        }
        return 1;
    }
    char sw[16];
    std::snprintf(sw, sizeof sw, "%02X %02X %02X", reply->sw1, reply->sw2, reply->sw3);
    out = {{"frame", "ok"},
           {"sw", sw},
           {"result", id::describe(reply->sw3)},
           {"data_bytes", reply->data.size()}};
    std::string line = std::string("reply: SW ") + sw + " (" +
                       std::string(id::describe(reply->sw3)) + "), " +
                       std::to_string(reply->data.size()) + " data bytes";
    // A card read: TL PL text photo.
    if (reply->is(id::Sw3::Success) && reply->data.size() >= 4 + 256) {
        auto split = id::split_read_reply(reply->data);
        if (split && split->text.size() == 256) {
            auto card = id::parse_card_text(split->text);
            if (!card) {
                out["card"] = {{"error", id::code(card.error())}};
                line += "\ncard text: " + std::string(id::code(card.error()));
            } else {
                const auto& c = *card;
                out["card"] = {{"type", id::code(c.type)},
                               {"name", domain::mask_name(c.name)},
                               {"english_name", c.english_name.empty() ? "" : "(present)"},
                               {"number", domain::mask_id(c.number, mask)},
                               {"sex", id::sex_name(c.sex_code)},
                               {"nation", id::nation_name(c.nation_code).value_or(c.nation_code)},
                               {"address", c.address.empty() ? "" : "(present)"},
                               {"valid_from", c.valid_from},
                               {"valid_to", c.long_term ? "长期" : c.valid_to},
                               {"photo_bytes", split->photo.size()}};
                line += "\ncard: " + std::string(id::code(c.type)) + "  " +
                        domain::mask_name(c.name) + "  " + domain::mask_id(c.number, mask) + "  " +
                        std::string(id::sex_name(c.sex_code)) + "  valid " + c.valid_from + "–" +
                        (c.long_term ? "长期" : c.valid_to) + "  photo " +
                        std::to_string(split->photo.size()) + " bytes";
            }
        }
    }
    std::cout << (json ? out.dump(2) : line) << "\n";
    return 0;
}

int idcard_read(const std::string& device, int baud, drivers::idcard::UsbPipes pipes,
                int timeout_seconds, bool json, const domain::MaskRules& mask) {
    namespace id = drivers::idcard;
    std::mutex mutex;
    std::condition_variable done;
    std::optional<id::ReaderEvent> card;
    std::vector<std::string> notes;
    id::ReaderOptions options;
    options.poll = std::chrono::milliseconds(100);
    id::CardReader reader(id::reader_at(device, baud, pipes), options, [&](id::ReaderEvent e) {
        std::lock_guard lock(mutex);
        if (e.kind == id::ReaderEvent::Kind::CardRead) {
            card = std::move(e);
            done.notify_all();
        } else {
            notes.push_back(
                std::string(e.kind == id::ReaderEvent::Kind::Answering ? "answering" : "problem") +
                ": " + e.detail);
        }
    });
    reader.start();
    {
        std::unique_lock lock(mutex);
        done.wait_for(lock, std::chrono::seconds(timeout_seconds),
                      [&] { return card.has_value(); });
    }
    reader.stop();
    nlohmann::json out = {{"device", device}, {"notes", notes}};
    if (!card) {
        out["card"] = nullptr;
        if (json) {
            std::cout << out.dump(2) << "\n";
        } else {
            for (const auto& n : notes) {
                std::cout << n << "\n";
            }
            std::cout << "no card within " << timeout_seconds << " s on " << device << "\n";
        }
        return 1;
    }
    const id::CardText& c = *card->card;
    out["card"] = {{"type", id::code(c.type)},
                   {"name", domain::mask_name(c.name.empty() ? c.english_name : c.name)},
                   {"number", domain::mask_id(c.number, mask)},
                   {"sex", id::sex_name(c.sex_code)},
                   {"valid_to", c.long_term ? "长期" : c.valid_to}};
    if (json) {
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << "card: " << id::code(c.type) << "  "
                  << domain::mask_name(c.name.empty() ? c.english_name : c.name) << "  "
                  << domain::mask_id(c.number, mask) << "  " << id::sex_name(c.sex_code) << "\n";
    }
    return 0;
}

}  // namespace

void add_idcard_commands(CLI::App& app, Context& context) {
    struct Options {
        std::string frame_file;
        bool decode_json = false;
        std::string device;
        int baud = -1;
        int timeout = 10;
        bool read_json = false;
    };
    auto o = std::make_shared<Options>();
    auto* idcard = app.add_subcommand("idcard", "the ID card reader")->require_subcommand(1);

    auto* decode =
        idcard->add_subcommand("decode", "take a reader's reply frame apart (hex or raw)");
    decode->add_option("FILE", o->frame_file, "the frame: hex text or raw bytes")->required();
    decode->add_flag("--json", o->decode_json, "print JSON");
    decode->callback([o, &context] {
        context.status = idcard_decode(o->frame_file, o->decode_json, domain::MaskRules{});
    });

    auto* read = idcard->add_subcommand("read", "one card from the configured reader");
    read->add_option("--device", o->device,
                     "the reader: a serial device, \"usb\" or \"usb:VVVV:PPPP\" (default: config)");
    read->add_option("--baud", o->baud, "its speed; 0 probes (default: config)");
    read->add_option("--timeout", o->timeout, "seconds to wait for a card")
        ->check(CLI::Range(1, 600));
    read->add_flag("--json", o->read_json, "print JSON");
    read->callback([o, &context] {
        std::string device = o->device;
        int baud = o->baud < 0 ? 0 : o->baud;
        auto pipes = drivers::idcard::UsbPipes::Probe;
        domain::MaskRules mask;
        // The configuration names the reader when --device does not.
        if (device.empty()) {
            auto loaded = load_config_reporting(context.config_file);
            if (!loaded) {
                context.status = 1;
                return;
            }
            device = loaded->devices.idcard_reader;
            if (o->baud < 0) {
                baud = loaded->devices.idcard_baud;
            }
            pipes = devices::usb_pipes(loaded->devices.idcard_usb_pipes);
            mask = loaded->rules.mask;
        }
        if (device.empty()) {
            std::cerr << "jiayi: no reader: give --device or set [devices] idcard_reader\n";
            context.status = 2;
            return;
        }
        context.status = idcard_read(device, baud, pipes, o->timeout, o->read_json, mask);
    });
}

}  // namespace jiayi::cli
