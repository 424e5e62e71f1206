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
/// a framework listing its controls does not hold, at the line that names it; and the controls
/// of each framework that the Statement of Applicability excludes, said once for the framework
/// (one decision, such as the privacy criteria out of scope, is not a finding per control), at
/// the line of the first.
pub fn check(doc: &Document, declared: &Declared) -> Vec<Finding> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    // Per framework, in the order the document names them: the excluded controls and why.
    let mut excluded: Vec<(&str, Vec<Excluded>)> = Vec::new();
    for c in &doc.meta.controls {
        let (framework, id) = (c.value.framework.as_str(), c.value.id.as_str());
        if !seen.insert((framework, id)) {
            continue;
        }
        match declared.controls.get(&(framework, id)) {
            Some(control) if !control.applicable() => {
                let at = match excluded.iter().position(|(f, _)| *f == framework) {
                    Some(at) => at,
                    None => {
                        excluded.push((framework, Vec::new()));
                        excluded.len() - 1
                    }
                };
                excluded[at].1.push((id, c.span, control.justification()));
            }
            None if declared.listed.contains(framework) => {
                let message = format!("`{id}` is not a control of {framework} as charta.toml declares it");
                out.push(
                    Finding::new(Rule::ControlUnknown, &doc.path, c.span, message)
                        .help(Rule::ControlUnknown.fix()),
                );
            }
            _ => {}
        }
    }
    for (framework, controls) in excluded {
        out.push(not_applicable(doc, framework, &controls));
    }
    out.sort_by_key(|f| f.span);
    out
}

/// A control the Statement of Applicability excludes, as a document names it: its id, where,
/// and the justification charta.toml gives.
type Excluded<'a> = (&'a str, crate::source::Span, &'a str);

/// `control/not-applicable`, once for the `controls` of `framework` that `doc` names and the
/// Statement of Applicability excludes: at the first, naming each, with the justification they
/// share (or each its own).
fn not_applicable(doc: &Document, framework: &str, controls: &[Excluded]) -> Finding {
    let rule = Rule::ControlNotApplicable;
    let shared = controls.iter().all(|c| c.2 == controls[0].2);
    let why = |j: &str| if j.is_empty() { String::new() } else { format!(" (\"{j}\")") };
    let named: Vec<String> = controls
        .iter()
        .map(|(id, _, j)| if shared { format!("`{id}`") } else { format!("`{id}`{}", why(j)) })
        .collect();
    let shared_why = if shared { why(controls[0].2) } else { String::new() };
    let message = match controls {
        [(id, ..)] => format!(
            "the document implements control `{id}` of {framework}, which the Statement of Applicability in charta.toml declares not applicable{shared_why}"
        ),
        _ => format!(
            "the document implements {} controls of {framework} that the Statement of Applicability in charta.toml declares not applicable{shared_why}: {}",
            controls.len(),
            crate::finding::both(&named)
        ),
    };
    // A comply document names its controls under `satisfies`; several are "them".
    let mut help = match doc.dialect {
        crate::document::Dialect::Comply => rule.fix().replace("`controls`", "`satisfies`"),
        _ => rule.fix().to_owned(),
    };
    if controls.len() > 1 {
        help =
            help.replace("remove the control", "remove the controls").replace("declare it", "declare them");
    }
    Finding::new(rule, &doc.path, controls[0].1, message).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings of `check` on a document of `front` matter, with charta.toml's
    /// `frameworks`.
    fn checked(frameworks: &str, front: &str) -> Vec<Finding> {
        let config = crate::config::Config::parse(frameworks).unwrap();
        check(
            &Document::parse("policies/a.md", 0, format!("---\nid: A\n{front}---\nBody.\n")),
            &Declared::of(&config.frameworks),
        )
    }

    /// Bug (a SOC 2 team's trial): the privacy criteria declared out of scope gave its privacy
    /// policy 18 warnings alike, one per criterion: one decision, said once.
    #[test]
    fn the_controls_of_a_framework_a_document_names_and_the_statement_excludes_are_said_once() {
        let findings = checked(
            "[[frameworks]]\nname = \"TSC\"\ncontrols = [\"CC1.1\", { id = \"P1.1\", applicable = false, justification = \"No personal data\" }, { id = \"P2.1\", applicable = false, justification = \"No personal data\" }, { id = \"P3.1\", applicable = false, justification = \"No personal data\" }]\n",
            "controls:\n  TSC:\n    - CC1.1\n    - P1.1\n    - P2.1\n    - P3.1\n",
        );
        let found: Vec<(&str, u32, &str)> =
            findings.iter().map(|f| (f.rule.id(), f.span.line, f.message.as_str())).collect();
        assert_eq!(
            found,
            [(
                "control/not-applicable",
                6,
                "the document implements 3 controls of TSC that the Statement of Applicability in charta.toml declares not applicable (\"No personal data\"): `P1.1`, `P2.1` and `P3.1`"
            )]
        );
        assert!(findings[0].help.starts_with("remove the controls from"), "{}", findings[0].help);
        // Each named, each with its own reason where they differ (a cold review: nine and
        // more were "and 2 more", and two reasons were none).
        let findings = checked(
            "[[frameworks]]\nname = \"TSC\"\ncontrols = [{ id = \"P1.1\", applicable = false, justification = \"No personal data\" }, { id = \"P2.1\", applicable = false, justification = \"No PII\" }]\n",
            "controls:\n  TSC: [P1.1, P2.1]\n",
        );
        assert!(
            findings[0]
                .message
                .ends_with("declares not applicable: `P1.1` (\"No personal data\") and `P2.1` (\"No PII\")")
        );
    }

    #[test]
    fn a_control_excluded_or_not_declared_is_said_once_at_its_line() {
        let findings = checked(
            "[[frameworks]]\nname = \"ISO27001:2022\"\ncontrols = [\"A.5.1\", { id = \"A.7.1\", applicable = false, justification = \"No premises\" }]\n\
             [[frameworks]]\nname = \"SOC2\"\n",
            "controls:\n  ISO27001:2022:\n    - A.5.1\n    - A.7.1\n    - A.7.1\n    - A.5.99\n  SOC2: [CC1.1]\n",
        );
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
