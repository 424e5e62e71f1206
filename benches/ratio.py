#!/usr/bin/env python3
"""The cold build's time over the floor's, with the two run alternately (floor, charta, floor,
charta...), so that a machine that speeds up or slows down between two series of runs does not
move the ratio. Given a Hugo site of the same bodies, Hugo runs in each round too, and Hugo's
time over charta's is the second ratio. Each run starts with its output folders moved aside
(see run.sh).

    benches/ratio.py FLOOR CHARTA CORPUS FLOOR_OUT TRASH TODAY [RUNS [HUGO_SITE]]
    benches/ratio.py check CHECK_FLOOR CHARTA CORPUS TODAY [RUNS]

Prints, one line each, the median of the per-round ratios and their range, for rows of run.sh's
table: charta over the floor, then (with a Hugo site) Hugo over charta. With `check`: `charta
check` (JSON to /dev/null) over the check floor (benches/check_floor.rs: read the files and parse
their front matter), alternated the same way.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def aside(trash, *paths):
    """Move each of `paths` that exists into a folder of its own made in `trash`; returns those
    folders."""
    made = []
    for p in paths:
        if os.path.exists(p):
            made.append(tempfile.mkdtemp(dir=trash))
            os.rename(p, os.path.join(made[-1], os.path.basename(p)))
    return made


def timed(cmd):
    start = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.monotonic() - start


def print_ratios(ratios, runs):
    print(f"{statistics.median(ratios):.2f}x (median of {runs} rounds; {min(ratios):.2f}-{max(ratios):.2f}x)")


def check_main():
    floor, charta, corpus, today = sys.argv[2:6]
    runs = int(sys.argv[6]) if len(sys.argv) > 6 else 5
    ratios = []
    for _ in range(runs):
        f = timed([floor, corpus])
        c = timed([charta, "check", "--root", corpus, "--today", today, "--fail-on", "never",
                   "--format", "json", "--output", "/dev/null"])
        ratios.append(c / f)
    print_ratios(ratios, runs)


def main():
    if sys.argv[1] == "check":
        return check_main()
    floor, charta, corpus, floor_out, trash, today = sys.argv[1:7]
    runs = int(sys.argv[7]) if len(sys.argv) > 7 else 5
    hugo = sys.argv[8] if len(sys.argv) > 8 else None
    site, cache = os.path.join(corpus, "public"), os.path.join(corpus, ".charta-cache")
    os.makedirs(trash, exist_ok=True)
    over_floor, hugo_over = [], []
    for _ in range(runs):
        aside(trash, floor_out)
        f = timed([floor, corpus, floor_out])
        aside(trash, site, cache)
        c = timed([charta, "build", "--root", corpus, "--today", today])
        over_floor.append(c / f)
        if hugo:
            aside(trash, os.path.join(hugo, "public"))
            hugo_over.append(timed(["hugo", "--quiet", "-s", hugo]) / c)
    # The sites set aside are removed once the series is over, outside its timings: on tmpfs
    # they are RAM, and three series of 10,000 documents left there filled 17 GB of the
    # machine's 24, which slowed the next series' floor and moved its ratios by a third.
    for entry in os.listdir(trash):
        shutil.rmtree(os.path.join(trash, entry), ignore_errors=True)
    for ratios in (over_floor, hugo_over):
        if ratios:
            print_ratios(ratios, runs)


if __name__ == "__main__":
    main()
