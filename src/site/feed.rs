//! Stage 4: `feed.xml`, an Atom feed of document changes, newest first, each linking to its redline.

use super::versions::Plan;
use super::view::{DocView, Inputs};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};

/// Most entries the feed carries.
const ENTRIES: usize = 100;

fn datetime(date: &str) -> Option<FixedDateTime> {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00Z")).ok()
}

pub fn atom(inp: &Inputs, docs: &[(&DocView, &Plan)]) -> String {
    let base = inp.config.site.base_url.as_deref().unwrap_or("").trim_end_matches('/');
    let url = |page: &str| if base.is_empty() { page.to_owned() } else { format!("{base}/{page}") };
    let mut entries: Vec<(String, Entry)> = Vec::new();
    for (doc, plan) in docs {
        for v in &plan.list {
            let Some(updated) = datetime(&v.date) else { continue };
            let link = v.diff.as_deref().unwrap_or(&v.page);
            let summary =
                plan.redlines.iter().find(|r| r.to == v.label).map(|r| r.summary.clone()).unwrap_or_default();
            let mut entry = Entry::default();
            entry.set_id(format!("urn:charta:{}:{}", doc.id, v.label));
            entry.set_title(Text::plain(format!("{} {} — version {}", doc.id, doc.title, v.label)));
            entry.set_updated(updated);
            entry.set_summary(Some(Text::plain(if summary.is_empty() {
                format!("Version {} by {}", v.label, v.author)
            } else {
                summary
            })));
            entry.set_links(vec![Link { href: url(link), ..Link::default() }]);
            entries.push((format!("{} {} {}", v.date, doc.id, v.label), entry));
        }
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
