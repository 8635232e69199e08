#!/usr/bin/env bash
# Installs the Debian 12 packages jiayi needs to build and test.
# Idempotent and fast when everything is present: it asks dpkg first and only
# calls apt-get for what is missing. Run as root (or with sudo available).
set -euo pipefail

# Each package is here for a reason:
#   g++ cmake ninja-build pkg-config  the toolchain (C++20, CMake >= 3.25)
#   libsqlite3-dev                    the local store
#   libsodium-dev                     encryption at rest, keyed hashes, PIN hashes
#   libtomlplusplus-dev               the configuration file (TOML)
#   nlohmann-json3-dev                --json output, FHIR later
#   libcli11-dev                      the `jiayi` command line
#   doctest-dev                       unit and scenario tests
#   libimgui-dev libsdl2-dev          the kiosk's screens (Dear ImGui 1.86 on SDL2's renderer)
#   libstb-dev                        stb_image_write: screenshots as PNG; stb_image: image
#                                     files and MJPEG camera frames as grey for QR codes;
#                                     stb_truetype: text drawn for the receipt printer (raster
#                                     lines for rare characters, the printer simulator's paper)
#   fonts-noto-cjk                    Noto Sans CJK SC, the kiosk's typeface
#   fonts-material-design-icons-iconfont  the icons on the kiosk's buttons (ui/text/icons.hpp);
#                                     without it the kiosk runs with words only
#   xvfb xdotool python3              the touch test: the real kiosk window on a virtual X
#                                     display, touched by label; also bench/idle_cpu.sh
#   libzxing-dev                      QR codes: ZXing-C++ 1.4 decodes camera frames, draws the
#                                     receipt's QR for printers without GS ( k (and writes the
#                                     codes the tests and the benchmark read back)
#   libzbar-dev                       bench/qr_bench: zbar measured beside ZXing on the same frames
#   umockdev libumockdev-dev          the keyboard-wedge test: an emulated evdev device whose
#                                     EVIOCGRAB and reads reach our real driver; the USB tests:
#                                     fake USB devices whose usbdevfs ioctls reach the real libusb
#   libusb-1.0-0-dev                  drivers/usb: the USB ID card reader and printer through libusb
#   libpq-dev                         hub/db: jiayi-hub's PostgreSQL engine (libpq 15, the C client)
#   postgresql-15                     the hub's tests start a real server of their own (initdb in a temp
#                                     folder, own port and socket: the packaged 15/main cluster is not
#                                     used); its pgbench is bench/pgbench.sh's ceiling
#   libcpp-httplib-dev libssl-dev     hub/http: jiayi-hub's HTTPS server (cpp-httplib 0.11 over OpenSSL)
#   libsimdjson-dev                   hub/fhir: request bodies parsed by simdjson 3.0 (nlohmann's
#                                     parser was ~0.4 ms of the hub's CPU per signing, simdjson 0.03)
#   libcurl4-openssl-dev              kiosk/sync: the kiosk's HTTPS client to the hub (CA file,
#                                     pinned public key, connect and transfer timeouts)
#   libsystemd-dev                    common/service: sd_notify for systemd's Type=notify units
#                                     (READY=1, STATUS=, STOPPING=1) and their watchdog (WATCHDOG=1)
#   nodejs                            the FHIR conformance checkers the tests run (tests/fhir,
#                                     installed by scripts/install-fhir-validators); the machines
#                                     carry Node 20 with its npm (@medplum/core 4 needs >= 20), so
#                                     Debian's npm package (for its Node 18) is not asked for
#   espeak-ng                         the spoken-prompt test: espeak-ng's cmn-latn-pinyin voice
#                                     must read every spoken zh-CN sentence's pinyin as Mandarin
#                                     syllables (tests/kiosk/text/spoken_test.cpp runs the CLI)
#   libespeak-ng-dev espeak-ng-data   ui/voice: the kiosk's spoken guidance synthesized by
#                                     espeak-ng (Mandarin from tone-numbered pinyin, voice
#                                     cmn-latn-pinyin; English) where the health center recorded
#                                     no prompt of its own
#   systemd cage                      the units test: `systemd-analyze verify` and `security` read
#                                     packaging/debian/*.service (no running systemd needed), and
#                                     verify wants each ExecStart program there: jiayi-kiosk's is cage
# Only for scripts/fuzz (`install-deps.sh fuzz`), not the default build and tests:
#   clang libclang-rt-dev             libFuzzer with AddressSanitizer and UBSan
# Only for scripts/package and scripts/package-test (`install-deps.sh package`):
#   debhelper                         dh, dpkg-buildpackage's helpers (cmake+ninja build system,
#                                     dh_installsystemd, conffiles, shlibs, -dbgsym)
#   lintian                           the packages checked against Debian policy (no errors)
packages=(
  g++ cmake ninja-build pkg-config git
  libsqlite3-dev libsodium-dev libtomlplusplus-dev nlohmann-json3-dev
  libcli11-dev doctest-dev
  libimgui-dev libsdl2-dev libstb-dev fonts-noto-cjk fonts-material-design-icons-iconfont
  xvfb xdotool python3
  libzxing-dev libzbar-dev umockdev libumockdev-dev libusb-1.0-0-dev
  libpq-dev postgresql-15 libcpp-httplib-dev libssl-dev libsimdjson-dev libcurl4-openssl-dev
  libsystemd-dev nodejs
  espeak-ng
  libespeak-ng-dev espeak-ng-data
  systemd cage
)
if [ "${1:-}" = "fuzz" ]; then
  packages+=(clang libclang-rt-dev)
fi
if [ "${1:-}" = "package" ]; then
  packages+=(debhelper lintian)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
