#!/usr/bin/env python3
"""Crash loop: `charta build` killed with SIGKILL at a random moment leaves one whole site, the
old one or the new one, never a mix of both and never none; the next build removes whatever the
killed one left beside the output.

    crash_loop.py CHARTA GEN_CORPUS [--docs 300] [--kills 20] [--seed S] [--work DIR]

CHARTA is the charta binary, GEN_CORPUS the corpus generator (../shared/bench/gen_corpus.py).
Each round edits one document's title (so the new site differs from the old one, the register
included), starts a build, kills it after a random delay between 0 and 1.2 times the build's
duration measured first, and compares the site left with the site before and with the site an
uninterrupted build of the same input then makes. Warm builds (the cache, the kept site written
in place) and cold ones (--no-cache) take turns. Prints one line; exits 1 on the first failure.
"""

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

TODAY = "2026-03-01"


def checksums(out):
    """Every file of the site, relative path -> SHA-256; None when the folder is missing."""
    if not os.path.isdir(out):
        return None
    sums = {}
    for folder, _, files in os.walk(out):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                sums[os.path.relpath(path, out)] = hashlib.sha256(f.read()).hexdigest()
    return sums


def beside(out):
    """charta's names beside the output: staging folders, a site moved aside, the lock file."""
    prefix = "." + os.path.basename(out) + ".charta-"
    return sorted(n for n in os.listdir(os.path.dirname(out)) if n.startswith(prefix))


def fail(message):
    print(f"FAIL crash loop: {message}")
    sys.exit(1)


def differ(a, b):
    names = sorted(set(a) | set(b))
    return [n for n in names if a.get(n) != b.get(n)][:5]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("charta")
    ap.add_argument("gen_corpus")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--work", default=None, help="a folder outside any git repository")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work = args.work or tempfile.mkdtemp(prefix="charta-crash-")
    os.makedirs(work, exist_ok=True)
    corpus, out = os.path.join(work, "corpus"), os.path.join(work, "public")
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, args.gen_corpus, corpus, "--docs", str(args.docs)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    documents = sorted(os.path.join(d, n) for d in ("policies", "sop")
                       for n in os.listdir(os.path.join(corpus, d)) if n.endswith(".md"))
    command = [args.charta, "build", "--root", corpus, "--out", out, "--today", TODAY]

    def build(extra):
        started = time.monotonic()
        run = subprocess.run(command + extra, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode not in (0, 1):
            fail(f"charta build {' '.join(extra)} exited {run.returncode}:\n{run.stderr}")
        return time.monotonic() - started

    def edit(round_):
        path = os.path.join(corpus, rng.choice(documents))
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("\ntitle: ", f"\ntitle: Round {round_} ", 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    started = time.monotonic()
    build([])
    modes = [[], ["--no-cache"]]
    # How long each kind of build takes here, after an edit: the delays cover the whole build.
    took = []
    for i, extra in enumerate(modes):
        edit(-1 - i)
        took.append(build(extra))

    counts = {"before": 0, "after": 0, "finished": 0}
    for round_ in range(args.kills):
        extra = modes[round_ % 2]
        edit(round_)
        old = checksums(out)
        child = subprocess.Popen(command + extra, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 1.2 * took[round_ % 2]))
        killed = child.poll() is None
        if killed:
            child.kill()
        child.wait()
        left = checksums(out)
        if left is None:
            fail(f"round {round_} (seed {seed}): no site at {out} after the kill")
        for needed in ("index.html", ".charta-site"):
            if needed not in left:
                fail(f"round {round_} (seed {seed}): the site left has no {needed}")
        # The same input built without interruption: what the killed build would have made.
        build(extra)
        new = checksums(out)
        if left == old and killed:
            counts["before"] += 1
        elif left == new:
            counts["after" if killed else "finished"] += 1
        else:
            fail(f"round {round_} (seed {seed}): the site left is neither the old one nor the new one;"
                 f" differs from the new one in {differ(left, new)}")
        rest = beside(out)
        if rest:
            fail(f"round {round_} (seed {seed}): left beside the output after a whole build: {rest}")

    print(f"ok   crash loop: {args.kills} builds of {args.docs} documents killed at random"
          f" (seed {seed}): {counts['before']} before the swap kept the old site,"
          f" {counts['after']} after it left the new one, {counts['finished']} had finished;"
          f" no leftovers after the next build ({time.monotonic() - started:.0f} s)")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
