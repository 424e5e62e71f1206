#!/usr/bin/env bash
# Whole-process benchmarks of charta on generated corpora (../shared/bench/gen_corpus.py), against
# the floor programs (benches/floor.rs: read, split, Markdown, highlight, write; for `check`,
# benches/check_floor.rs: read, split, parse the front matter) and Hugo on the same bodies, in
# the same run. Prints a Markdown table for BENCHMARKS.md.
#
#   benches/run.sh [N ...]        # default: 1000 10000; 100000 runs charta and the floor once
#
# cold  = no output folder and no cache (.charta-cache) before each run
# cold / floor, run alternately = the two run in turn (benches/ratio.py), each pair's ratio
# hugo / cold, run alternately  = Hugo runs in the same rounds: how many times faster charta is
# no code line repeated = the cold / floor ratio on a copy of the corpus where every line of
#         fenced code is made unique (benches/unique_code.py): nothing to remember between lines
# warm  = a rebuild right after a build, nothing changed
# one edit = a rebuild after a line is added to one document: its page, the listing pages, the
#         search index and the feed are made again, every other page is reused
# day+1 = a rebuild the next day (--today + 1): every page is rendered again, highlighted code
#         comes from the cache
#
# Output folders are moved aside before a timed run, not deleted, and deleted only when the
# benchmark is over: on ext4 without a journal, allocating inodes skips those freed in the last
# minutes one by one, so deleting 20,000 files just before a run adds seconds of kernel time that
# measure the benchmark, not the program.
#
# Each size here is timed in its own series, minutes apart from the next; for how the time grows
# from 10,000 to 100,000 documents, benches/scaling.py runs the two sizes in turn.
#
# BENCH_DIR: where the corpora and outputs go (default ${TMPDIR:-/tmp}/charta-bench; not inside
# a git repository). On tmpfs (/dev/shm/...), the disk's state is left out (see BENCHMARKS.md).
#
# Needs: python3, git, hyperfine, /usr/bin/time; hugo for the comparison (apt-get install hugo hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1000 10000); fi
gen="${CHARTA_SHARED:-../shared}/bench/gen_corpus.py"
# Not inside this checkout: charta would find its git repository and read that history too.
work="${BENCH_DIR:-${TMPDIR:-/tmp}/charta-bench}"
mkdir -p "$work"
if git -C "$work" rev-parse --show-toplevel > /dev/null 2>&1; then
  echo "run.sh: $work is inside a git repository, whose history charta would read; set BENCH_DIR to a folder outside it" >&2
  exit 2
fi
trash="$work/trash"; mkdir -p "$trash"
aside() { echo "sh -c 'for d in $*; do if [ -e \$d ]; then mv \$d \$(mktemp -d -p $trash)/; fi; done'"; }
cargo build --release --locked -q
floor=$(cargo bench --locked -q --bench floor --no-run --message-format=json 2>/dev/null |
  python3 -c "import json,sys; print([m['executable'] for m in map(json.loads, sys.stdin) if m.get('executable') and m['target']['name'] == 'floor'][-1])")
check_floor=$(cargo bench --locked -q --bench check_floor --no-run --message-format=json 2>/dev/null |
  python3 -c "import json,sys; print([m['executable'] for m in map(json.loads, sys.stdin) if m.get('executable') and m['target']['name'] == 'check_floor'][-1])")
charta="$PWD/target/release/charta"
today=2026-11-22
tomorrow=2026-11-23

rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1; }
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['median']:.2f} s (min {r['min']:.2f})\")" "$1"; }
# A row of the table; the folders set aside while it was measured are removed now, outside the
# timings (on tmpfs they are RAM: left to the end, a run at 10,000 documents filled /dev/shm
# and the machine's memory, which slowed every later row and got a build killed).
row() { echo "| $1 | $2 | $(median "$3") | $4 KB |"; rm -rf "${trash:?}"/*; }
# same_as_cold N CORPUS LABEL: the row saying whether CORPUS's site, as the last build left it,
# is byte for byte what a --no-cache build of the same input writes.
same_as_cold() {
  local out="$work/cold-$1" verdict=DIFFERENT
  sh -c "$(aside "$out")"
  "$charta" build --root "$2" --today $today --no-cache --out "$out" 2> /dev/null
  if diff -r -q "$2/public" "$out" > /dev/null; then verdict=byte-identical; fi
  echo "| $1 | $3 output == cold output | $verdict | |"
  sh -c "$(aside "$out")"
}

# repository_rows N REPO NAME WHAT: `check`, then a cold build, of the git repository REPO, as
# the rows "charta check (WHAT)" and "charta build (cold, WHAT)"; NAME starts the result files.
repository_rows() {
  local n=$1 repo=$2 name=$3 what=$4 clean
  hf --export-json "$work/$name-check-$n.json" "$charta check --root $repo --today $today --fail-on never --format json --output /dev/null"
  row "$n" "charta check ($what)" "$work/$name-check-$n.json" \
    "$(rss "$charta" check --root "$repo" --today $today --fail-on never --format json --output /dev/null)"
  clean="$(aside "$repo/public" "$repo/.charta-cache")"
  hf --prepare "$clean" --export-json "$work/$name-build-$n.json" "$charta build --root $repo --today $today"
  sh -c "$clean"; row "$n" "charta build (cold, $what)" "$work/$name-build-$n.json" \
    "$(rss "$charta" build --root "$repo" --today $today)"
  sh -c "$clean"
}

echo "| corpus | command | median time | peak RSS |"
echo "|---|---|---|---|"
for n in "${sizes[@]}"; do
  c="$work/charta-$n"; h="$work/hugo-$n"; f="$work/floor-$n"
  [ -d "$c" ] || python3 "$gen" "$c" --docs "$n" > /dev/null
  # Hugo on the same bodies, when it is installed (not run at 100,000 documents).
  hugo=()
  if command -v hugo > /dev/null && [ "$n" -lt 100000 ]; then
    hugo=("$h")
    [ -d "$h" ] || python3 "$gen" "$h" --docs "$n" --flavor hugo > /dev/null
  fi
  runs=5; [ "$n" -ge 100000 ] && runs=1
  hf() { hyperfine -N -w "$([ "$runs" -gt 1 ] && echo 1 || echo 0)" -r "$runs" "$@" > /dev/null 2>&1; }
  clean="$(aside "$c/public" "$c/.charta-cache")"

  hf --prepare "$(aside "$f")" --export-json "$work/floor-$n.json" "$floor $c $f"
  sh -c "$(aside "$f")"; row "$n" "floor (benches/floor.rs)" "$work/floor-$n.json" "$(rss "$floor" "$c" "$f")"

  hf --export-json "$work/check-$n.json" "$charta check --root $c --today $today --fail-on never --format json --output /dev/null"
  row "$n" "charta check" "$work/check-$n.json" \
    "$(rss "$charta" check --root "$c" --today $today --fail-on never --format json --output /dev/null)"

  hf --export-json "$work/check-floor-$n.json" "$check_floor $c"
  row "$n" "check floor (benches/check_floor.rs)" "$work/check-floor-$n.json" "$(rss "$check_floor" "$c")"
  mapfile -t ratios < <(python3 benches/ratio.py check "$check_floor" "$charta" "$c" $today "$runs")
  echo "| $n | charta check / check floor, run alternately | ${ratios[0]} | |"

  # The default format, what people run: it quotes each finding's source line, so it keeps
  # every text until the report is written (the corpus has a finding in nearly every document).
  hf --export-json "$work/check-human-$n.json" "$charta check --root $c --today $today --fail-on never --output /dev/null"
  row "$n" "charta check (human format, the default)" "$work/check-human-$n.json" \
    "$(rss "$charta" check --root "$c" --today $today --fail-on never --output /dev/null)"

  hf --prepare "$clean" --export-json "$work/build-$n.json" "$charta build --root $c --today $today"
  sh -c "$clean"; row "$n" "charta build (cold)" "$work/build-$n.json" "$(rss "$charta" build --root "$c" --today $today)"

  # The same two (and Hugo, when it is there), alternated run by run: the ratios without the
  # drift between two series.
  mapfile -t ratios < <(python3 benches/ratio.py "$floor" "$charta" "$c" "$f" "$trash" $today "$runs" "${hugo[@]}")
  echo "| $n | charta build (cold) / floor, run alternately | ${ratios[0]} | |"
  if [ -n "${ratios[1]:-}" ]; then
    echo "| $n | hugo / charta build (cold), run alternately | ${ratios[1]} | |"
  fi
  # The same pair on a copy whose code lines never repeat (benches/unique_code.py): charta
  # remembers how it parsed a line of code, and the generated code blocks repeat most lines.
  # Here every line is parsed, as the floor parses every line.
  u="$work/unique-$n"
  [ -d "$u" ] || python3 benches/unique_code.py "$c" "$u" > /dev/null
  mapfile -t ratios < <(python3 benches/ratio.py "$floor" "$charta" "$u" "$f" "$trash" $today "$runs")
  echo "| $n | charta build (cold) / floor, no code line repeated, run alternately | ${ratios[0]} | |"

  # The same documents in a git repository of their own, committed once, as a team's are:
  # charta also reads each document's history (one version each). Not at 100,000 documents.
  if [ "$n" -lt 100000 ]; then
    g="$work/git-$n"
    if [ ! -d "$g/.git" ]; then
      rm -rf "$g"; mkdir -p "$g"
      tar -C "$c" --exclude=./public --exclude=./.charta-cache -cf - . | tar -C "$g" -xf -
      git -C "$g" init -q
      git -C "$g" add -A
      git -C "$g" -c user.name=Bench -c user.email=bench@example.org commit -q -m "The documents"
    fi
    repository_rows "$n" "$g" git "git repository, one commit"
    # The same repository after a release: the commit tagged v1, then a second commit that
    # changes every fifth document (benches/history.py). A build adds a whole snapshot of v1,
    # and archived pages and redlines for the documents that got a new version.
    r="$work/history-$n"
    if [ ! -d "$r/.git" ]; then
      rm -rf "$r"; git clone -q "$g" "$r"; python3 benches/history.py "$r"
    fi
    repository_rows "$n" "$r" history "git repository, two commits, a release tag"
  fi

  hf --export-json "$work/warm-$n.json" "$charta build --root $c --today $today"
  row "$n" "charta build (warm, nothing changed)" "$work/warm-$n.json" "$(rss "$charta" build --root "$c" --today $today)"

  # One document edited before each run (a line added at its end), then put back.
  # sed, not head: head would leave sort writing to a closed pipe, which pipefail makes fatal.
  edited="$(find "$c/sop" -name '*.md' | sort | sed -n 1p)"; original="$work/edited-$n.md"
  cp "$edited" "$original"
  edit="sh -c 'echo Edited \$(date +%s%N). >> $edited'"
  hf --prepare "$edit" --export-json "$work/edit-$n.json" "$charta build --root $c --today $today"
  sh -c "$edit"; row "$n" "charta build (one edit)" "$work/edit-$n.json" "$(rss "$charta" build --root "$c" --today $today)"
  # An edited build must leave exactly what a cold one writes.
  sh -c "$edit"; "$charta" build --root "$c" --today $today 2> /dev/null
  same_as_cold "$n" "$c" one-edit
  cp "$original" "$edited"

  hf --prepare "$charta build --root $c --today $today" --export-json "$work/day-$n.json" "$charta build --root $c --today $tomorrow"
  "$charta" build --root "$c" --today $today 2> /dev/null
  row "$n" "charta build (day+1, code cached)" "$work/day-$n.json" "$(rss "$charta" build --root "$c" --today $tomorrow)"

  # The cache kept but not the site (a CI job that restores .charta-cache/, or `rm -rf public`):
  # must cost no more than a cold build.
  "$charta" build --root "$c" --today $today 2> /dev/null
  hf --prepare "$(aside "$c/public")" --export-json "$work/cache-only-$n.json" "$charta build --root $c --today $today"
  sh -c "$(aside "$c/public")"; row "$n" "charta build (cache kept, no output folder)" "$work/cache-only-$n.json" \
    "$(rss "$charta" build --root "$c" --today $today)"

  if [ ${#hugo[@]} -gt 0 ]; then
    hf --prepare "$(aside "$h/public")" --export-json "$work/hugo-$n.json" "hugo --quiet -s $h"
    sh -c "$(aside "$h/public")"; row "$n" "hugo" "$work/hugo-$n.json" "$(rss hugo --quiet -s "$h")"
  fi

  # A warm build must leave exactly what a cold one writes.
  "$charta" build --root "$c" --today $today 2> /dev/null
  same_as_cold "$n" "$c" warm
done
rm -rf "$trash"
