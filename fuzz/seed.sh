#!/usr/bin/env bash
# Seed each fuzz target's corpus from the repository's own documents and test fixtures.
set -euo pipefail
cd "$(dirname "$0")"
docs() { find ../tests/fixtures ../policies ../sop -name '*.md' -print0; }
for target in split frontmatter markdown document; do
  mkdir -p "corpus/$target"
  docs | while IFS= read -r -d '' f; do
    cp "$f" "corpus/$target/$(echo "$f" | tr '/.' '__')"
  done
done
# links: a source path, a line break, a link. Every inline link of the documents, from where it
# is written, and names a URL reads otherwise.
mkdir -p corpus/links
n=0
docs | while IFS= read -r -d '' f; do
  grep -oE '\]\([^) ]+\)' "$f" | sed 's/^](//; s/)$//' | while IFS= read -r link; do
    n=$((n + 1))
    printf '%s\n%s' "${f#../}" "$link" > "corpus/links/$(echo "$f" | tr '/.' '__')_$n"
  done || true
done
i=0
for link in '../forms/100%25%20done.pdf#page=2' 'a%23b.pdf' 'q%3F.pdf?x' '..\..\x' '/' '..%2F..%2Fetc' 'r.html' 'c:x.svg'; do
  i=$((i + 1))
  printf 'sop/a.md\n%s' "$link" > "corpus/links/hand_$i"
done
