#include "drivers/printer/render.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace jiayi::drivers::printer {

namespace {

constexpr int kCell = 24;         // font A height; a Chinese character is 24×24
constexpr int kLinePitch = 30;    // default line spacing in dots
constexpr int kMaxPaper = 20000;  // dots: a runaway job stops growing the image

std::string hex(std::uint8_t b) {
    char s[8];
    std::snprintf(s, sizeof s, "%02X", b);
    return s;
}

// Nearest-neighbour scale, as printers double their dots.
image::Grey scale(const image::Grey& in, int sx, int sy) {
    if (sx == 1 && sy == 1) {
        return in;
    }
    image::Grey out(in.width() * sx, in.height() * sy);
    for (int y = 0; y < out.height(); ++y) {
        for (int x = 0; x < out.width(); ++x) {
            out.darken(x, y, in.at(x / sx, y / sy));
        }
    }
    return out;
}

// Narrower by averaging columns (box filter), the height kept.
image::Grey squeeze(const image::Grey& in, int width) {
    image::Grey out(width, in.height());
    const float step = static_cast<float>(in.width()) / static_cast<float>(width);
    for (int y = 0; y < in.height(); ++y) {
        for (int x = 0; x < width; ++x) {
            const int from = static_cast<int>(static_cast<float>(x) * step);
            const int to = std::max(from + 1, static_cast<int>(static_cast<float>(x + 1) * step));
            int sum = 0;
            for (int k = from; k < to; ++k) {
                sum += in.at(k, y);
            }
            out.darken(x, y, static_cast<std::uint8_t>(sum / (to - from)));
        }
    }
    return out;
}

}  // namespace

Renderer::Renderer(int dots, FontSet font, std::shared_ptr<const image::Typeface> face,
                   StatusAnswer answer)
    : dots_(dots),
      font_(font),
      face_(std::move(face)),
      answer_(std::move(answer)),
      page_(dots, 1) {}

void Renderer::reset() {
    chinese_ = false;
    align_ = Align::Left;
    width_ = 1;
    height_ = 1;
    bold_ = false;
}

void Renderer::advance(int dots) {
    y_ += dots;
    if (y_ > page_.height() && y_ <= kMaxPaper) {
        page_.resize_height(y_);
    }
}

void Renderer::put(const image::Grey& picture) {
    int x = 0;
    if (align_ == Align::Centre) {
        x = (dots_ - picture.width()) / 2;
    } else if (align_ == Align::Right) {
        x = dots_ - picture.width();
    }
    const int top = y_;
    advance(picture.height());
    page_.paste(picture, std::max(0, x), top);
}

void Renderer::print_line() {
    int tallest = 1;
    int width = 0;
    for (const Cell& c : line_) {
        tallest = std::max(tallest, c.height);
        width += (c.cp < 0x80 ? kCell / 2 : kCell) * c.width;
    }
    image::Grey strip(std::max(width, 1), kCell * tallest + (kLinePitch - kCell));
    int x = 0;
    for (const Cell& c : line_) {
        const int base_width = c.cp < 0x80 && !c.garbage ? kCell / 2 : kCell;
        image::Grey glyph(base_width, kCell);
        if (c.garbage) {
            // What a printer makes of bytes it has no glyph for: a blot.
            glyph.fill_rect(2, 2, base_width - 4, kCell - 4, 0);
            glyph.fill_rect(5, 5, base_width - 10, kCell - 10, 255);
        } else if (c.cp != U' ') {
            const std::u32string one(1, c.cp);
            const int advance = face_->measure(one, static_cast<float>(kCell));
            if (advance <= base_width) {
                face_->draw(glyph, (base_width - advance) / 2, 0, one, static_cast<float>(kCell),
                            c.bold);
            } else {
                // A printer's Latin font is narrow: a wide letter (m, W) is
                // drawn at its size and squeezed into the 12-dot cell.
                image::Grey wide(advance + 2, kCell);
                face_->draw(wide, 1, 0, one, static_cast<float>(kCell), c.bold);
                glyph = squeeze(wide, base_width);
            }
        }
        const image::Grey big = scale(glyph, c.width, c.height);
        // Characters of different heights share the bottom line.
        strip.paste(big, x, kCell * tallest - big.height());
        x += big.width();
    }
    line_.clear();
    put(strip);
}

void Renderer::text_byte(std::uint8_t b) {
    auto push = [&](char32_t cp, bool garbage) {
        int width = 0;
        for (const Cell& c : line_) {
            width += (c.cp < 0x80 && !c.garbage ? kCell / 2 : kCell) * c.width;
        }
        const int cell = (cp < 0x80 && !garbage ? kCell / 2 : kCell) * width_;
        if (width + cell > dots_) {
            print_line();  // the printer wraps at the paper's edge
        }
        line_.push_back({cp, width_, height_, bold_, garbage});
        ++text_characters_;
    };
    if (multibyte_.empty() && b < 0x80) {
        push(b, false);
        return;
    }
    if (!chinese_) {
        problem("byte " + hex(b) + " outside Chinese mode prints as a code-page symbol");
        push(0xFFFD, true);
        return;
    }
    multibyte_.push_back(static_cast<char>(b));
    const auto second = multibyte_.size() >= 2 ? static_cast<std::uint8_t>(multibyte_[1]) : 0;
    const bool four = multibyte_.size() >= 2 && second >= 0x30 && second <= 0x39;
    if (multibyte_.size() < 2 || (four && multibyte_.size() < 4)) {
        return;
    }
    const std::u32string cps = from_gb18030(multibyte_);
    const char32_t cp = cps.size() == 1 ? cps[0] : 0xFFFD;
    const bool known = cp != 0xFFFD && printable(cp, font_);
    if (!known) {
        std::string bytes;
        for (char c : multibyte_) {
            bytes += hex(static_cast<std::uint8_t>(c));
        }
        problem("bytes " + bytes + " are not in the printer's " + std::string(code(font_)) +
                " font");
    }
    push(known ? cp : 0xFFFD, !known);
    multibyte_.clear();
}

std::size_t Renderer::step(std::size_t at, Bytes& replies) {
    const std::span<const std::uint8_t> rest = std::span<const std::uint8_t>(pending_).subspan(at);
    const Parsed c = parse(rest);
    switch (c.kind) {
        case Parsed::Kind::Incomplete:
            return 0;
        case Parsed::Kind::Unknown:
            unknown(rest.first(c.size));
            return c.size;
        case Parsed::Kind::Command:
            run(c, replies);
            return c.size;
        case Parsed::Kind::Text:
            break;
    }
    if (rest[0] < 0x20) {
        problem("control byte " + hex(rest[0]));
        return 1;
    }
    text_byte(rest[0]);
    return 1;
}

void Renderer::run(const Parsed& c, Bytes& replies) {
    switch (c.command->family) {
        case Family::Mode:
            mode(c);
            break;
        case Family::Position:
            position(c);
            break;
        case Family::Qr:
            qr(c);
            break;
        case Family::Raster:
            raster(c);
            break;
        case Family::Cut:
            cut();
            break;
        case Family::Status:
            status(c, replies);
            break;
        case Family::Unsupported:
            // GS ( fn: the prefix and the function byte name it.
            unknown(c.command->prefix.view(), c.header.first(1));
            break;
    }
}

void Renderer::mode(const Parsed& c) {
    switch (c.command->op) {
        case Op::Initialise:
            if (!line_.empty()) {
                print_line();
            }
            reset();
            break;
        case Op::ChineseOn:
        case Op::ChineseOff:
            chinese_ = c.command->op == Op::ChineseOn;
            break;
        case Op::Bold:
            bold_ = (c.header[0] & 1) != 0;
            break;
        case Op::Size:
            width_ = ((c.header[0] >> 4) & 0x07) + 1;
            height_ = (c.header[0] & 0x07) + 1;
            break;
        default:
            break;
    }
}

void Renderer::position(const Parsed& c) {
    switch (c.command->op) {
        case Op::LineFeed:
            print_line();
            break;
        case Op::Align:
            align_ = static_cast<Align>(std::min<std::uint8_t>(c.header[0] & 0x03, 2));
            break;
        case Op::Feed:
            if (!line_.empty()) {
                print_line();
            }
            advance(kLinePitch * c.header[0]);
            break;
        default:  // CR: the line prints at LF
            break;
    }
}

// GS ( k pL pH cn fn …: `data` is cn fn and the function's bytes.
void Renderer::qr(const Parsed& c) {
    const std::span<const std::uint8_t> d = c.data;
    if (d.size() < 2 || d[0] != kQrSymbol) {
        unknown(c.command->prefix.view());
        return;
    }
    switch (static_cast<QrFunction>(d[1])) {
        case QrFunction::ModuleSize:
            if (d.size() >= 3) {
                qr_module_ = std::clamp<int>(d[2], 1, 16);
            }
            break;
        case QrFunction::Level:
            if (d.size() >= 3) {
                qr_level_ = static_cast<QrLevel>(std::clamp<std::uint8_t>(d[2], 0x30, 0x33));
            }
            break;
        case QrFunction::Store:
            if (d.size() >= 3) {
                qr_data_.assign(d.begin() + 3, d.end());
            }
            break;
        case QrFunction::Print:
            if (!line_.empty()) {
                print_line();
            }
            if (qr_data_.empty()) {
                problem("QR printed with no data stored");
            } else {
                put(draw_qr(qr_data_, qr_module_, qr_level_));
                qr_codes_.push_back(qr_data_);
                page_qr_codes_.push_back(qr_data_);
            }
            break;
        default:  // the model: 2 is the one we draw
            break;
    }
}

// GS v 0 m xL xH yL yH d…: `header` is m xL xH yL yH, `data` the rows.
void Renderer::raster(const Parsed& c) {
    const std::size_t width_bytes = c.header[1] | (static_cast<std::size_t>(c.header[2]) << 8);
    const std::size_t height = c.header[3] | (static_cast<std::size_t>(c.header[4]) << 8);
    if (!line_.empty()) {
        print_line();
    }
    image::Grey picture(static_cast<int>(width_bytes * 8), static_cast<int>(height));
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width_bytes * 8; ++x) {
            if ((c.data[y * width_bytes + x / 8] & (0x80 >> (x % 8))) != 0) {
                picture.darken(static_cast<int>(x), static_cast<int>(y), 0);
            }
        }
    }
    const int m = c.header[0] & 0x03;
    put(scale(picture, (m & 1) != 0 ? 2 : 1, (m & 2) != 0 ? 2 : 1));
    if (static_cast<int>(width_bytes * 8) > dots_) {
        problem("raster image wider than the paper");
    }
    ++raster_images_;
}

// DLE EOT n asks about n; GS r is asked as n = 0x72 (StatusAnswer).
void Renderer::status(const Parsed& c, Bytes& replies) {
    const std::uint8_t n = c.command->op == Op::RealTimeStatus ? c.header[0] : 0x72;
    if (auto reply = answer_ ? answer_(n) : std::nullopt) {
        replies.push_back(*reply);
    }
}

void Renderer::unknown(std::span<const std::uint8_t> opening, std::span<const std::uint8_t> more) {
    std::string what = "unknown command";
    for (std::uint8_t b : opening) {
        what += " " + hex(b);
    }
    for (std::uint8_t b : more) {
        what += " " + hex(b);
    }
    problem(std::move(what));
}

Bytes Renderer::feed(std::span<const std::uint8_t> bytes) {
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
    Bytes replies;
    std::size_t at = 0;
    while (at < pending_.size()) {
        const std::size_t used = step(at, replies);
        if (used == 0) {
            break;
        }
        at += used;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(at));
    return replies;
}

void Renderer::problem(std::string what) {
    problems_.push_back(what);
    page_problems_.push_back(std::move(what));
}

void Renderer::cut() {
    if (!line_.empty()) {
        print_line();
    }
    page_.resize_height(std::max(y_, 1));
    sheets_.push_back({page_, true, std::move(page_qr_codes_), std::move(page_problems_)});
    page_qr_codes_.clear();
    page_problems_.clear();
    page_ = image::Grey(dots_, 1);
    y_ = 0;
}

std::vector<Sheet> Renderer::take_cut() {
    return std::exchange(sheets_, {});
}

std::vector<Sheet> Renderer::finish() {
    if (!line_.empty()) {
        print_line();
    }
    if (!pending_.empty()) {
        problem("the job ended inside a command (" + std::to_string(pending_.size()) +
                " bytes left)");
        pending_.clear();
    }
    std::vector<Sheet> out = std::exchange(sheets_, {});
    if (y_ > 0) {
        page_.resize_height(y_);
        out.push_back({page_, false, std::move(page_qr_codes_), std::move(page_problems_)});
        page_qr_codes_.clear();
        page_problems_.clear();
        page_ = image::Grey(dots_, 1);
        y_ = 0;
    }
    return out;
}

image::Grey stack(const std::vector<Sheet>& sheets) {
    constexpr int kMargin = 16;
    int width = 1;
    int height = kMargin;
    for (const Sheet& p : sheets) {
        width = std::max(width, p.image.width());
        height += p.image.height() + kMargin * 2;
    }
    image::Grey out(width + 2 * kMargin, height, 200);
    int y = kMargin;
    for (const Sheet& p : sheets) {
        out.fill_rect(kMargin, y, p.image.width(), p.image.height(), 255);
        out.paste(p.image, kMargin, y);
        y += p.image.height();
        if (p.cut) {
            for (int x = 0; x < out.width(); x += 12) {
                out.fill_rect(x, y + kMargin - 1, 6, 2, 0);  // where the cutter cut
            }
        }
        y += kMargin * 2;
    }
    return out;
}

}  // namespace jiayi::drivers::printer
