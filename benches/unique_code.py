#!/usr/bin/env python3
"""A copy of a generated corpus in which no line of fenced code appears twice: every code line
gets a trailing comment with a number of its own (`# n` in bash and YAML, `// n` in Rust).

charta remembers how syntect parsed each line of code (src/site/highlight.rs), and the
generated corpus builds its code blocks from three templates, so most lines repeat from one
document to the next. On this copy nothing repeats: every line is parsed, as the floor program
parses every line, and run.sh's ratio on it is charta's cost with nothing remembered.

    benches/unique_code.py CORPUS COPY
"""
import os
import shutil
import sys

COMMENT = {"bash": "#", "yaml": "#", "rust": "//"}


def rewrite(text, counter):
    out, fence = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fence = None if fence is not None else COMMENT.get(line[3:].strip(), "#")
        elif fence is not None and line.strip():
            counter[0] += 1
            line = f"{line.rstrip(chr(10))} {fence} {counter[0]}\n"
        out.append(line)
    return "".join(out)


def main():
    corpus, copy = sys.argv[1:3]
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns("public", ".charta-cache"))
    counter = [0]
    for folder, dirs, files in os.walk(copy):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(rewrite(text, counter))
    print(f"{counter[0]} code lines made unique")


if __name__ == "__main__":
    main()
