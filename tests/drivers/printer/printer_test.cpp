// The receipt printer: GB18030 and the printer's font, the ESC/POS bytes we
// send (the protocol's table) and the table of commands our renderer reads
// them with, pages and the test page, our renderer, profiles, status, and the
// real links and print queue against the printer simulator over TCP and a
// pty (with receipts from kiosk/printing as the jobs: real bytes).

#include <doctest/doctest.h>

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "common/utf8.hpp"
#include "drivers/printer/escpos.hpp"
#include "drivers/printer/gb18030.hpp"
#include "drivers/printer/link.hpp"
#include "drivers/printer/page.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/profile.hpp"
#include "drivers/printer/queue.hpp"
#include "drivers/printer/render.hpp"
#include "drivers/printer/simulator.hpp"
#include "drivers/printer/test_page.hpp"
#include "kiosk/printing/receipt_layout.hpp"
#include "support/paper.hpp"
#include "support/printing.hpp"
#include "support/receipts.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace jiayi;
using namespace jiayi::drivers::printer;
using jiayi::printing::layout_receipt;
using namespace std::chrono_literals;

const std::filesystem::path kSource = JIAYI_SOURCE_DIR;

// The shared loaders, by the short names these tests use.
std::shared_ptr<const image::Typeface> face() {
    return test::printer_face();
}
const std::vector<Profile>& profiles() {
    return test::shipped_profiles();
}
const Profile& profile(std::string_view id) {
    return test::shipped_profile(id);
}
const text::Catalog& catalog() {
    return test::shipped_catalog();
}

Bytes bytes_of(std::initializer_list<int> list) {
    Bytes out;
    for (int b : list) {
        out.push_back(static_cast<std::uint8_t>(b));
    }
    return out;
}

std::vector<Sheet> render(const Bytes& bytes, const Profile& p, Renderer** keep = nullptr) {
    static std::unique_ptr<Renderer> last;
    last = std::make_unique<Renderer>(p.dots, p.font, face());
    last->feed(bytes);
    if (keep != nullptr) {
        *keep = last.get();
    }
    return last->finish();
}

}  // namespace

TEST_CASE("GB18030: the bytes of a character, and whether the printer's font has it") {
    CHECK(gb18030(U'A') == std::optional<std::string>("A"));
    CHECK(gb18030(U'张') == std::optional<std::string>("\xD5\xC5"));
    CHECK(gb18030(U'䶮') == std::optional<std::string>("\xFE\x9F"));  // Ext-A, two bytes since 2005
    CHECK(gb18030(0x20BB7)->size() == 4);                             // 𠮷, Ext-B
    CHECK_FALSE(gb18030(0xD800).has_value());

    CHECK(printable(U'张', FontSet::Gb2312));
    CHECK_FALSE(printable(U'镕', FontSet::Gb2312));  // GBK, not GB2312
    CHECK(printable(U'镕', FontSet::Gbk));
    CHECK(printable(U'䶮', FontSet::Gb18030));
    CHECK_FALSE(printable(U'䶮', FontSet::Gbk));
    CHECK_FALSE(printable(0x20BB7, FontSet::Gb18030));  // four bytes: never from text
    CHECK_FALSE(printable(U'¥', FontSet::Gbk));         // U+00A5 is four bytes in GB18030
    CHECK(printable(U'￥', FontSet::Gb2312));
    CHECK_FALSE(printable(U'\x1B', FontSet::Gb18030));  // a command, not text

    const std::u32string text = U"家医 A1 䶮𠮷";
    CHECK(from_gb18030(to_gb18030(text)) == text);
    CHECK(from_gb18030("\xFF\x41") ==
          U"\xFFFD"
          U"A");
}

TEST_CASE("ESC/POS: each command is the protocol's bytes") {
    Encoder e;
    e.init().align(Align::Centre).size(2, 2).bold(true).feed(3).cut(Cut::Partial).cut(Cut::Full);
    CHECK(e.bytes() ==
          bytes_of({0x1B, 0x40, 0x1C, 0x26, 0x1B, 0x61, 0x01, 0x1D, 0x21, 0x11, 0x1B, 0x45,
                    0x01, 0x1B, 0x64, 0x03, 0x1D, 0x56, 0x42, 0x00, 0x1D, 0x56, 0x00}));

    Encoder q;
    REQUIRE(q.qr("AB", 6, QrLevel::M));
    CHECK(q.bytes() == bytes_of({0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,  // model 2
                                 0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,        // module
                                 0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,        // level M
                                 0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 'A',
                                 'B',  0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30}));
    Encoder refused;
    CHECK_FALSE(refused.qr("名字", 6));  // QR payloads stay ASCII
    CHECK(refused.bytes().empty());

    image::Grey dots(9, 2);
    dots.darken(0, 0, 0);
    dots.darken(8, 1, 0);
    Encoder r;
    r.raster(dots);
    CHECK(r.bytes() ==
          bytes_of({0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00,  // 2 bytes × 2 rows
                    0x80, 0x00, 0x00, 0x80}));

    Encoder t;
    t.text(U"张A").newline();
    CHECK(t.bytes() == bytes_of({0xD5, 0xC5, 'A', 0x0A}));
}

TEST_CASE("commands: every command in the table reads back as itself") {
    std::set<std::vector<std::uint8_t>> prefixes;
    for (const Command& c : commands()) {
        CAPTURE(c.name);
        CHECK(&command(c.op) == &c);
        const auto prefix = c.prefix.view();
        CHECK(prefixes.insert({prefix.begin(), prefix.end()}).second);  // no two alike
        // Zeros for the parameters, but the counts that say how much follows.
        Bytes header(c.header, 0);
        std::size_t data = 0;
        if (c.shape == Shape::Counted) {
            header[c.header - 2] = 3;
            data = 3;
        } else if (c.shape == Shape::Rows) {
            header[c.header - 4] = 2;  // 2 bytes wide
            header[c.header - 2] = 3;  // 3 rows
            data = 6;
        }
        Bytes bytes(prefix.begin(), prefix.end());
        bytes.insert(bytes.end(), header.begin(), header.end());
        bytes.insert(bytes.end(), data, 0x5A);
        const Parsed whole = parse(bytes);
        REQUIRE(whole.kind == Parsed::Kind::Command);
        CHECK(whole.command->op == c.op);
        CHECK(whole.size == bytes.size());
        CHECK(whole.header.size() == c.header);
        CHECK(whole.data.size() == data);
        // Cut short anywhere, it waits for the rest.
        for (std::size_t n = 1; n < bytes.size(); ++n) {
            CAPTURE(n);
            CHECK(parse(std::span<const std::uint8_t>(bytes).first(n)).kind ==
                  Parsed::Kind::Incomplete);
        }
    }
}

TEST_CASE("commands: overlapping prefixes, unknown commands and text") {
    auto kind = [](std::initializer_list<int> list) { return parse(bytes_of(list)).kind; };
    auto op = [](std::initializer_list<int> list) {
        const Bytes bytes = bytes_of(list);
        const Parsed p = parse(bytes);
        REQUIRE(p.kind == Parsed::Kind::Command);
        CHECK(p.size == bytes.size());
        return p.command->op;
    };
    CHECK(op({0x1D, 0x56, 0x00}) == Op::Cut);
    CHECK(op({0x1D, 0x56, 0x42, 0x00}) == Op::FeedAndCutPartial);
    CHECK(op({0x1D, 0x56, 0x41, 0x05}) == Op::FeedAndCutFull);
    CHECK(op({0x1D, 0x28, 0x6B, 0x01, 0x00, 0x31}) == Op::Qr);
    CHECK(op({0x1D, 0x28, 0x41, 0x02, 0x00, 0x01, 0x02}) == Op::OtherFunction);
    CHECK(kind({0x1B, 0x99}) == Parsed::Kind::Unknown);
    CHECK(parse(bytes_of({0x1B, 0x99, 0x41})).size == 2);
    CHECK(kind({0x10, 0x05}) == Parsed::Kind::Unknown);
    CHECK(kind({0x1B}) == Parsed::Kind::Incomplete);
    CHECK(kind({'A', 0x0A}) == Parsed::Kind::Text);
    CHECK(kind({0xD5, 0xC5}) == Parsed::Kind::Text);
    CHECK(kind({0x07}) == Parsed::Kind::Text);  // a stray control byte: the renderer names it

    // The encoder writes a command only with the parameters the table gives it.
    CHECK_THROWS_AS(Encoder().command(Op::Bold), std::logic_error);
    CHECK(Encoder().command(Op::Bold, {1}).bytes() == bytes_of({0x1B, 0x45, 0x01}));
}

TEST_CASE("renderer: unknown commands are named and skipped, status is answered") {
    const Profile& p = profile("gprinter-80");
    std::vector<std::uint8_t> asked;
    Renderer renderer(p.dots, p.font, face(), [&](std::uint8_t n) -> std::optional<std::uint8_t> {
        asked.push_back(n);
        return static_cast<std::uint8_t>(0x12);
    });
    Encoder e;
    e.init().raw({0x1B, 0x99}).text(U"A").raw({0x1D, 0x28, 0x41, 0x01, 0x00, 0x07});
    e.raw({0x1D, 0x28, 0x6B, 0x02, 0x00, 0x32, 0x41});  // cn 32: not the QR symbol
    e.real_time_status(2).transmit_status().newline();
    const Bytes replies = renderer.feed(e.take());
    CHECK(replies == bytes_of({0x12, 0x12}));
    CHECK(asked == std::vector<std::uint8_t>{0x02, 0x72});
    CHECK(renderer.problems() == std::vector<std::string>{"unknown command 1B 99",
                                                          "unknown command 1D 28 41",
                                                          "unknown command 1D 28 6B"});
    CHECK(renderer.text_characters() == 1);
}

TEST_CASE("page: text the font holds as text, the rest as raster, the test page's QR reads") {
    const Profile& basic = profile("generic-58-basic");  // no QR of its own
    REQUIRE_FALSE(basic.qr);
    Page page(basic, *face());
    page.line(U"家庭医生 A1", Align::Left);
    page.line(U"𠮷", Align::Centre);
    page.rule();
    CHECK(page.stats().text_lines == 2);
    CHECK(page.stats().raster_lines == 1);

    const Bytes bytes = test_page(basic, *face(), "2026-11-23 09:30 (UTC+8)");
    Renderer renderer(basic.dots, basic.font, face());
    renderer.feed(bytes);
    const auto sheets = renderer.finish();
    CHECK(renderer.problems().empty());
    REQUIRE(sheets.size() == 1);
    CHECK(sheets[0].cut == (basic.cut != Cut::None));
    CHECK(renderer.qr_codes().empty());  // drawn by us, as raster
    CHECK(test::read_codes(sheets[0].image) == std::vector<std::string>{"jiayi:printer-test"});
}

TEST_CASE("status: the three answers, and no answer is unknown") {
    CHECK(well_formed(0x12));
    CHECK_FALSE(well_formed(0x00));
    const Status fine = decode_status(0x12, 0x12, 0x12);
    CHECK(fine.known);
    CHECK(fine.ready());
    CHECK(describe_status(fine) == "ready");

    const Status out = decode_status(0x1A, 0x32, 0x72);
    CHECK(out.paper == Paper::Out);
    CHECK(out.offline);
    CHECK_FALSE(out.ready());

    const Status near = decode_status(0x12, 0x12, 0x1E);
    CHECK(near.paper == Paper::NearEnd);
    CHECK(near.ready());  // near end still prints
    CHECK(describe_status(near) == "ready, paper near end");

    const Status cover = decode_status(0x1A, 0x16, 0x12);
    CHECK(cover.cover_open);
    CHECK(describe_status(cover) == "cover open, offline");

    const Status silent = decode_status(std::nullopt, std::nullopt, std::nullopt);
    CHECK_FALSE(silent.known);
    CHECK_FALSE(silent.ready());
    CHECK(describe_status(silent) == "unknown (no answer)");

    const Status garbled = decode_status(0xFF, 0x12, 0x12);  // not shaped 0xx1xx10
    CHECK_FALSE(garbled.known);
    CHECK_FALSE(garbled.ready());
}

TEST_CASE("profiles: the models we ship load, and a bad profile names its field") {
    CHECK(profiles().size() >= 7);
    const Profile& g58 = profile("gprinter-58");
    CHECK(g58.dots == 384);
    CHECK(g58.columns == 32);
    CHECK(g58.cell() == 12);
    CHECK(profile("epson-tm-t88v").dots == 512);
    CHECK(profile("gprinter-80").cut == Cut::Partial);
    CHECK_FALSE(profile("generic-58-basic").qr);

    auto bad = parse_profiles("[x]\ndots = 300\ncolumns = 32\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error() == "printer profile x: dots must be 384 (58 mm), 512 or 576 (80 mm)");
    auto font = parse_profiles("[y]\ndots = 384\ncolumns = 32\nfont = \"utf8\"\n");
    REQUIRE_FALSE(font.ok());
    CHECK(font.error() == "printer profile y: font is gb2312, gbk or gb18030, not utf8");
    auto syntax = parse_profiles("[z\n");
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().starts_with("printer profiles, line 1"));
}

TEST_CASE(
    "wrapping: columns counted in font cells, no closing mark starts a line, no opening mark ends "
    "one") {
    CHECK(wrap(U"ab cd ef", 5) == std::vector<std::u32string>{U"ab cd", U"ef"});
    // Eight Chinese characters are sixteen columns.
    CHECK(wrap(U"一二三四五六七八", 8) == std::vector<std::u32string>{U"一二三四", U"五六七八"});
    const auto lines = wrap(U"一二三四。五六", 8);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == U"一二三");
    CHECK(lines[1] == U"四。五六");
    CHECK(wrap(U"abcdefghij", 4) == std::vector<std::u32string>{U"abcd", U"efgh", U"ij"});
    CHECK(wrap(U"", 10) == std::vector<std::u32string>{U""});
    // The rules are the screen's too (common/line_break): an opening mark
    // goes down with what it opens, a number stays whole.
    CHECK(wrap(U"一二三（四五六", 8) == std::vector<std::u32string>{U"一二三", U"（四五六"});
    CHECK(wrap(U"号码12345678号", 10) == std::vector<std::u32string>{U"号码", U"12345678号"});
}

TEST_CASE("renderer: what a real printer would garble is drawn as a blot and named") {
    const Profile& p = profile("xprinter-58");  // GB2312 font
    Encoder e;
    e.raw({0x1B, 0x40});  // initialise without Chinese mode
    e.text(U"张").newline();
    Renderer* renderer = nullptr;
    render(e.take(), p, &renderer);
    REQUIRE(renderer->problems().size() == 2);
    CHECK(renderer->problems()[0] == "byte D5 outside Chinese mode prints as a code-page symbol");

    Encoder four;
    four.init().text(U"𠮷").newline();  // four bytes to a GB2312 font
    render(four.take(), p, &renderer);
    REQUIRE(renderer->problems().size() == 1);
    CHECK(renderer->problems()[0].ends_with("are not in the printer's gb2312 font"));

    Encoder cut_short;
    cut_short.init().raw({0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x10});
    render(cut_short.take(), p, &renderer);
    REQUIRE(renderer->problems().size() == 1);
    CHECK(renderer->problems()[0] == "the job ended inside a command (7 bytes left)");
}

TEST_CASE("renderer: bytes split anywhere render the same page") {
    const Profile& p = profile("gprinter-58");
    const Bytes bytes =
        layout_receipt(test::sample_receipts()[0], catalog(), text::Language::ZhCN, p, *face());
    const auto whole = render(bytes, p);
    Renderer pieces(p.dots, p.font, face());
    for (std::size_t i = 0; i < bytes.size(); i += 7) {
        const std::size_t n = std::min<std::size_t>(7, bytes.size() - i);
        pieces.feed(std::span<const std::uint8_t>(bytes).subspan(i, n));
    }
    const auto split = pieces.finish();
    REQUIRE(split.size() == whole.size());
    CHECK(split[0].image.pixels() == whole[0].image.pixels());
}

namespace {

struct Sim {
    std::unique_ptr<PrinterSimulator> sim;
    explicit Sim(PrinterSimulator::Port port, const Profile& p) {
        auto made = PrinterSimulator::create(port, p.dots, p.font, face());
        REQUIRE_MESSAGE(made.ok(), made.error());
        sim = std::move(made).value();
    }
    PrinterSimulator* operator->() { return sim.get(); }
};

Timeouts quick() {
    return {200ms, 2000ms, 3000ms};
}

std::unique_ptr<Printer> connect(const std::string& address, const Profile& p) {
    auto printer = open_printer(address, p, quick());
    REQUIRE_MESSAGE(printer.ok(), printer.error().message);
    return std::move(printer).value();
}

Bytes job(const Profile& p, std::size_t which = 0) {
    return layout_receipt(test::sample_receipts()[which], catalog(), text::Language::ZhCN, p,
                          *face());
}

}  // namespace

TEST_CASE("printer over TCP 9100: status, then a receipt printed and confirmed") {
    const Profile& p = profile("gprinter-80");
    Sim sim(PrinterSimulator::Port::Tcp, p);
    auto printer = connect(sim->address(), p);
    auto status = printer->status();
    REQUIRE(status.ok());
    CHECK(status.value().ready());

    const JobResult r = printer->print(job(p));
    CHECK(r.outcome == Outcome::Printed);
    REQUIRE(sim->wait_for_jobs(1, 2s));
    const auto jobs = sim->jobs();
    CHECK(jobs[0].problems.empty());
    CHECK(jobs[0].qr_codes == std::vector<std::string>{test::sample_receipts()[0].qr});
    CHECK(sim->status_requests() >= 7);  // 3 before, GS r, 3 after
}

TEST_CASE("printer: paper out, cover open, offline or silence before a job — nothing is sent") {
    const Profile& p = profile("gprinter-80");
    Sim sim(PrinterSimulator::Port::Tcp, p);
    auto printer = connect(sim->address(), p);

    sim->set_paper(Paper::Out);
    JobResult r = printer->print(job(p));
    CHECK(r.outcome == Outcome::NotReady);
    CHECK(r.before.paper == Paper::Out);
    CHECK(r.detail == "before printing: paper out, offline");

    sim->set_paper(Paper::Ok);
    sim->set_cover_open(true);
    r = printer->print(job(p));
    CHECK(r.outcome == Outcome::NotReady);
    CHECK(r.before.cover_open);

    sim->set_cover_open(false);
    sim->set_offline(true);
    CHECK(printer->print(job(p)).outcome == Outcome::NotReady);

    sim->set_offline(false);
    sim->set_silent(true);
    r = printer->print(job(p));
    CHECK(r.outcome == Outcome::NotReady);
    CHECK_FALSE(r.before.known);
    CHECK(r.detail == "before printing: unknown (no answer)");

    CHECK(sim->jobs().empty());
}

TEST_CASE("printer: paper running out in the middle of a receipt is not a printed receipt") {
    const Profile& p = profile("gprinter-80");
    Sim sim(PrinterSimulator::Port::Tcp, p);
    auto printer = connect(sim->address(), p);
    sim->run_out_after(300);
    const JobResult r = printer->print(job(p));
    CHECK(r.outcome == Outcome::Interrupted);
    CHECK(r.after.paper == Paper::Out);
    CHECK(sim->jobs().empty());  // the cut never came
}

TEST_CASE("printer on a character device (as /dev/usb/lp*), here a pty") {
    const Profile& p = profile("xprinter-58");
    Sim sim(PrinterSimulator::Port::Pty, p);
    auto printer = connect("lp:" + sim->address(), p);
    CHECK(printer->print(job(p, 3)).outcome == Outcome::Printed);
    REQUIRE(sim->wait_for_jobs(1, 2s));
    CHECK(sim->jobs()[0].problems.empty());
}

TEST_CASE("printer to a file: sent, never confirmed, and the file renders") {
    test::TempDir dir;
    const Profile& p = profile("gprinter-58");
    auto printer = connect("file:" + (dir / "out.escpos").string(), p);
    auto status = printer->status();
    REQUIRE(status.ok());
    CHECK_FALSE(status.value().known);
    const Bytes bytes = job(p);
    CHECK(printer->print(bytes).outcome == Outcome::Unconfirmed);
    std::ifstream in(dir / "out.escpos", std::ios::binary);
    const Bytes written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(written == bytes);
}

TEST_CASE("links: a bad address and a closed port are clear errors") {
    auto bad = open_link("printer0", 100ms);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("is not /dev/usb/lpN") != std::string::npos);
    auto missing = open_link("/dev/usb/lp-none", 100ms);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.starts_with("cannot open /dev/usb/lp-none"));
    auto refused = open_link("tcp:127.0.0.1:1", 500ms);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.starts_with("cannot connect to printer 127.0.0.1:1"));
}

namespace {

// Queue events as the kiosk would receive them, waited for without sleeping.
struct Heard {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<QueueEvent> events;

    PrintQueue::Listener listener() {
        return [this](const QueueEvent& e) {
            std::lock_guard lock(mutex);
            events.push_back(e);
            changed.notify_all();
        };
    }
    bool wait_for(QueueEvent::Kind kind, std::size_t count = 1) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 5s, [&] {
            return std::count_if(events.begin(), events.end(), [&](const QueueEvent& e) {
                       return e.kind == kind;
                   }) >= static_cast<std::ptrdiff_t>(count);
        });
    }
    std::vector<QueueEvent::Kind> kinds() {
        std::lock_guard lock(mutex);
        std::vector<QueueEvent::Kind> out;
        for (const auto& e : events) {
            out.push_back(e.kind);
        }
        return out;
    }
};

}  // namespace

TEST_CASE("queue: paper out keeps the receipt, it prints once the paper is changed") {
    const Profile& p = profile("gprinter-80");
    Sim sim(PrinterSimulator::Port::Tcp, p);
    sim->set_paper(Paper::Out);
    Heard heard;
    PrintQueue queue([&] { return open_printer(sim->address(), p, quick()); }, heard.listener(),
                     20ms);
    queue.add({"receipt-1", job(p), {}});
    REQUIRE(heard.wait_for(QueueEvent::Kind::Waiting));
    CHECK(queue.waiting() == 1);
    sim->set_paper(Paper::Ok);  // a nurse changes the roll
    REQUIRE(heard.wait_for(QueueEvent::Kind::Printed));
    CHECK(queue.waiting() == 0);
    CHECK(sim->jobs().size() == 1);
    // Said once while waiting, however many times the queue asked.
    CHECK(heard.kinds() == std::vector{QueueEvent::Kind::Waiting, QueueEvent::Kind::Printed});
}

TEST_CASE("queue: paper out mid-receipt reprints the whole receipt after the change") {
    const Profile& p = profile("gprinter-80");
    Sim sim(PrinterSimulator::Port::Tcp, p);
    sim->run_out_after(500);
    Heard heard;
    PrintQueue queue([&] { return open_printer(sim->address(), p, quick()); }, heard.listener(),
                     20ms);
    queue.add({"receipt-1", job(p), {}});
    REQUIRE(heard.wait_for(QueueEvent::Kind::Waiting));
    sim->set_paper(Paper::Ok);
    REQUIRE(heard.wait_for(QueueEvent::Kind::Printed));
    REQUIRE(sim->jobs().size() == 1);
    CHECK(sim->jobs()[0].qr_codes == std::vector<std::string>{test::sample_receipts()[0].qr});
}

TEST_CASE("queue: no printer, then the cable goes back in, a hang-up mid-way reconnects") {
    const Profile& p = profile("gprinter-80");
    Sim sim(PrinterSimulator::Port::Tcp, p);
    std::atomic<bool> plugged{false};
    Heard heard;
    PrintQueue queue(
        [&] { return open_printer(plugged ? sim->address() : "tcp:127.0.0.1:1", p, quick()); },
        heard.listener(), 20ms);
    queue.add({"receipt-1", job(p, 0), {}});
    REQUIRE(heard.wait_for(QueueEvent::Kind::Disconnected));
    plugged = true;
    REQUIRE(heard.wait_for(QueueEvent::Kind::Printed));
    CHECK(heard.kinds() == std::vector{QueueEvent::Kind::Disconnected, QueueEvent::Kind::Back,
                                       QueueEvent::Kind::Printed});

    sim->hang_up();  // the printer drops the connection between receipts
    queue.add({"receipt-2", job(p, 1), {}});
    REQUIRE(heard.wait_for(QueueEvent::Kind::Printed, 2));
    CHECK(sim->jobs().size() == 2);
}

TEST_CASE("udev rules give the kiosk's user every printer model we ship a profile for") {
    std::ifstream in(kSource / "packaging/udev/60-jiayi.rules");
    REQUIRE(in.good());
    std::set<std::string> ruled;
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("#") || line.find("GROUP=\"lp\"") == std::string::npos) {
            continue;
        }
        const auto v = line.find("ATTR{idVendor}==\"");
        const auto p = line.find("ATTR{idProduct}==\"");
        if (v != std::string::npos && p != std::string::npos) {
            ruled.insert(line.substr(v + 17, 4) + ":" + line.substr(p + 18, 4));
        }
    }
    for (const Profile& profile : profiles()) {
        for (const std::string& id : profile.usb) {
            CAPTURE(profile.id);
            CHECK(ruled.count(id) == 1);
        }
    }
}
