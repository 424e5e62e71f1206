//! The JSON report (`schema_version` 1; the schema is docs/report.schema.json).

use super::Report;
use crate::finding::Severity;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Json<'a> {
    schema_version: u32,
    today: String,
    summary: Summary,
    findings: Vec<Item<'a>>,
    /// With `[evidence]`: whether each approval a document states now or stated in a committed
    /// text is proven by a signature.
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let json = Json {
        schema_version: 1,
        today: report.today.to_string(),
        summary: Summary {
            documents: report.documents.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            waived: report.waived(),
        },
        findings: report
            .findings
            .iter()
            .map(|f| Item {
                rule: f.rule.id(),
                severity: f.severity.as_str(),
                path: &f.path,
                line: f.span.line,
                column: f.span.col,
                document: report.document(f),
                message: &f.message,
                help: &f.help,
                waived: f.waived.as_deref(),
            })
            .collect(),
        approvals: report
            .approvals
            .iter()
            .map(|(path, approval)| Approval {
                path,
                document: report.documents.get(path).map(String::as_str),
                approval,
            })
            .collect(),
    };
    super::pretty_json(out, &json)
}
