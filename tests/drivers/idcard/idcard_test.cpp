// The SAM frame codec and the card's text block, against the protocol's
// published frames (../shared/protocols/idcard-sam.md) and blocks built here
// for made-up people.

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "drivers/idcard/card_text.hpp"
#include "drivers/idcard/sam_frame.hpp"
#include "drivers/idcard/usb_transport.hpp"
#include "kiosk/config/config.hpp"
#include "support/cards.hpp"
#include "support/people.hpp"

using namespace jiayi::drivers::idcard;

namespace {

Bytes hex(const std::string& text) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < text.size();) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        out.push_back(static_cast<std::uint8_t>(std::stoi(text.substr(i, 2), nullptr, 16)));
        i += 2;
    }
    return out;
}

using Block = jiayi::test::TextBlock;

std::u16string u16(const std::string& ascii) {
    return std::u16string(ascii.begin(), ascii.end());
}

}  // namespace

TEST_CASE("requests are the protocol's published bytes") {
    CHECK(encode(kResetSam) == hex("AA AA AA 96 69 00 03 10 FF EC"));
    CHECK(encode(kSamStatus) == hex("AA AA AA 96 69 00 03 11 FF ED"));
    CHECK(encode(kSamId) == hex("AA AA AA 96 69 00 03 12 FF EE"));
    CHECK(encode(kFindCard) == hex("AA AA AA 96 69 00 03 20 01 22"));
    CHECK(encode(kSelectCard) == hex("AA AA AA 96 69 00 03 20 02 21"));
    CHECK(encode(kReadText) == hex("AA AA AA 96 69 00 03 30 01 32"));
    CHECK(encode(kReadAddress) == hex("AA AA AA 96 69 00 03 30 03 30"));
    const std::uint8_t size = 0x50;
    CHECK(encode({0x61, 0xFF}, std::span(&size, 1)) == hex("AA AA AA 96 69 00 04 61 FF 50 CA"));
}

TEST_CASE("the protocol's published replies parse, and the result is SW3") {
    auto ok = parse_reply(hex("AA AA AA 96 69 00 04 00 00 90 94"));
    REQUIRE(ok.ok());
    CHECK(ok->is(Sw3::Success));
    CHECK(ok->data.empty());
    auto found = parse_reply(hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"));
    REQUIRE(found.ok());
    CHECK(found->is(Sw3::CardFound));
    CHECK(found->data.size() == 4);
    CHECK(parse_reply(hex("AA AA AA 96 69 00 04 00 00 80 84"))->is(Sw3::NoCard));
    CHECK(
        parse_reply(hex("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C"))->data.size() ==
        8);
    CHECK(parse_reply(hex("AA AA AA 96 69 00 04 00 00 41 45"))->is(Sw3::ReadFailed));
    auto sam = parse_reply(
        hex("AA AA AA 96 69 00 14 00 00 90 05 00 01 00 09 B8 32 01 05 BE 12 00 AD C5 B1 11 63"));
    REQUIRE(sam.ok());
    CHECK(sam->data.size() == 16);
    // SW1/SW2 non-zero do not change the verdict.
    auto odd = parse_reply(encode_reply(0x90, {}, 0x12, 0x34));
    REQUIRE(odd.ok());
    CHECK(odd->is(Sw3::Success));
    CHECK(describe(0x60) == "sam-self-test-failed");
    CHECK(describe(0x7E) == "sw3-7E");
}

TEST_CASE("bad frames are refused with their reason") {
    CHECK(parse_reply(hex("01 02 03")).error() == FrameError::NoPreamble);
    CHECK(parse_reply(hex("AA AA AA 96 69 00 04 00 00")).error() == FrameError::Truncated);
    CHECK(parse_reply(hex("AA AA AA 96 69 00 04 00 00 90 95")).error() == FrameError::BadChecksum);
    CHECK(parse_reply(hex("AA AA AA 96 69 00 02 00 00")).error() == FrameError::BadLength);
    CHECK(parse_reply(hex("AA AA AA 96 69 FF FF 00 00 90")).error() == FrameError::BadLength);
}

TEST_CASE("a stream: garbage skipped, frames split anywhere, a bad frame reported and passed") {
    const Bytes no_card = encode_reply(0x80);
    const Bytes found = encode_reply(0x9F, Bytes(4, 0));
    Bytes bad = encode_reply(0x90);
    bad.back() ^= 0x01;
    Bytes stream = hex("00 13 AA 96 AA AA");  // garbage, with a false start
    stream.insert(stream.end(), no_card.begin(), no_card.end());
    stream.insert(stream.end(), bad.begin(), bad.end());
    stream.insert(stream.end(), found.begin(), found.end());
    // Byte by byte, as a slow serial line delivers it.
    FrameReader reader;
    std::vector<std::string> seen;
    for (std::uint8_t b : stream) {
        reader.feed(std::span(&b, 1));
        while (auto next = reader.next()) {
            seen.push_back(next->ok() ? std::string(describe(next->value().sw3))
                                      : std::string(code(next->error())));
        }
    }
    CHECK(seen == std::vector<std::string>{"no-card", "bad-checksum", "card-found"});
    CHECK(reader.skipped() >= 6);
    CHECK(reader.buffered() == 0);
    // All at once gives the same.
    FrameReader whole;
    whole.feed(stream);
    std::vector<std::string> again;
    while (auto next = whole.next()) {
        again.push_back(next->ok() ? std::string(describe(next->value().sw3))
                                   : std::string(code(next->error())));
    }
    CHECK(again == seen);
}

TEST_CASE("a length beyond any real reply is not waited for") {
    FrameReader reader;
    reader.feed(hex("AA AA AA 96 69 7F FF 00"));
    auto next = reader.next();
    REQUIRE(next.has_value());
    CHECK(next->error() == FrameError::BadLength);
    const Bytes ok = encode_reply(0x90);
    reader.feed(ok);
    auto after = reader.next();
    REQUIRE(after.has_value());
    REQUIRE(after->ok());
    CHECK(after->value().is(Sw3::Success));
}

TEST_CASE("a resident's card: fields trimmed, 长期 for no expiry, sex and nation codes") {
    const std::string number = jiayi::test::make_id("500114", "19800301", "013");
    Block block;
    block.put(0, u"测试甲")
        .put(30, u"1")
        .put(32, u"01")
        .put(36, u"19800301")
        .put(52, u"重庆市示例区示例村1号")
        .put(122, u16(number))
        .put(158, u"示例区公安局")
        .put(188, u"20200101")
        .put(204, u"长期");
    auto t = parse_card_text(block.bytes);
    REQUIRE(t.ok());
    CHECK(t->type == CardType::Resident);
    CHECK(t->name == "测试甲");
    CHECK(t->number == number);
    CHECK(t->address == "重庆市示例区示例村1号");
    CHECK(t->birth == "19800301");
    CHECK(t->long_term);
    CHECK(t->valid_to.empty());
    CHECK(sex_name(t->sex_code) == "male");
    CHECK(nation_name(t->nation_code) == "汉");
    CHECK(nation_name("56") == "基诺");
    CHECK(nation_name("98") == "外国血统中国籍人士");
    CHECK_FALSE(nation_name("57").has_value());  // shown raw, never indexed blindly
    CHECK_FALSE(nation_name("00").has_value());
    CHECK(sex_name("9") == "unspecified");
    CHECK(sex_name("0") == "unknown");
    CHECK(sex_name("3") == "unknown");  // "not 1" is never female
}

TEST_CASE("a HK/Macao/Taiwan permit, and both foreigners' cards") {
    Block j;
    j.put(0, u"陈测试")
        .put(30, u"2")
        .put(36, u"19970510")
        .put(122, u16(jiayi::test::make_id("810000", "19970510", "078")))
        .put(204, u"20310510")
        .put(220, u"H00000001")
        .put(238, u"01")
        .put(248, u"J");
    auto permit = parse_card_text(j.bytes);
    REQUIRE(permit.ok());
    CHECK(permit->type == CardType::HmtPermit);
    CHECK(permit->permit_number == "H00000001");
    CHECK(permit->issue_count == "01");
    CHECK(permit->nation_code.empty());
    CHECK(permit->valid_to == "20310510");

    Block i;
    i.put(0, u"TEST, ALICE").put(120, u"2").put(122, u"USA100000000001").put(152, u"USA");
    i.put(158, u"爱测试").put(220, u"19850312").put(236, u"01").put(248, u"I");
    auto old_card = parse_card_text(i.bytes);
    REQUIRE(old_card.ok());
    CHECK(old_card->type == CardType::Foreigner2017);
    CHECK(old_card->english_name == "TEST, ALICE");
    CHECK(old_card->name == "爱测试");
    CHECK(old_card->nationality == "USA");
    CHECK(old_card->number == "USA100000000001");

    Block y;
    // 35 characters fill the first English-name field; the rest runs on.
    const std::string english = "TESTPERSON ALICE MARIE ELIZABETH SM ITH";
    y.put(0, u"爱测试").put(30, u"2").put(36, u"19850312").put(52, u16(english.substr(0, 35)));
    y.put(122, u16(jiayi::test::make_id("950840", "19850312", "067")));
    y.put(220, u16(english.substr(35))).put(242, u"USA").put(248, u"Y");
    auto new_card = parse_card_text(y.bytes);
    REQUIRE(new_card.ok());
    CHECK(new_card->type == CardType::Foreigner2023);
    CHECK(new_card->english_name == english);
    CHECK(new_card->nationality == "USA");
    CHECK(new_card->number.front() == '9');
}

TEST_CASE("text blocks that cannot be read say why") {
    CHECK(parse_card_text(Bytes(255, 0x20)).error() == TextError::WrongSize);
    Block unknown;
    unknown.put(122, u"1").put(248, u"Q");
    CHECK(parse_card_text(unknown.bytes).error() == TextError::UnknownType);
    Block empty;
    CHECK(parse_card_text(empty.bytes).error() == TextError::NoNumber);
}

TEST_CASE("a read reply splits into the text block and the photo blob") {
    Bytes data{0x01, 0x00, 0x04, 0x00};
    data.resize(4 + 256 + 1024, 0x20);
    data[4 + 256] = 0x57;  // the WLT blob starts "WL"
    auto split = split_read_reply(data);
    REQUIRE(split.ok());
    CHECK(split->text.size() == 256);
    CHECK(split->photo.size() == 1024);
    CHECK(split->photo[0] == 0x57);
    data.resize(1000);
    CHECK(split_read_reply(data).error() == TextError::ShortReply);
    // The whole 30 01 reply frame is 1295 bytes, as the protocol says.
    CHECK(encode_reply(0x90, Bytes(4 + 256 + 1024, 0)).size() == 1295);
}

TEST_CASE("UCS-2: surrogate pairs join, a lone surrogate becomes U+FFFD, NULs trim") {
    const Bytes pair{0x42, 0xD8, 0xB7, 0xDF, 0x00, 0x00};  // U+20BB7 𠮷
    CHECK(ucs2le_to_utf8(pair) == "𠮷");
    const Bytes lone{0x42, 0xD8, 0x41, 0x00};
    CHECK(ucs2le_to_utf8(lone) ==
          "\xEF\xBF\xBD"
          "A");
}

TEST_CASE("a USB reader is named \"usb\" or by its VID:PID, and its pipe style by a word") {
    auto any = usb_reader_matches("usb");
    REQUIRE(any.has_value());
    REQUIRE(any->size() == 2);
    CHECK((*any)[0].vendor == 0x0400);
    CHECK((*any)[0].product == 0xC35A);
    CHECK((*any)[1].vendor == 0x0316);
    CHECK((*any)[1].product == 0x5020);
    // VIDs are shared: a reader is also recognised by its vendor-class interface.
    CHECK((*any)[0].interface_class == std::optional<std::uint8_t>{0xFF});
    auto one = usb_reader_matches("usb:0316:5020");
    REQUIRE(one.has_value());
    REQUIRE(one->size() == 1);
    CHECK(one->front().product == 0x5020);
    CHECK(usb_reader_matches("usb:0400:C35A").has_value());
    for (const char* not_usb :
         {"/dev/ttyUSB0", "usb:0400", "usb:0400:c35g", "usb:04000:c35a", "usb:0400-c35a", "usb:"}) {
        CAPTURE(not_usb);
        CHECK_FALSE(usb_reader_matches(not_usb).has_value());
    }
    CHECK(usb_pipes_from("split") == UsbPipes::Split);
    CHECK(usb_pipes_from("single") == UsbPipes::Single);
    CHECK(usb_pipes_from("probe") == UsbPipes::Probe);
    CHECK_FALSE(usb_pipes_from("both").has_value());
    CHECK(code(UsbPipes::Single) == "single");
}

TEST_CASE("[devices] idcard keys: a USB reader and its pipe style are read, mistakes refused") {
    using jiayi::config::parse_config;
    auto usb = parse_config(
        "[devices]\nidcard_reader = \"usb:0400:c35a\"\n"
        "idcard_usb_pipes = \"split\"\n",
        "kiosk.toml");
    REQUIRE(usb.ok());
    CHECK(usb->devices.idcard_reader == "usb:0400:c35a");
    CHECK(usb->devices.idcard_usb_pipes == jiayi::config::UsbPipes::Split);
    auto defaults = parse_config("", "kiosk.toml");
    REQUIRE(defaults.ok());
    CHECK(defaults->devices.idcard_usb_pipes == jiayi::config::UsbPipes::Probe);
    CHECK(defaults->devices.idcard_reader.empty());
    CHECK(parse_config("[devices]\nidcard_reader = \"/dev/ttyUSB0\"\n", "k.toml").ok());
    CHECK(parse_config("[devices]\nidcard_reader = \"usb\"\n", "k.toml").ok());

    auto bad_reader = parse_config("[devices]\nidcard_reader = \"usb:04OO:c35a\"\n", "k.toml");
    REQUIRE_FALSE(bad_reader.ok());
    CHECK(bad_reader.error()[0].to_string().find("k.toml:2: ") == 0);
    CHECK(bad_reader.error()[0].message.find("usb:VVVV:PPPP") != std::string::npos);
    auto bad_pipes = parse_config("[devices]\nidcard_usb_pipes = \"double\"\n", "k.toml");
    REQUIRE_FALSE(bad_pipes.ok());
    CHECK(bad_pipes.error()[0].message.find("\"split\", \"single\", \"probe\"") !=
          std::string::npos);
}
