//! Unit tests of [`super`]: documents matched across sets, and the reviews each set adds.

use super::*;

fn doc(path: &str, front: &str, body: &str) -> Document {
    let mut d = Document::parse(path, 0, format!("---\n{front}\n---\n{body}"));
    d.digest = Document::digest_of(&d.text);
    d
}

fn summaries(docs: &[Document]) -> Vec<Summary> {
    Summary::all(docs, &Roster::default())
}

#[test]
fn documents_are_matched_by_id_across_a_move() {
    let old = [
        doc("a/one.md", "id: ONE\nversion: \"1\"", "Text.\n"),
        doc("a/two.md", "id: TWO\nversion: \"1\"", "Two.\n"),
        doc("a/gone.md", "id: GONE", "Gone.\n"),
        doc("a/old.md", "id: OLD\nstatus: approved", "Old.\n"),
    ];
    let new = [
        doc("b/one.md", "id: one\nversion: \"1\"", "Text.\n"),
        doc("a/two.md", "id: TWO\nversion: \"2\"", "Two, changed.\n"),
        doc("a/old.md", "id: OLD\nstatus: retired", "Old.\n"),
        doc("a/new.md", "id: NEW", "New.\n"),
    ];
    let c = between(&summaries(&old), &summaries(&new));
    let ids = |v: &[Held]| v.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&c.added), ["NEW"]);
    assert_eq!(ids(&c.removed), ["GONE"]);
    // ONE moved, its id written in lower case: the same document, its text changed.
    let changed: Vec<_> = c.changed.iter().map(|(a, b)| (&*a.id, &*b.id, &*a.version, &*b.version)).collect();
    assert_eq!(changed, [("ONE", "one", "1", "1"), ("TWO", "TWO", "1", "2")]);
    assert_eq!(c.retired.len(), 1);
    assert_eq!(c.retired[0].1.id, "OLD");
    assert!(!c.is_empty());
}

#[test]
fn documents_whose_id_is_their_file_name_are_followed_by_path() {
    // Regression: Hugo's page bundles are all `index`; matched by that id, every change but
    // one was lost.
    let old = [doc("a/index.md", "title: A", "A.\n"), doc("b/index.md", "title: B", "B.\n")];
    let new =
        [doc("a/index.md", "title: A", "A, changed.\n"), doc("b/index.md", "title: B", "B, changed.\n")];
    let c = between(&summaries(&old), &summaries(&new));
    assert_eq!(c.changed.len(), 2);
    assert!(c.added.is_empty() && c.removed.is_empty());
}

/// Regression: a document with no id renamed in letter case only, or moved unchanged, was
/// listed as one removed and one added.
#[test]
fn a_document_with_no_id_renamed_in_case_or_moved_unchanged_is_the_same_document() {
    let old = [
        doc("a/Access.md", "title: Access", "Access.\n"),
        doc("a/backup.md", "title: Backup", "Backup.\n"),
        doc("a/gone.md", "title: Gone", "Gone.\n"),
    ];
    let new = [
        doc("a/access.md", "title: Access", "Access, changed.\n"),
        doc("b/backup.md", "title: Backup", "Backup.\n"),
        doc("a/new.md", "title: New", "New.\n"),
    ];
    let c = between(&summaries(&old), &summaries(&new));
    let paths = |v: &[Held]| v.iter().map(|h| h.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&c.added), ["a/new.md"]);
    assert_eq!(paths(&c.removed), ["a/gone.md"]);
    let changed: Vec<_> = c.changed.iter().map(|(a, b)| (&*a.path, &*b.path)).collect();
    assert_eq!(changed, [("a/Access.md", "a/access.md")]);
}

#[test]
fn a_review_is_known_whoever_either_roster_says_its_author_is_and_named_by_the_newer() {
    let text = |dates: &[&str]| {
        let mut front = "id: R\nrevisions:\n".to_owned();
        for d in dates {
            front
                .push_str(&format!("  - version: \"1\"\n    date: {d}\n    type: review\n    author: ann\n"));
        }
        vec![doc("r.md", &front, "")]
    };
    let roster = |name: &str| Roster::parse(&format!("people:\n  - id: ann\n    name: {name}\n")).unwrap();
    let (then, now) = (roster("Ann Old"), roster("Ann New"));
    let old = Summary::all(&text(&["2025-06-01"]), &then);
    let same = between(&old, &Summary::all(&text(&["2025-06-01"]), &now));
    assert!(same.reviews.is_empty(), "{:?}", same.reviews);
    let more = between(&old, &Summary::all(&text(&["2025-06-01", "2025-07-01"]), &now));
    let by: Vec<_> = more.reviews.iter().map(|r| (r.date.to_string(), r.by.as_str())).collect();
    assert_eq!(by, [("2025-07-01".to_owned(), "Ann New")]);
}

#[test]
fn a_review_is_listed_in_the_set_it_first_appears_in_whatever_its_date() {
    let rev = |dates: &[&str]| {
        let mut front = "id: R\nrevisions:\n".to_owned();
        for d in dates {
            front.push_str(&format!(
                "  - version: \"1\"\n    date: {d}\n    type: review\n    author: ann\n    summary: Looked\n"
            ));
        }
        doc("r.md", &front, "")
    };
    let first = between(&[], &summaries(&[rev(&["2025-06-01"])]));
    assert_eq!(first.reviews.len(), 1);
    assert_eq!((first.reviews[0].by.as_str(), first.reviews[0].summary.as_str()), ("ann", "Looked"));
    // The same entry again: not new. One back-dated before the first, recorded later: new.
    let again = between(&summaries(&[rev(&["2025-06-01"])]), &summaries(&[rev(&["2025-06-01"])]));
    assert!(again.reviews.is_empty());
    let late =
        between(&summaries(&[rev(&["2025-06-01"])]), &summaries(&[rev(&["2025-06-01", "2025-05-01"])]));
    assert_eq!(late.reviews.iter().map(|r| r.date.to_string()).collect::<Vec<_>>(), ["2025-05-01"]);
}

/// Regression: a document that gained an id at its path (or lost one) was listed as added and
/// as "no longer in the repository" on the release's changes page, though it never left.
#[test]
fn a_document_that_gains_or_loses_an_id_at_its_path_is_the_same_document() {
    let old = [doc("p/personnel.md", "title: Personnel", "P.\n"), doc("p/vendor.md", "id: POL-2", "V.\n")];
    let new = [
        doc("p/personnel.md", "id: POL-1\ntitle: Personnel", "P.\n"),
        doc("p/vendor.md", "title: Vendor", "V.\n"),
    ];
    let c = between(&summaries(&old), &summaries(&new));
    assert!(c.added.is_empty() && c.removed.is_empty(), "{:?} {:?}", c.added, c.removed);
    assert_eq!(c.changed.len(), 2);
    // One removed and one added at another path stay so.
    let new = [doc("p/other.md", "id: POL-1", "P.\n"), doc("p/vendor.md", "id: POL-2", "V.\n")];
    let c = between(&summaries(&old), &summaries(&new));
    assert_eq!((c.added.len(), c.removed.len()), (1, 1));
}
