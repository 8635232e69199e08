#pragma once
// Our own decoder of the ESC/POS subset we send (escpos.md, "Checking our own
// bytes"), read with the encoder's table of commands (commands.hpp) and a
// handler per family of commands: bytes in, the paper out as grey images —
// text through the font as the printer's 12×24 / 24×24 cells, QR codes and
// raster images as drawn, a page per cut. It is the printer simulator's
// engine, the UI's receipt preview and the golden check of our templates.
// What a real printer would print as garbage (text outside the font, bytes
// outside Chinese mode, an unknown command) is drawn as a box and listed as
// a problem.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/image/raster.hpp"
#include "common/image/typeface.hpp"
#include "drivers/printer/commands.hpp"
#include "drivers/printer/escpos.hpp"
#include "drivers/printer/gb18030.hpp"

namespace jiayi::drivers::printer {

struct Sheet {
    image::Grey image{1, 1};
    bool cut = false;                   // ended by a cut (else the job ended, or is still going)
    std::vector<std::string> qr_codes;  // as stored by GS ( k, in order
    std::vector<std::string> problems;  // what a real printer would garble
};

class Renderer {
  public:
    // Answers a real-time status request (DLE EOT n or GS r 1 as n = 0x72);
    // nullopt = the printer says nothing.
    using StatusAnswer = std::function<std::optional<std::uint8_t>(std::uint8_t n)>;

    Renderer(int dots, FontSet font, std::shared_ptr<const image::Typeface> face,
             StatusAnswer answer = {});

    // Bytes in any pieces; a command split between pieces waits for the rest.
    // Returns what the printer sends back (status bytes).
    Bytes feed(std::span<const std::uint8_t> bytes);
    // The sheets so far, the last one finished (its partial line printed).
    std::vector<Sheet> finish();
    // The sheets ended by a cut since the last call, taken out; the page in
    // progress stays.
    std::vector<Sheet> take_cut();

    // Nothing on the page in progress.
    bool blank() const { return y_ == 0 && line_.empty() && pending_.empty(); }
    // Over everything fed so far.
    const std::vector<std::string>& problems() const { return problems_; }
    const std::vector<std::string>& qr_codes() const { return qr_codes_; }
    int raster_images() const { return raster_images_; }
    int text_characters() const { return text_characters_; }

  private:
    struct Cell {
        char32_t cp;
        int width;   // 1–8 times
        int height;  // 1–8 times
        bool bold;
        bool garbage;
    };
    // Consumes one command or text byte at `at`; 0 when it needs more bytes.
    std::size_t step(std::size_t at, Bytes& replies);
    // A command, to the handler of its family (commands.hpp).
    void run(const Parsed& command, Bytes& replies);
    void mode(const Parsed& command);
    void position(const Parsed& command);
    void qr(const Parsed& command);
    void raster(const Parsed& command);
    void status(const Parsed& command, Bytes& replies);
    // "unknown command 1B 99": the bytes that name it.
    void unknown(std::span<const std::uint8_t> opening, std::span<const std::uint8_t> more = {});
    void text_byte(std::uint8_t b);
    void print_line();
    void put(const image::Grey& picture);  // at the current position and alignment
    void advance(int dots);
    void reset();
    void cut();  // the Cut family: the sheet ends here
    void problem(std::string what);

    int dots_;
    FontSet font_;
    std::shared_ptr<const image::Typeface> face_;
    StatusAnswer answer_;

    Bytes pending_;
    std::string multibyte_;
    std::vector<Cell> line_;
    std::vector<Sheet> sheets_;
    image::Grey page_;
    int y_ = 0;

    bool chinese_ = false;
    Align align_ = Align::Left;
    int width_ = 1;
    int height_ = 1;
    bool bold_ = false;
    int qr_module_ = 3;
    QrLevel qr_level_ = QrLevel::L;
    std::string qr_data_;

    std::vector<std::string> problems_;
    std::vector<std::string> qr_codes_;
    std::vector<std::string> page_problems_;
    std::vector<std::string> page_qr_codes_;
    int raster_images_ = 0;
    int text_characters_ = 0;
};

// The sheets as one PNG-ready image: side by side margins, a dashed line where
// the printer cut.
image::Grey stack(const std::vector<Sheet>& sheets);

}  // namespace jiayi::drivers::printer
