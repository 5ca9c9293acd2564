#!/usr/bin/env python3
"""The review page in a real browser: headless Chromium through WebDriver.

Usage: review_page.py MIZAN WORKDIR [SCREENSHOT_DIR]

Makes a review page of the example corpus (ar-en) with MIZAN, opens it in
headless Chromium driven by chromedriver over the W3C WebDriver protocol
(spoken here with urllib, so no client library is needed), checks the DOM,
performs a merge, a split, a "no counterpart" and an approval with real
clicks, exports the corrections, runs `mizan apply` on them, and checks the
resulting TMX against the TMX 1.4 DTD. Exits non-zero on any failure.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DTD = ROOT.parent / "shared" / "tmx14.dtd"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def fail(msg):
    sys.exit(f"review page test: {msg}")


class Driver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1400,1000", "--lang=en"],
            }}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            fail(f"{method} {path}: {e.code} {e.read()[:400]!r}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.sid}{path}", body)

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in self.s("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, css):
        self.s("POST", f"/element/{self.find(css)}/click", {})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def attr(self, css, name):
        return self.s("GET", f"/element/{self.find(css)}/attribute/{name}")

    def screenshot(self, path):
        Path(path).write_bytes(base64.b64decode(self.s("GET", "/screenshot")))

    def quit(self):
        self.s("DELETE", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def row_segments(d, doc, link):
    """Segment ids of a row, per side, read from the DOM."""
    return d.js(
        "const r = document.getElementById(arguments[0]);"
        "const ids = (side) => Array.from(r.querySelectorAll('td.' + side + ' .seg')).map(s => +s.dataset.seg);"
        "return [ids('src'), ids('tgt')];", f"d{doc}l{link}")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    mizan, work = sys.argv[1], Path(sys.argv[2])
    shots = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    work.mkdir(parents=True, exist_ok=True)
    page = work / "review.html"
    corpus = ROOT / "examples" / "corpus"
    subprocess.run([mizan, "align", "-f", "html", corpus / "ar", corpus / "en", "-o", page], check=True,
                   capture_output=True)
    data = json.loads(page.read_text(encoding="utf-8").split('<script id="mizan-data" type="application/json">')[1]
                      .split("</script>")[0].replace("<\\/", "</"))
    port = free_port()
    driver_proc = subprocess.Popen([os.environ.get("CHROMEDRIVER", "chromedriver"), f"--port={port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        d = Driver(port)
        try:
            run(d, page, data, work, mizan, shots)
        finally:
            d.quit()
    finally:
        driver_proc.terminate()
        driver_proc.wait()
    print("review page test: ok")


def run(d, page, data, work, mizan, shots):
    d.s("POST", "/url", {"url": page.as_uri()})
    # The DOM: one row per link, Arabic right to left, scores, anchors.
    rows = d.find_all("tr.link")
    want = sum(len(doc["links"]) for doc in data["docs"])
    if len(rows) != want:
        fail(f"{len(rows)} rows for {want} links")
    if d.attr("td.src", "dir") != "rtl" or d.attr("td.src", "lang") != "ar":
        fail("the Arabic column is not right to left")
    if d.js("return getComputedStyle(document.querySelector('td.src')).direction") != "rtl":
        fail("the Arabic column's computed direction is not rtl")
    if d.attr("td.tgt", "dir") != "ltr":
        fail("the English column is not left to right")
    score = d.js("return document.querySelector('tr.link .score').textContent")
    first = data["docs"][0]["links"][0]
    if score != f"{first['score']:.4f}":
        fail(f"first score shown as {score!r}, data has {first['score']}")
    marked = d.js("return Array.from(document.querySelectorAll('tr.link')).filter(r => "
                  "r.querySelector('td.src mark') && r.querySelector('td.tgt mark')).length")
    if marked == 0:
        fail("no row highlights anchors on both sides")
    if len(d.find_all("svg.overview")) != len(data["docs"]):
        fail("one overview per document expected")
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
        d.screenshot(shots / "review-page.png")

    # Merge the first two links of document 0, then split them back.
    l0, l1 = data["docs"][0]["links"][0], data["docs"][0]["links"][1]
    d.click("#d0l0 button.merge")
    got = row_segments(d, 0, 0)
    if got != [l0["src"] + l1["src"], l0["tgt"] + l1["tgt"]]:
        fail(f"merge gave {got}")
    d.click("#d0l0 button.split")
    d.js("document.querySelector('#d0l0 select.split-src').value = arguments[0];"
         "document.querySelector('#d0l0 select.split-tgt').value = arguments[1];",
         str(len(l0["src"])), str(len(l0["tgt"])))
    d.click("#d0l0 button.split-ok")
    if row_segments(d, 0, 0) != [l0["src"], l0["tgt"]] or row_segments(d, 0, 1) != [l1["src"], l1["tgt"]]:
        fail(f"split gave {row_segments(d, 0, 0)} and {row_segments(d, 0, 1)}")
    # Mark the third link of document 0 as having no counterpart.
    l2 = data["docs"][0]["links"][2]
    d.click("#d0l2 button.skip")
    if "skip" not in d.attr("#d0l2", "class"):
        fail("the skipped link is not shown without counterpart")
    # Approve the first link of document 1.
    d.click("#d1l0 button.approve")
    if "reviewed" not in d.attr("#d1l0", "class"):
        fail("the approved link is not marked reviewed")
    # Filter: only links to review; reviewed ones hide.
    d.click("#only-doubtful")
    if "hidden" not in d.attr("#d1l0", "class"):
        fail("the filter shows a reviewed link")
    d.click("#only-doubtful")
    d.click("#next-doubtful")

    d.click("#export")
    exported = json.loads(d.js("return document.getElementById('export-json').value"))
    corrections = work / "corrections.json"
    corrections.write_text(json.dumps(exported), encoding="utf-8")
    tmx = work / "reviewed.tmx"
    res = subprocess.run([mizan, "apply", corrections, "-o", tmx], capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"mizan apply failed: {res.stderr}")
    res = subprocess.run(["xmllint", "--noout", "--dtdvalid", DTD, tmx], capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"the applied TMX is not valid: {res.stderr}")
    text = tmx.read_text(encoding="utf-8")
    reviewed_units = sum(1 for doc in exported["docs"] for l in doc["links"]
                         if l["reviewed"] and l["src"] and l["tgt"])
    if text.count('<prop type="x-mizan-reviewed">yes</prop>') != reviewed_units or reviewed_units < 3:
        fail(f"{text.count('x-mizan-reviewed')} reviewed props for {reviewed_units} reviewed units")
    doc0 = data["docs"][0]
    skipped = [doc0["src"][i] for i in l2["src"]]
    for s in skipped:
        if f"<seg>{s}</seg>" in text:
            fail("a segment marked without counterpart is still a unit")
    if shots:
        d.screenshot(shots / "review-page-corrected.png")


if __name__ == "__main__":
    main()
