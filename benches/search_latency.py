#!/usr/bin/env python3
"""How long search takes in a browser, on a built site opened from disk (file://).

    benches/search_latency.py SITE [QUERY ...]

Drives headless Chromium through chromedriver (the WebDriver protocol, spoken here with the
standard library only). Prints, for the search page: the time until it has loaded (the list of
documents included), and for each query typed into it, the time until the first result is on
the screen and until its snippets are, with what the query loaded. Each query uses words no
query before it did, so their shards are not loaded yet: the first-result time of a reader's
first search. Needs: chromium, chromium-driver.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

QUERIES = ["access control", "incident", "encryption key", "retention", "backup restore",
           "supplier", "ISO 27001", "vulnerability", "polcy", "training"]

MEASURE = """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
const list = document.getElementById('search-results');
const input = document.getElementById('q');
const status = document.getElementById('search-status');
const scripts = () => Array.from(document.querySelectorAll('script[src]'), e => e.src);
const before = new Set(scripts());
const t0 = performance.now();
let first = null;
const finish = () => {
  observer.disconnect();
  done({first: first, snippets: performance.now() - t0, files: scripts().filter(s => !before.has(s)),
        status: status.textContent});
};
const observer = new MutationObserver(() => {
  if (first === null && list.querySelector('li')) { first = performance.now() - t0; }
  const over = !/Searching/.test(status.textContent);
  if (list.querySelector('li .snippet') || (over && !list.querySelector('li'))) { finish(); }
});
observer.observe(list, {childList: true, subtree: true});
observer.observe(status, {childList: true, subtree: true, characterData: true});
setTimeout(finish, 10000);
input.value = query;
input.dispatchEvent(new Event('input', {bubbles: true}));
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())["value"]


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    site = os.path.abspath(sys.argv[1])
    queries = sys.argv[2:] or QUERIES
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"]}}}}
        session = call(base, "POST", "/session", caps)["sessionId"]
        s = f"/session/{session}"
        call(base, "POST", s + "/timeouts", {"script": 30000})
        call(base, "POST", s + "/url", {"url": f"file://{site}/search/index.html"})
        load = call(base, "POST", s + "/execute/sync", {
            "script": "return performance.getEntriesByType('navigation')[0].loadEventEnd;", "args": []})
        index = os.path.getsize(os.path.join(site, "assets/search/index.js"))
        print(f"search page loaded in {load:.0f} ms (its list of documents: {index / 1e6:.2f} MB)")
        print("| query | first result | with snippets | files loaded | bytes loaded | found |")
        print("|---|---|---|---|---|---|")
        firsts = []
        for q in queries:
            r = call(base, "POST", s + "/execute/async", {"script": MEASURE, "args": [q]})
            firsts.append(r["first"] or 0)
            files = [urllib.parse.unquote(f.removeprefix("file://")) for f in r["files"]]
            size = sum(os.path.getsize(f) for f in files if os.path.exists(f))
            print(f"| {q} | {r['first'] or 0:.0f} ms | {r['snippets']:.0f} ms | {len(files)} | "
                  f"{size / 1e3:.0f} KB | {r['status']} |")
        print(f"median first result: {statistics.median(firsts):.0f} ms")
        call(base, "DELETE", s)
    finally:
        driver.terminate()


if __name__ == "__main__":
    main()
