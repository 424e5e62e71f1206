#!/usr/bin/env bash
# Seed each fuzz target's corpus from the repository's own documents and test fixtures.
set -euo pipefail
cd "$(dirname "$0")"
for target in split frontmatter markdown document; do
  mkdir -p "corpus/$target"
  find ../tests/fixtures ../policies ../sop -name '*.md' -print0 | while IFS= read -r -d '' f; do
    cp "$f" "corpus/$target/$(echo "$f" | tr '/.' '__')"
  done
done
