//! Stage 3, the `roster/*` rules: people a document names whom the roster does not know.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::roster::{Resolved, Roster};
use crate::source::Spanned;

/// `roster/unknown-person`: the owner (a person or a role), each author and each revision
/// author of `doc` that the roster does not name, or names several people by. Nothing without
/// a roster.
pub fn unknown_people(doc: &Document, roster: &Roster) -> Vec<Finding> {
    if roster.is_empty() {
        return Vec::new();
    }
    let m = &doc.meta;
    let unknown = |name: &Spanned<String>, what: &str, roles_ok: bool| {
        let (why, help) = match roster.resolve(&name.value) {
            Resolved::Person(_) => return None,
            Resolved::Role(_) if roles_ok => return None,
            Resolved::Ambiguous => (roster.why_ambiguous(&name.value), crate::roster::AMBIGUOUS_HELP),
            Resolved::Role(_) | Resolved::Unknown => {
                let or_role = if roles_ok { " (neither a person nor a role)" } else { "" };
                (format!("is not in the roster{or_role}"), Rule::RosterUnknownPerson.fix())
            }
        };
        let f = Finding::new(
            Rule::RosterUnknownPerson,
            &doc.path,
            name.span,
            format!("{what} `{}` {why}", name.value),
        );
        Some(f.help(help))
    };
    let mut out: Vec<Finding> = m.owner.iter().filter_map(|o| unknown(o, "owner", true)).collect();
    out.extend(m.authors.iter().filter_map(|a| unknown(a, "author", false)));
    for author in m.revisions.iter().filter_map(|r| r.author.as_ref()) {
        for name in author.value.split(", ") {
            out.extend(unknown(&Spanned::new(name.to_owned(), author.span), "revision author", false));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Case, assert_found, doc};

    const ROSTER: &str = "people:
  - {id: alice, name: Alice Adams, roles: [CISO], aliases: [github.com/alice]}
  - {id: bob, name: Bob Boss, email: bob@example.org}
  - {id: carol, name: Jo}
  - {id: dave, name: Jo}
";

    #[test]
    fn people_a_document_names_are_in_the_roster() {
        let unknown = "roster/unknown-person";
        let cases: &[Case<&str>] = &[
            ("owner: alice\nauthors: [Bob Boss, github.com/alice]\n", &[]),
            // A role may own a document; only a person writes one.
            ("owner: CISO\n", &[]),
            ("authors: [ciso]\n", &[(unknown, 2, "author `ciso` is not in the roster")]),
            (
                "owner: Eve\n",
                &[(unknown, 2, "owner `Eve` is not in the roster (neither a person nor a role)")],
            ),
            ("authors: [Jo]\n", &[(unknown, 2, "author `Jo` names more than one person in the roster")]),
            (
                "revisions:\n  - version: \"1\"\n    author: alice, eve\n",
                &[(unknown, 4, "revision author `eve` is not in the roster")],
            ),
            ("revisions:\n  - version: \"1\"\n    author: bob@example.org, Alice Adams\n", &[]),
        ];
        let roster = Roster::parse(ROSTER).unwrap();
        for (front, want) in cases {
            assert_found(&unknown_people(&doc(&format!("---\n{front}---\n")), &roster), want, front);
        }
        // Without a roster, nobody can be told unknown.
        let nobody = doc("---\nowner: Eve\nauthors: [Mallory]\n---\n");
        assert_found(&unknown_people(&nobody, &Roster::default()), &[], "no roster");
    }
}
