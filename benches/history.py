#!/usr/bin/env python3
"""Give a corpus committed once (run.sh's git-N) a history, as a team's repository has after a
release: the first commit is tagged v1 (built as a release snapshot), then a second commit
appends a paragraph to every fifth document and, for every other one of those, also raises its
version (a version of its own: an archived page and a redline). Deterministic: the same
documents change in the same way, in a commit with a fixed date.

    benches/history.py REPOSITORY
"""
import os
import pathlib
import re
import subprocess
import sys

repo = pathlib.Path(sys.argv[1])
git = ["git", "-C", str(repo), "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
env = {"GIT_AUTHOR_DATE": "2026-06-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-06-01T12:00:00Z"}
subprocess.run(git + ["tag", "v1"], check=True)
documents = sorted(p for p in repo.rglob("*.md") if ".git" not in p.parts)
version = re.compile(r'^version: *"([0-9.]+)"', re.M)
for i, path in enumerate(documents[::5]):
    text = path.read_text().rstrip("\n") + f"\n\nA paragraph added after the first release ({i}).\n"
    if i % 2 == 0:
        text = version.sub(lambda m: f'version: "{m.group(1)}.1"', text, count=1)
    path.write_text(text)
subprocess.run(git + ["add", "-A"], check=True)
subprocess.run(git + ["commit", "-q", "-m", "Changes after the first release"], check=True,
               env={**os.environ, **env})
