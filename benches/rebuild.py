#!/usr/bin/env python3
"""Rebuilds in a row, as someone editing a repository makes them: each charta given builds a copy
of the corpus cold, then once more on another day (so that there is a site it replaced), then
ROUNDS times with one document edited, then ROUNDS times each on a new day (every page rendered
again, highlighted code from the cache). Whole-process wall time, and user and system CPU time.

    benches/rebuild.py WORK CORPUS ROUNDS CHARTA [CHARTA ...]

WORK: a folder for the copies (each charta gets its own, removed afterwards). Between two
chartas the script waits 65 s after a `sync`: ext4 skips inodes freed in the last minute when it
makes new files, so one charta's deletions must not slow the next one's files down.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time


def build(charta, root, today):
    start = time.monotonic()
    proc = subprocess.Popen([charta, "build", "--root", root, "--today", today],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.monotonic() - start, usage.ru_utime, usage.ru_stime


def series(charta, corpus, work, rounds):
    root = os.path.join(work, "corpus")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(corpus, root, ignore=shutil.ignore_patterns("public", ".charta-cache"))
    build(charta, root, "2026-11-22")
    build(charta, root, "2026-11-23")
    doc = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".md"))[0]
    edited, days = [], []
    for i in range(rounds):
        with open(doc, "a", encoding="utf-8") as f:
            f.write(f"\nEdit {i}.\n")
        edited.append(build(charta, root, "2026-11-23"))
    for i in range(rounds):
        days.append(build(charta, root, f"2026-12-{i + 1:02d}"))
    shutil.rmtree(root)
    return edited, days


def cell(runs):
    wall = [r[0] for r in runs]
    return (f"{statistics.median(wall):.2f} s ({min(wall):.2f}-{max(wall):.2f}); "
            f"user {statistics.median([r[1] for r in runs]):.2f} s, "
            f"system {statistics.median([r[2] for r in runs]):.2f} s")


def main():
    work, corpus, rounds, chartas = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    print("| charta | one document edited | another day (every page again) |")
    print("|---|---|---|")
    for n, charta in enumerate(chartas):
        if n:
            subprocess.run(["sync"], check=True)
            time.sleep(65)
        edited, days = series(charta, corpus, work, rounds)
        print(f"| {charta} | {cell(edited)} | {cell(days)} |", flush=True)


if __name__ == "__main__":
    main()
