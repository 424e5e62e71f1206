//! Stage 4: the register (`index.html`: every document by collection, with counts by badge)
//! and a page per collection (`collections/<name>/index.html`).

use crate::site::context::{NavItem, Pages};
use crate::site::file::{Emit, Output};
use crate::site::view::{Badge, Row};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// A collection as the register and its own page show it.
#[derive(Serialize)]
pub struct Group {
    title: String,
    pub page: String,
    path: String,
    /// Each a [`Row`], as a template value: the documents not retired.
    docs: Vec<tera::Value>,
    /// The retired ones, which the pages list apart, folded away but there to be found.
    retired: Vec<tera::Value>,
    /// Each one's page, in the same order.
    #[serde(skip)]
    rows: Vec<String>,
}

#[derive(Serialize)]
struct Count {
    badge: Badge,
    count: usize,
    /// The register filtered to this status: `?status=Due+soon`.
    query: String,
}

/// The collections of `nav`, each with its documents (`collection` of each listed row: the
/// index of its collection), sorted by id.
pub fn groups(nav: &[NavItem], rows: &[Row], collection: impl Fn(usize) -> usize) -> Vec<Group> {
    let mut members: Vec<Vec<&Row>> = nav.iter().map(|_| Vec::new()).collect();
    for (i, r) in rows.iter().enumerate() {
        if let Some(m) = members.get_mut(collection(i)) {
            m.push(r);
        }
    }
    nav.iter()
        .zip(members)
        .map(|(n, mut m)| {
            m.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.source.cmp(&b.source)));
            let (retired, docs): (Vec<&Row>, Vec<&Row>) =
                m.iter().partition(|r| r.assessment.status == Some(crate::document::Status::Retired));
            Group {
                title: n.title.clone(),
                page: n.page.clone(),
                path: n.path.clone(),
                rows: m.iter().map(|r| r.page.clone()).collect(),
                docs: docs.into_iter().map(tera::Value::from_serializable).collect(),
                retired: retired.into_iter().map(tera::Value::from_serializable).collect(),
            }
        })
        .collect()
}

/// The current site's views over time, which the register links: the register as of a date,
/// and the releases page when there are releases. None in a release snapshot.
#[derive(Serialize, Clone, Copy)]
pub struct Views {
    pub releases: bool,
}

/// Each collection's page, then the register, then (current site) the register as of a date.
pub fn pages(
    out: &Pages,
    (groups, rows): (&[Group], &[Row]),
    findings: usize,
    views: Option<Views>,
    emit: Emit,
) -> Result<()> {
    for g in groups {
        let mut ctx = out.ctx(&g.page);
        ctx.insert("collection", g);
        emit(out.render("collection.html", &g.page, &ctx)?)?;
    }
    let mut ctx = out.ctx("index.html");
    ctx.insert("groups", groups);
    ctx.insert("counts", &counts(rows.iter().map(|r| &r.badge)));
    ctx.insert("findings_total", &findings);
    ctx.insert("views", &views);
    emit(out.render("index.html", "index.html", &ctx)?)?;
    emit(Output::Bytes { path: format!("{}register.csv", out.prefix()), bytes: csv(groups, rows)? })?;
    if let Some(views) = views {
        let mut ctx = out.ctx("as-of/index.html");
        ctx.insert("releases_page", &views.releases);
        emit(out.render("as-of.html", "as-of/index.html", &ctx)?)?;
    }
    Ok(())
}

/// The register as CSV: a row per document in the register's order (by collection, then id),
/// with what its row shows. A cell a spreadsheet would run as a formula is made text.
fn csv(groups: &[Group], rows: &[Row]) -> Result<Vec<u8>> {
    let by_page: BTreeMap<&str, &Row> = rows.iter().map(|r| (r.page.as_str(), r)).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "ID",
        "Title",
        "Collection",
        "Kind",
        "Version",
        "Version in force",
        "Status",
        "Stated status",
        "Owner",
        "Approved",
        "Next review",
        "Source",
        "Page",
    ])?;
    for g in groups {
        for r in g.rows.iter().filter_map(|page| by_page.get(page.as_str())) {
            let owner = r.owner.as_ref().map_or("", |o| o.name.as_str());
            let cells = [
                &r.id,
                &r.title,
                &g.title,
                &r.kind,
                &r.version,
                &r.version_in_force,
                &r.badge.label,
                &r.status,
                owner,
                &r.approved,
                &r.next_review,
                &r.source,
                &r.page,
            ];
            w.write_record(cells.iter().map(|s| crate::escape::csv_cell(s).into_owned()))?;
        }
    }
    Ok(w.into_inner()?)
}

fn counts<'a>(badges: impl Iterator<Item = &'a Badge>) -> Vec<Count> {
    let mut by_label: BTreeMap<(String, String), usize> = BTreeMap::new();
    for b in badges {
        *by_label.entry((b.class.clone(), b.label.clone())).or_default() += 1;
    }
    by_label
        .into_iter()
        .map(|((class, label), count)| Count {
            query: format!(
                "?status={}",
                url::form_urlencoded::byte_serialize(label.as_bytes()).collect::<String>()
            ),
            badge: Badge { label, class },
            count,
        })
        .collect()
}
