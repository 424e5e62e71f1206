//! Issue 30, a property: `charta review` on a document that `charta check` finds clean never
//! makes a revision or approval finding, whatever the document's version scheme, entry order,
//! quoting, author form, line endings, byte-order mark, `last_reviewed`, and the day reviewed.
//! In-process (the library's `review::run` and `analyze_repository`), so a case costs
//! milliseconds.

use crate::support::Site;
use charta::cmd::lifecycle::Target;
use charta::cmd::review;
use jiff::civil::Date;
use proptest::prelude::*;

const PATH: &str = "policies/access.md";

/// A clean approved document from what proptest chose.
#[derive(Debug, Clone)]
struct Shape {
    scheme: usize,
    entries: usize,
    newest_first: bool,
    quote: usize,
    author_list: bool,
    crlf: bool,
    bom: bool,
    last_reviewed: bool,
    /// Days after the approval that the review is made.
    after: i32,
}

fn version(scheme: usize, i: usize) -> String {
    match scheme {
        0 => format!("1.{i}"),
        1 => format!("0{}", i + 1),
        2 => format!("v{}", i + 1),
        _ => format!("2.{i}.0"),
    }
}

fn text(s: &Shape) -> (String, Date) {
    let q = |v: &str| match s.quote {
        0 => v.to_owned(),
        1 => format!("\"{v}\""),
        _ => format!("'{v}'"),
    };
    let start = Date::constant(2023, 1, 10);
    let dates: Vec<Date> =
        (0..s.entries).map(|i| start.checked_add(jiff::Span::new().days(90 * i as i64)).unwrap()).collect();
    let approved = dates.last().unwrap().checked_add(jiff::Span::new().days(3)).unwrap();
    let mut entries: Vec<String> = (0..s.entries)
        .map(|i| {
            let author = if s.author_list { "[alice]".to_owned() } else { "alice".to_owned() };
            format!(
                "  - version: {}\n    date: {}\n    author: {author}\n    summary: {}\n",
                q(&version(s.scheme, i)),
                dates[i],
                q(&format!("Change {i}, with more care"))
            )
        })
        .collect();
    if s.newest_first {
        entries.reverse();
    }
    let last_reviewed = if s.last_reviewed { format!("last_reviewed: {approved}\n") } else { String::new() };
    let doc = format!(
        "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\napproval_date: {approved}\n\
         version: {}\nstatus: approved\nreview_period: 12 months\n{last_reviewed}revisions:\n{}---\n\n# Access policy\n\nText.\n",
        q(&version(s.scheme, s.entries - 1)),
        entries.concat()
    );
    let doc = if s.crlf { doc.replace('\n', "\r\n") } else { doc };
    (if s.bom { format!("\u{feff}{doc}") } else { doc }, approved)
}

/// The revision, approval and front-matter findings of the document, as `rule message`.
fn findings(site: &Site, today: Date) -> Vec<String> {
    let a =
        charta::cmd::analyze_repository(site.root(), None, today, charta::library::Retain::Nothing).unwrap();
    a.findings
        .iter()
        .filter(|f| f.path == PATH && matches!(f.rule.family(), "revision" | "approval" | "frontmatter"))
        .map(|f| format!("{} {}", f.rule.id(), f.message))
        .collect()
}

fn shapes() -> impl Strategy<Value = Shape> {
    (
        0..4usize,
        1..5usize,
        any::<bool>(),
        0..3usize,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0..900i32,
    )
        .prop_map(
            |(scheme, entries, newest_first, quote, author_list, crlf, bom, last_reviewed, after)| Shape {
                scheme,
                entries,
                newest_first,
                quote,
                author_list,
                crlf,
                bom,
                last_reviewed,
                after,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_review_of_a_clean_document_never_makes_a_revision_or_approval_finding(shape in shapes()) {
        let site = Site::fixture("rules/_base");
        let (doc, approved) = text(&shape);
        site.write(PATH, &doc);
        let day = approved.checked_add(jiff::Span::new().days(i64::from(shape.after))).unwrap();
        prop_assert_eq!(findings(&site, day), Vec::<String>::new(), "not clean to begin with:\n{}", doc);
        let target = Target { root: site.root(), config: None, today: day, document: "POL-020", date: None, dry_run: false };
        let told = review::run(&review::Options { target, summary: None, by: Some("bob") });
        prop_assert!(told.is_ok(), "{:?}\n{}", told, doc);
        let after = std::fs::read_to_string(site.root().join(PATH)).unwrap();
        prop_assert_eq!(findings(&site, day), Vec::<String>::new(), "after the review:\n{}", after);
        prop_assert_eq!(after.contains('\r'), shape.crlf);
        prop_assert_eq!(after.starts_with('\u{feff}'), shape.bom);
    }
}
