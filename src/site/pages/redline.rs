//! Stage 4: redlines, each the change between two committed texts of a document with exactly
//! the commits it spans: from one version to the next, each commit that changed a version again
//! under the same label, and everything committed since the approval the document states.

use crate::document::Document;
use crate::history::{BlobId, History};
use crate::site::diff::{self, FieldChange};
use crate::timeline::{Said, Timeline};
use serde::Serialize;

/// A redline between two texts of a document.
#[derive(Serialize)]
pub struct Redline {
    #[serde(skip)]
    pub page: String,
    pub from: String,
    pub to: String,
    pub from_page: String,
    pub to_page: String,
    pub date: String,
    /// Who made the commit, as git records it: "committed by", never the change's author.
    pub author: String,
    /// Who wrote the change: the author of the new version's revision entry, as the roster
    /// names them ("" when it records none).
    pub changed_by: String,
    pub commit: String,
    /// Its full id, for a link on the forge.
    pub commit_id: String,
    /// What the commit named is to the redline: "Commit" where it spans one, else "First
    /// commit" (the one that made the version) or "Latest commit" (the last text shown).
    pub commit_role: &'static str,
    pub summary: String,
    /// Every commit whose changes it shows, oldest first.
    pub spans: Vec<SpanCommit>,
    pub fields: Vec<FieldChange>,
    /// The body's diff, as HTML.
    #[serde(serialize_with = "Body::serialize_html")]
    pub body: Body,
    /// Its new side is a version as approved, whose text was changed after the approval: the
    /// page of the redline of that change (not approved), which this one does not show.
    pub unapproved: Option<String>,
}

/// A redline's body: its HTML, or the two bodies it compares, made HTML only when its page is
/// made (serialised into the page's values). A document's redlines are planned all at once,
/// and the HTML of a text of megabytes is several times its size: held for every version until
/// the last page was made, a crafted history of one document of 4 MiB took gigabytes.
pub enum Body {
    Html(String),
    Sides(String, String),
}

impl Body {
    fn serialize_html<S: serde::Serializer>(body: &Body, s: S) -> Result<S::Ok, S::Error> {
        match body {
            Body::Html(html) => s.serialize_str(html),
            Body::Sides(old, new) => s.serialize_str(&diff::body_html(old, new)),
        }
    }
}

/// A commit a redline spans, as its page lists it.
#[derive(Serialize)]
pub struct SpanCommit {
    pub commit: String,
    pub commit_id: String,
    pub date: String,
    pub author: String,
    pub summary: String,
}

impl SpanCommit {
    pub fn of(c: &crate::history::Commit) -> SpanCommit {
        SpanCommit {
            commit: c.short().to_owned(),
            commit_id: c.id.clone(),
            date: c.date.to_string(),
            author: c.author.clone(),
            summary: c.summary.clone(),
        }
    }
}

/// One side of a redline: what it is called, its page, and the text as a document.
pub struct Side<'a> {
    pub label: String,
    pub page: String,
    pub doc: &'a Document,
}

/// The redline of what was committed to `doc` since the approval it states: the page of the
/// one commit's own redline (`again`: each commit that changed a version again, with its page)
/// when one commit did it, else a redline of its own at `path`, beside the document's page
/// (`page`), which is returned too. None when its text did not change since, or git cannot give a text.
pub fn since_approval(
    doc: &Document,
    (page, path): (&str, String),
    (history, timeline): (&History, &Timeline),
    again: &[(usize, String)],
    (working, own_names): ((&str, crate::history::BlobId), &crate::frontmatter::schema::Names),
) -> Option<(String, Option<Redline>)> {
    let approved = approved_then_changed(doc, timeline)?;
    let base = approved.commit;
    // The line's commits since the approval; when a merge's branch recorded it, the merge
    // too, which brought what the branch changed after it.
    let since = |c: usize| c > base || (approved.branch.is_some() && c == base);
    let after: Vec<usize> =
        timeline.steps.iter().filter(|s| s.blob.is_some() && since(s.commit)).map(|s| s.commit).collect();
    let &last = after.last()?;
    if let [one] = after[..]
        && approved.branch.is_none()
        && let Some((_, page)) = again.iter().find(|(c, _)| *c == one)
    {
        return Some((page.clone(), None));
    }
    let text = |c: usize| texts(doc, (history, timeline), (c, c), working, own_names).pop().map(|t| t.1);
    let (old, a) = match approved.branch {
        Some((commit, blob)) => {
            let on = history.merged.get(&base)?.commits.get(commit)?.short().to_owned();
            let text = history.text(blob).ok()?;
            let old = Document::parse_named(&doc.path, doc.collection, text, own_names);
            (old, format!("{on}, on the branch merged by {}", history.commits[base].short()))
        }
        None => (text(base)?, history.commits[base].short().to_owned()),
    };
    let new = text(last)?;
    let label = doc.meta.version.as_ref().map_or("the text", |v| v.value.as_str());
    let l = history.commits[last].short();
    let made = between(
        path.clone(),
        (
            Side { label: format!("{label} as approved ({a})"), page: page.to_owned(), doc: &old },
            Side { label: format!("{label} as last committed ({l})"), page: page.to_owned(), doc: &new },
        ),
        (history, timeline),
        (if approved.branch.is_some() { base.saturating_sub(1) } else { base }, last),
        Named::Last,
        String::new(),
    );
    Some((path, Some(made)))
}

/// Which of the commits a redline spans its heading names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// The first: the one that made the version (a later review or correction under the same
    /// label is listed among the commits shown, not named as the change).
    First,
    /// The last: the text as last committed.
    Last,
}

/// The redline at `page` from `old` to `new`, made by the commits of `timeline` after `after`
/// up to `last` (indexes into `History::commits`), as the `named` of them is named.
pub fn between(
    page: String,
    (old, new): (Side, Side),
    (history, timeline): (&History, &Timeline),
    (after, last): (usize, usize),
    named: Named,
    changed_by: String,
) -> Redline {
    let shown: Vec<usize> = timeline
        .steps
        .iter()
        .filter(|s| s.blob.is_some() && s.commit > after && s.commit <= last)
        .map(|s| s.commit)
        .collect();
    let at = match named {
        Named::First => shown.first().copied().unwrap_or(last),
        Named::Last => last,
    };
    let commit = &history.commits[at];
    let commit_role = match (shown.len() > 1, named) {
        (false, _) => "Commit",
        (true, Named::First) => "First commit",
        (true, Named::Last) => "Latest commit",
    };
    Redline {
        page,
        from: old.label,
        to: new.label,
        from_page: old.page,
        to_page: new.page,
        date: commit.date.to_string(),
        author: commit.author.clone(),
        changed_by,
        commit: commit.short().to_owned(),
        commit_id: commit.id.clone(),
        commit_role,
        summary: commit.summary.clone(),
        spans: shown.iter().map(|&at| SpanCommit::of(&history.commits[at])).collect(),
        fields: diff::field_changes(old.doc, new.doc),
        body: Body::Sides(old.doc.body().trim().to_owned(), new.doc.body().trim().to_owned()),
        unapproved: None,
    }
}

/// The committed texts of `timeline` whose commits are in `first..=last` (indexes into
/// `History::commits`) and where the site is published from, oldest first, each with its commit
/// and its text as a document; the text
/// git has as `working_blob` is `working`. A text git cannot give is left out (`history/unreadable`
/// reports it).
pub fn texts(
    doc: &Document,
    (history, timeline): (&History, &Timeline),
    (first, last): (usize, usize),
    (working, working_blob): (&str, BlobId),
    names: &crate::frontmatter::schema::Names,
) -> Vec<(usize, Document)> {
    timeline
        .steps
        .iter()
        .filter(|s| {
            s.published && (first..=last).contains(&s.commit) && !matches!(s.said, Said::Unreadable(_))
        })
        .filter_map(|s| {
            let blob = s.blob?;
            let text = if blob == working_blob { working.to_owned() } else { history.text(blob).ok()? };
            Some((s.commit, Document::parse_named(&doc.path, doc.collection, text, names)))
        })
        .collect()
}

/// Where the approval a document states was recorded, when its text changed since.
pub struct Approved {
    /// The commit of the line whose text first recorded it: a merge, when its branch did.
    pub commit: usize,
    /// When the merge's branch recorded it: that commit (an index into the merge's
    /// [`crate::history::merged::Merged::commits`]) and the text it approved.
    pub branch: Option<(usize, BlobId)>,
}

/// Where the text was that first recorded the approval `doc` states now (its approval date,
/// approvers and version; not a draft or a version in review), when its last committed text
/// says something else: for a redline of what changed since. The
/// `history/changed-after-approval` rule judges by the same record.
pub fn approved_then_changed(doc: &Document, timeline: &Timeline) -> Option<Approved> {
    let now = timeline.stated(&doc.meta)?;
    let read: Vec<(usize, &crate::timeline::Facts)> = timeline
        .steps
        .iter()
        .filter_map(|s| match &s.said {
            Said::Read(facts) if s.blob.is_some() => Some((s.commit, facts)),
            _ => None,
        })
        .collect();
    let &(commit, facts) = read.iter().find(|(_, f)| f.approves(Some(now)))?;
    let on_branch = timeline.approved_on_branch(commit, now).and_then(|s| match &s.said {
        Said::Read(f) => Some((s.commit, s.blob?, f.body, s.published)),
        _ => None,
    });
    // A text from where the site is not published from is not shown.
    let published = match on_branch {
        Some(b) => b.3,
        None => timeline.steps.iter().any(|s| s.commit == commit && s.published),
    };
    if !published {
        return None;
    }
    let on_branch = on_branch.map(|(c, b, body, _)| (c, b, body));
    let body = on_branch.map_or(facts.body, |(_, _, body)| body);
    (read.last()?.1.body != body).then_some(Approved { commit, branch: on_branch.map(|(c, b, _)| (c, b)) })
}
