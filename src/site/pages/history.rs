//! Stage 4: a document's past versions: the list on its page and the plan of an archived page
//! per earlier version and a redline per consecutive pair (made in `archived.rs`).

use crate::document::Document;
use crate::history::History;
use crate::roster::Roster;
use crate::site::pages::in_force;
use crate::site::pages::redline::{self, Redline, Side};
use crate::site::paths;
use crate::site::view::{Change, VersionView, commit_ref};
use crate::timeline::Timeline;
use crate::versions::{self, Version};

mod budget;
pub use budget::MAX_HISTORY_TEXT;
use budget::within;

/// A superseded version, rendered as a page of its own.
pub struct Archived {
    pub page: String,
    pub doc: Document,
    pub superseded_by: String,
    /// The first change made to the version's approved text that no approval covered (its
    /// entry in the version's list of changes), when there was one.
    pub unapproved: Option<Change>,
    /// The day the document was removed after this version (and later brought back).
    pub removed: Option<String>,
    /// Where the text its page shows was written ([`Version::written`]): its links name the
    /// paths of that commit.
    pub commit: usize,
}

pub struct Plan {
    pub list: Vec<VersionView>,
    pub archived: Vec<Archived>,
    pub redlines: Vec<Redline>,
    /// The redline of what was committed since the approval the document states, when its
    /// text changed after it and `history/changed-after-approval` says so: the finding links it.
    pub since_approval: Option<String>,
    /// How many older versions `[history] max_versions` leaves out of `list`.
    pub not_kept: usize,
}

/// The folder of a version's pages, beside the document's page: `v` and the label, or where
/// another document's page lies there (`sop/a/v1.0.md` beside `sop/a.md` at version 1.0), that
/// with `-version` added, so that neither stops the build.
/// A version whose label an earlier one has (`Version::repeated`) adds its first commit's id.
fn version_dir(doc_page: &str, v: &Version, history: &History, pages: &paths::PageFiles) -> String {
    let label = if v.repeated {
        format!("{}-{}", v.label, history.commits[v.first].short())
    } else {
        v.label.clone()
    };
    free(doc_page, &paths::segment(&format!("v{label}")), "version", pages)
}

/// The folder `name` beside the document's page `doc_page`, or with `-` and `kind` added when
/// another document's page lies there.
fn free(doc_page: &str, name: &str, kind: &str, pages: &paths::PageFiles) -> String {
    let dir = doc_page.trim_end_matches("index.html").trim_end_matches('/');
    let folder = format!("{dir}/{name}");
    if pages.under(&folder) { format!("{folder}-{kind}") } else { folder }
}

/// Plan the version pages of `doc` (its current page at `page`), from its history and timeline;
/// the newest `max` versions. With `changed_after_approval` (the finding is the document's), a
/// redline of what changed since its approval.
pub fn plan(
    doc: &Document,
    page: &str,
    pages: &paths::PageFiles,
    (history, timeline, approvals): (&History, &Timeline, &[crate::evidence::Approval]),
    (roster, own_names): (&Roster, &crate::frontmatter::schema::Names),
    (max, changed_after_approval): (usize, bool),
    (working, working_blob): (&str, crate::history::BlobId),
) -> anyhow::Result<Plan> {
    let mut all: Vec<Version> = versions::of(doc, timeline, history, working, working_blob);
    let current_label = doc.meta.version.as_ref().map(|v| v.value.clone());
    // Sized only where the budget could be reached: a text read is at most
    // `MAX_MARKDOWN_SIZE`, so a few versions fit whatever their sizes (most documents).
    let kept = max.min(all.len());
    let may_exceed = (kept as u64).saturating_mul(crate::load::MAX_MARKDOWN_SIZE) > MAX_HISTORY_TEXT;
    let fit = if may_exceed {
        within(all.iter().map(|v| history.size(v.blob).unwrap_or(0)), MAX_HISTORY_TEXT)
    } else {
        kept
    };
    let skip = all.len().saturating_sub(max.min(fit));
    let mut plan = Plan {
        list: Vec::new(),
        archived: Vec::new(),
        redlines: Vec::new(),
        since_approval: None,
        not_kept: skip,
    };
    // The redline of each commit that changed a version again, by its commit.
    let mut again: Vec<(usize, String)> = Vec::new();
    let count = all.len();
    let last = count.saturating_sub(1);
    // Each version's text is parsed at most once, and only when a page shows more of it than
    // the working copy's document already says: a redline on either side, an archived page, or
    // a committed text that is not the working copy's.
    let parse = |text: &str| Document::parse_named(&doc.path, doc.collection, text.to_owned(), own_names);
    // The version before, its page, and its document if it was parsed.
    let mut previous: Option<(Version, String, String, Option<Document>)> = None;
    // The day the latest version so far that was to be in force was first committed, or a
    // later day an earlier one was (listed or not: the periods do not depend on `max`).
    let mut before: Option<jiff::civil::Date> = None;
    // The version before was followed by the document's removal: this one brought it back.
    let mut came_back = false;
    // The commit of the approval the document states, when its text changed after it: the
    // current version's redline ends there, as approved (what came after is not approved).
    let approving = changed_after_approval.then(|| redline::approved_then_changed(doc, timeline)).flatten();
    // That redline, by its index in `plan.redlines`: it links what came after once made.
    let mut as_approved: Option<usize> = None;
    for (i, v) in all.drain(..).enumerate() {
        // Read now, one version at a time; a text git cannot give is left out
        // (`rules::history::check` reports it as `history/unreadable`): one damaged object does
        // not stop the site.
        let Some(text) = v.text(history, (working, working_blob)) else { continue };
        let is_current = i == last && current_label.as_deref().is_none_or(|c| c == v.label);
        let listed = i >= skip;
        let next_redline = i + 1 < count && i + 1 >= skip;
        let mut vdoc: Option<Document> = None;
        let commit = &history.commits[v.first];
        if std::mem::replace(&mut came_back, v.removed.is_some()) {
            // Not in force before it came back, whatever its approval says.
            before = before.max(Some(commit.not_before));
        }
        let this_page = if is_current {
            page.to_owned()
        } else {
            format!("{}/index.html", version_dir(page, &v, history, pages))
        };
        let mut diff_page = None;
        if let Some((prev, prev_text, prev_page, pdoc)) = previous.take().filter(|_| listed) {
            let pdoc = pdoc.unwrap_or_else(|| parse(&prev_text));
            let vdoc = vdoc.get_or_insert_with(|| parse(&text));
            let path = format!("{}/diff/index.html", version_dir(page, &v, history, pages));
            // The current version as approved, when it was changed after: its text then.
            // Recorded on a merged branch, the text approved is the branch's (the merge may be
            // the version's last commit).
            let approved = approving
                .as_ref()
                .filter(|a| is_current && a.commit >= v.first && (a.commit < v.last || a.branch.is_some()))
                .and_then(|a| match a.branch {
                    Some((_, blob)) => history.text(blob).ok().map(|t| (a.commit, parse(&t))),
                    None => {
                        let c = a.commit;
                        let text = redline::texts(
                            doc,
                            (history, timeline),
                            (c, c),
                            (working, working_blob),
                            own_names,
                        );
                        text.into_iter().next_back().map(|(_, d)| (c, d))
                    }
                });
            let (to, to_doc) = match &approved {
                Some((c, d)) => ((*c), d),
                None => (v.last, &*vdoc),
            };
            // The version before as approved, when a commit changed it after its approval: this
            // version's approval is of the change from that text, the unapproved edit included
            // (shown from its last text, that edit read as approved in the version before).
            let prev_approved = match timeline.branch_change(prev.first, prev.last) {
                // Approved on the branch its merge brought in: the text approved is the branch's.
                Some(b) => super::branch_change::approved(doc, history, &b, own_names)
                    .map(|d| (b.merge.saturating_sub(1), d)),
                None => timeline.unapproved_change(prev.first, prev.last).and_then(|c| {
                    let range = (prev.first, c.saturating_sub(1));
                    redline::texts(doc, (history, timeline), range, (working, working_blob), own_names).pop()
                }),
            };
            let (from, from_doc, from_label) = match &prev_approved {
                Some((c, d)) => (*c, d, format!("{} as approved", prev.label)),
                None => (prev.last, &pdoc, prev.label.clone()),
            };
            // A retirement's change is the retirement: its entry's author wrote it.
            let retired = to_doc.meta.retired() && !from_doc.meta.retired();
            let changed_by = entry_authors(roster, to_doc, &v.label, retired);
            if approved.is_some() {
                as_approved = Some(plan.redlines.len());
            }
            plan.redlines.push(redline::between(
                path.clone(),
                (
                    Side { label: from_label, page: prev_page, doc: from_doc },
                    Side { label: v.label.clone(), page: this_page.clone(), doc: to_doc },
                ),
                (history, timeline),
                (from, to),
                redline::Named::First,
                changed_by,
            ));
            diff_page = Some(path);
        }
        if vdoc.is_none() && !doc.is_text(&text) {
            vdoc = Some(parse(&text));
        }
        // No document of its own: the text is the working copy's.
        let from = in_force::first_day(&vdoc.as_ref().unwrap_or(doc).meta, &v, (history, timeline), before);
        if from.is_some() {
            // The latest day so far: a commit dated back (a rebase of an old branch) came
            // after the ones before it all the same.
            before = before.max(Some(commit.landed));
        }
        if listed {
            let m = &vdoc.as_ref().unwrap_or(doc).meta;
            // Each with the text the line had before it, for a merge's branch authors.
            let commits = timeline
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.blob.is_some() && (v.first..=v.last).contains(&s.commit))
                .map(|(i, s)| {
                    let before = i.checked_sub(1).and_then(|j| timeline.steps[j].blob);
                    commit_ref(history, s.commit, (before, s.blob))
                })
                .collect();
            let dir = version_dir(page, &v, history, pages);
            let made = super::changes::of(
                doc,
                &v,
                (&v.label, &this_page, &dir),
                (history, timeline),
                ((working, working_blob), own_names),
            );
            let super::changes::Again { changes, redlines, commits: changed_again, unapproved } = made;
            plan.redlines.extend(redlines);
            again.extend(changed_again);
            let who = in_force::approved(roster, timeline, (v.first, v.last), m);
            plan.list.push(VersionView {
                in_force_from: from,
                in_force_to: None,
                later: false,
                removed: v.removed.map(|c| history.commits[c].not_before.to_string()),
                commits,
                // A draft's or a version in review's approval fields are an earlier version's.
                approver_names: who.names,
                label: v.label.clone(),
                date: commit.date.to_string(),
                author: crate::site::view::commit_author(roster, history, v.first, {
                    let at = timeline.steps.iter().position(|s| s.commit == v.first);
                    let blob = |i: usize| timeline.steps.get(i).and_then(|s| s.blob);
                    (at.and_then(|i| i.checked_sub(1)).and_then(blob), at.and_then(blob))
                }),
                commit: commit.short().to_owned(),
                commit_id: commit.id.clone(),
                changes,
                approvers: who.approvers,
                approved: who.approved,
                again: who.again,
                page: this_page.clone(),
                diff: diff_page,
                current: is_current,
                retired: m.retired(),
                // A version that only restates an earlier approval has none to prove.
                proof: timeline
                    .stated(m)
                    .filter(|_| !m.pending() && !timeline.only_restates(v.first, v.last))
                    .and_then(|r| approvals.iter().find(|a| a.record == r))
                    .map(|a| a.proof.clone()),
            });
            if !is_current {
                let superseded_by = current_label
                    .as_ref()
                    .map_or_else(|| "the current text".to_owned(), |l| format!("version {l}"));
                // The next version's redline reads this document too.
                let archived = if next_redline {
                    vdoc.get_or_insert_with(|| parse(&text)).clone()
                } else {
                    vdoc.take().unwrap_or_else(|| parse(&text))
                };
                let removed = v.removed.map(|c| history.commits[c].not_before.to_string());
                plan.archived.push(Archived {
                    page: this_page.clone(),
                    doc: archived,
                    superseded_by,
                    unapproved,
                    removed,
                    commit: v.written(timeline),
                });
            }
        }
        previous = Some((v, text, this_page, vdoc));
    }
    // A retirement that keeps the approval of the version it withdraws states none of its own:
    // its row shows none (the version's, beside "withdrawn", read as an approved withdrawal).
    for i in 1..plan.list.len() {
        let (before, this) = plan.list.split_at_mut(i);
        let (old, v) = (&before[i - 1], &mut this[0]);
        if v.retired && !old.retired && v.approved == old.approved && v.approvers == old.approvers {
            (v.approvers, v.approved, v.proof) = (String::new(), String::new(), None);
            v.approver_names.clear();
        }
    }
    plan.list.reverse();
    if changed_after_approval
        && let Some((link, made)) = redline::since_approval(
            doc,
            (page, format!("{}/index.html", free(page, "since-approval", "redline", pages))),
            (history, timeline),
            &again,
            ((working, working_blob), own_names),
        )
    {
        if let Some(r) = as_approved.and_then(|i| plan.redlines.get_mut(i)) {
            r.unapproved = Some(link.clone());
        }
        plan.redlines.extend(made);
        plan.since_approval = Some(link);
    }
    if !plan.list.iter().any(|v| v.current) && !plan.list.is_empty() {
        // The working copy has a version no commit holds yet.
        let mut working = working_version(doc, page, roster, "not committed");
        working.in_force_from = in_force::after_the_one_before(working.in_force_from.take(), before, None);
        plan.list.insert(0, working);
    }
    in_force::to(&mut plan.list);
    for a in &mut plan.archived {
        a.superseded_by = in_force::successor(&plan.list, &a.page, &a.superseded_by);
    }
    // Two versions of one number (new words approved under it, a retirement keeping it): each
    // side of their redline named as the banners and the list name it.
    for r in plan.redlines.iter_mut().filter(|r| r.from_page != r.to_page) {
        let listed = |page: &str| plan.list.iter().find(|v| v.page == page);
        if let (Some(a), Some(b)) = (listed(&r.from_page), listed(&r.to_page))
            && a.label == b.label
        {
            let name = |v| in_force::named_in(&plan.list, v).trim_start_matches("version ").to_owned();
            (r.from, r.to) = (name(a), name(b));
        }
    }
    Ok(plan)
}

/// The document's version as its working copy states it, at `page`, with `commit` said of it.
pub fn working_version(doc: &Document, page: &str, roster: &Roster, commit: &str) -> VersionView {
    let m = &doc.meta;
    VersionView {
        label: m.version.as_ref().map_or_else(|| "working copy".to_owned(), |v| v.value.clone()),
        date: String::new(),
        author: String::new(),
        commit: commit.to_owned(),
        commit_id: String::new(),
        changes: Vec::new(),
        approvers: names(roster, m.own_approvers()),
        approved: m.own_approval_date().map(|d| d.to_string()).unwrap_or_default(),
        again: String::new(),
        page: page.to_owned(),
        diff: None,
        current: true,
        retired: m.retired(),
        // Without history there is no code chain to prove it.
        proof: None,
        in_force_from: in_force::from(m, m.effective_date.as_ref().map(|d| d.value), (None, false), None),
        in_force_to: None,
        later: false,
        removed: None,
        commits: Vec::new(),
        approver_names: m
            .own_approvers()
            .iter()
            .map(|a| crate::site::view::person(roster, &a.value).name)
            .collect(),
    }
}

/// Who wrote version `label` of `doc`: the authors of its revision entries for that version
/// that record a change (where `retired`, its retirement; else, for a retirement the entry
/// names no version of, the latest retirement entry's), as the roster names them,
/// comma-separated.
fn entry_authors(roster: &Roster, doc: &Document, label: &str, retired: bool) -> String {
    use crate::document::RevisionType;
    let kind = if retired { RevisionType::Retirement } else { RevisionType::Change };
    let of_label = |r: &&crate::document::Revision| r.version.as_ref().is_some_and(|v| v.value == label);
    let mut entries: Vec<&crate::document::Revision> =
        doc.meta.revisions.iter().filter(|r| r.kind == kind).filter(of_label).collect();
    if retired && entries.is_empty() {
        entries.extend(crate::revision::retirement(&doc.meta.revisions));
    }
    let mut names: Vec<String> = entries
        .into_iter()
        .filter_map(|r| r.author.as_ref())
        .flat_map(|a| {
            a.value.split(", ").map(|n| crate::site::view::person(roster, n).name).collect::<Vec<_>>()
        })
        .collect();
    names.dedup();
    names.join(", ")
}

/// People as the roster names them, comma-separated.
fn names(roster: &Roster, people: &[crate::source::Spanned<String>]) -> String {
    people.iter().map(|a| crate::site::view::person(roster, &a.value).name).collect::<Vec<_>>().join(", ")
}
