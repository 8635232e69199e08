#!/usr/bin/env bash
# The packages' systemd units (packaging/debian/*.service) as systemd reads
# them: `systemd-analyze verify` (syntax, unknown keys, executables, the
# units they name) must say nothing, and `systemd-analyze security --offline`
# must score each at most its threshold. No running systemd is needed.
# verify checks that each ExecStart program exists, so the units are
# checked on a copy whose /usr/bin/jiayi-* are the programs just built.
#
#   units_test.sh UNIT_DIR JIAYI_HUB_BIN JIAYI_KIOSK_BIN
set -euo pipefail

units="$1" hub_bin="$2" kiosk_bin="$3"
for tool in systemd-analyze cage; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (packaging/install-deps.sh)"; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Whatever verify prints is a finding (it exits 0 on an unknown key).
verify() {  # UNIT...
  local out
  out="$(systemd-analyze verify --man=no "$@" 2>&1)" || { echo "$out"; return 1; }
  [ -z "$out" ] || { echo "$out"; return 1; }
}

for unit in jiayi-hub jiayi-kiosk; do
  sed -e "s|/usr/bin/jiayi-hub|$hub_bin|g" -e "s|/usr/bin/jiayi-kiosk|$kiosk_bin|g" \
    "$units/$unit.service" > "$work/$unit.service"
  grep -q "$hub_bin\|$kiosk_bin" "$work/$unit.service" || fail "$unit.service names no jiayi program"
done
# The hub's hourly release of unbooked pool slots: a timer and its service.
pool=jiayi-hub-release-pool
sed -e "s|/usr/bin/jiayi-hub|$hub_bin|g" "$units/jiayi-hub.$pool.service" > "$work/$pool.service"
cp "$units/jiayi-hub.$pool.timer" "$work/$pool.timer"
grep -q "^ExecStart=$hub_bin .* release-pool\$" "$work/$pool.service" ||
  fail "$pool.service does not run jiayi-hub release-pool"
verify "$work/jiayi-hub.service" "$work/jiayi-kiosk.service" "$work/$pool.service" \
  "$work/$pool.timer" || fail "systemd-analyze verify found the above"

# The check itself sees a mistake: a misspelt key in a copy is reported.
mkdir "$work/broken"
sed 's/^PrivateTmp=/PrivatTmp=/' "$work/jiayi-hub.service" > "$work/broken/jiayi-hub.service"
if verify "$work/broken/jiayi-hub.service" >/dev/null; then
  fail "verify said nothing about a misspelt key"
fi

# Exposure (0 = locked down, 10 = none): the hub is a network server with
# nothing to touch but its data; the kiosk keeps its devices and session.
security() {  # UNIT THRESHOLD_TENTHS
  local out
  out="$(systemd-analyze security --offline=true --threshold="$2" "$work/$1.service" 2>&1)" ||
    fail "$1.service exposure above $(($2 / 10)).$(($2 % 10)): $(echo "$out" | tail -1)"
  echo "$out" | grep 'Overall exposure'
}
security jiayi-hub 20
security "$pool" 20
security jiayi-kiosk 45

# What the issue asks of the units, which verify cannot know.
expect() {  # UNIT LINE
  grep -qxF "$2" "$work/$1.service" || fail "$1.service lacks '$2'"
}
expect jiayi-hub "Type=notify"
expect jiayi-hub "User=jiayi-hub"
expect jiayi-hub "ProtectSystem=strict"
expect jiayi-hub "Restart=on-failure"
expect "$pool" "Type=oneshot"
expect "$pool" "User=jiayi-hub"
expect "$pool" "ProtectSystem=strict"
grep -qxF "OnCalendar=hourly" "$work/$pool.timer" || fail "$pool.timer is not hourly"
grep -qxF "Persistent=true" "$work/$pool.timer" || fail "$pool.timer does not catch up after downtime"
expect jiayi-kiosk "Type=notify"
expect jiayi-kiosk "NotifyAccess=all"
expect jiayi-kiosk "User=jiayi-kiosk"
expect jiayi-kiosk "Restart=always"
expect jiayi-kiosk "Conflicts=getty@tty1.service"
expect jiayi-kiosk "TTYPath=/dev/tty1"
grep -q '^WatchdogSec=' "$work/jiayi-hub.service" || fail "jiayi-hub.service has no WatchdogSec"
grep -q '^WatchdogSec=' "$work/jiayi-kiosk.service" || fail "jiayi-kiosk.service has no WatchdogSec"
# cage -s would allow switching to another virtual terminal.
grep '^ExecStart=' "$work/jiayi-kiosk.service" | grep -q '/usr/bin/cage ' || fail "the kiosk does not run in cage"
if grep '^ExecStart=' "$work/jiayi-kiosk.service" | grep -qE 'cage( -[a-z]+)* -[a-z]*s'; then
  fail "cage runs with -s (VT switching)"
fi

[ "$failures" -eq 0 ] || exit 1
echo "units: verify clean, exposure within thresholds"
