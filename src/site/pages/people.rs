//! Stage 4: the people pages (`people/index.html` and a page per person): what each person
//! owns, wrote, approved and has due.

use super::Listed;
use crate::roster::Resolved;
use crate::site::context::Pages;
use crate::site::file::Emit;
use crate::site::inputs::Inputs;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
/// A person's page; each list holds [`crate::site::view::DocLink`]s, as template values.
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
pub fn people(out: &Pages, inp: &Inputs, views: &BTreeMap<&str, &Listed>, emit: Emit) -> Result<()> {
    let roster = inp.roster;
    // Folders unique even for ids `check` rejects as one (`roster/duplicate-id`).
    let dirs = roster.folders().iter().cloned();
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
    for p in &pages {
        let mut ctx = out.ctx(&p.page);
        ctx.insert("person", p);
        emit(out.render("person.html", &p.page, &ctx)?)?;
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
    emit(out.render("people.html", path, &ctx)?)
}
