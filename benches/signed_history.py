#!/usr/bin/env python3
"""Give a generated corpus (../shared/bench/gen_corpus.py) a signed history, for timing
`charta check` with `[evidence]` on: an SSH key made for the run (outside the repository), its
public key under the roster's first person, `[evidence]` asking for signed commits and proven
approvals, then COMMITS commits, each signed with the key through git (`gpg.format = ssh`): the
first adds every document, each later one appends a line to one document, in turn. Dates are
fixed, one minute apart, so the same corpus gets the same history but for the signatures.

    benches/signed_history.py CORPUS COMMITS

Needs git and ssh-keygen.
"""
import os
import pathlib
import subprocess
import sys

repo = pathlib.Path(sys.argv[1]).resolve()
commits = int(sys.argv[2])
key = repo.parent / (repo.name + ".key")
if not key.exists():
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bench", "-f", str(key)], check=True)
public = (key.parent / (key.name + ".pub")).read_text().strip()

roster = repo / "roster.yaml"
lines = roster.read_text().splitlines(keepends=True)
for i, line in enumerate(lines):
    if line.lstrip().startswith("roles:"):
        lines.insert(i + 1, "    keys: [\"%s\"]\n" % public)
        break
roster.write_text("".join(lines))
config = repo / "charta.toml"
config.write_text(config.read_text() + "\n[evidence]\nsigned_commits = true\nproven_approvals = true\n")

git = ["git", "-C", str(repo), "-c", "user.name=Bench", "-c", "user.email=bench@example.org",
       "-c", "gpg.format=ssh", "-c", "user.signingkey=" + str(key), "-c", "commit.gpgsign=true"]
subprocess.run(["git", "init", "-q", str(repo)], check=True)
documents = sorted(p for p in repo.rglob("*.md") if ".git" not in p.parts)


def commit(n, message):
    when = "2026-01-01T00:00:00Z" if n == 0 else "@%d +0000" % (1767225600 + 60 * n)
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", message], check=True, env=env)


commit(0, "The documents")
for n in range(1, commits):
    path = documents[n % len(documents)]
    path.write_text(path.read_text().rstrip("\n") + "\n\nA line added in commit %d.\n" % n)
    commit(n, "Change %d" % n)
