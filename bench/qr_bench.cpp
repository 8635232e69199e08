// Benchmark: QR decoding of 1280×720 camera frames — DESIGN.md's budget is
// 10 ms a frame, and detection at least ZXing-C++'s own on its samples.
//
// Generated frames: codes of our forms and the e-health card's, written with
// ZXing's writer, placed in a frame through a homography (scale, rotation,
// perspective) and spoiled in one way per variant; our decoder (drivers/qr,
// ZXing-C++) and zbar read the same frames in the same run. Prints, per
// variant and decoder, the share of frames whose code was read correctly and
// the time per frame (median and p99).
//
// Real photographs (--photos DIR, every N.png with its text in N.txt, in
// subfolders too): ZXing-C++'s own sample photographs, read by our still-image
// path (kStillImage), by our camera path (FrameDecoder: each photo pasted in
// a 1280×720 frame and fed as a stream of frames), and by ZXing's own
// ReadBarcode with tryHarder, in the same run. Prints per image read or not,
// and per path the count and CPU ms per image (per frame for the camera).
//
//   qr_bench [--n 40] [--seed 1] [--save DIR]   (--save writes the frames as PGM)
//            [--photos DIR] [--frames 6] [--run all|generated|photos]
//   --photos defaults to shared/data/qr-photos beside the repository

#include <time.h>
#include <zbar.h>  // the C API, inside namespace zbar in C++

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "common/qr_payload.hpp"
#include "drivers/qr/decoder.hpp"
#include "drivers/qr/scanner.hpp"

// ZXing itself, as the reference the photographs are read by.
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

using namespace jiayi::drivers::qr;
using WallClock = std::chrono::steady_clock;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 720;
constexpr double kPi = 3.14159265358979323846;

struct Frame {
    GreyImage image;
    std::string expected;  // empty: no code in the frame
};

// A projective map from the unit square onto four frame points, and back.
struct Homography {
    std::array<double, 9> h{};  // maps (u, v, 1) → (x, y, w)

    static Homography square_to(const std::array<std::array<double, 2>, 4>& to) {
        // Solve the 8 unknowns from (0,0) (1,0) (1,1) (0,1) → to[i].
        const double from[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        double a[8][9] = {};
        for (int i = 0; i < 4; ++i) {
            const double u = from[i][0], v = from[i][1], x = to[static_cast<std::size_t>(i)][0],
                         y = to[static_cast<std::size_t>(i)][1];
            double r1[9] = {u, v, 1, 0, 0, 0, -u * x, -v * x, x};
            double r2[9] = {0, 0, 0, u, v, 1, -u * y, -v * y, y};
            std::copy(r1, r1 + 9, a[2 * i]);
            std::copy(r2, r2 + 9, a[2 * i + 1]);
        }
        for (int c = 0; c < 8; ++c) {
            int pivot = c;
            for (int r = c + 1; r < 8; ++r) {
                if (std::abs(a[r][c]) > std::abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            std::swap(a[c], a[pivot]);
            for (int r = 0; r < 8; ++r) {
                if (r != c) {
                    const double f = a[r][c] / a[c][c];
                    for (int k = c; k < 9; ++k) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        Homography m;
        for (int i = 0; i < 8; ++i) {
            m.h[static_cast<std::size_t>(i)] = a[i][8] / a[i][i];
        }
        m.h[8] = 1;
        return m;
    }
    Homography inverse() const {
        const auto& m = h;
        Homography r;
        r.h = {m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
               m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
               m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
        return r;
    }
    std::array<double, 2> apply(double x, double y) const {
        const double w = h[6] * x + h[7] * y + h[8];
        return {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
    }
};

std::uint8_t clamp8(double v) {
    return static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0) + 0.5);
}

// How a variant places and spoils a code.
struct Look {
    double size_min = 220, size_max = 420;  // the code's side in pixels, quiet zone included
    double rotation = 0;                    // up to ± this, degrees
    double perspective = 0;                 // corner jitter, share of the side
    double dark = 30, light = 225;          // the code's ink and paper
    double noise = 4;                       // Gaussian sigma
    int blur = 0;                           // box blur radius, three passes
    bool screen = false;                    // moiré, glare and gamma of a photographed phone
};

// A frame with `text` drawn in it as `look` says; `text` empty: no code.
GreyImage render(const std::string& text, const Look& look, std::mt19937& random) {
    std::uniform_real_distribution<double> unit(0, 1);
    GreyImage frame;
    frame.width = kWidth;
    frame.height = kHeight;
    frame.pixels.resize(static_cast<std::size_t>(kWidth * kHeight));
    // A background: a soft gradient with a few darker shapes (a counter, a hand).
    const double g0 = 120 + 60 * unit(random), gx = 40 * (unit(random) - 0.5);
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            frame.pixels[static_cast<std::size_t>(y * kWidth + x)] =
                clamp8(g0 + gx * x / kWidth + 20.0 * y / kHeight);
        }
    }
    for (int i = 0; i < 4; ++i) {
        const int x0 = static_cast<int>(unit(random) * kWidth),
                  y0 = static_cast<int>(unit(random) * kHeight);
        const int w = 40 + static_cast<int>(unit(random) * 200),
                  h = 40 + static_cast<int>(unit(random) * 200);
        const auto shade = clamp8(40 + 120 * unit(random));
        for (int y = y0; y < std::min(kHeight, y0 + h); ++y) {
            for (int x = x0; x < std::min(kWidth, x0 + w); ++x) {
                frame.pixels[static_cast<std::size_t>(y * kWidth + x)] = shade;
            }
        }
    }
    if (!text.empty()) {
        const GreyImage modules = encode_qr(text, 1, 4);  // one pixel a module, quiet zone 4
        const double side = look.size_min + (look.size_max - look.size_min) * unit(random);
        const double angle = (unit(random) * 2 - 1) * look.rotation * kPi / 180;
        const double cx = side / 2 + 40 + unit(random) * (kWidth - side - 80);
        const double cy = side / 2 + 40 + unit(random) * (kHeight - side - 80);
        std::array<std::array<double, 2>, 4> corners{};
        const double offsets[4][2] = {{-0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}, {-0.5, 0.5}};
        for (std::size_t i = 0; i < 4; ++i) {
            const double ox =
                offsets[i][0] * side + (unit(random) * 2 - 1) * look.perspective * side;
            const double oy =
                offsets[i][1] * side + (unit(random) * 2 - 1) * look.perspective * side;
            corners[i] = {cx + ox * std::cos(angle) - oy * std::sin(angle),
                          cy + ox * std::sin(angle) + oy * std::cos(angle)};
        }
        const auto to_code = Homography::square_to(corners).inverse();
        double x_min = kWidth, x_max = 0, y_min = kHeight, y_max = 0;
        for (const auto& c : corners) {
            x_min = std::min(x_min, c[0]);
            x_max = std::max(x_max, c[0]);
            y_min = std::min(y_min, c[1]);
            y_max = std::max(y_max, c[1]);
        }
        const int n = modules.width;
        // Glare: a bright blob somewhere on the code (a screen's reflection).
        const double gx0 = x_min + unit(random) * (x_max - x_min);
        const double gy0 = y_min + unit(random) * (y_max - y_min);
        const double moire_angle = unit(random) * kPi, moire_period = 5 + 4 * unit(random);
        for (int y = std::max(0, static_cast<int>(y_min));
             y < std::min(kHeight, static_cast<int>(y_max) + 1); ++y) {
            for (int x = std::max(0, static_cast<int>(x_min));
                 x < std::min(kWidth, static_cast<int>(x_max) + 1); ++x) {
                // 2×2 samples a pixel: edges come out grey, as through a lens.
                double ink = 0;
                int inside = 0;
                for (int s = 0; s < 4; ++s) {
                    const auto uv =
                        to_code.apply(x + 0.25 + 0.5 * (s % 2), y + 0.25 + 0.5 * (s / 2));
                    if (uv[0] < 0 || uv[0] >= 1 || uv[1] < 0 || uv[1] >= 1) {
                        continue;
                    }
                    ++inside;
                    const int mx = static_cast<int>(uv[0] * n), my = static_cast<int>(uv[1] * n);
                    ink += modules.pixels[static_cast<std::size_t>(my * n + mx)] < 128 ? 1 : 0;
                }
                if (inside == 0) {
                    continue;
                }
                auto& p = frame.pixels[static_cast<std::size_t>(y * kWidth + x)];
                double v = look.light + (look.dark - look.light) * ink / 4;
                if (look.screen) {
                    // The screen's pixel grid beating with the camera's: moiré.
                    const double t =
                        (x * std::cos(moire_angle) + y * std::sin(moire_angle)) / moire_period;
                    v *= 0.82 + 0.18 * std::sin(2 * kPi * t);
                    const double d2 = (x - gx0) * (x - gx0) + (y - gy0) * (y - gy0);
                    v += 150 * std::exp(-d2 / (2 * std::pow((x_max - x_min) / 5, 2)));
                }
                v = (inside * v + (4 - inside) * p) / 4;
                p = clamp8(v);
            }
        }
    }
    if (look.screen) {
        for (auto& p : frame.pixels) {  // a phone's bright screen, exposed for the room: gamma
            p = clamp8(255 * std::pow(p / 255.0, 0.6));
        }
    }
    for (int pass = 0; pass < 3 && look.blur > 0; ++pass) {
        std::vector<std::uint8_t> out(frame.pixels.size());
        const int r = look.blur;
        for (int y = 0; y < kHeight; ++y) {  // horizontal
            for (int x = 0; x < kWidth; ++x) {
                int sum = 0, count = 0;
                for (int dx = -r; dx <= r; ++dx) {
                    const int xx = std::clamp(x + dx, 0, kWidth - 1);
                    sum += frame.pixels[static_cast<std::size_t>(y * kWidth + xx)];
                    ++count;
                }
                out[static_cast<std::size_t>(y * kWidth + x)] =
                    static_cast<std::uint8_t>(sum / count);
            }
        }
        for (int y = 0; y < kHeight; ++y) {  // vertical
            for (int x = 0; x < kWidth; ++x) {
                int sum = 0, count = 0;
                for (int dy = -r; dy <= r; ++dy) {
                    const int yy = std::clamp(y + dy, 0, kHeight - 1);
                    sum += out[static_cast<std::size_t>(yy * kWidth + x)];
                    ++count;
                }
                frame.pixels[static_cast<std::size_t>(y * kWidth + x)] =
                    static_cast<std::uint8_t>(sum / count);
            }
        }
    }
    std::normal_distribution<double> noise(0, look.noise);
    for (auto& p : frame.pixels) {
        p = clamp8(p + noise(random));
    }
    return frame;
}

std::string hex(std::mt19937& random, int digits) {
    static const char* kDigits = "0123456789ABCDEF";
    std::string out;
    for (int i = 0; i < digits; ++i) {
        out += kDigits[random() % 16];
    }
    return out;
}

// Made-up codes of every form we read, in turn.
std::string payload(int i, std::mt19937& random) {
    const std::string uuid = hex(random, 8) + "-" + hex(random, 4) + "-4" + hex(random, 3) + "-a" +
                             hex(random, 3) + "-" + hex(random, 12);
    switch (i % 4) {
        case 0:
            return jiayi::qr_payload::format_booking(uuid);
        case 1:
            return jiayi::qr_payload::format_contract(uuid);
        case 2:
            return jiayi::qr_payload::format_nurse_badge("N" + std::to_string(1000 + i));
        default:
            return hex(random, 64) + ":1:" + hex(random, 32);  // the e-health card
    }
}

struct Decoder {
    std::string name;
    std::function<std::vector<std::string>(const GreyImage&)> read;
};

class Zbar {
  public:
    Zbar() : scanner_(zbar::zbar_image_scanner_create()) {
        zbar::zbar_image_scanner_set_config(scanner_, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
        zbar::zbar_image_scanner_set_config(scanner_, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    }
    ~Zbar() { zbar::zbar_image_scanner_destroy(scanner_); }
    Zbar(const Zbar&) = delete;
    Zbar& operator=(const Zbar&) = delete;

    std::vector<std::string> read(const GreyImage& frame) {
        zbar::zbar_image_t* image = zbar::zbar_image_create();
        constexpr unsigned long kY800 =
            'Y' | ('8' << 8) | ('0' << 16) | (static_cast<unsigned long>('0') << 24);
        zbar::zbar_image_set_format(image, kY800);
        zbar::zbar_image_set_size(image, static_cast<unsigned>(frame.width),
                                  static_cast<unsigned>(frame.height));
        zbar::zbar_image_set_data(image, frame.pixels.data(), frame.pixels.size(), nullptr);
        std::vector<std::string> out;
        if (zbar::zbar_scan_image(scanner_, image) > 0) {
            for (auto* s = zbar::zbar_image_first_symbol(image); s != nullptr;
                 s = zbar::zbar_symbol_next(s)) {
                out.emplace_back(zbar::zbar_symbol_get_data(s),
                                 zbar::zbar_symbol_get_data_length(s));
            }
        }
        zbar::zbar_image_destroy(image);
        return out;
    }

  private:
    zbar::zbar_image_scanner_t* scanner_;
};

// The thread's own CPU time: what a decode costs even when other programs
// share the machine's two cores (wall time is printed beside it).
double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

// --- Real photographs ---------------------------------------------------

struct Photo {
    std::string name;  // relative to the folder
    GreyImage image;
    std::string expected;
};

std::vector<Photo> load_photos(const std::filesystem::path& dir) {
    std::vector<Photo> photos;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".png") {
            continue;
        }
        auto text_file = entry.path();
        text_file.replace_extension(".txt");
        std::FILE* in = std::fopen(text_file.c_str(), "rb");
        if (in == nullptr) {
            continue;  // no expected text: not part of the set
        }
        std::string expected;
        char buffer[4096];
        for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, in)) > 0;) {
            expected.append(buffer, got);
        }
        std::fclose(in);
        auto image = load_grey(entry.path());
        if (!image) {
            std::fprintf(stderr, "qr_bench: %s\n", image.error().c_str());
            continue;
        }
        photos.push_back({std::filesystem::relative(entry.path(), dir).string(), std::move(*image),
                          std::move(expected)});
    }
    std::sort(photos.begin(), photos.end(),
              [](const Photo& a, const Photo& b) { return a.name < b.name; });
    return photos;
}

// The photograph as the camera would deliver it: in the middle of a
// 1280×720 frame, its edge pixels carried out to the frame's edges (the scene
// going on, with no edge or ground made up), shrunk by whole steps first if
// it does not fit.
GreyImage camera_frame(const GreyImage& photo) {
    int step = 1;
    while (photo.width / step > kWidth || photo.height / step > kHeight) {
        ++step;
    }
    const GreyImage small = step == 1 ? photo : downscale(photo.view(), step);
    GreyImage frame;
    frame.width = kWidth;
    frame.height = kHeight;
    frame.pixels.resize(static_cast<std::size_t>(kWidth * kHeight));
    const int x0 = (kWidth - small.width) / 2, y0 = (kHeight - small.height) / 2;
    for (int y = 0; y < kHeight; ++y) {
        const int sy = std::clamp(y - y0, 0, small.height - 1);
        for (int x = 0; x < kWidth; ++x) {
            const int sx = std::clamp(x - x0, 0, small.width - 1);
            frame.pixels[static_cast<std::size_t>(y * kWidth + x)] =
                small.pixels[static_cast<std::size_t>(sy * small.width + sx)];
        }
    }
    return frame;
}

// ZXing-C++'s own ReadBarcode as its README shows it: the default hints
// (tryHarder, tryRotate, tryDownscale on), QR codes only.
std::vector<std::string> zxing_try_harder(const GreyImage& image) {
    const ZXing::ImageView view(image.pixels.data(), image.width, image.height,
                                ZXing::ImageFormat::Lum);
    ZXing::DecodeHints hints;
    hints.setTryHarder(true);
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const auto result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid()) {
        return {};
    }
    return {result.text()};
}

struct Tally {
    int read = 0;
    int other = 0;  // texts returned that are not the expected one
    std::vector<double> cpu;
};

// Counts one image's texts into `tally`, and shows any other text returned
// (a second code in the picture, or a misread).
bool count(Tally& tally, const std::vector<std::string>& texts, const std::string& expected,
           const char* path) {
    bool found = false;
    for (const auto& text : texts) {
        if (text == expected) {
            found = true;
        } else {
            ++tally.other;
            std::printf("    %s returned another text: \"%.40s\"\n", path, text.c_str());
        }
    }
    tally.read += found ? 1 : 0;
    return found;
}

void run_photos(const std::filesystem::path& dir, int frames_per_photo,
                const CameraEffort& effort) {
    const auto photos = load_photos(dir);
    if (photos.empty()) {
        std::printf("no photographs (N.png with N.txt) under %s: skipped\n", dir.c_str());
        return;
    }
    std::printf(
        "\nReal photographs: %zu under %s\ncamera: each in a %dx%d frame, %d frames, "
        "try-harder every %d frames while nothing is read\n\n",
        photos.size(), dir.c_str(), kWidth, kHeight, frames_per_photo, effort.harder_every);
    std::printf("%-40s %6s %6s %10s %8s\n", "image", "still", "zxing", "camera", "zx-frame");
    Tally still, zxing, camera, zxing_frame;
    std::vector<double> camera_fast, camera_harder;  // the camera's frames by pass
    std::uint64_t fast_passes = 0, harder_passes = 0;
    int still_short = 0, camera_short = 0;  // read by ZXing, not by us
    for (const auto& photo : photos) {
        double start = cpu_ms();
        std::vector<std::string> texts;
        for (auto& c : decode(photo.image.view(), kStillImage)) {
            texts.push_back(std::move(c.text));
        }
        still.cpu.push_back(cpu_ms() - start);
        const bool still_read = count(still, texts, photo.expected, "still");

        start = cpu_ms();
        texts = zxing_try_harder(photo.image);
        zxing.cpu.push_back(cpu_ms() - start);
        const bool zxing_read = count(zxing, texts, photo.expected, "zxing");

        // The camera: the same frame, again and again, as a code held still;
        // and ZXing's try-harder once on that frame, to compare like with like.
        const GreyImage frame = camera_frame(photo.image);
        FrameDecoder decoder(effort);
        int first = 0;  // the frame (1, 2, …) the code was first read in
        Tally seen;     // this photo's frames
        for (int f = 1; f <= frames_per_photo; ++f) {
            const auto before = decoder.passes();
            start = cpu_ms();
            const auto codes = decoder.read(frame.view());
            const double spent = cpu_ms() - start;
            camera.cpu.push_back(spent);
            (decoder.passes().harder == before.harder ? camera_fast : camera_harder)
                .push_back(spent);
            texts.clear();
            for (const auto& c : codes) {
                texts.push_back(c.text);
            }
            if (count(seen, texts, photo.expected, "camera") && first == 0) {
                first = f;
            }
        }
        fast_passes += decoder.passes().fast;
        harder_passes += decoder.passes().harder;
        camera.read += first > 0 ? 1 : 0;
        camera.other += seen.other;
        start = cpu_ms();
        texts = zxing_try_harder(frame);
        zxing_frame.cpu.push_back(cpu_ms() - start);
        const bool zxing_frame_read = count(zxing_frame, texts, photo.expected, "zx-frame");

        still_short += zxing_read && !still_read ? 1 : 0;
        camera_short += zxing_frame_read && first == 0 ? 1 : 0;
        char at[24] = "-";
        if (first > 0) {
            std::snprintf(at, sizeof at, "frame %d", first);
        }
        std::printf("%-40s %6s %6s %10s %8s\n", photo.name.c_str(), still_read ? "read" : "-",
                    zxing_read ? "read" : "-", at, zxing_frame_read ? "read" : "-");
    }
    const int total = static_cast<int>(photos.size());
    std::printf("\n%-44s %7s %6s %18s\n", "path", "read", "other", "CPU ms median/p99");
    const auto line = [total](const char* name, const Tally& t, const char* unit) {
        std::printf("%-44s %3d/%-3d %6d %8.2f / %7.2f  %s\n", name, t.read, total, t.other,
                    percentile(t.cpu, 0.5), percentile(t.cpu, 0.99), unit);
    };
    line("(a) ours, still image (kStillImage)", still, "per image");
    line("(c) ZXing 1.4 ReadBarcode, tryHarder", zxing, "per image");
    line("(b) ours, camera (FrameDecoder)", camera, "per frame");
    line("    ZXing tryHarder on the camera's frame", zxing_frame, "per frame");
    std::printf(
        "camera frames: %zu; fast pass on %llu, %.2f / %.2f ms; try-harder pass on "
        "%llu, %.2f / %.2f ms; the dearest frame %.2f ms\n",
        camera.cpu.size(), static_cast<unsigned long long>(fast_passes),
        percentile(camera_fast, 0.5), percentile(camera_fast, 0.99),
        static_cast<unsigned long long>(harder_passes),
        camera_harder.empty() ? 0.0 : percentile(camera_harder, 0.5),
        camera_harder.empty() ? 0.0 : percentile(camera_harder, 0.99), percentile(camera.cpu, 1.0));
    std::printf(
        "read by ZXing and not by us: still %d (of ZXing on the image), camera %d (of "
        "ZXing on the camera's frame)\n",
        still_short, camera_short);
}

// shared/data/qr-photos in the repository's parent or grandparent folder
// (a worktree sits one level deeper than the main checkout).
std::filesystem::path default_photos() {
    std::filesystem::path dir = JIAYI_SOURCE_DIR;
    for (int up = 0; up < 3; ++up) {
        dir = dir.parent_path();
        const auto candidate = dir / "shared" / "data" / "qr-photos";
        if (std::filesystem::is_directory(candidate)) {
            return candidate;
        }
    }
    return std::filesystem::path(JIAYI_SOURCE_DIR).parent_path() / "shared/data/qr-photos";
}

void run_generated(int n, unsigned seed, const std::string& save);

}  // namespace

int main(int argc, char** argv) {
    int n = 40;
    unsigned seed = 1;
    std::string save;
    std::string run = "all";
    std::filesystem::path photos = default_photos();
    CameraEffort effort;
    int frames_per_photo = 2 * effort.harder_every;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--n") {
            n = std::max(1, std::atoi(argv[i + 1]));
        } else if (flag == "--seed") {
            seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
        } else if (flag == "--save") {
            save = argv[i + 1];
        } else if (flag == "--photos") {
            photos = argv[i + 1];
        } else if (flag == "--frames") {
            frames_per_photo = std::max(1, std::atoi(argv[i + 1]));
        } else if (flag == "--fallback-every") {
            effort.harder_every = std::max(0, std::atoi(argv[i + 1]));
        } else if (flag == "--run") {
            run = argv[i + 1];
        }
    }
    if (run != "photos") {
        run_generated(n, seed, save);
    }
    if (run != "generated") {
        run_photos(photos, frames_per_photo, effort);
    }
    return 0;
}

namespace {

void run_generated(int n, unsigned seed, const std::string& save) {
    struct Variant {
        const char* name;
        Look look;
        bool code = true;
    };
    std::vector<Variant> variants;
    variants.push_back({"clean", Look{}});
    {
        Look l;
        l.noise = 28;
        variants.push_back({"noise", l});
    }
    {
        Look l;
        l.blur = 2;
        variants.push_back({"blur", l});
    }
    {
        Look l;
        l.rotation = 180;
        variants.push_back({"rotation", l});
    }
    {
        Look l;
        l.perspective = 0.12;
        l.rotation = 15;
        variants.push_back({"perspective", l});
    }
    {
        Look l;
        l.dark = 105;
        l.light = 150;
        l.noise = 6;
        variants.push_back({"low contrast", l});
    }
    {
        Look l;
        l.size_min = 120;
        l.size_max = 180;
        variants.push_back({"small (120-180 px)", l});
    }
    {
        Look l;
        l.screen = true;
        l.dark = 45;
        l.light = 200;
        l.blur = 1;
        l.noise = 8;
        l.rotation = 20;
        l.perspective = 0.06;
        variants.push_back({"phone screen", l});
    }
    variants.push_back({"no code", Look{}, false});

    const DecodeOptions harder = CameraEffort{}.harder;
    DecodeOptions full_size;
    full_size.try_downscale = false;
    Zbar zbar;
    std::vector<Decoder> decoders = {
        {"ours, fast pass",
         [](const GreyImage& f) {
             std::vector<std::string> out;
             for (auto& c : decode(f.view()))
                 out.push_back(c.text);
             return out;
         }},
        {"ours, try-harder pass",
         [harder](const GreyImage& f) {
             std::vector<std::string> out;
             for (auto& c : decode(f.view(), harder))
                 out.push_back(c.text);
             return out;
         }},
        {"ours, downscale off",
         [full_size](const GreyImage& f) {
             std::vector<std::string> out;
             for (auto& c : decode(f.view(), full_size))
                 out.push_back(c.text);
             return out;
         }},
        {"zbar 0.23.92", [&zbar](const GreyImage& f) { return zbar.read(f); }},
    };

    std::printf("QR decode of %dx%d frames, %d per variant, seed %u\n\n", kWidth, kHeight, n, seed);
    std::printf("%-20s %-24s %7s %6s %18s %18s\n", "variant", "decoder", "read", "wrong",
                "CPU ms median/p99", "wall ms median/p99");
    std::vector<std::vector<double>> all_times(decoders.size());
    std::vector<std::vector<double>> all_cpu(decoders.size());
    std::vector<int> all_read(decoders.size(), 0);
    int all_codes = 0;
    for (const auto& variant : variants) {
        std::mt19937 random(seed);
        std::vector<Frame> frames;
        for (int i = 0; i < n; ++i) {
            Frame f;
            f.expected = variant.code ? payload(i, random) : "";
            f.image = render(f.expected, variant.look, random);
            if (!save.empty()) {
                std::filesystem::create_directories(save);
                char name[128];
                std::snprintf(name, sizeof name, "%s/%s-%02d.pgm", save.c_str(), variant.name, i);
                if (FILE* out = std::fopen(name, "wb")) {
                    std::fprintf(out, "P5\n%d %d\n255\n", f.image.width, f.image.height);
                    std::fwrite(f.image.pixels.data(), 1, f.image.pixels.size(), out);
                    std::fclose(out);
                }
            }
            frames.push_back(std::move(f));
        }
        if (variant.code) {
            all_codes += n;
        }
        for (std::size_t d = 0; d < decoders.size(); ++d) {
            std::vector<double> times;
            std::vector<double> cpu;
            int read = 0, wrong = 0;
            for (const auto& f : frames) {
                const auto start = WallClock::now();
                const double cpu_start = cpu_ms();
                const auto texts = decoders[d].read(f.image);
                cpu.push_back(cpu_ms() - cpu_start);
                times.push_back(
                    std::chrono::duration<double, std::milli>(WallClock::now() - start).count());
                const bool found = !f.expected.empty() &&
                                   std::find(texts.begin(), texts.end(), f.expected) != texts.end();
                read += found ? 1 : 0;
                wrong += static_cast<int>(texts.size()) - (found ? 1 : 0);
            }
            if (variant.code) {
                all_read[d] += read;
            }
            all_times[d].insert(all_times[d].end(), times.begin(), times.end());
            all_cpu[d].insert(all_cpu[d].end(), cpu.begin(), cpu.end());
            char rate[32];
            if (variant.code) {
                std::snprintf(rate, sizeof rate, "%d/%d", read, n);
            } else {
                std::snprintf(rate, sizeof rate, "-");
            }
            std::printf("%-20s %-24s %7s %6d %8.2f / %7.2f %8.2f / %7.2f\n", variant.name,
                        decoders[d].name.c_str(), rate, wrong, percentile(cpu, 0.5),
                        percentile(cpu, 0.99), percentile(times, 0.5), percentile(times, 0.99));
        }
    }
    std::printf("\n");
    for (std::size_t d = 0; d < decoders.size(); ++d) {
        std::printf("%-24s all: read %d/%d (%.1f %%), CPU %.2f / %.2f ms, wall %.2f / %.2f ms\n",
                    decoders[d].name.c_str(), all_read[d], all_codes,
                    100.0 * all_read[d] / all_codes, percentile(all_cpu[d], 0.5),
                    percentile(all_cpu[d], 0.99), percentile(all_times[d], 0.5),
                    percentile(all_times[d], 0.99));
    }
}

}  // namespace
