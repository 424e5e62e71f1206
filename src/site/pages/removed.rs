//! Stage 4: the pages of documents removed from the repository (`crate::removed`), under
//! `removed/`: each one's last version with a banner saying when it was removed, its earlier
//! versions and their redlines, and its entry of `register.json`, so that the register as of
//! a date before it was removed links to the version then in force.

use super::kept;
use crate::site::context::Site;
use crate::site::file::Emit;
use crate::site::view::{self, Badge};
use anyhow::Result;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The pages of every removed document that was ever in force (current site only: see
/// [`kept::planned`]), into `emit`; their entries of `register.json`, in path order.
pub fn pages(site: &Site, emit: Emit) -> Result<Vec<Arc<str>>> {
    let inp = site.inp;
    let Some(h) = inp.history else { return Ok(Vec::new()) };
    let mut entries = Vec::new();
    for kept::Planned { index, page, plan } in &site.removed {
        let (r, page) = (&inp.removed[*index], page.as_str());
        let gone = &h.commits[r.commit];
        let mut view = view::document(inp, &r.doc, page, &[]);
        view.versions.clone_from(&plan.list);
        super::in_force::mark_later(&mut view.versions, inp.today);
        view.badge = Badge { label: "Removed".to_owned(), class: "retired".to_owned() };
        view.next_review = String::new();
        view.print_label = crate::site::view::print_label(&view, false);
        let links = crate::site::markdown::Links {
            source: &r.doc.path,
            root: crate::links::Root::of(&inp.config.site),
            files: inp.files,
            page,
            pages: &site.pages,
            title: &view.title,
            code: site.out.code,
            images: inp.images,
            // Its last text, of the commit before the one that removed it.
            then: Some(crate::site::markdown::Then {
                moves: &h.moves,
                commit: r.commit.saturating_sub(1),
                removed: &site.removed_pages,
            }),
        };
        let body = crate::site::markdown::render(r.doc.body(), &links, false);
        let newest = plan.list.first();
        // The day the removal came to the line, as its versions' days in force end by it (a
        // removal rebased onto the line was written earlier, on its branch).
        let date = gone.not_before.to_string();
        // A withdrawal is dated by the first of the retired versions that end the list (one
        // restored still retired and removed again withdrew nothing new).
        let withdrawn = plan.list.iter().take_while(|v| v.retired).last();
        let from = withdrawn.or(newest).and_then(|v| v.in_force_from.as_deref()).unwrap_or("");
        let to = newest.and_then(|v| v.in_force_to.as_deref()).unwrap_or("");
        let mut ctx = site.out.ctx(page);
        ctx.insert("doc", &view);
        ctx.insert("body", &body.html);
        ctx.insert("toc", &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>());
        ctx.insert(
            "removed",
            &BTreeMap::from([
                ("date", date.as_str()),
                ("commit", gone.short()),
                ("commit_id", gone.id.as_str()),
                ("from", from),
                ("to", to),
                // Its last version retired it: withdrawn from `from`, never in force again.
                ("withdrawn", if newest.is_some_and(|v| v.retired) { "yes" } else { "" }),
            ]),
        );
        emit(site.out.render("document.html", page, &ctx)?)?;
        super::archived::pages(
            inp,
            &site.out,
            (&r.doc, plan),
            (&site.pages, &site.removed_pages),
            (page, Some(&date)),
            emit,
        )?;
        let not_kept = plan.not_kept;
        entries.push(super::register_json::entry(
            &view,
            (&plan.list, not_kept),
            false,
            Some((&date, &gone.id)),
        ));
    }
    Ok(entries)
}
