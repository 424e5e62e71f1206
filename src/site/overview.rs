//! Stage 4: the pages that look across documents: review schedule (and its calendar file),
//! control matrix, people.

use super::file::Output;
use super::listing::Listed;
use super::render::Pages;
use super::view::Inputs;
use crate::review;
use crate::roster::Resolved;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct DueRow {
    /// A [`super::view::DocLink`], as a template value.
    doc: tera::Value,
    owner: String,
    next: String,
    days: i32,
    /// "12 days overdue", "in 30 days".
    when: String,
}

#[derive(Serialize)]
struct Bucket {
    title: &'static str,
    id: &'static str,
    rows: Vec<DueRow>,
}

/// `reviews/index.html` and `reviews/reviews.ics`.
pub(super) fn reviews(out: &Pages, inp: &Inputs, views: &BTreeMap<&str, &Listed>) -> Result<Vec<Output>> {
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
    let mut by_owner: BTreeMap<String, Vec<DueRow>> = BTreeMap::new();
    for due in &schedule {
        let Some(&doc) = views.get(due.doc.path.as_str()) else { continue };
        let owner = doc.row.owner.as_ref().map_or_else(|| "(no owner)".to_owned(), |o| o.name.clone());
        let row = || DueRow {
            doc: doc.link.clone(),
            owner: owner.clone(),
            next: due.next.to_string(),
            days: due.days,
            when: doc.row.assessment.when().unwrap_or_default(),
        };
        let slot = limits.iter().position(|(_, _, max)| due.days < *max).unwrap_or(limits.len() - 1);
        buckets[slot].rows.push(row());
        by_owner.entry(owner.clone()).or_default().push(row());
    }
    let path = "reviews/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("buckets", &buckets);
    // A list, not a map: templates iterate it in this order.
    ctx.insert("by_owner", &by_owner.into_iter().collect::<Vec<_>>());
    let page = out.render("reviews.html", path, &ctx)?;
    // The page's values are large with many documents: gone before the calendar is made.
    drop((ctx, buckets));
    Ok(vec![page, calendar(out, inp, &schedule, views)])
}

/// One all-day event per document's next review; UIDs stable across builds.
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
        let event = icalendar::Event::new()
            .uid(&format!("review-{}@charta", super::paths::segment(&doc.id)))
            .timestamp(stamp)
            .summary(&visible(&format!("Review due: {} {}", doc.id, doc.title)))
            .description(&visible(&format!(
                "Periodic review of {} {} (version {}), owned by {owner}.{} {link}",
                doc.id,
                doc.title,
                doc.version,
                doc.assessment.waived.as_ref().map_or_else(String::new, |why| format!(" Waived: {why}."))
            )))
            .all_day(date)
            .done();
        text.push_str(&Component::to_string(&event));
    }
    text.push_str(end);
    Output::Bytes { path: format!("{}reviews/reviews.ics", out.prefix()), bytes: text.into_bytes() }
}

#[derive(Serialize)]
struct ControlRow {
    id: String,
    /// [`super::view::DocLink`]s, as template values.
    docs: Vec<tera::Value>,
}

#[derive(Serialize)]
struct FrameworkView {
    name: String,
    title: String,
    controls: Vec<ControlRow>,
    unmapped: usize,
}

/// `controls/index.html`: framework -> control -> the documents that map to it.
pub(super) fn controls(out: &Pages, inp: &Inputs, views: &BTreeMap<&str, &Listed>) -> Result<Output> {
    let mut map: BTreeMap<String, BTreeMap<String, Vec<&Listed>>> = BTreeMap::new();
    for fw in &inp.config.frameworks {
        let controls = map.entry(fw.name.clone()).or_default();
        for c in &fw.controls {
            controls.entry(c.clone()).or_default();
        }
    }
    for doc in &inp.library.documents {
        let Some(view) = views.get(doc.path.as_str()) else { continue };
        // A control the document names twice lists it once (checked per document, not per
        // control: a control that thousands of documents map to stays linear).
        let mine: std::collections::BTreeSet<(&str, &str)> =
            doc.meta.controls.iter().map(|c| (c.value.framework.as_str(), c.value.id.as_str())).collect();
        for (framework, id) in mine {
            map.entry(framework.to_owned()).or_default().entry(id.to_owned()).or_default().push(view);
        }
    }
    let frameworks: Vec<FrameworkView> = map
        .into_iter()
        .map(|(name, controls)| {
            let title = inp
                .config
                .frameworks
                .iter()
                .find(|f| f.name == name)
                .and_then(|f| f.title.clone())
                .unwrap_or_else(|| name.clone());
            let mut controls: Vec<ControlRow> = controls
                .into_iter()
                .map(|(id, docs)| ControlRow { id, docs: docs.into_iter().map(|l| l.link.clone()).collect() })
                .collect();
            controls.sort_by(|a, b| {
                crate::revision::compare_versions(&a.id, &b.id).then_with(|| a.id.cmp(&b.id))
            });
            let unmapped = controls.iter().filter(|c| c.docs.is_empty()).count();
            FrameworkView { name, title, controls, unmapped }
        })
        .collect();
    let path = "controls/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("frameworks", &frameworks);
    out.render("controls.html", path, &ctx)
}

/// A person's page; each list holds [`super::view::DocLink`]s, as template values.
#[derive(Serialize)]
struct PersonPage {
    id: String,
    name: String,
    email: String,
    roles: Vec<String>,
    page: String,
    owns: Vec<tera::Value>,
    authored: Vec<tera::Value>,
    approved: Vec<tera::Value>,
    due: Vec<tera::Value>,
}

/// A line of `people/index.html`: the counts of a person's page.
#[derive(Serialize)]
struct PersonLine<'a> {
    name: &'a str,
    roles: &'a [String],
    page: &'a str,
    owns: usize,
    authored: usize,
    approved: usize,
    due: usize,
}

/// `people/index.html` and a page per person of the roster.
pub(super) fn people(out: &Pages, inp: &Inputs, views: &BTreeMap<&str, &Listed>) -> Result<Vec<Output>> {
    let roster = inp.roster;
    // Folders unique even for ids `check` rejects as one (`roster/duplicate-id`).
    let dirs = super::paths::people_dirs(roster.people.iter().map(|p| p.id.as_str()));
    let mut pages: Vec<PersonPage> = roster
        .people
        .iter()
        .zip(dirs)
        .map(|(p, dir)| PersonPage {
            id: p.id.clone(),
            name: p.name.clone(),
            email: p.email.clone().unwrap_or_default(),
            roles: p.roles.clone(),
            page: format!("people/{dir}/index.html"),
            owns: Vec::new(),
            authored: Vec::new(),
            approved: Vec::new(),
            due: Vec::new(),
        })
        .collect();
    // One pass over the documents, each person found by their index: not people x documents. A
    // name the roster gives to two people is on neither's page.
    let who = |name: &str| roster.index(name);
    for doc in &inp.library.documents {
        let Some(view) = views.get(doc.path.as_str()) else { continue };
        let m = &doc.meta;
        let owners: Vec<usize> = match m.owner.as_ref().map(|o| (o, roster.resolve(&o.value))) {
            Some((o, Resolved::Person(_))) => who(&o.value).into_iter().collect(),
            Some((_, Resolved::Role(role))) => (0..roster.people.len())
                .filter(|&i| roster.people[i].roles.iter().any(|r| r.eq_ignore_ascii_case(role)))
                .collect(),
            _ => Vec::new(),
        };
        let due = view.row.assessment.is_due();
        for i in owners {
            pages[i].owns.push(view.link.clone());
            if due {
                pages[i].due.push(view.link.clone());
            }
        }
        for (list, authored) in [(&m.authors, true), (&m.approvers, false)] {
            // Once per person, however often the list names them.
            let mut hit: Vec<usize> = list.iter().filter_map(|a| who(&a.value)).collect();
            hit.sort_unstable();
            hit.dedup();
            for i in hit {
                let p = &mut pages[i];
                if authored { p.authored.push(view.link.clone()) } else { p.approved.push(view.link.clone()) }
            }
        }
    }
    let mut files = Vec::new();
    for p in &pages {
        let mut ctx = out.ctx(&p.page);
        ctx.insert("person", p);
        files.push(out.render("person.html", &p.page, &ctx)?);
    }
    let lines: Vec<PersonLine> = pages
        .iter()
        .map(|p| PersonLine {
            name: &p.name,
            roles: &p.roles,
            page: &p.page,
            owns: p.owns.len(),
            authored: p.authored.len(),
            approved: p.approved.len(),
            due: p.due.len(),
        })
        .collect();
    let path = "people/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("people", &lines);
    ctx.insert("unknown_names", &roster.is_empty());
    files.push(out.render("people.html", path, &ctx)?);
    Ok(files)
}
