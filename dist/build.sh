#!/usr/bin/env bash
# charta for machines without Rust: a binary for any x86_64 Linux with glibc 2.17 or later
# (Ubuntu 14.04 on, RHEL/CentOS 7 on), and a Python wheel carrying it (`pip install`, `pipx run`).
# Both are linked by Zig against glibc 2.17's symbols (maturin --zig, manylinux2014), and the
# result is checked: no symbol newer than GLIBC_2.17 (objdump -T).
#
#   dist/build.sh [OUT]        # default OUT: target/dist
#
# Needs Python 3 with venv and objdump (binutils); maturin and Zig come from PyPI into a virtual
# environment of their own (DIST_VENV, default target/dist-venv).
set -euo pipefail
# OUT as the caller named it (relative to their folder), before moving to the checkout.
out=$(realpath -m "${1:-$(dirname "$0")/../target/dist}")
cd "$(dirname "$0")/.."
venv=${DIST_VENV:-target/dist-venv}

if [ ! -x "$venv/bin/maturin" ] || [ ! -x "$venv/bin/python-zig" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin==1.16.0" "ziglang==0.17.1"
fi

# Only what this script made before is removed: OUT may be any folder.
mkdir -p "$out"
rm -f "$out"/charta_compliance-*.whl "$out/charta"
# maturin finds Zig as the venv's Python module; the target is the plain triple, and
# manylinux2014 makes Zig link against glibc 2.17 (maturin then checks the wheel's symbols).
PATH="$(realpath "$venv")/bin:$PATH" maturin build --release --locked --zig \
  --target x86_64-unknown-linux-gnu --compatibility manylinux2014 --out "$out"

wheel=$(ls "$out"/charta_compliance-*.whl)
# The binary on its own, from the wheel (a zip: python's zipfile, so no unzip is needed).
python3 - "$wheel" "$out/charta" <<'PY'
import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1]) as z:
    name = next(n for n in z.namelist() if n.endswith(".data/scripts/charta"))
    with open(sys.argv[2], "wb") as f:
        f.write(z.read(name))
os.chmod(sys.argv[2], 0o755)
PY

# Every versioned glibc symbol the binary needs, and the newest of them.
newest=$(objdump -T "$out/charta" | grep -o 'GLIBC_[0-9.]*' | sort -u -V | tail -1)
echo "dist: newest glibc symbol: $newest"
if [ "$(printf '%s\nGLIBC_2.17\n' "$newest" | sort -V | tail -1)" != "GLIBC_2.17" ]; then
  echo "dist: $out/charta needs $newest, newer than GLIBC_2.17"; exit 1
fi
echo "dist: $wheel"
echo "dist: $out/charta"
