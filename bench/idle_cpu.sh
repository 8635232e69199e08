#!/usr/bin/env bash
# Idle CPU of the real kiosk program (DESIGN.md budget: ≈ 0 %): starts
# jiayi-kiosk --demo, lets it settle on its home screen, then counts the CPU
# time it uses over SECONDS (default 60).
#
# Where Xvfb is installed (Debian `xvfb`, a benchmark-only tool) the kiosk
# runs on a virtual X display, where SDL sleeps in the X connection's poll()
# until an event; otherwise on SDL's dummy driver, which has no event wait:
# SDL then polls every millisecond by itself, and that floor (≈ 1 %) is
# SDL's, not the kiosk's.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bin=./build/release/jiayi-kiosk
if command -v Xvfb >/dev/null; then
  display=:97
  Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  DISPLAY=$display "$bin" --demo --windowed --config config/kiosk.toml &
  pid=$!
  driver="X11 (Xvfb)"
else
  SDL_VIDEODRIVER=dummy "$bin" --demo --windowed --config config/kiosk.toml &
  pid=$!
  xvfb=""
  driver="dummy"
fi
trap 'kill $pid ${xvfb} 2>/dev/null || true' EXIT
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
wakeups() { awk '/voluntary_ctxt_switches/ && !/non/ {print $2}' "/proc/$pid/status"; }
before=$(ticks)
wake_before=$(wakeups)
sleep "$seconds"
after=$(ticks)
wake_after=$(wakeups)
hz=$(getconf CLK_TCK)
awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" -v d="$driver" -v w=$((wake_after - wake_before)) \
  'BEGIN { printf "idle CPU over %d s on %s: %.2f s of CPU = %.3f %%, %d wake-ups\n", s, d, t / hz, 100 * t / hz / s, w }'
