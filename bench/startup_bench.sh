#!/usr/bin/env bash
# Start to first screen, as a user sees it: our kiosk writing its home screen
# (`jiayi-kiosk --headless --screen home --screenshot DIR`: start, store,
# fonts, the first frame, the PNG) against Chromium rendering the same home
# screen as a web page to PNG (../shared/bench/webkiosk/index.html), each run
# N times, interleaved, through the shared measure_pss.sh (wall time and the
# peak of the process group's summed PSS). Prints the medians and the ratios;
# machines here are shared and noisy, so the ratios are what to compare.
#
# Usage: bench/startup_bench.sh [N]   (from the repository; default N = 7)
# Needs build/release/jiayi-kiosk and chromium (scripts/bench installs both).
# JIAYI_WEBKIOSK overrides where the web kiosk is (default ../shared/bench/webkiosk).
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-7}"
web="${JIAYI_WEBKIOSK:-../shared/bench/webkiosk}"
kiosk=./build/release/jiayi-kiosk
[ -x "$kiosk" ] || { echo "startup_bench: build the release preset first" >&2; exit 1; }
[ -f "$web/index.html" ] || { echo "startup_bench: no web kiosk at $web" >&2; exit 1; }
command -v chromium >/dev/null || { echo "startup_bench: needs chromium" >&2; exit 1; }
web="$(cd "$web" && pwd)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

ours=()
theirs=()
for i in $(seq "$n"); do
  # Ours, then theirs, so that both meet the same noise.
  rm -rf "$out/ours"
  ours+=("$(bash "$web/measure_pss.sh" "$kiosk" --headless --config config/kiosk.toml \
              --screen home --screenshot "$out/ours")")
  ls "$out"/ours/home-*.png >/dev/null 2>&1 || { echo "startup_bench: our run $i wrote no PNG" >&2; exit 1; }
  profile="$(mktemp -d)"
  rm -f "$out/web.png"
  # As root on a closed network: no sandbox, no GPU, nothing fetched.
  theirs+=("$(bash "$web/measure_pss.sh" chromium --headless --no-sandbox --disable-gpu \
                --disable-quic --no-first-run --disable-background-networking \
                --disable-component-update --disable-sync --user-data-dir="$profile" \
                --window-size=1920,1080 --screenshot="$out/web.png" "file://$web/index.html")")
  rm -rf "$profile"
  [ -s "$out/web.png" ] || { echo "startup_bench: Chromium's run $i wrote no PNG" >&2; exit 1; }
done

# "wall_s=0.41 peak_pss_mb=73" lines → the median of each field.
median() {  # FIELD LINES...
  local field="$1"; shift
  printf '%s\n' "$@" | sed -n "s/.*$field=\([0-9.]*\).*/\1/p" | sort -g |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
ow="$(median wall_s "${ours[@]}")"; op="$(median peak_pss_mb "${ours[@]}")"
tw="$(median wall_s "${theirs[@]}")"; tp="$(median peak_pss_mb "${theirs[@]}")"

echo "start to first screen (home, 1920x1080, to PNG), median of $n runs each, $(nproc) cores"
printf '| %-44s | %8s | %12s |\n' "command" "wall s" "peak PSS MB"
printf '|%s|%s|%s|\n' "----------------------------------------------" "----------" "--------------"
printf '| %-44s | %8.3f | %12d |\n' "jiayi-kiosk --headless --screen home" "$ow" "$op"
printf '| %-44s | %8.3f | %12d |\n' "chromium --headless --screenshot (webkiosk)" "$tw" "$tp"
awk -v ow="$ow" -v op="$op" -v tw="$tw" -v tp="$tp" 'BEGIN {
  printf "ratios: %.1fx faster, %.1fx less memory (goal: >= 8x and >= 12x)\n", tw / ow, tp / op }'
echo "each run: ours: ${ours[*]}"
echo "          chromium: ${theirs[*]}"
