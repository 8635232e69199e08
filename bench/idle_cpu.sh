#!/usr/bin/env bash
# Idle CPU of the real kiosk program (DESIGN.md budget: ≈ 0 %): starts
# jiayi-kiosk --demo on SDL's dummy video driver, lets it settle, then counts
# the CPU time it uses over SECONDS (default 60) of idle home screen.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bin=./build/release/jiayi-kiosk
SDL_VIDEODRIVER=dummy "$bin" --demo --windowed --config config/kiosk.toml &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(ticks)
sleep "$seconds"
after=$(ticks)
hz=$(getconf CLK_TCK)
awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" \
  'BEGIN { printf "idle CPU over %d s: %.2f s of CPU = %.3f %%\n", s, t / hz, 100 * t / hz / s }'
