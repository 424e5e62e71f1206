//! Stage 3: cross-document checks against the registries (the roster), after everything loads.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::library::Library;
use crate::roster::{Resolved, Roster};
use crate::source::Spanned;

/// Every finding about people named in the documents. With no roster, names are taken as written.
pub fn run(library: &Library, roster: &Roster) -> Vec<Finding> {
    if roster.is_empty() {
        return Vec::new();
    }
    library
        .documents
        .iter()
        .flat_map(|doc| people(doc, roster))
        .collect()
}

fn people(doc: &Document, roster: &Roster) -> Vec<Finding> {
    let m = &doc.meta;
    let mut out = Vec::new();
    let unknown = |name: &Spanned<String>, what: &str, rule: Rule, roles_ok: bool| {
        let ok = match roster.resolve(&name.value) {
            Resolved::Person(_) => true,
            Resolved::Role(_) => roles_ok,
            Resolved::Unknown => false,
        };
        (!ok).then(|| {
            Finding::new(rule, &doc.path, name.span, format!("{what} `{}` is not in the roster", name.value))
                .help("add the person to roster.yaml, or name them by their roster id, name, email or alias")
        })
    };
    out.extend(
        m.owner
            .as_ref()
            .and_then(|o| unknown(o, "owner", Rule::RosterUnknownPerson, true)),
    );
    out.extend(
        m.authors
            .iter()
            .filter_map(|a| unknown(a, "author", Rule::RosterUnknownPerson, false)),
    );
    out.extend(
        m.approvers
            .iter()
            .filter_map(|a| unknown(a, "approver", Rule::ApprovalUnknownApprover, false)),
    );
    for rev in &m.revisions {
        if let Some(author) = &rev.author {
            for name in author.value.split(", ") {
                let one = Spanned::new(name.to_owned(), author.span);
                out.extend(unknown(
                    &one,
                    "revision author",
                    Rule::RosterUnknownPerson,
                    false,
                ));
            }
        }
    }
    out
}
