//! Stage 4: one document's pages (its own page and, with git history, an archived page per past
//! version and a redline per change), handed out as they are made, and what the pages
//! that list documents need of it.

use super::history;
use crate::document::Document;
use crate::finding::Finding;
use crate::fingerprint::Key;
use crate::site::context::Site;
use crate::site::file::Emit;
use crate::site::markdown::{self, Links};
use crate::site::view;
use crate::timeline::Timeline;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the pages that list documents need of one's body and history, once its own pages are
/// written (its [`Row`](crate::site::view::Row) is known before).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Done {
    pub(in crate::site) search: super::search::Entry,
    /// Its entry of `register.json`.
    pub(in crate::site) register: Arc<str>,
    pub(in crate::site) feed: super::feed::Items,
    pub(in crate::site) assets: BTreeSet<String>,
    /// The keys of its pages' code blocks, as the highlighter named them.
    pub code: Vec<Key>,
}

impl Done {
    /// Its part of the search index, whose words the build cache stores apart (see
    /// [`super::search::Entry`]).
    pub fn search(&self) -> &super::search::Entry {
        &self.search
    }
}

/// Render `doc`'s pages from its `text`, its `timeline` (with git history), its approvals with
/// their proofs (with `[evidence]`) and its `findings`, into `emit`.
pub fn render(
    site: &Site,
    doc: &Document,
    (timeline, approvals): (Option<&Timeline>, &[crate::evidence::Approval]),
    text: String,
    findings: &[&Finding],
    emit: Emit,
) -> Result<Done> {
    let (inp, out) = (site.inp, &site.out);
    let page = &site.pages[&doc.path];
    let mut view = view::document(inp, doc, page, findings);
    site.locate(doc, &mut view);
    let proof = crate::evidence::proof::current(approvals);
    view.proof = proof.cloned();
    view.proof_words = proof.map(crate::evidence::Proof::words).unwrap_or_default();
    view.succession = site.successions.get(&doc.path).cloned();
    let links = Links {
        source: &doc.path,
        root: crate::links::Root::of(&inp.config.site),
        files: inp.files,
        page,
        pages: &site.pages,
        title: &view.title,
        code: out.code,
        images: inp.images,
        then: None,
    };
    let body = markdown::render(text.get(doc.body_start..).unwrap_or(""), &links, true);
    // Git's id for the working text: which committed text, if any, it is.
    let working_blob = inp.history.map(|_| crate::history::blob_id(&text));
    let plan = inp
        .history
        .zip(timeline)
        .zip(working_blob)
        .map(|((h, timeline), blob)| {
            let max = inp.config.history.max_versions;
            let changed =
                findings.iter().any(|f| f.rule == crate::finding::Rule::HistoryChangedAfterApproval);
            history::plan(
                doc,
                page,
                &site.page_files,
                (h, timeline, approvals),
                (inp.roster, &inp.config.fields.aliases),
                (max, changed),
                (&text, blob),
            )
        })
        .transpose()?;
    if let (Some(plan), Some(h), Some(timeline)) = (&plan, inp.history, timeline) {
        view.versions.clone_from(&plan.list);
        super::in_force::mark_later(&mut view.versions, inp.today);
        // A draft, a version in review or one that takes effect later says which version is in
        // force meanwhile.
        let later = doc.meta.effective_date.as_ref().is_some_and(|d| d.value > inp.today);
        // A current version that never came into force though approved: its approval record
        // only restates the approval before it (`crate::timeline::Timeline::mark_restatements`).
        let unapproved = view.not_in_force.is_empty()
            && plan.list.iter().any(|v| v.current && v.in_force_from.is_none() && !v.commit_id.is_empty());
        if unapproved {
            // The approval it states is the version before's: its proof proves nothing of this.
            (view.proof, view.proof_words) = (None, String::new());
            view.not_in_force.push_str(
                "This text records no approval of its own: the approval it states was given before this text was written.",
            );
        }
        // Changed since its approval, with nothing approving the change (check's
        // `history/changed-after-approval`, not waived): said above the text whatever the site
        // shows of findings, and on every printed page; the redline shows the text approved.
        let changed = findings
            .iter()
            .any(|f| f.rule == crate::finding::Rule::HistoryChangedAfterApproval && f.waived.is_none());
        if let Some(redline) =
            plan.since_approval.as_ref().filter(|_| changed && view.not_in_force.is_empty())
        {
            // The version, as the versions list says, is in force: as it was approved.
            let approved = match view.version.as_str() {
                "" => "the text approved".to_owned(),
                v => format!("version {v} as approved"),
            };
            view.not_in_force = format!(
                "This text was changed after its approval on {} was recorded, and no approval covers the change: {approved} is in force, not this text.",
                view.approved
            );
            view.since_approval.clone_from(redline);
        }
        if (doc.meta.pending() || later || unapproved)
            && let Some(v) = plan.list.iter().find(|v| !v.current && super::in_force::on(v, inp.today))
        {
            let approved =
                if v.approved.is_empty() { String::new() } else { format!(", approved on {}", v.approved) };
            let named = super::in_force::named(v);
            let (first, rest) = named.split_at(1);
            view.not_in_force.push_str(&format!(" {}{rest}{approved}, is in force.", first.to_uppercase()));
            view.in_force_page.clone_from(&v.page);
        }
        // The effective date it states, where its days in force began later (its approval
        // reached the main line with a merge days after, or the version before ran on): the
        // header says both, as the versions list does. Not a retirement's (the day it was
        // withdrawn), nor a static site's page's own date.
        if let Some(from) = plan.list.iter().find(|v| v.current).and_then(|v| v.in_force_from.as_deref())
            && doc.meta.effective_date.is_some()
            && !doc.meta.retired()
            && !view.effective.is_empty()
            && from > view.effective.as_str()
        {
            view.effective = format!("{} (in force from {from}: see the versions below)", view.effective);
        }
        // What came to be said of it since the view was made, on every printed page too.
        view.print_label = crate::site::view::print_label(&view, view.not_in_force.is_empty());
        let rule = crate::finding::Rule::HistoryChangedAfterApproval.id();
        for f in view.findings.iter_mut().filter(|f| f.rule == rule) {
            f.redline.clone_from(&plan.since_approval);
        }
        // Each revision entry cites the commit that added it, as `git log` shows it.
        let committed = timeline.steps.last().and_then(|s| s.blob) == working_blob;
        // The approval it states cites the commit that first recorded it; not a draft's or a
        // version in review's, whose approval fields are an earlier version's.
        let pending = doc.meta.pending();
        // On the branch a merge brought in, when it was recorded there.
        // Not a commit that recorded another day (`Timeline::recorded_as_stated`).
        if let Some(record) = timeline.stated(&doc.meta).filter(|_| !pending)
            && let Some(c) = timeline.recorded_as_stated(&doc.meta, committed)
        {
            let on_branch =
                timeline.approved_on_branch(c, record).and_then(|s| h.merged.get(&c)?.commits.get(s.commit));
            let line = &h.commits[c];
            if on_branch.is_some() {
                view.approval_merge = line.short().to_owned();
                view.approval_merge_id.clone_from(&line.id);
            }
            let c = on_branch.unwrap_or(line);
            view.approval_commit = format!("{} {}", c.short(), c.date);
            view.approval_commit_id.clone_from(&c.id);
        }
        for rev in &mut view.revisions {
            if let Some(c) = timeline.added(rev.entry, committed) {
                let c = &h.commits[c];
                rev.commit = format!("{} {}", c.short(), c.date);
                rev.commit_id.clone_from(&c.id);
            }
        }
    }
    drop(text);
    let mut ctx = out.ctx(&view.page);
    ctx.insert("doc", &view);
    ctx.insert("body", &body.html);
    ctx.insert("toc", &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>());
    emit(out.render("document.html", &view.page, &ctx)?)?;
    if let Some(plan) = &plan {
        super::archived::pages(
            inp,
            out,
            (doc, plan),
            (&site.pages, &site.removed_pages),
            (page, None),
            emit,
        )?;
    }
    // Without history, the one version known is the working copy's.
    let alone;
    let versions = if plan.is_some() {
        &view.versions[..]
    } else {
        alone = [history::working_version(doc, &view.page, inp.roster, "")];
        &alone[..]
    };
    let (search, text) = super::search::entry(out.prefix(), &view, body.search, out.shelf.as_ref())?;
    emit(text)?;
    let data = Done {
        code: body.code,
        search,
        register: super::register_json::entry(
            &view,
            (versions, plan.as_ref().map_or(0, |p| p.not_kept)),
            inp.config.site.findings != crate::config::FindingsShown::Hidden,
            None,
        ),
        // A release snapshot has no feed: its documents' changes are not kept for one (at
        // 10,000 documents, 20 MB of a snapshot's peak memory).
        feed: match site.place.release {
            None => super::feed::items(&view, plan.as_ref(), inp.today),
            Some(_) => super::feed::Items::default(),
        },
        assets: body.assets,
    };
    Ok(data)
}
