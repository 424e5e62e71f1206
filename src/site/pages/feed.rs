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

/// One change of one document.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub version: String,
    pub date: String,
    /// Root-relative page: the redline when there is one, else the document.
    pub link: String,
    pub summary: String,
}

/// The changes of a document: its versions from git history when there is a history, else the
/// entries of its revision table.
pub fn items(doc: &DocView, plan: Option<&Plan>) -> Vec<Item> {
    match plan {
        Some(plan) => plan
            .list
            .iter()
            .map(|v| Item {
                id: doc.id.clone(),
                title: doc.title.clone(),
                version: v.label.clone(),
                date: v.date.clone(),
                link: v.diff.clone().unwrap_or_else(|| v.page.clone()),
                summary: plan
                    .redlines
                    .iter()
                    .find(|r| v.diff.as_ref() == Some(&r.page))
                    .map(|r| r.summary.clone())
                    .unwrap_or_else(|| format!("Version {} by {}", v.label, v.author)),
            })
            .collect(),
        None => doc
            .revisions
            .iter()
            .map(|r| Item {
                id: doc.id.clone(),
                title: doc.title.clone(),
                version: r.version.clone(),
                date: r.date.clone(),
                link: doc.page.clone(),
                summary: r.summary.clone(),
            })
            .collect(),
    }
}

/// The newest [`ENTRIES`] changes with a valid date, newest first by date, id and version; of
/// equal ones, the first given comes first. Picked before any feed entry is made: a large library
/// has tens of thousands of changes.
fn newest<'a>(items: &[&'a Item]) -> Vec<(&'a Item, FixedDateTime)> {
    let mut dated: Vec<(String, usize, FixedDateTime)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            Some((format!("{} {} {}", item.date, item.id, item.version), i, datetime(&item.date)?))
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

pub fn atom(inp: &Inputs, items: &[&Item]) -> String {
    let base = inp.config.site.base_url.as_deref().unwrap_or("").trim_end_matches('/');
    let url = |page: &str| if base.is_empty() { page.to_owned() } else { format!("{base}/{page}") };
    let entries: Vec<Entry> = newest(items)
        .into_iter()
        .map(|(item, updated)| {
            let mut entry = Entry::default();
            entry.set_id(urn(&[&inp.config.site.title, &item.id, &item.version, &item.date]));
            entry.set_title(Text::plain(format!("{} {} — version {}", item.id, item.title, item.version)));
            entry.set_updated(updated);
            entry.set_summary(Some(Text::plain(item.summary.clone())));
            entry.set_links(vec![Link { href: url(&item.link), ..Link::default() }]);
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

    fn item(i: usize) -> Item {
        // Few distinct dates and ids, so that many changes tie; every 7th date is not a date.
        let date = if i % 7 == 3 { "sometime".to_owned() } else { format!("2025-0{}-1{}", 1 + i % 9, i % 4) };
        Item {
            id: format!("SOP-{}", i % 5),
            title: format!("change {i}"),
            version: format!("1.{}", i % 3),
            date,
            link: String::new(),
            summary: String::new(),
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
        let items: Vec<Item> = (0..1000).map(item).collect();
        let refs: Vec<&Item> = items.iter().collect();
        // What the feed must carry: every dated change sorted newest first (a stable sort keeps
        // equal ones in the order given), cut to ENTRIES.
        let mut expected: Vec<&Item> = refs.iter().copied().filter(|i| datetime(&i.date).is_some()).collect();
        expected.sort_by_key(|i| std::cmp::Reverse(format!("{} {} {}", i.date, i.id, i.version)));
        expected.truncate(ENTRIES);
        let picked: Vec<&str> = newest(&refs).iter().map(|(i, _)| i.title.as_str()).collect();
        assert_eq!(picked, expected.iter().map(|i| i.title.as_str()).collect::<Vec<_>>());
        assert_eq!(picked.len(), ENTRIES);
        // Fewer changes than the feed holds: all of them with a date.
        let few = newest(&refs[..20]);
        assert_eq!(few.len(), refs[..20].iter().filter(|i| datetime(&i.date).is_some()).count());
        assert!(few.windows(2).all(|w| w[0].0.date >= w[1].0.date));
    }
}
