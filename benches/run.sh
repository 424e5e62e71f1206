#!/usr/bin/env bash
# Whole-process benchmarks of charta on generated corpora (../shared/bench/gen_corpus.py), with
# Hugo on the same bodies in the same run. Prints a Markdown table for BENCHMARKS.md.
#
#   benches/run.sh [N ...]        # default: 1000 10000
#
# Needs: python3, hyperfine, /usr/bin/time; hugo for the comparison (apt-get install hugo hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1000 10000); fi
gen="${CHARTA_SHARED:-../shared}/bench/gen_corpus.py"
work="${BENCH_DIR:-target/bench}"
mkdir -p "$work"
cargo build --release --locked -q
charta="$PWD/target/release/charta"
today=2026-11-22

rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1; }
mean() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['median']:.2f} s (min {r['min']:.2f})\")" "$1"; }

echo "| corpus | command | median time | peak RSS |"
echo "|---|---|---|---|"
for n in "${sizes[@]}"; do
  c="$work/charta-$n"; h="$work/hugo-$n"
  [ -d "$c" ] || python3 "$gen" "$c" --docs "$n" > /dev/null
  [ -d "$h" ] || python3 "$gen" "$h" --docs "$n" --flavor hugo > /dev/null
  runs=5; [ "$n" -ge 100000 ] && runs=1
  hyperfine -N -w 1 -r "$runs" --export-json "$work/check-$n.json" "$charta check --root $c --today $today --fail-on never --format json --output /dev/null" > /dev/null
  echo "| $n | charta check | $(mean "$work/check-$n.json") | $(rss "$charta" check --root "$c" --today $today --fail-on never --format json --output /dev/null) KB |"
  hyperfine -N -w 1 -r "$runs" --prepare "rm -rf $c/public" --export-json "$work/build-$n.json" "$charta build --root $c --today $today" > /dev/null 2>&1
  rm -rf "$c/public"
  echo "| $n | charta build (cold) | $(mean "$work/build-$n.json") | $(rss "$charta" build --root "$c" --today $today) KB |"
  if command -v hugo > /dev/null; then
    hyperfine -N -w 1 -r "$runs" --export-json "$work/hugo-$n.json" "hugo --quiet -s $h" > /dev/null 2>&1
    echo "| $n | hugo | $(mean "$work/hugo-$n.json") | $(rss hugo --quiet -s "$h") KB |"
  fi
done
