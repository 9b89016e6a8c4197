#!/usr/bin/env python3
"""Checks a KANPlot network page in headless Chromium through the DevTools protocol.

usage: Tests/Plot/check_html.py PAGE.html [--screenshots DIR]

It loads the page, screenshots it, clicks the thumbnail of an edge with a real mouse event,
checks that the panel shows that edge's function large (title, chart with a curve), presses
Escape and checks the panel closes, presses Enter on a focused edge and checks it opens, and
checks that the console logged no error and no script threw. It prints each check and exits 1
if one fails. Without Chromium it says so and exits 0.
Only the Python standard library is used (a minimal WebSocket client is below).
"""

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


class DevTools:
    """One WebSocket connection to a page target; `call` sends a command and returns its result,
    keeping every event that arrives meanwhile in `events`."""

    def __init__(self, url, timeout=20):
        host, port, path = parse_ws_url(url)
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
             "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"DevTools refused the WebSocket: {head[:80]!r}")
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any(e.get("method") == event for e in self.events):
                return True
            self.events.append(json.loads(self.receive()))
        return False

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        n = len(payload)
        header = bytes([0x81]) + (
            bytes([0x80 | n]) if n < 126 else
            bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else
            bytes([0x80 | 127]) + struct.pack(">Q", n))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def receive(self):
        message = b""
        while True:
            first, second = self.read(2)
            n = second & 0x7F
            if n == 126:
                n = struct.unpack(">H", self.read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self.read(8))[0]
            payload = self.read(n)
            opcode = first & 0x0F
            if opcode == 8:
                raise RuntimeError("DevTools closed the connection")
            if opcode in (0, 1, 2):
                message += payload
                if first & 0x80:
                    return message.decode()

    def read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            data += chunk
        return data


def parse_ws_url(url):
    rest = url.split("://", 1)[1]
    hostport, path = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    return host, int(port), "/" + path


def launch(browser, profile):
    """Starts headless Chromium on a free DevTools port; returns the process and the page's
    WebSocket URL."""
    process = subprocess.Popen(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-dev-shm-usage", "--remote-debugging-port=0", f"--user-data-dir={profile}",
         "--window-size=1280,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = Path(profile) / "DevToolsActivePort"
    deadline = time.time() + 30
    while time.time() < deadline and process.poll() is None:
        if port_file.exists() and port_file.read_text().strip():
            port = port_file.read_text().split()[0]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                pages = [t for t in json.load(r) if t.get("type") == "page"]
            if pages:
                return process, pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{browser} did not open a DevTools port within 30 s")


def console_errors(events):
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append(" ".join(str(a.get("value", a.get("description")))
                                   for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append(details.get("exception", {}).get("description", details.get("text")))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            errors.append(params["entry"].get("text", "log error"))
    return errors


# The page's state after a click: which edge is selected and what the panel shows.
PANEL_STATE = """(() => {
  const detail = document.getElementById("detail");
  const chart = document.querySelector("#detail-chart svg");
  const selected = document.querySelector("#network .edge.selected");
  return {
    shown: !detail.hidden,
    title: document.getElementById("detail-title").textContent,
    formula: document.getElementById("detail-formula").textContent,
    selected: selected ? selected.id : null,
    chartWidth: chart ? chart.getBoundingClientRect().width : 0,
    curvePoints: chart ? chart.querySelector("polyline").points.numberOfItems : 0,
  };
})()"""

# The first edge whose thumbnail centre is not covered by another element, and that centre.
CLICK_TARGET = """(() => {
  for (const edge of document.querySelectorAll("#network .edge")) {
    const box = edge.querySelector("rect.thumbnail");
    if (!box) continue;
    const r = box.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest(".edge") === edge) {
      const figure = document.getElementById("chart-" + edge.id);
      return {id: edge.id, x: x, y: y, title: figure.dataset.title};
    }
  }
  return null;
})()"""


def press(tools, key, code):
    for kind in ("keyDown", "keyUp"):
        tools.call("Input.dispatchKeyEvent", type=kind, key=key, code=key,
                   windowsVirtualKeyCode=code)


def run_checks(tools, page, shots):
    results = []

    def check(ok, what):
        results.append(ok)
        print(f"{'ok    ' if ok else 'FAILED'} {what}")

    for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
        tools.call(domain)
    tools.call("Page.navigate", url=page.resolve().as_uri())
    check(tools.wait_for("Page.loadEventFired"), f"the page loads: {page}")
    counts = tools.evaluate("""({edges: document.querySelectorAll("#network .edge").length,
      nodes: document.querySelectorAll("#network circle.node").length,
      figures: document.querySelectorAll("#charts figure").length,
      external: document.querySelectorAll("script[src], link[rel=stylesheet], img").length})""")
    check(counts["edges"] > 0 and counts["nodes"] > 0 and counts["edges"] == counts["figures"],
          f"the network is drawn: {counts['nodes']} nodes, {counts['edges']} edges, "
          f"{counts['figures']} edge charts")
    check(counts["external"] == 0, "no external script, style sheet or image")
    shot = shots / "page.png"
    shot.write_bytes(base64.b64decode(tools.call("Page.captureScreenshot")["data"]))
    print(f"       screenshot {shot}")
    target = tools.evaluate(CLICK_TARGET)
    check(target is not None, "an edge thumbnail can be clicked (no element covers it)")
    if target is None:
        return results
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        tools.call("Input.dispatchMouseEvent", type=kind, x=target["x"], y=target["y"],
                   button="left", clickCount=1)
    state = tools.evaluate(PANEL_STATE)
    check(state["shown"] and state["selected"] == target["id"]
          and state["title"] == target["title"],
          f"clicking {target['id']} at ({target['x']:.0f}, {target['y']:.0f}) shows "
          f"\"{state['title']}\" ({state['formula']})")
    check(state["chartWidth"] >= 250 and state["curvePoints"] >= 2,
          f"its function is drawn large: a chart {state['chartWidth']:.0f} px wide with a "
          f"{state['curvePoints']}-point curve")
    shot = shots / "page-clicked.png"
    shot.write_bytes(base64.b64decode(tools.call("Page.captureScreenshot")["data"]))
    print(f"       screenshot {shot}")
    press(tools, "Escape", 27)
    state = tools.evaluate(PANEL_STATE)
    check(not state["shown"] and state["selected"] is None, "Escape closes the panel")
    last = tools.evaluate("""(() => { const edges = document.querySelectorAll("#network .edge");
      const edge = edges[edges.length - 1]; edge.focus(); return edge.id; })()""")
    press(tools, "Enter", 13)
    state = tools.evaluate(PANEL_STATE)
    check(state["shown"] and state["selected"] == last,
          f"Enter on the focused {last} shows \"{state['title']}\"")
    time.sleep(0.3)
    tools.call("Runtime.evaluate", expression="0")  # collects events that arrived meanwhile
    errors = console_errors(tools.events)
    check(not errors, "the console has no errors and no script threw"
          + "".join(f"\n       {e}" for e in errors))
    return results


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    page = Path(args[0])
    shots = Path(args[args.index("--screenshots") + 1]) if "--screenshots" in args else page.parent
    browser = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if browser is None:
        print(f"check_html: no Chromium found ({', '.join(BROWSERS)}; or set CHROMIUM): "
              f"the browser check of {page} is skipped")
        return 0
    if not page.is_file():
        print(f"check_html: {page} is not a file; generate it first (swift run KANPlotSample)",
              file=sys.stderr)
        return 2
    shots.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="check-html-")
    process = None
    try:
        process, url = launch(browser, profile)
        results = run_checks(DevTools(url), page, shots)
    except (OSError, RuntimeError, KeyError, TypeError, json.JSONDecodeError) as error:
        print(f"FAILED the browser session: {error}")
        results = [False]
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(profile, ignore_errors=True)
    failed = results.count(False)
    print(f"check_html: {len(results) - failed} of {len(results)} checks passed ({browser})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
