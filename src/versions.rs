//! Document control over time: a document's versions, from its timeline (`crate::timeline`),
//! for its pages. The `history/*` rules, which compare the timeline's steps with what the
//! document records, are in `rules/history.rs`.

use crate::document::Document;
use crate::history::{BlobId, History};
use crate::timeline::{Said, Timeline};

/// One version of a document: the commits from the one that introduced its version label to
/// the last one before the next label, or before a text of the same label was put back in
/// draft or review (its approved text stays in force; the texts from then on are another).
#[derive(Debug, Clone)]
pub struct Version {
    /// The `version` field, or the first commit's short id when the document states none.
    pub label: String,
    /// An earlier version has the same label (one put back in draft or review, and what came
    /// of it): its pages need a folder of their own.
    pub repeated: bool,
    pub first: usize,
    pub last: usize,
    /// The text the last commit of this version left: read when its pages are made
    /// ([`Version::text`]), one version at a time (a long history of a large document would
    /// not fit in memory read whole: 2,000 versions of a 4 MB text are 8 GB).
    pub blob: BlobId,
    /// The commit that removed the document after this version's last text, when one did (it
    /// came back later): the version was in force until then, not until the next one.
    pub removed: Option<usize>,
}

/// The commits of one version, as [`of`] finds them.
struct Span {
    label: String,
    first: usize,
    last: usize,
    /// The blob its last commit left.
    blob: BlobId,
    /// The approval record of its latest text in force (not a draft or in review): Some(None)
    /// for one that states none; None while none of its texts was in force.
    in_force: Option<Option<crate::timeline::Record>>,
    /// It began where a text of the same label, in force, was put back in draft or review.
    reopened: bool,
    /// Its last text retires the document.
    retired: bool,
    /// The commit that removed the file after its last text.
    removed: Option<usize>,
    /// The text that first stated the approval record it is in force under: the approved text.
    approved: Option<BlobId>,
}

/// The versions of `doc`, oldest first, each with its text, from its `timeline`. `working` is
/// the document's text as it is now (decoded: without a byte-order mark): a committed text that
/// is the same bytes (git's id for it is the blob's: most documents of a repository are as last
/// committed) is not read from git, so a damaged copy of it in git takes nothing from the site.
/// Only the last text of each version is read, for its pages, when they are made
/// ([`Version::text`]); the labels are the timeline's.
/// `working_blob` is git's id for `working` (`crate::history::blob_id`), computed once by the
/// caller.
pub fn of(
    doc: &Document,
    timeline: &Timeline,
    history: &History,
    working: &str,
    working_blob: BlobId,
) -> Vec<Version> {
    let is_working = |blob: BlobId| blob == working_blob;
    // The words a text gives its reader: its body, title and classification, as approvals
    // compare them, less its effective date (which a later review of the same words may state
    // again, or drop, once it is past). Read only where two approvals are compared.
    let words = |blob: BlobId| -> Option<crate::fingerprint::Key> {
        let text = if is_working(blob) { working.to_owned() } else { history.text(blob).ok()? };
        let mut parsed = crate::frontmatter::read(&doc.path, &text);
        parsed.meta.effective_date = None;
        Some(crate::timeline::content(&parsed.meta, parsed.body))
    };
    // The text that first stated the approval record `now` in force: on the branch the merge
    // `commit` brought in, where it was recorded there (what was approved, before edits made
    // on the branch after it), else `blob`, the line's.
    let first_stating = |commit: usize, now: crate::timeline::Record, blob: BlobId| {
        let on_branch = timeline.branches.get(&commit).and_then(|steps| {
            steps.iter().find_map(|b| match &b.said {
                Said::Read(f) if f.record == Some(now) && !f.pending => b.blob,
                _ => None,
            })
        });
        on_branch.unwrap_or(blob)
    };
    let mut spans: Vec<Span> = Vec::new();
    // The file was removed since the last text: the text that brings it back begins a version
    // of its own, whatever its label (the document was in force neither while it was gone).
    let mut gone = false;
    // A text the file had where the site is not published from (before it was moved into the
    // root folder, in a hidden folder) is not one of its versions; moved there after it was
    // published (to an `archive/` no collection holds), the document was withdrawn as if
    // removed, and in force nowhere until it came back.
    for step in &timeline.steps {
        let Some(blob) = step.blob.filter(|_| step.published) else {
            if let Some(last) = spans.last_mut().filter(|_| !gone) {
                last.removed = Some(step.commit);
            }
            gone = true;
            continue;
        };
        let (version, (pending, retired), record) = if is_working(blob) {
            let m = &doc.meta;
            (m.version.as_ref().map(|v| v.value.clone()), (m.pending(), m.retired()), timeline.stated(m))
        } else {
            match &step.said {
                Said::Read(facts) => (facts.version.clone(), (facts.pending, facts.retired), facts.record),
                Said::Unreadable(_) => continue,
                // A text nothing compared (the only one of its run) and not the working copy's.
                Said::NotRead => match history.text(blob) {
                    Ok(text) => {
                        let meta = crate::frontmatter::read(&doc.path, &text).meta;
                        let (status, record) = ((meta.pending(), meta.retired()), timeline.stated(&meta));
                        (meta.version.map(|v| v.value), status, record)
                    }
                    Err(_) => continue,
                },
            }
        };
        let label = version.unwrap_or_else(|| history.commits[step.commit].short().to_owned());
        let in_force = (!pending).then_some(record);
        let approved = in_force.map(|r| r.map_or(blob, |now| first_stating(step.commit, now, blob)));
        if std::mem::take(&mut gone) && !spans.is_empty() {
            let (first, last, reopened, removed) = (step.commit, step.commit, false, None);
            spans.push(Span { label, first, last, blob, in_force, reopened, retired, removed, approved });
            continue;
        }
        // Put back in draft or review, then approved again as it was (the same approval
        // record, and none other between): the version it was goes on, as if never put back.
        if let [.., before, last] = &spans[..]
            && last.reopened
            && last.in_force.is_none()
            && last.label == label
            && in_force.is_some()
            && before.in_force == in_force
        {
            spans.pop();
            if let Some(before) = spans.last_mut() {
                (before.last, before.blob) = (step.commit, blob);
            }
            continue;
        }
        // The same version goes on, unless its text was in force and is now pending again, or
        // retires it (`charta retire` keeps the number), or brings it back from retirement:
        // the approved text was in force until the retirement, which is a version of its own,
        // and so is what comes back.
        // Nor does it go on where a new approval approves other words than the one it is in
        // force under (a team that keeps `1.0` and approves each change): the text approved
        // before stays what was in force until then. Approved again with the same words (a
        // periodic review), it goes on.
        let approved_anew = |s: &Span| match (s.in_force, in_force, s.approved) {
            (Some(Some(before)), Some(Some(now)), Some(text)) => {
                before != now && words(text) != words(first_stating(step.commit, now, blob))
            }
            _ => false,
        };
        let goes_on = |s: &&mut Span| {
            let in_force = s.in_force.is_some();
            s.label == label
                && (!in_force || !pending)
                && (!in_force || s.retired == retired)
                && !approved_anew(s)
        };
        if let Some(s) = spans.last_mut().filter(goes_on) {
            s.retired = retired;
            (s.last, s.blob) = (step.commit, blob);
            if in_force.is_some() && in_force != s.in_force {
                s.approved = approved;
            }
            s.in_force = in_force.or(s.in_force);
            continue;
        }
        let reopened = spans.last().is_some_and(|s| s.label == label);
        spans.push(Span {
            label,
            first: step.commit,
            last: step.commit,
            blob,
            in_force,
            reopened,
            retired,
            removed: None,
            approved,
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    spans
        .into_iter()
        .map(|Span { label, first, last, blob, removed, .. }| {
            let repeated = !seen.insert(label.clone());
            Version { label, repeated, first, last, blob, removed }
        })
        .collect()
}

impl Version {
    /// The document as the last commit of this version left it: the working copy's text when it
    /// is the same bytes, else git's; None when git cannot give it (`history/unreadable`
    /// reports it, and the version is left out of the site).
    /// The first of its commits that left its text (`blob`): where that text was written. A
    /// move after it with the text unchanged did not mend the links it wrote from where it was.
    pub fn written(&self, timeline: &crate::timeline::Timeline) -> usize {
        let own = |s: &&crate::timeline::Step| (self.first..=self.last).contains(&s.commit);
        let steps = timeline.steps.iter().filter(own);
        steps.filter(|s| s.blob == Some(self.blob)).map(|s| s.commit).min().unwrap_or(self.last)
    }

    pub fn text(&self, history: &History, (working, working_blob): (&str, BlobId)) -> Option<String> {
        if self.blob == working_blob { Some(working.to_owned()) } else { history.text(self.blob).ok() }
    }
}
