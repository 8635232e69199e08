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
    const std::size_t left = pending_.size() - at;
    auto b = [&](std::size_t k) { return pending_[at + k]; };
    const std::uint8_t c = b(0);
    switch (c) {
        case 0x0A:
            print_line();
            return 1;
        case 0x0D:
            return 1;
        case 0x10:  // DLE EOT n
            if (left < 3) {
                return 0;
            }
            if (b(1) == 0x04) {
                if (auto reply = answer_ ? answer_(b(2)) : std::nullopt) {
                    replies.push_back(*reply);
                }
                return 3;
            }
            problem("unknown command 10 " + hex(b(1)));
            return 2;
        case 0x1B:  // ESC
            if (left < 2) {
                return 0;
            }
            switch (b(1)) {
                case 0x40:
                    if (!line_.empty()) {
                        print_line();
                    }
                    reset();
                    return 2;
                case 0x61:
                case 0x45:
                case 0x64:
                    if (left < 3) {
                        return 0;
                    }
                    if (b(1) == 0x61) {
                        align_ = static_cast<Align>(std::min<std::uint8_t>(b(2) & 0x03, 2));
                    } else if (b(1) == 0x45) {
                        bold_ = (b(2) & 1) != 0;
                    } else {
                        if (!line_.empty()) {
                            print_line();
                        }
                        advance(kLinePitch * b(2));
                    }
                    return 3;
                default:
                    problem("unknown command 1B " + hex(b(1)));
                    return 2;
            }
        case 0x1C:  // FS
            if (left < 2) {
                return 0;
            }
            if (b(1) == 0x26 || b(1) == 0x2E) {
                chinese_ = b(1) == 0x26;
                return 2;
            }
            problem("unknown command 1C " + hex(b(1)));
            return 2;
        case 0x1D:  // GS
            if (left < 2) {
                return 0;
            }
            switch (b(1)) {
                case 0x21:
                    if (left < 3) {
                        return 0;
                    }
                    width_ = ((b(2) >> 4) & 0x07) + 1;
                    height_ = (b(2) & 0x07) + 1;
                    return 3;
                case 0x72:  // GS r 1: transmit status
                    if (left < 3) {
                        return 0;
                    }
                    if (auto reply = answer_ ? answer_(0x72) : std::nullopt) {
                        replies.push_back(*reply);
                    }
                    return 3;
                case 0x56: {  // cut
                    if (left < 3) {
                        return 0;
                    }
                    std::size_t length = 3;
                    if (b(2) == 0x41 || b(2) == 0x42) {
                        if (left < 4) {
                            return 0;
                        }
                        length = 4;
                    }
                    cut();
                    return length;
                }
                case 0x76: {  // GS v 0 m xL xH yL yH d…
                    if (left < 8) {
                        return 0;
                    }
                    const std::size_t width_bytes = b(4) | (static_cast<std::size_t>(b(5)) << 8);
                    const std::size_t height = b(6) | (static_cast<std::size_t>(b(7)) << 8);
                    const std::size_t size = width_bytes * height;
                    if (left < 8 + size) {
                        return 0;
                    }
                    if (!line_.empty()) {
                        print_line();
                    }
                    image::Grey picture(static_cast<int>(width_bytes * 8),
                                        static_cast<int>(height));
                    for (std::size_t y = 0; y < height; ++y) {
                        for (std::size_t x = 0; x < width_bytes * 8; ++x) {
                            if ((b(8 + y * width_bytes + x / 8) & (0x80 >> (x % 8))) != 0) {
                                picture.darken(static_cast<int>(x), static_cast<int>(y), 0);
                            }
                        }
                    }
                    const int m = b(3) & 0x03;
                    put(scale(picture, (m & 1) != 0 ? 2 : 1, (m & 2) != 0 ? 2 : 1));
                    if (static_cast<int>(width_bytes * 8) > dots_) {
                        problem("raster image wider than the paper");
                    }
                    ++raster_images_;
                    return 8 + size;
                }
                case 0x28: {  // GS ( k pL pH cn fn …
                    if (left < 5) {
                        return 0;
                    }
                    const std::size_t length = b(3) | (static_cast<std::size_t>(b(4)) << 8);
                    if (left < 5 + length) {
                        return 0;
                    }
                    if (b(2) != 0x6B || length < 2 || b(5) != 0x31) {
                        problem("unknown command 1D 28 " + hex(b(2)));
                        return 5 + length;
                    }
                    const std::uint8_t fn = b(6);
                    if (fn == 0x43 && length >= 3) {
                        qr_module_ = std::clamp<int>(b(7), 1, 16);
                    } else if (fn == 0x45 && length >= 3) {
                        qr_level_ =
                            static_cast<QrLevel>(std::clamp<std::uint8_t>(b(7), 0x30, 0x33));
                    } else if (fn == 0x50 && length >= 3) {
                        qr_data_.assign(
                            pending_.begin() + static_cast<std::ptrdiff_t>(at + 8),
                            pending_.begin() + static_cast<std::ptrdiff_t>(at + 5 + length));
                    } else if (fn == 0x51) {
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
                    }
                    return 5 + length;
                }
                default:
                    problem("unknown command 1D " + hex(b(1)));
                    return 2;
            }
        default:
            break;
    }
    if (c < 0x20) {
        problem("control byte " + hex(c));
        return 1;
    }
    text_byte(c);
    return 1;
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
