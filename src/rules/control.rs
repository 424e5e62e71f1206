//! Stage 3, the `control/*` rules: what a document says it implements against what
//! charta.toml's `[[frameworks]]` declare (the Statement of Applicability).

use crate::config::{Control, Framework};
use crate::document::Document;
use crate::finding::{Finding, Rule};
use std::collections::{BTreeMap, BTreeSet};

/// The controls charta.toml declares, by framework and id; and the frameworks that list their
/// controls (a framework named with no controls declares none it could be checked against).
pub struct Declared<'a> {
    controls: BTreeMap<(&'a str, &'a str), &'a Control>,
    listed: BTreeSet<&'a str>,
}

impl<'a> Declared<'a> {
    pub fn of(frameworks: &'a [Framework]) -> Declared<'a> {
        let controls = frameworks
            .iter()
            .flat_map(|f| f.controls.iter().map(move |c| ((f.name.as_str(), c.id()), c)))
            .collect();
        let listed = frameworks.iter().filter(|f| !f.controls.is_empty()).map(|f| f.name.as_str()).collect();
        Declared { controls, listed }
    }
}

/// `control/not-applicable` and `control/unknown` for `doc`: each control it names (once) that
/// the Statement of Applicability excludes, or that a framework listing its controls does not
/// hold, at the line that names it.
pub fn check(doc: &Document, declared: &Declared) -> Vec<Finding> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for c in &doc.meta.controls {
        let (framework, id) = (c.value.framework.as_str(), c.value.id.as_str());
        if !seen.insert((framework, id)) {
            continue;
        }
        let (rule, message) = match declared.controls.get(&(framework, id)) {
            Some(control) if !control.applicable() => {
                let why = match control.justification() {
                    "" => String::new(),
                    j => format!(" (\"{j}\")"),
                };
                (
                    Rule::ControlNotApplicable,
                    format!(
                        "the document implements control `{id}` of {framework}, which the Statement of Applicability in charta.toml declares not applicable{why}"
                    ),
                )
            }
            None if declared.listed.contains(framework) => (
                Rule::ControlUnknown,
                format!("`{id}` is not a control of {framework} as charta.toml declares it"),
            ),
            _ => continue,
        };
        out.push(Finding::new(rule, &doc.path, c.span, message).help(rule.fix()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_excluded_or_not_declared_is_said_once_at_its_line() {
        let config = crate::config::Config::parse(
            "[[frameworks]]\nname = \"ISO27001:2022\"\ncontrols = [\"A.5.1\", { id = \"A.7.1\", applicable = false, justification = \"No premises\" }]\n\
             [[frameworks]]\nname = \"SOC2\"\n",
        )
        .unwrap();
        let declared = Declared::of(&config.frameworks);
        let doc = Document::parse(
            "policies/a.md",
            0,
            "---\nid: A\ncontrols:\n  ISO27001:2022:\n    - A.5.1\n    - A.7.1\n    - A.7.1\n    - A.5.99\n  SOC2: [CC1.1]\n---\nBody.\n",
        );
        let findings = check(&doc, &declared);
        let found: Vec<(&str, u32, &str)> =
            findings.iter().map(|f| (f.rule.id(), f.span.line, f.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    "control/not-applicable",
                    6,
                    "the document implements control `A.7.1` of ISO27001:2022, which the Statement of Applicability in charta.toml declares not applicable (\"No premises\")"
                ),
                (
                    "control/unknown",
                    8,
                    "`A.5.99` is not a control of ISO27001:2022 as charta.toml declares it"
                ),
            ]
        );
    }
}
