//! Stage 4: the pages of a document's past versions that [`super::history::plan`] planned: an
//! archived page per earlier version (with its banner: superseded, or still in force while a
//! later one is not) and a redline per change.

use super::history::Plan;
use crate::document::Document;
use crate::site::context::Pages;
use crate::site::file::Emit;
use crate::site::inputs::Inputs;
use crate::site::markdown::{self, Links, Then};
use crate::site::view::{self, Badge};
use anyhow::Result;
use std::collections::BTreeMap;

/// The archived page of each superseded version and the redline of each change in `plan`;
/// `pages` is the page of each current document and of each removed one the site keeps
/// (`Site::pages`, `Site::removed_pages`); `current` is the page of the document's newest
/// version, and `removed` the day the document was removed from the repository, if it was
/// (`crate::removed`).
pub(in crate::site) fn pages(
    inp: &Inputs,
    out: &Pages,
    (doc, plan): (&Document, &Plan),
    (pages, removed_pages): (&BTreeMap<String, String>, &crate::site::hrefs::Kept),
    (current, removed): (&str, Option<&str>),
    emit: Emit,
) -> Result<()> {
    // Each page handed out as it is made: a document's versions and redlines together are
    // tens of megabytes each for a text of megabytes, and were held until the last was made.
    for a in &plan.archived {
        // An archived version is shown as it was, with its own front matter; its findings
        // belong to the current version and are not repeated.
        let mut view = view::document(inp, &a.doc, &a.page, &[]);
        view.versions.clone_from(&plan.list);
        super::in_force::mark_later(&mut view.versions, inp.today);
        // Only the current version can be due for review: a superseded one is said to be, and
        // one no later version has replaced yet (the current is a draft) to be in force.
        let listed = plan.list.iter().find(|v| v.page == a.page);
        let in_force = removed.is_none() && listed.is_some_and(|v| super::in_force::on(v, inp.today));
        // Approved to take effect on a day still to come.
        let later = removed.is_none() && listed.is_some_and(|v| super::in_force::later(v, inp.today));
        view.badge = if in_force {
            Badge { label: "In force".to_owned(), class: "approved".to_owned() }
        } else if later {
            Badge { label: "Approved".to_owned(), class: "approved".to_owned() }
        } else {
            Badge { label: "Superseded".to_owned(), class: "retired".to_owned() }
        };
        view.next_review = String::new();
        // Printed, a superseded version or one yet to take effect says so on every sheet.
        view.print_label = view::print_label(&view, in_force);
        view.proof = listed.and_then(|v| v.proof.clone());
        view.proof_words = view.proof.as_ref().map(crate::evidence::Proof::words).unwrap_or_default();
        // The text is as its commit had it: its links name the files of then, from where the
        // document was then (each followed to where it is now).
        let moves = inp.history.map(|h| &h.moves);
        let source = moves.map_or_else(|| doc.path.clone(), |m| m.then(&doc.path, a.commit));
        // Its Location, where it names the file (no `location` stated, no `base_url`): the file
        // this text was, not the document's path now.
        if view.location == doc.path && a.doc.meta.location.is_none() {
            view.location.clone_from(&source);
        }
        let links = Links {
            source: &source,
            root: crate::links::Root::of(&inp.config.site),
            files: inp.files,
            page: &a.page,
            pages,
            title: &view.title,
            code: out.code,
            images: inp.images,
            then: moves.map(|moves| Then { moves, commit: a.commit, removed: removed_pages }),
        };
        let body = markdown::render(a.doc.body(), &links, false);
        let mut ctx = out.ctx(&a.page);
        ctx.insert("doc", &view);
        ctx.insert("body", &body.html);
        ctx.insert("toc", &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>());
        // What the page is: a version, or a text of a document that states none (listed by
        // its commit).
        let what = match (&a.doc.meta.version, listed) {
            (Some(version), Some(v)) if v.label == version.value => super::in_force::named_in(&plan.list, v),
            (Some(version), _) => format!("version {}", version.value),
            (None, Some(v)) => super::in_force::named(v),
            (None, None) => "an earlier text".to_owned(),
        };
        let from = listed.and_then(|v| v.in_force_from.as_deref()).unwrap_or("");
        let to = listed.and_then(|v| v.in_force_to.as_deref()).unwrap_or("");
        ctx.insert(
            "superseded",
            &BTreeMap::from([
                ("what", what.as_str()),
                ("by", a.superseded_by.as_str()),
                ("current", current),
                ("from", from),
                ("to", to),
                ("removed", removed.unwrap_or("")),
                ("in_force", if in_force { "yes" } else { "" }),
                ("later", if later { "yes" } else { "" }),
                ("gone", a.removed.as_deref().unwrap_or("")),
                ("retired", if listed.is_some_and(|v| v.retired) { "yes" } else { "" }),
            ]),
        );
        // Its text was changed after the approval it states, and nothing approved the change:
        // the page says so, with the redline of that change.
        ctx.insert("unapproved", &a.unapproved);
        emit(out.render("document.html", &a.page, &ctx)?)?;
    }
    for r in &plan.redlines {
        let mut ctx = out.ctx(&r.page);
        ctx.insert("redline", r);
        ctx.insert("doc_id", &doc.id());
        ctx.insert("doc_title", &doc.title());
        ctx.insert("doc_page", current);
        emit(out.render("diff.html", &r.page, &ctx)?)?;
    }
    Ok(())
}
