#!/usr/bin/env python3
"""A resident's whole signing, by touch alone, on the real kiosk program.

jiayi-kiosk --demo runs on a virtual X display (Xvfb) the size of an
ordinary desktop, 1920x1080; xdotool moves the pointer and presses it (SDL
turns touches into the same mouse events). The kiosk publishes where its
touchable items are after every frame (--geometry-out, in the window's
pixels), so each step touches an item by its label, as a person would, and
waits for the screen it should lead to: a signing, an elder who declines, a
guardian starting for a child; in Chinese in landscape, then in English in
portrait with large text. A notify socket stands for systemd: READY=1 comes
first, once the window shows its first frame, WATCHDOG=1 while the kiosk
runs, STOPPING=1 on SIGTERM. The demo window (the kiosk and its panel) is
wider or taller than the desktop in both, so it is shown scaled down: the
test checks that the whole window is on the screen and that every item it
touches lies inside the window.

Usage: touch_test.py KIOSK_BINARY SOURCE_DIR
"""

import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

KIOSK, SOURCE = sys.argv[1], sys.argv[2]
TIMEOUT = 15.0
SCREEN = (1920, 1080)


def geometry(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return None, {}, -1
    screen, items, version = None, {}, -1
    for line in lines:
        if line.startswith("version "):
            version = int(line[8:])
        elif line.startswith("screen "):
            screen = line[7:]
        elif line.startswith("message "):
            screen = screen + "+" + line[8:]
        elif line == "dimmed":
            screen = screen + "+dimmed"
        else:
            x, y, w, h, label = line.split(" ", 4)
            items[label] = (int(x), int(y), int(w), int(h))
    return screen, items, version


class Kiosk:
    def __init__(self, display, extra, dim_after=None):
        self.dir = tempfile.mkdtemp(prefix="jiayi-touch-")
        self.geo = os.path.join(self.dir, "geometry.txt")
        # systemd's end of sd_notify: the kiosk says READY=1 once its first
        # frame is on the screen, WATCHDOG=1 while its frame loop runs.
        # Read as it comes, as systemd does: a full socket queue would block
        # the kiosk's sends.
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(os.path.join(self.dir, "notify"))
        self.notified = queue.Queue()
        threading.Thread(target=self.read_notices, daemon=True).start()
        self.env = dict(os.environ, DISPLAY=display, NOTIFY_SOCKET=os.path.join(self.dir, "notify"),
                        WATCHDOG_USEC="400000")
        # In the sanitizer build, no leak check for this window: SDL 2.26 on
        # X11 leaves allocations of libdbus (it never calls dbus_shutdown)
        # and of X11 modules it unloads at exit (LeakSanitizer cannot even
        # name those). The kiosk's own code is checked for leaks by the
        # headless tests, which run it on SDL's dummy driver.
        self.env["ASAN_OPTIONS"] = ":".join(
            filter(None, [os.environ.get("ASAN_OPTIONS", ""), "detect_leaks=0"]))
        config = os.path.join(SOURCE, "config/kiosk.toml")
        if dim_after is not None:
            # The shipped configuration, dimming after `dim_after` seconds.
            with open(config, encoding="utf-8") as f:
                text = f.read()
            if "dim_after_seconds = 300" not in text:
                raise AssertionError("config/kiosk.toml has no dim_after_seconds = 300 line")
            config = os.path.join(self.dir, "kiosk.toml")
            with open(config, "w", encoding="utf-8") as f:
                f.write(text.replace("dim_after_seconds = 300", f"dim_after_seconds = {dim_after}"))
        # What the kiosk prints (made-up demo people only) goes to a file,
        # shown when it fails: a pipe nobody reads would fill and block it.
        self.log = os.path.join(self.dir, "kiosk.log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [KIOSK, "--demo", "--config", config, "--geometry-out", self.geo] + extra,
                env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def printed(self):
        """The last lines the kiosk printed, for a failure's message."""
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-40:])

    def window(self):
        """The kiosk's X window: pointer positions are relative to it."""
        if not hasattr(self, "wid"):
            out = subprocess.run(["xdotool", "search", "--sync", "--pid", str(self.proc.pid)],
                                 env=self.env, check=True, capture_output=True, text=True)
            self.wid = out.stdout.split()[-1]
            self.check_on_screen()
        return self.wid

    def check_on_screen(self):
        """The whole window lies on the screen (a 2360-pixel demo once
        opened at x = -220 on a 1920-pixel desktop, both edges cut off)."""
        out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", self.wid],
                             env=self.env, check=True, capture_output=True, text=True)
        g = dict(line.split("=", 1) for line in out.stdout.split())
        x, y, w, h = int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"])
        if x < 0 or y < 0 or x + w > SCREEN[0] or y + h > SCREEN[1]:
            raise AssertionError(f"the window {w}x{h} at ({x}, {y}) is not inside the "
                                 f"{SCREEN[0]}x{SCREEN[1]} screen")
        self.size = (w, h)

    def move(self, x, y):
        subprocess.run(["xdotool", "mousemove", "--window", self.window(), str(x), str(y)],
                       env=self.env, check=True)

    def wait(self, screen, after=-1):
        """Waits until the kiosk shows `screen` with a view newer than `after`."""
        deadline = time.monotonic() + TIMEOUT
        shown = None
        while time.monotonic() < deadline:
            shown, _, version = geometry(self.geo)
            if shown == screen and version > after:
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"the kiosk exited ({self.proc.returncode}) "
                                     f"waiting for {screen}; it printed:\n{self.printed()}")
            time.sleep(0.02)
        raise AssertionError(f"waited for screen {screen!r}, the kiosk shows {shown!r}")

    def touch(self, label, then):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            _, items, version = geometry(self.geo)
            if label in items:
                x, y, w, h = items[label]
                self.window()
                if x < 0 or y < 0 or x + w > self.size[0] or y + h > self.size[1]:
                    raise AssertionError(f"{label!r} at ({x}, {y}, {w}x{h}) is not inside the "
                                         f"{self.size[0]}x{self.size[1]} window")
                self.move(x + w // 2, y + h // 2)
                subprocess.run(["xdotool", "click", "1"], env=self.env, check=True)
                # Every touch the flow takes publishes a new view: wait for
                # it, so that two touches never arrive in one frame.
                self.wait(then, version)
                return
            time.sleep(0.02)
        raise AssertionError(f"no item {label!r} on screen {geometry(self.geo)[0]!r}")

    def press(self, label):
        """Touches an item without waiting for the flow to take it."""
        _, items, _ = geometry(self.geo)
        if label not in items:
            raise AssertionError(f"no item {label!r} on screen {geometry(self.geo)[0]!r}")
        x, y, w, h = items[label]
        self.move(x + w // 2, y + h // 2)
        subprocess.run(["xdotool", "click", "1"], env=self.env, check=True)

    def keys(self, digits, then):
        screen, _, _ = geometry(self.geo)
        for d in digits:
            self.touch(d, screen)
        self.wait(then)

    def sign(self):
        """Draws a signature on the pad with the pointer held down."""
        _, items, version = geometry(self.geo)
        x, y, w, h = items["pad"]
        x, y, dx, dy = x + w // 2, y + h // 2, w * 3 // 10, h // 5
        self.move(x - dx, y)
        subprocess.run(["xdotool", "mousedown", "1"], env=self.env, check=True)
        for i in range(20):
            self.move(x - dx + dx * i // 10, y + (dy if i % 2 else -dy))
        subprocess.run(["xdotool", "mouseup", "1"], env=self.env, check=True)
        self.wait("signature", version)  # the stroke reached the flow

    def read_notices(self):
        try:
            while True:
                self.notified.put(self.notify.recv(4096).decode())
        except OSError:
            pass  # closed

    def notices(self, word):
        """The kiosk's notices up to `word`, in order."""
        seen = []
        deadline = time.monotonic() + TIMEOUT
        while word not in seen:
            try:
                seen.append(self.notified.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                raise AssertionError(f"no {word} from the kiosk, only {seen}") from None
        return seen

    def stop(self):
        """SIGTERM, as systemd stops it: STOPPING=1 and a clean exit."""
        self.proc.terminate()
        code = self.proc.wait(timeout=10)
        self.notices("STOPPING=1")
        if code != 0:
            raise AssertionError(f"the kiosk exited {code} on SIGTERM; it printed:\n{self.printed()}")

    def close(self):
        self.notify.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def adult_signs(k, t):
    k.wait("home")
    k.touch(t["card_adult"], "status")
    k.touch(t["sign"], "teams")
    k.touch("家医一团队", "packages")
    k.touch(t["next"], "hospitals")
    k.touch(t["next"], "phone")
    k.keys("13912345678", "phone")
    k.touch(t["next"], "phone")
    k.keys("13912345678", "phone")
    k.touch(t["next"], "fees")
    k.touch(t["confirm"], "consent")
    k.touch(t["agree"], "signature")
    k.touch(t["confirm_signature"], "signature+signature-required")
    k.touch(t["ok"], "signature")
    k.sign()
    k.touch(t["confirm_signature"], "receipt")
    k.touch(t["next"], "feedback")
    k.touch(t["face5"], "feedback")
    k.touch(t["yes"], "thanks")
    k.touch(t["done"], "home")


def elder_declines(k, t):
    k.touch(t["card_elder"], "status")
    k.touch(t["decline"], "notice")
    k.touch(t["sign_notice"], "signature")
    k.sign()
    k.touch(t["confirm_signature"], "receipt")
    k.touch(t["next"], "thanks")
    k.touch(t["done"], "home")


def child_through_guardian(k, t):
    k.touch(t["card_child"], "status")
    k.touch(t["sign"], "signer")
    k.touch(t["card_parent"], "signer")
    k.touch(t["mother"], "signer")
    k.touch(t["next"], "teams")
    k.touch(t["back"], "signer")
    k.touch(t["back"], "status")
    k.touch(t["finish"], "home")


def dims_and_wakes(k, t):
    """At rest on the home screen the kiosk dims; the touch that wakes it
    presses nothing (the flow's view keeps its version); the next one does."""
    k.wait("home+dimmed")
    _, _, version = geometry(k.geo)
    k.press(t["home_sign"])
    k.wait("home")
    _, _, awake = geometry(k.geo)
    if awake != version:
        raise AssertionError(f"the waking touch reached the flow (view {version} -> {awake})")
    k.touch(t["home_sign"], "identify")


ZH = {"card_adult": "刷卡：成人，第一次来", "card_elder": "刷卡：76 岁老人",
      "decline": "我不签约", "sign_notice": "签署告知书", "card_child": "刷卡：5 岁儿童",
      "card_parent": "刷卡：孩子的家长", "sign": "签约", "home_sign": "签约或续约", "next": "下一步", "confirm": "确认",
      "agree": "我同意", "confirm_signature": "确认签名", "ok": "好的", "face5": "5 很满意",
      "yes": "知道", "done": "完成", "mother": "母亲", "back": "返回", "finish": "返回首页"}
EN = {"card_adult": "Card: adult, first visit", "card_elder": "Card: elder, 76",
      "decline": "I do not want to sign", "sign_notice": "Sign the notice", "card_child": "Card: child, 5",
      "card_parent": "Card: the child's parent", "sign": "Sign up", "home_sign": "Sign or renew", "next": "Next",
      "confirm": "Confirm", "agree": "I agree", "confirm_signature": "Confirm signature",
      "ok": "OK", "face5": "5 Very happy", "yes": "Yes", "done": "Done", "mother": "Mother",
      "back": "Back", "finish": "Back to start"}


def main():
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        print("touch_test: needs Xvfb and xdotool (packaging/install-deps.sh installs them)")
        return 1
    # Xvfb picks a free display and writes its number to the pipe.
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0",
                             f"{SCREEN[0]}x{SCREEN[1]}x24",
                             "-nolisten", "tcp"], pass_fds=(write_end,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        display = ":" + pipe.readline().strip()
    try:
        for extra, words, name in ((["--windowed", "--size", "1920x1080"], ZH, "zh-CN"),
                                   (["--windowed", "--size", "1080x1920", "--lang", "en",
                                     "--large"], EN, "en, portrait, large")):
            k = Kiosk(display, extra)
            try:
                first = k.notices("READY=1")
                if first != ["READY=1"]:
                    raise AssertionError(f"the kiosk said {first} before READY=1")
                adult_signs(k, words)
                k.notices("WATCHDOG=1")
                elder_declines(k, words)
                child_through_guardian(k, words)
                k.notices("WATCHDOG=1")
                k.stop()
                print(f"touch_test: {name}: a signing, a decline and a guardian's start, by touch: ok")
            finally:
                k.close()
            k = Kiosk(display, extra, dim_after=3)
            try:
                dims_and_wakes(k, words)
                print(f"touch_test: {name}: dimmed at rest, woken by a touch that pressed nothing: ok")
            finally:
                k.close()
    finally:
        xvfb.terminate()
        xvfb.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
