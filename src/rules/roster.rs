//! Stage 3, the `roster/*` rules: names the roster gives to two people, ids of one person page,
//! and people a document names whom the roster does not know.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::roster::{Conflict, NameKind, Resolved, Roster, Written};
use crate::source::Span;

/// `roster/ambiguous-name` and `roster/duplicate-id`: what is wrong with the roster itself (as
/// reading it found), at its lines in `path`.
pub fn conflicts(roster: &Roster, path: &str) -> Vec<Finding> {
    let who = |i: usize, w: &Written| format!("{} (line {})", roster.people[i].name, w.span.line);
    let kind = |w: &Written| match w.kind {
        NameKind::Id => "id",
        NameKind::Name => "name",
        NameKind::Email => "email",
        NameKind::Alias => "alias",
    };
    let conflict = |c: &Conflict| match c {
        Conflict::Name { name, theirs, other } => (
            Rule::RosterAmbiguousName,
            name.span,
            format!(
                "the {} `{}` is also the {} `{}` of {}: a document naming it could mean either",
                kind(name),
                name.text,
                kind(theirs),
                theirs.text,
                who(*other, theirs),
            ),
        ),
        Conflict::Id { id, theirs, other } => (
            Rule::RosterDuplicateId,
            id.span,
            format!("the id `{}` is already the id of {}", id.text, who(*other, theirs)),
        ),
        Conflict::Page { id, theirs, other } => (
            Rule::RosterDuplicateId,
            id.span,
            format!(
                "the id `{}` and the id `{}` of {} would name one page (people/{}/)",
                id.text,
                theirs.text,
                who(*other, theirs),
                crate::slug::folder(&theirs.text),
            ),
        ),
    };
    roster
        .conflicts()
        .iter()
        .map(|c| {
            let (rule, span, message) = conflict(c);
            Finding::new(rule, path, span, message).help(rule.fix())
        })
        .collect()
}

/// `roster/unknown-person`: the owner (a person or a role), each author and each revision
/// author of `doc` that the roster does not name, or names several people by. Nothing without
/// a roster.
pub fn unknown_people(doc: &Document, roster: &Roster) -> Vec<Finding> {
    if roster.is_empty() {
        return Vec::new();
    }
    let m = &doc.meta;
    // A name as written, and where: a revision's author may name several (`Ann, Bob`), each
    // looked up as it stands in the text, with nothing copied.
    let unknown = |name: &str, span: Span, what: &str, roles_ok: bool| {
        // `frontmatter/placeholder` says it: nobody is named yet.
        if crate::frontmatter::schema::is_placeholder(name) {
            return None;
        }
        let (why, help) = match roster.resolve(name) {
            Resolved::Person(_) => return None,
            Resolved::Role(_) if roles_ok => return None,
            Resolved::Ambiguous => (roster.why_ambiguous(name), crate::roster::AMBIGUOUS_HELP),
            Resolved::Role(_) | Resolved::Unknown => {
                let or_role = if roles_ok { " (neither a person nor a role)" } else { "" };
                (format!("is not in the roster{or_role}"), Rule::RosterUnknownPerson.fix())
            }
        };
        let f = Finding::new(Rule::RosterUnknownPerson, &doc.path, span, format!("{what} `{name}` {why}"));
        Some(f.help(help))
    };
    let mut out: Vec<Finding> =
        m.owner.iter().filter_map(|o| unknown(&o.value, o.span, "owner", true)).collect();
    out.extend(m.authors.iter().filter_map(|a| unknown(&a.value, a.span, "author", false)));
    for author in m.revisions.iter().filter_map(|r| r.author.as_ref()) {
        for name in author.value.split(", ") {
            out.extend(unknown(name, author.span, "revision author", false));
        }
    }
    out
}

/// `roster/owner-inactive`: each person not active on `today` who owns documents not retired,
/// once, at their entry of the roster (`path`), naming the documents. A person who left owns
/// nothing: the reviews of what they owned fall to no one.
pub fn inactive_owners(
    library: &crate::library::Library,
    roster: &Roster,
    path: &str,
    today: jiff::civil::Date,
) -> Vec<Finding> {
    let mut owned: std::collections::BTreeMap<usize, Vec<&str>> = std::collections::BTreeMap::new();
    for doc in library.documents.iter().filter(|d| !d.meta.retired()) {
        let Some(owner) = &doc.meta.owner else { continue };
        if let Resolved::Person(p) = roster.resolve(&owner.value)
            && p.inactive_on(today).is_some()
            && let Some(i) = roster.index(&p.id)
        {
            owned.entry(i).or_default().push(&doc.path);
        }
    }
    owned
        .into_iter()
        .map(|(i, mut docs)| {
            let p = &roster.people[i];
            let why = p.inactive_on(today).unwrap_or_default();
            // At the date that makes them not active: not yet (`active_from`), or no longer.
            let line = if why.starts_with("from") { p.lines[0] } else { p.lines[1] };
            docs.sort_unstable();
            let n = docs.len();
            let what = if n == 1 { format!("owns {}", docs[0]) } else { format!("owns {n} documents") };
            let message = format!(
                "{} ({}) {what}, but is not active today (active only {why}): no one active owns {}",
                p.name,
                p.id,
                if n == 1 { "it" } else { "them" }
            );
            let mut f = Finding::new(Rule::RosterOwnerInactive, path, Span::new(line.max(1), 1), message)
                .help(Rule::RosterOwnerInactive.fix());
            f.also = docs.into_iter().map(str::to_owned).collect();
            f
        })
        .collect()
}

/// `roster/missing`: no one is in the roster (its file is missing, or lists no one), and the
/// documents name people (owners, authors, approvers): none of them can be checked, once, at
/// charta.toml's first line. A file renamed by mistake would otherwise turn the people rules
/// off without a word.
pub fn missing(library: &crate::library::Library, roster: &Roster, path: &str) -> Option<Finding> {
    if !roster.is_empty() {
        return None;
    }
    let mut named = std::collections::BTreeSet::new();
    for doc in &library.documents {
        let m = &doc.meta;
        let people = m.owner.iter().chain(&m.authors).chain(&m.approvers);
        let given = |p: &&str| !p.is_empty() && !crate::frontmatter::schema::is_placeholder(p);
        named.extend(people.map(|p| p.value.trim()).filter(given));
    }
    let n = named.len();
    let who = match n {
        0 => return None,
        1 => "the 1 person the documents name".to_owned(),
        n => format!("the {n} people the documents name"),
    };
    let message = format!(
        "no one is in a roster ({} is missing or lists no one): {who} as owners, authors or approvers cannot be checked (unknown names, people no longer active, roles)",
        crate::escape::visible(path)
    );
    Some(
        Finding::new(Rule::RosterMissing, crate::config::FILE_NAME, Span::new(1, 1), message)
            .help(Rule::RosterMissing.fix()),
    )
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
    fn every_name_given_to_two_people_is_a_finding_at_its_line() {
        let dup = "roster/duplicate-id";
        let amb = "roster/ambiguous-name";
        let cases: &[Case<&str>] = &[
            // An alias that is another's id: at the alias, wherever it is.
            (
                "people:\n- {id: alice, name: A}\n- {id: bob, name: B, aliases: [alice]}\n",
                &[(
                    amb,
                    3,
                    "the alias `alice` is also the id `alice` of A (line 2): a document naming it could mean either",
                )],
            ),
            (
                "people:\n- {id: alice, name: A, aliases: [bob]}\n- {id: bob, name: B}\n",
                &[(amb, 2, "the alias `bob` is also the id `bob` of B (line 3)")],
            ),
            // Ids alike, in case or in the page they would name.
            (
                "people:\n- {id: alice, name: A}\n- {id: alice, name: B}\n",
                &[(dup, 3, "the id `alice` is already the id of A (line 2)")],
            ),
            (
                "people:\n- {id: Alice, name: A}\n- {id: alice, name: B}\n",
                &[(dup, 3, "the id `alice` is already the id of A (line 2)")],
            ),
            (
                "people:\n- {id: j smith, name: A}\n- {id: j-smith, name: B}\n",
                &[(
                    dup,
                    3,
                    "the id `j-smith` and the id `j smith` of A (line 2) would name one page (people/j-smith/)",
                )],
            ),
            (
                "people:\n- {id: 'x/', name: A}\n- {id: x, name: B}\n",
                &[(dup, 3, "the id `x` is already the id of A (line 2)")],
            ),
            // One email, one alias or one name for two people.
            (
                "people:\n- {id: a, name: A, email: m@x.org}\n- {id: b, name: B, email: M@X.org}\n",
                &[(amb, 3, "the email `M@X.org` is also the email `m@x.org` of A (line 2)")],
            ),
            (
                "people:\n- {id: a, name: A, aliases: [gh/q]}\n- {id: b, name: B, aliases: [gh/q]}\n",
                &[(amb, 3, "the alias `gh/q` is also the alias `gh/q` of A (line 2)")],
            ),
            (
                "people:\n- {id: a, name: Jo}\n- {id: b, name: Jo}\n- {id: c, name: jo}\n",
                &[(amb, 3, "the name `Jo` is also the name `Jo` of Jo (line 2)"), (amb, 4, "the name `jo`")],
            ),
            // A person may write their own name twice; different people differ.
            ("people:\n- {id: a, name: a, email: a@x.org, aliases: [A, a@x.org]}\n", &[]),
            ("people:\n- {id: j.smith, name: A}\n- {id: j-smith, name: B}\n", &[]),
        ];
        for (yaml, want) in cases {
            let found = conflicts(&Roster::parse(yaml).unwrap(), "roster.yaml");
            assert_found(&found, want, yaml);
            assert!(found.iter().all(|f| f.path == "roster.yaml"), "{yaml}");
        }
    }

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

    /// `roster/missing` counts the people the documents name, not a placeholder (a cold review:
    /// `owner: TBD` with no roster was "the 1 person the documents name").
    #[test]
    fn no_roster_is_said_once_for_the_people_named_and_not_for_placeholders() {
        let library = |texts: &[&str]| crate::library::Library {
            collections: Vec::new(),
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document::parse(&format!("{i}.md"), 0, *t))
                .collect(),
        };
        let empty = Roster::default();
        assert!(missing(&library(&["---\nowner: TBD\n---\n"]), &empty, "roster.yaml").is_none());
        let found = missing(
            &library(&["---\nowner: alice\napprovers: [bob]\n---\n", "---\nowner: alice\n---\n"]),
            &empty,
            "roster.yaml",
        );
        assert!(found.unwrap().message.contains("the 2 people the documents name"));
        let roster = Roster::parse(ROSTER).unwrap();
        assert!(missing(&library(&["---\nowner: zed\n---\n"]), &roster, "roster.yaml").is_none());
    }
}
