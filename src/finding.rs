//! Findings as data: what is wrong with a document, where, and what to do (the rule catalogue
//! is `rule.rs`).

mod rule;

pub use rule::Rule;

use crate::source::Span;
use serde::Serialize;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found in one document. Its serialised form is what the build cache's keys hash
/// (the reports write their own shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// Path relative to the root, `/`-separated.
    pub path: String,
    pub span: Span,
    pub message: String,
    pub help: String,
    /// The reason of the waiver that covers this finding: reported, but never failing.
    pub waived: Option<String>,
    /// The other documents this finding is about, when one gap of many documents is said once
    /// (at `path`, the first of them): a check of one of them, and its page, show it too.
    pub also: Vec<String>,
}

impl Finding {
    pub fn new(rule: Rule, path: &str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.default_severity(),
            path: path.to_owned(),
            span,
            message: message.into(),
            help: String::new(),
            waived: None,
            also: Vec::new(),
        }
    }

    /// A finding said once for many documents, put at the first of them that `shown` keeps
    /// (`charta check PATHS`: a file the user named, not one they did not); the one it was at
    /// joins the others, in path order.
    pub fn move_to_first(&mut self, shown: impl Fn(&str) -> bool) {
        if shown(&self.path) {
            return;
        }
        if let Some(k) = self.also.iter().position(|p| shown(p)) {
            std::mem::swap(&mut self.path, &mut self.also[k]);
            self.also.sort();
            // Its line was the first document's: in this one it is about the file.
            self.span = Span::file();
        }
    }

    /// `path:line:col: severity[rule]: message`, as every text report writes a finding.
    pub fn headline(&self) -> String {
        let Finding { path, span, severity, rule, message, .. } = self;
        format!("{path}:{}:{}: {}[{}]: {message}", span.line, span.col, severity.as_str(), rule.id())
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// The finding said once for `others` too (see [`Finding::also`]).
    pub fn about(mut self, others: Vec<String>) -> Self {
        self.also = others;
        self
    }

    /// The stable order of findings in every report: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, Span, &'static str) {
        (&self.path, self.span, self.rule.id())
    }
}

/// The findings of each file, by its path, in the order given.
pub fn by_path(findings: &[Finding]) -> std::collections::BTreeMap<&str, Vec<&Finding>> {
    let mut by_path: std::collections::BTreeMap<&str, Vec<&Finding>> = std::collections::BTreeMap::new();
    for f in findings {
        by_path.entry(f.path.as_str()).or_default().push(f);
        for other in &f.also {
            by_path.entry(other.as_str()).or_default().push(f);
        }
    }
    by_path
}

pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.message.cmp(&b.message)));
}

/// Names as a message lists them: `a`, `a or b`, `a, b or c`.
pub fn either(names: &[String]) -> String {
    listed(names, "or")
}

/// Names as a message lists them all: `a`, `a and b`, `a, b and c`.
pub fn both(names: &[String]) -> String {
    listed(names, "and")
}

fn listed(names: &[String], last_word: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {last_word} {last}", rest.join(", ")),
    }
}
