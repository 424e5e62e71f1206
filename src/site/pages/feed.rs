//! Stage 4: `feed.xml`, an Atom feed of document changes, newest first, each linking to its redline.

use super::history::Plan;
use crate::site::inputs::Inputs;
use crate::site::view::DocView;
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};

/// Most entries the feed carries.
const ENTRIES: usize = 100;

fn datetime(date: &str) -> Option<FixedDateTime> {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00Z")).ok()
}

/// One change of one document, as the feed reads it from the document's [`Items`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub version: &'a str,
    pub date: &'a str,
    /// Root-relative page: the redline when there is one, else the document.
    pub link: &'a str,
    pub summary: &'a str,
    /// The version was withdrawn that day (retired), not put in force.
    pub withdrawn: bool,
}

/// The changes of one document, kept from its pages to the feed in one string: each field after
/// its length and a `:` (`3:1.0`), the document's id and title once, then each change's version,
/// date, link, summary and what it was (`w` for a withdrawal, else empty). One allocation per
/// document: as six strings per change they took 20 MB of a cold build's peak memory at 10,000
/// documents, far more than their bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Items(Box<str>);

impl Items {
    fn new<'a>(id: &str, title: &str, changes: impl Iterator<Item = [&'a str; 5]>) -> Items {
        use std::fmt::Write as _;
        let mut out = String::new();
        let mut push = |field: &str| {
            // Writing to a String cannot fail.
            let _ = write!(out, "{}:{field}", field.len());
        };
        push(id);
        push(title);
        for change in changes {
            change.iter().for_each(|f| push(f));
        }
        Items(out.into_boxed_str())
    }

    /// Each change. A string that is not as [`Items::new`] writes it (a damaged cache) ends
    /// where it stops making sense.
    pub fn each(&self) -> impl Iterator<Item = Item<'_>> {
        let text: &str = &self.0;
        let mut at = 0;
        let mut field = move || -> Option<&str> {
            let colon = at + text.get(at..)?.find(':')?;
            let len: usize = text.get(at..colon)?.parse().ok()?;
            let end = (colon + 1).checked_add(len)?;
            let value = text.get(colon + 1..end)?;
            at = end;
            Some(value)
        };
        let head = field().zip(field());
        std::iter::from_fn(move || {
            let (id, title) = head?;
            Some(Item {
                id,
                title,
                version: field()?,
                date: field()?,
                link: field()?,
                summary: field()?,
                withdrawn: field()? == WITHDRAWN,
            })
        })
    }
}

/// How [`Items`] marks a withdrawal.
const WITHDRAWN: &str = "w";

/// The changes of a document: its versions from git history that came in force by `today`,
/// each on its first day in force, and its withdrawal (retirement) on its day, when there is a
/// history; else the entries of its revision table.
pub fn items(doc: &DocView, plan: Option<&Plan>, today: jiff::civil::Date) -> Items {
    match plan {
        Some(plan) => {
            // A redline's own summary, borrowed; else one made for the version.
            let summaries: Vec<std::borrow::Cow<str>> = plan
                .list
                .iter()
                .map(|v| match plan.redlines.iter().find(|r| v.diff.as_ref() == Some(&r.page)) {
                    Some(r) => r.summary.as_str().into(),
                    None => format!("Version {}, committed by {}", v.label, v.author).into(),
                })
                .collect();
            // A version as it came in force, on its first day in force: a draft, one in
            // review and one in force only from a day after the site's are not announced. A
            // retired one is its withdrawal, announced once: a file restored still retired is
            // no new withdrawal.
            let mut dated: Vec<(&str, &crate::site::view::VersionView, &str)> = plan
                .list
                .iter()
                .zip(&summaries)
                .filter_map(|(v, summary)| {
                    let day = v.in_force_from.as_deref().filter(|_| !super::in_force::later(v, today))?;
                    Some((day, v, summary.as_ref()))
                })
                .collect();
            dated.sort_by_key(|(day, ..)| *day);
            let changes = dated.iter().enumerate().filter_map(|(i, (day, v, summary))| {
                let again = v.retired && i > 0 && dated[i - 1].1.retired;
                let what = if v.retired { WITHDRAWN } else { "" };
                let link = v.diff.as_deref().unwrap_or(&v.page);
                (!again).then_some([v.label.as_str(), *day, link, *summary, what])
            });
            Items::new(&doc.id, &doc.title, changes)
        }
        None => Items::new(
            &doc.id,
            &doc.title,
            doc.revisions
                .iter()
                .map(|r| [r.version.as_str(), r.date.as_str(), doc.page.as_str(), r.summary.as_str(), ""]),
        ),
    }
}

/// The newest [`ENTRIES`] changes with a valid date, newest first by date, id and version; of
/// equal ones, the first given comes first. Picked before any feed entry is made: a large library
/// has tens of thousands of changes.
fn newest<'a>(items: &[Item<'a>]) -> Vec<(Item<'a>, FixedDateTime)> {
    let mut dated: Vec<(String, usize, FixedDateTime)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            Some((format!("{} {} {}", item.date, item.id, item.version), i, datetime(item.date)?))
        })
        .collect();
    let order = |a: &(String, usize, FixedDateTime), b: &(String, usize, FixedDateTime)| {
        b.0.cmp(&a.0).then(a.1.cmp(&b.1))
    };
    if dated.len() > ENTRIES {
        dated.select_nth_unstable_by(ENTRIES - 1, order);
        dated.truncate(ENTRIES);
    }
    dated.sort_unstable_by(order);
    dated.into_iter().map(|(_, i, updated)| (items[i], updated)).collect()
}

/// A URN of `parts`, each percent-encoded (no space, no `:` of its own), so that any title,
/// id or version makes a valid IRI.
fn urn(parts: &[&str]) -> String {
    let each: Vec<String> = parts.iter().map(|p| crate::links::href(p).replace('/', "%2F")).collect();
    format!("urn:charta:{}", each.join(":"))
}

pub fn atom(inp: &Inputs, items: &[Item]) -> String {
    let base = inp.config.site.base_url.as_deref().unwrap_or("").trim_end_matches('/');
    let url = |page: &str| if base.is_empty() { page.to_owned() } else { format!("{base}/{page}") };
    let entries: Vec<Entry> = newest(items)
        .into_iter()
        .map(|(item, updated)| {
            let mut entry = Entry::default();
            // A withdrawal's id says so; a version's stays as it was (readers keep theirs).
            let title = inp.config.site.title.as_str();
            entry.set_id(match item.withdrawn {
                true => urn(&[title, item.id, item.version, item.date, "withdrawn"]),
                false => urn(&[title, item.id, item.version, item.date]),
            });
            let withdrawn = if item.withdrawn { " withdrawn" } else { "" };
            entry.set_title(Text::plain(format!(
                "{} {} — version {}{withdrawn}",
                item.id, item.title, item.version
            )));
            entry.set_updated(updated);
            entry.set_summary(Some(Text::plain(match item.withdrawn {
                true => format!("Withdrawn: no longer in force. {}", item.summary),
                false => item.summary.to_owned(),
            })));
            entry.set_links(vec![Link { href: url(item.link), ..Link::default() }]);
            entry
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(format!("{}: document changes", inp.config.site.title)));
    // An IRI (RFC 4287): the feed's address when the site has one, else a URN of its title.
    feed.set_id(if base.is_empty() { urn(&[&inp.config.site.title]) } else { url("feed.xml") });
    // A feed names its author when its entries do not (RFC 4287, 4.1.1): the site's keeper.
    feed.set_authors(vec![atom_syndication::Person {
        name: inp.config.site.title.clone(),
        ..atom_syndication::Person::default()
    }]);
    if let Some(updated) = entries.first().map(|e| *e.updated()) {
        feed.set_updated(updated);
    }
    feed.set_links(vec![Link { href: url("index.html"), ..Link::default() }]);
    feed.set_entries(entries);
    // atom_syndication escapes markup but not the control characters XML forbids (a title with
    // ESC in it): the whole feed passes through `xml_text` once, so no field can be missed.
    let text = feed.to_string();
    // Copied only when something had to be shown otherwise.
    if let std::borrow::Cow::Owned(shown) = crate::escape::xml_text(&text) { shown } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of change `i`: few distinct dates and ids, so that many changes tie; every
    /// 7th date is not a date.
    fn fields(i: usize) -> [String; 6] {
        let date = if i % 7 == 3 { "sometime".to_owned() } else { format!("2025-0{}-1{}", 1 + i % 9, i % 4) };
        [
            format!("SOP-{}", i % 5),
            format!("change {i}"),
            format!("1.{}", i % 3),
            date,
            String::new(),
            String::new(),
        ]
    }

    fn item(f: &[String; 6]) -> Item<'_> {
        Item {
            id: &f[0],
            title: &f[1],
            version: &f[2],
            date: &f[3],
            link: &f[4],
            summary: &f[5],
            withdrawn: false,
        }
    }

    #[test]
    fn a_documents_changes_are_read_back_as_they_were_given() {
        let changes =
            [["1.0", "2025-01-02", "a/index.html", "First: 12 of them.", "w"], ["", "", "", "ünï 3:x", ""]];
        let items = Items::new("SOP-1", "A title: 2", changes.iter().copied());
        let back: Vec<Item> = items.each().collect();
        assert_eq!(back.len(), 2);
        assert_eq!(
            (back[0].id, back[0].title, back[0].summary),
            ("SOP-1", "A title: 2", "First: 12 of them.")
        );
        assert_eq!((back[1].version, back[1].date, back[1].link, back[1].summary), ("", "", "", "ünï 3:x"));
        assert_eq!((back[0].withdrawn, back[1].withdrawn), (true, false));
        assert_eq!(Items::new("X", "Y", std::iter::empty()).each().count(), 0);
        // A damaged string ends where it stops making sense, without a panic.
        for damaged in
            ["5:SOP-1", "3:abc2:xy1", "9999999999999999999999:a", "18446744073709551615:a", "1:\u{e9}"]
        {
            let _ = Items(damaged.into()).each().count();
        }
    }

    /// Regression: `urn:charta:Northwind ISMS` was the feed's id, which no IRI may be.
    #[test]
    fn ids_are_iris_whatever_a_title_or_id_holds() {
        let id = urn(&["Northwind ISMS: 2026", "SOP/1 #a", "1.0", "2026-01-05"]);
        assert_eq!(id, "urn:charta:Northwind%20ISMS%3A%202026:SOP%2F1%20%23a:1.0:2026-01-05");
        assert!(url::Url::parse(&id).is_ok());
    }

    #[test]
    fn the_newest_changes_are_picked_in_order_with_ties_in_the_order_given() {
        let fields: Vec<[String; 6]> = (0..1000).map(fields).collect();
        let refs: Vec<Item> = fields.iter().map(item).collect();
        // What the feed must carry: every dated change sorted newest first (a stable sort keeps
        // equal ones in the order given), cut to ENTRIES.
        let mut expected: Vec<Item> = refs.iter().copied().filter(|i| datetime(i.date).is_some()).collect();
        expected.sort_by_key(|i| std::cmp::Reverse(format!("{} {} {}", i.date, i.id, i.version)));
        expected.truncate(ENTRIES);
        let picked: Vec<&str> = newest(&refs).iter().map(|(i, _)| i.title).collect();
        assert_eq!(picked, expected.iter().map(|i| i.title).collect::<Vec<_>>());
        assert_eq!(picked.len(), ENTRIES);
        // Fewer changes than the feed holds: all of them with a date.
        let few = newest(&refs[..20]);
        assert_eq!(few.len(), refs[..20].iter().filter(|i| datetime(i.date).is_some()).count());
        assert!(few.windows(2).all(|w| w[0].0.date >= w[1].0.date));
    }
}
