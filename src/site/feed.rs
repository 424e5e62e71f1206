//! Stage 4: `feed.xml`, an Atom feed of document changes, newest first, each linking to its redline.

use super::versions::Plan;
use super::view::{DocView, Inputs};
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
                    .find(|r| r.to == v.label)
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

pub fn atom(inp: &Inputs, items: &[&Item]) -> String {
    let base = inp.config.site.base_url.as_deref().unwrap_or("").trim_end_matches('/');
    let url = |page: &str| if base.is_empty() { page.to_owned() } else { format!("{base}/{page}") };
    let mut entries: Vec<(String, Entry)> = Vec::new();
    for item in items {
        let Some(updated) = datetime(&item.date) else { continue };
        let mut entry = Entry::default();
        entry.set_id(format!("urn:charta:{}:{}:{}", item.id, item.version, item.date));
        entry.set_title(Text::plain(format!("{} {} — version {}", item.id, item.title, item.version)));
        entry.set_updated(updated);
        entry.set_summary(Some(Text::plain(item.summary.clone())));
        entry.set_links(vec![Link { href: url(&item.link), ..Link::default() }]);
        entries.push((format!("{} {} {}", item.date, item.id, item.version), entry));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    entries.truncate(ENTRIES);
    let mut feed = Feed::default();
    feed.set_title(Text::plain(format!("{}: document changes", inp.config.site.title)));
    feed.set_id(format!("urn:charta:{}", inp.config.site.title));
    if let Some(updated) = entries.first().map(|(_, e)| *e.updated()) {
        feed.set_updated(updated);
    }
    feed.set_links(vec![Link { href: url("index.html"), ..Link::default() }]);
    feed.set_entries(entries.into_iter().map(|(_, e)| e).collect::<Vec<_>>());
    feed.to_string()
}
