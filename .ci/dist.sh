#!/usr/bin/env bash
# The ways into charta besides building it, each tried as a user would (called by .ci/run with
# its work folder, whose tools/ virtual environment holds maturin, Zig and pre-commit):
# the GitHub Action and workflow pass actionlint and action-validator; the GitLab example uses
# both reports; dist/build.sh makes a binary with no glibc symbol newer than 2.17 and a wheel,
# which runs from a fresh virtual environment; the pre-commit hook checks staged files only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$1
tools="$work/tools/bin"

echo "-- actionlint: .github/workflows/*.yml"
node .ci/tools/actionlint.mjs .github/workflows/*.yml
echo "-- action-validator: action.yml and the workflow"
for file in action.yml .github/workflows/*.yml; do
  .ci/tools/node_modules/.bin/action-validator "$file"
done

echo "-- the GitLab example: both reports"
python3 - examples/ci/gitlab-ci.yml <<'PY'
import json, re, sys, subprocess
text = open(sys.argv[1]).read()
# No YAML parser in the standard library: the job's report lines and the commands that make them.
for report, fmt in (("codequality", "gitlab"), ("junit", "junit")):
    m = re.search(rf"^\s+{report}: (\S+)$", text, re.M)
    assert m, f"no {report} report"
    assert re.search(rf"--format {fmt} --output {re.escape(m.group(1))}\b", text), f"{report} not written"
print("ok")
PY

echo "-- dist/build.sh: the portable binary and the wheel"
# A release build with less optimisation and link-time work than the real one (the glibc
# symbols it needs are the same; this checks the packaging, not the speed): CI's two cores
# compile it in a few minutes, the cryptography of [evidence] included.
CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
  CARGO_PROFILE_RELEASE_DEBUG=false DIST_VENV="$work/tools" bash dist/build.sh "$work/dist"

echo "-- the wheel in a fresh virtual environment"
python3 -m venv "$work/wheel"
"$work/wheel/bin/pip" install --quiet --disable-pip-version-check "$work"/dist/charta_compliance-*.whl
"$work/wheel/bin/charta" --version
"$work/wheel/bin/charta" check > "$work/wheel-own.log" || { cat "$work/wheel-own.log"; exit 1; }
set +e
"$work/wheel/bin/charta" check --root tests/fixtures/mixed --today 2026-03-01 > "$work/wheel-mixed.log"
code=$?
set -e
if [ "$code" -ne 1 ] || ! grep -q "sop/broken.md" "$work/wheel-mixed.log"; then
  cat "$work/wheel-mixed.log"; echo "the wheel's charta: exit $code on tests/fixtures/mixed, not 1 with its findings"; exit 1
fi

echo "-- pre-commit try-repo: the hook on staged files"
repo="$work/precommit"
mkdir -p "$repo" && cp -R tests/fixtures/mixed/. "$repo"
cd "$repo"
git init -q && git add -A && git -c user.name=ci -c user.email=ci@example.org commit -qm fixture
export CHARTA_TODAY=2026-03-01 PRE_COMMIT_HOME="$work/pre-commit-home"
# pre-commit builds charta once for its environment (pip, maturin): unoptimised here, as this
# checks the hook, not the binary (1 min 44 s against about 5 min).
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false CARGO_INCREMENTAL=0
# Only the clean policy staged: the hook passes though sop/broken.md has errors.
printf '\n' >> policies/information-security.md && git add policies/information-security.md
"$tools/pre-commit" try-repo "$root" charta-check > "$work/pc-clean.log" 2>&1 || {
  cat "$work/pc-clean.log"; echo "the hook failed on a clean staged file"; exit 1
}
# The broken SOP staged too: the hook fails and names it.
printf '\n' >> sop/broken.md && git add sop/broken.md
if "$tools/pre-commit" try-repo "$root" charta-check > "$work/pc-broken.log" 2>&1 \
  || ! grep -q "sop/broken.md" "$work/pc-broken.log"; then
  cat "$work/pc-broken.log"; echo "the hook passed, or did not name sop/broken.md"; exit 1
fi
echo "ok"
