#!/usr/bin/env python3
"""How the time grows from one corpus to a larger one (issue 7: 100,000 documents within 11x of
the 10,000-document time), with the two sizes run in turn within each round, so that the VM
speeding up or slowing down between two series does not enter the ratio. Each round times, on the
small corpus then the large one: `charta check` (JSON report), a cold `charta build` (output and
cache moved aside first, as in run.sh) and, when given, the floor program. The small corpus runs
three times per round and its median is used: at a tenth of the size, its noise would otherwise
be most of the ratio's. Before each run, the files earlier runs wrote are flushed to disk (`sync`):
a build of 100,000 documents writes 3 GB, and the kernel writing them out while the next command
runs would be timed as that command's. And the corpus is read once before each run, as hyperfine's
warm-up run would: the sites moved aside fill the page cache and push the large corpus out of it.

    benches/scaling.py CHARTA SMALL LARGE TRASH TODAY [ROUNDS [FLOOR]]

Prints one line per command: the median of the per-round ratios (large / small), their range, and
the median times.
"""
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ratio import aside  # noqa: E402
from ratio import timed as timed_now  # noqa: E402


def warm(corpus):
    for folder, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if d != "public" and not d.startswith(".")]
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(folder, name), "rb") as f:
                    f.read()


def deleted(folders):
    """Delete what `aside` moved, before the next run is timed, and nothing else of the trash. At
    100,000 documents a site is 4 GB: a trash on tmpfs that kept every round's filled the memory,
    and the OOM killer ended the run in its second round (BENCHMARKS.md, twentieth session)."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def timed(cmd, corpus):
    warm(corpus)
    os.sync()
    return timed_now(cmd)


def main():
    charta, small, large, trash, today = sys.argv[1:6]
    rounds = int(sys.argv[6]) if len(sys.argv) > 6 else 3
    floor = sys.argv[7] if len(sys.argv) > 7 else None
    os.makedirs(trash, exist_ok=True)

    def check(corpus):
        return timed([charta, "check", "--root", corpus, "--today", today, "--fail-on", "never",
                      "--format", "json", "--output", os.devnull], corpus)

    def build(corpus):
        deleted(aside(trash, os.path.join(corpus, "public"), os.path.join(corpus, ".charta-cache")))
        return timed([charta, "build", "--root", corpus, "--today", today], corpus)

    def floor_run(corpus):
        out = os.path.join(trash, "floor-out")
        deleted(aside(trash, out))
        return timed([floor, corpus, out], corpus)

    commands = [("charta check", check), ("charta build (cold)", build)]
    if floor:
        commands.append(("floor (benches/floor.rs)", floor_run))
    times = {name: ([], []) for name, _ in commands}
    for _ in range(rounds):
        for name, run in commands:
            times[name][0].append(statistics.median(run(small) for _ in range(3)))
            times[name][1].append(run(large))
    for name, _ in commands:
        s, l = times[name]
        ratios = [b / a for a, b in zip(s, l)]
        print(f"{name}: {statistics.median(ratios):.1f}x (median of {rounds} rounds; "
              f"{min(ratios):.1f}-{max(ratios):.1f}x); {statistics.median(s):.2f} s and "
              f"{statistics.median(l):.2f} s")


if __name__ == "__main__":
    main()
