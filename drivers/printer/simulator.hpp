#pragma once
// A virtual receipt printer that takes the exact bytes a real one would: over
// TCP port 9100 (a network printer) or on a pty (standing in for the usblp
// character device). It renders what it prints (render.hpp), answers DLE EOT
// and GS r status from its paper and cover state, and can be made to run out
// of paper mid-job, open its cover, go offline, fall silent or hang up — so
// the real links, status checks and print queue are tested against it.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/unique_fd.hpp"
#include "drivers/printer/render.hpp"
#include "drivers/printer/status.hpp"

namespace jiayi::drivers::printer {

class PrinterSimulator {
  public:
    enum class Port { Tcp, Pty };

    static Result<std::unique_ptr<PrinterSimulator>, std::string> create(
        Port port, int dots, FontSet font, std::shared_ptr<const image::Typeface> face,
        int tcp_port = 0);  // 0: any free port on loopback
    ~PrinterSimulator();
    PrinterSimulator(const PrinterSimulator&) = delete;
    PrinterSimulator& operator=(const PrinterSimulator&) = delete;

    // Where a link reaches it: "tcp:127.0.0.1:PORT" or the pty's path.
    std::string address() const;

    // The printer's state, changed at any time from the test's thread.
    void set_paper(Paper paper);
    void set_cover_open(bool open);
    void set_offline(bool offline);
    void set_silent(bool silent);  // answers no status at all
    // Paper runs out after `bytes` more bytes of printing.
    void run_out_after(std::size_t bytes);
    // Closes the current connection (a cable pulled out); TCP takes the next.
    void hang_up();
    // Every finished job (cut) is also written as PNG into `dir`.
    void save_to(std::filesystem::path dir);

    // Jobs that reached their cut, or (without a cutter) stopped growing.
    std::vector<Sheet> jobs() const;
    // Waits until at least `count` jobs were cut or `timeout` passed.
    bool wait_for_jobs(std::size_t count, std::chrono::milliseconds timeout) const;
    // Status requests answered so far.
    int status_requests() const;

  private:
    PrinterSimulator() = default;
    void run();
    void serve(int fd);
    std::optional<std::uint8_t> answer(std::uint8_t n);
    void reset_renderer();
    void keep(Sheet sheet);

    Port port_ = Port::Tcp;
    int dots_ = 384;
    FontSet font_ = FontSet::Gb18030;
    std::shared_ptr<const image::Typeface> face_;
    UniqueFd listen_;
    UniqueFd master_;
    int tcp_port_ = 0;
    std::string pty_path_;
    Pipe stop_;
    Pipe hang_;
    // Declared after the descriptors, so it is gone (joined) before they close.
    std::thread thread_;

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    Paper paper_ = Paper::Ok;
    bool cover_open_ = false;
    bool offline_ = false;
    bool silent_ = false;
    std::size_t run_out_after_ = 0;  // 0 = never
    std::filesystem::path save_dir_;
    std::vector<Sheet> jobs_;
    int status_requests_ = 0;
    std::unique_ptr<Renderer> renderer_;
};

}  // namespace jiayi::drivers::printer
