#!/usr/bin/env python3
"""The corpora step of .ci/run: what `charta check` finds on each real corpus, by rule.

Reads the JSON report of each corpus (REPORTS/<corpus>.json) and tests/corpora-expected.toml.
Prints, for every corpus, the count of findings of every rule that fired, and fails when:
- a corpus has a finding of a rule its entry (or `[all]`) lists under `must_not_fire`;
- one document (or charta.toml) has two findings of one rule: each thing is said once;
- a corpus has no entry in the file (someone must read it and decide), or an entry names a
  corpus that is not there, or a rule charta does not have.
"""
import collections
import json
import pathlib
import sys
import tomllib


def main(reports_dir: str, expected_file: str, rules_file: str) -> int:
    expected = tomllib.loads(pathlib.Path(expected_file).read_text())
    known = set(pathlib.Path(rules_file).read_text().split())
    everywhere = set(expected.get("all", {}).get("must_not_fire", []))
    entries = expected.get("corpora", {})
    failed = False
    for rule in everywhere | {r for e in entries.values() for r in e.get("must_not_fire", [])}:
        if rule not in known:
            print(f"FAIL tests/corpora-expected.toml names no rule of charta: {rule}")
            failed = True
    reports = sorted(pathlib.Path(reports_dir).glob("*.json"))
    names = {r.stem for r in reports}
    for name in sorted(set(entries) - names):
        print(f"FAIL tests/corpora-expected.toml names a corpus that is not there: {name}")
        failed = True
    for report_path in reports:
        name = report_path.stem
        report = json.loads(report_path.read_text())
        findings = report["findings"]
        counts = collections.Counter(f["rule"] for f in findings)
        s = report["summary"]
        by_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items())) or "no findings"
        print(f"     {name}: {s['documents']} documents, {s['errors']} errors, {s['warnings']} warnings: {by_rule}")
        if name not in entries:
            print(f"FAIL {name}: no entry in tests/corpora-expected.toml; read its findings and add one")
            failed = True
            continue
        forbidden = everywhere | set(entries[name].get("must_not_fire", []))
        for rule in sorted(forbidden & set(counts)):
            first = next(f for f in findings if f["rule"] == rule)
            print(f"FAIL {name}: {counts[rule]} {rule}, which must not fire here; first: "
                  f"{first['path']}:{first['line']}: {first['message']}")
            failed = True
        twice = collections.Counter((f["path"], f["rule"]) for f in findings)
        for (path, rule), n in sorted(twice.items()):
            if n > 1:
                print(f"FAIL {name}: {n} findings of {rule} on {path}; say it once")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
