//! Findings as data: what is wrong with a document, where, and what to do; the rule catalogue.

use crate::source::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

macro_rules! rules {
    ($( $variant:ident => $id:literal, $sev:ident, $summary:literal; )*) => {
        /// Every rule charta knows. The id is stable: CI configurations and waivers name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            pub fn id(self) -> &'static str {
                match self { $( Rule::$variant => $id, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$sev, )* }
            }

            /// What the rule checks, in one sentence.
            pub fn summary(self) -> &'static str {
                match self { $( Rule::$variant => $summary, )* }
            }
        }
    };
}

rules! {
    SourceInvalidUtf8 => "source/invalid-utf8", Error,
        "The file is not valid UTF-8 text; invalid bytes were replaced.";
    SourceUnreadable => "source/unreadable", Error,
        "The file could not be read.";
    FrontmatterInvalidYaml => "frontmatter/invalid-yaml", Error,
        "The front matter is not valid YAML, or is not a mapping of fields.";
    FrontmatterUnterminated => "frontmatter/unterminated", Error,
        "The front matter opens with `---` but no closing `---` line follows.";
    FrontmatterMissing => "frontmatter/missing", Warning,
        "The document has no front matter, so it carries no document-control data.";
    FrontmatterUnknownField => "frontmatter/unknown-field", Error,
        "A front-matter field is not part of the schema (often a typo).";
    FrontmatterInvalidValue => "frontmatter/invalid-value", Error,
        "A front-matter field has a value of the wrong shape (bad date, unknown status, unparseable period).";
    RosterUnknownPerson => "roster/unknown-person", Error,
        "A person named in the document is not in the roster (nor, for an owner, a role).";
    ApprovalUnknownApprover => "approval/unknown-approver", Error,
        "An approver is not in the roster, so nobody can tell who approved the document.";
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// Path relative to the root, `/`-separated.
    pub path: String,
    pub span: Span,
    pub message: String,
    pub help: String,
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
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// The stable order of findings in every report: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, Span, &'static str) {
        (&self.path, self.span, self.rule.id())
    }
}

pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_namespaced() {
        let mut ids: Vec<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert!(ids.iter().all(|id| id.contains('/')));
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }
}
