//! The JSON report (`schema_version` 1; the schema is docs/report.schema.json).

use super::Report;
use crate::finding::Severity;
use serde::Serialize;
use std::io::{self, Write};

/// The report's first members. The findings and approvals follow, written apart (see [`write`]).
#[derive(Serialize)]
struct Head {
    schema_version: u32,
    today: String,
    summary: Summary,
}

/// The report's last member, with `[evidence]`: whether each approval a document states now or
/// stated in a committed text is proven by a signature.
#[derive(Serialize)]
struct Tail<'a> {
    approvals: Vec<Approval<'a>>,
}

#[derive(Serialize)]
struct Approval<'a> {
    path: &'a str,
    document: Option<&'a str>,
    #[serde(flatten)]
    approval: &'a crate::evidence::Approval,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    errors: usize,
    documents_with_errors: usize,
    warnings: usize,
    notes: usize,
    waived: usize,
}

#[derive(Serialize)]
struct Item<'a> {
    rule: &'static str,
    severity: &'static str,
    path: &'a str,
    line: u32,
    column: u32,
    document: Option<&'a str>,
    message: &'a str,
    help: &'a str,
    waived: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    also: &'a [String],
}

/// Findings laid out before any is written: a window at a time, so the report is never held
/// whole (12 MB at 10,000 documents).
const WINDOW: usize = 4096;
/// Findings one thread lays out at a time, of a window.
const PIECE: usize = 256;

/// The report as indented JSON: `{ schema_version, today, summary, findings, approvals }` (the
/// last only when there are approvals), as serde_json lays out the whole value. The findings,
/// most of it, are laid out on every thread, each at the depth it has in the whole: serde_json
/// takes about 6,000 instructions a finding, on the one thread left at the end of a check.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    use rayon::prelude::*;
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    // `{` and the head's members, without the closing `}`: the findings come next.
    let mut head = Vec::with_capacity(1024);
    crate::escape::json::to_writer_pretty(&mut head, &self::head(report))?;
    out.write_all(head.strip_suffix(b"\n}").unwrap_or(&head))?;
    out.write_all(b",\n  \"findings\": [")?;
    let findings = &report.findings;
    for (w, window) in findings.chunks(WINDOW).enumerate() {
        let pieces: Vec<Vec<u8>> = window
            .par_chunks(PIECE)
            .enumerate()
            .map(|(p, piece)| items(report, piece, w * WINDOW + p * PIECE))
            .collect::<io::Result<_>>()?;
        for piece in pieces {
            out.write_all(&piece)?;
        }
    }
    out.write_all(if findings.is_empty() { b"]" } else { b"\n  ]" })?;
    if !report.approvals.is_empty() {
        // `"approvals": [...]` at the depth of a member: the value's `{` and `}` taken off.
        let mut tail = Vec::new();
        crate::escape::json::to_writer_pretty(&mut tail, &Tail { approvals: approvals(report) })?;
        let member = tail.strip_prefix(b"{").and_then(|t| t.strip_suffix(b"\n}")).unwrap_or(&tail);
        out.write_all(b",")?;
        out.write_all(member)?;
    }
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// The findings `piece`, the first the `first`th of the report, each as an element of the
/// `findings` list: after `\n` (the first) or `,\n`, every line indented by two levels.
/// serde_json escapes every line end inside a string, so each `\n` it writes is its own.
fn items(report: &Report, piece: &[crate::finding::Finding], first: usize) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(piece.len() * 400);
    let mut item = Vec::with_capacity(1024);
    for (i, f) in piece.iter().enumerate() {
        item.clear();
        crate::escape::json::to_writer_pretty(&mut item, &self::item(report, f))?;
        out.extend_from_slice(if first + i == 0 { b"\n" } else { b",\n" });
        for (n, line) in item.split(|b| *b == b'\n').enumerate() {
            out.extend_from_slice(if n == 0 { b"    " } else { b"\n    " });
            out.extend_from_slice(line);
        }
    }
    Ok(out)
}

fn head(report: &Report) -> Head {
    Head {
        schema_version: 1,
        today: report.today.to_string(),
        summary: Summary {
            documents: report.documents.len(),
            errors: report.count(Severity::Error),
            documents_with_errors: report.documents_with_errors(),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            waived: report.waived(),
        },
    }
}

fn item<'a>(report: &'a Report, f: &'a crate::finding::Finding) -> Item<'a> {
    Item {
        rule: f.rule.id(),
        severity: f.severity.as_str(),
        path: &f.path,
        line: f.span.line,
        column: f.span.col,
        document: report.document(f),
        message: &f.message,
        help: &f.help,
        waived: f.waived.as_deref(),
        also: &f.also,
    }
}

fn approvals<'a>(report: &'a Report) -> Vec<Approval<'a>> {
    let approval = |(path, approval): &(&'a str, &'a crate::evidence::Approval)| Approval {
        path,
        document: report.documents.get(path).map(String::as_str),
        approval,
    };
    report.approvals.iter().map(approval).collect()
}

#[cfg(test)]
mod tests;
