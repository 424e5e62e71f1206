//! Stage 4: the review schedule page (`reviews/index.html`) and its calendar file
//! (`reviews/reviews.ics`).

use super::Listed;
use crate::review;
use crate::site::context::Pages;
use crate::site::file::{Emit, Output};
use crate::site::inputs::Inputs;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct DueRow {
    /// A [`crate::site::view::DocLink`], as a template value.
    doc: tera::Value,
    owner: String,
    next: String,
    days: i32,
    /// "12 days overdue", "in 30 days".
    when: String,
    /// Under a person who holds the owning role: the role ("" when they own it by name).
    role: String,
}

#[derive(Serialize)]
struct Bucket {
    title: &'static str,
    id: &'static str,
    /// Each a [`DueRow`], as a template value: the same value as the owner's list holds.
    rows: Vec<tera::Value>,
}

/// `reviews/index.html` and `reviews/reviews.ics`.
pub fn reviews(out: &Pages, inp: &Inputs, views: &BTreeMap<&str, &Listed>, emit: Emit) -> Result<()> {
    let schedule = review::schedule(&inp.library.documents, inp.config, inp.today);
    let limits: [(&str, &str, i32); 5] = [
        ("Overdue", "overdue", 0),
        ("Due within 30 days", "30", 31),
        ("Due within 60 days", "60", 61),
        ("Due within 90 days", "90", 91),
        ("Later", "later", i32::MAX),
    ];
    let mut buckets: Vec<Bucket> =
        limits.iter().map(|(title, id, _)| Bucket { title, id, rows: Vec::new() }).collect();
    let mut by_owner: BTreeMap<String, Vec<tera::Value>> = BTreeMap::new();
    for due in &schedule {
        let Some(&doc) = views.get(due.doc.path.as_str()) else { continue };
        let owner = doc.row.owner.as_ref().map_or_else(|| "(no owner)".to_owned(), |o| o.name.clone());
        let row = || DueRow {
            doc: doc.link.clone(),
            owner: owner.clone(),
            next: due.next.to_string(),
            days: due.days,
            when: doc.row.assessment.when().unwrap_or_default(),
            role: String::new(),
        };
        let slot = limits.iter().position(|(_, _, max)| due.days < *max).unwrap_or(limits.len() - 1);
        // Made a template value once, and shared by the bucket and the owner's list.
        let value = tera::Value::from_serializable(&row());
        buckets[slot].rows.push(value.clone());
        // A role's documents are listed under each person who holds it, so that a person is
        // listed once, with what they own by name and by role.
        match doc.row.owner.as_ref().filter(|o| o.is_role && !o.holders.is_empty()) {
            Some(role) => {
                for holder in &role.holders {
                    by_owner
                        .entry(holder.clone())
                        .or_default()
                        .push(tera::Value::from_serializable(&DueRow { role: role.name.clone(), ..row() }));
                }
            }
            None => by_owner.entry(owner.clone()).or_default().push(value),
        }
    }
    // Live documents with no review date: listed as such, not left out of every count.
    let unscheduled: Vec<DueRow> = review::unscheduled(&inp.library.documents, inp.config)
        .into_iter()
        .filter_map(|d| views.get(d.path.as_str()))
        .map(|doc| DueRow {
            doc: doc.link.clone(),
            owner: doc.row.owner.as_ref().map_or_else(|| "(no owner)".to_owned(), |o| o.name.clone()),
            next: String::new(),
            days: 0,
            when: String::new(),
            role: String::new(),
        })
        .collect();
    let path = "reviews/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("buckets", &buckets);
    ctx.insert("unscheduled", &unscheduled);
    // A list, not a map: templates iterate it in this order.
    ctx.insert("by_owner", &by_owner.into_iter().collect::<Vec<_>>());
    emit(out.render("reviews.html", path, &ctx)?)?;
    // The page's values are large with many documents: gone before the calendar is made.
    drop((ctx, buckets));
    emit(calendar(out, inp, &schedule, views))
}

/// One all-day event per document's next review (DTEND the day after, as RFC 5545 has a day
/// end); UIDs stable across builds and apart between sites: `@` the host of `base_url`, else a
/// hash of the site's title; with a `base_url`, each event's URL is the document's page.
fn calendar(out: &Pages, inp: &Inputs, schedule: &[review::Due], views: &BTreeMap<&str, &Listed>) -> Output {
    use crate::escape::visible;
    use icalendar::{Calendar, Component, EventLike};
    let stamp = chrono::NaiveDate::from_ymd_opt(
        i32::from(inp.today.year()),
        inp.today.month().unsigned_abs().into(),
        inp.today.day().unsigned_abs().into(),
    )
    .and_then(|d| d.and_hms_opt(0, 0, 0))
    .map(|dt| dt.and_utc())
    .unwrap_or_default();
    let base = inp.config.site.base_url.as_deref().unwrap_or("").trim_end_matches('/');
    let host = inp
        .config
        .site
        .base_url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_owned));
    let domain = host.unwrap_or_else(|| {
        let key = crate::fingerprint::of(inp.config.site.title.as_str());
        format!("{}.charta", hex::encode(&key[..6]))
    });
    let mut cal = Calendar::new();
    // icalendar escapes `\n`, `,` and `;` but writes a bare CR or ESC as it comes, and a reader
    // that splits lines at CR sees a property (an event) of the value's making: every value
    // from the repository is made `visible` first.
    cal.name(&visible(&format!("{}: periodic reviews", inp.config.site.title)));
    // The calendar's text, its events added one at a time where the crate writes them (after
    // the calendar's properties, before its end): ten thousand event values at once are large.
    let whole = cal.done().to_string();
    let end = "END:VCALENDAR\r\n";
    let mut text = whole.strip_suffix(end).unwrap_or(&whole).to_owned();
    for due in schedule {
        let Some(doc) = views.get(due.doc.path.as_str()).map(|l| l.row) else { continue };
        let Some(date) = chrono::NaiveDate::from_ymd_opt(
            i32::from(due.next.year()),
            due.next.month().unsigned_abs().into(),
            due.next.day().unsigned_abs().into(),
        ) else {
            continue;
        };
        let owner = doc.owner.as_ref().map_or_else(|| "no owner".to_owned(), |o| o.name.clone());
        let link = if base.is_empty() { doc.page.clone() } else { format!("{base}/{}", doc.page) };
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("review-{}@{domain}", crate::site::paths::segment(&doc.id)))
            .timestamp(stamp)
            .summary(&visible(&format!("Review due: {} {}", doc.id, doc.title)))
            .description(&visible(&format!(
                "Periodic review of {} {} (version {}), owned by {owner}.{} {link}",
                doc.id,
                doc.title,
                doc.version,
                doc.assessment.waived.as_ref().map_or_else(String::new, |why| format!(" Waived: {why}."))
            )))
            .starts(date)
            .ends(date.succ_opt().unwrap_or(date));
        if !base.is_empty() {
            event.url(&link);
        }
        let event = event.done();
        text.push_str(&Component::to_string(&event));
    }
    text.push_str(end);
    Output::Bytes { path: format!("{}reviews/reviews.ics", out.prefix()), bytes: text.into_bytes() }
}
