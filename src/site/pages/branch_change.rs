//! Stage 4: a version approved on a branch and changed there after its approval
//! ([`Timeline::branch_change`]): its text as approved, and the redline of the change its merge
//! brought, named by the branch's commit that made it, as a change made on the line is.

use super::redline::{self, Named, Redline, Side, SpanCommit};
use crate::document::Document;
use crate::history::{Commit, History};
use crate::site::view::Change;
use crate::timeline::{BranchChange, Timeline};

/// The text the branch's commit approved, as a document; None when git cannot give it.
pub fn approved(doc: &Document, history: &History, b: &BranchChange, names: &Names) -> Option<Document> {
    let text = history.text(b.approved.blob?).ok()?;
    Some(Document::parse_named(&doc.path, doc.collection, text, names))
}

type Names = crate::frontmatter::schema::Names;

/// The change from the text approved on the branch to `merged`, the text the merge left, as an
/// entry of version `label`'s list of changes and its redline, under `dir` (the version's
/// folder) beside `page` (the version's page): named by the branch's first commit that changed
/// the text after the approval (by the merge where none did), and spanning those commits and
/// the merge. None when git cannot give a text.
pub fn made(
    doc: &Document,
    (label, page, dir): (&str, &str, &str),
    (history, timeline): (&History, &Timeline),
    (b, merged): (&BranchChange, &Document),
    names: &Names,
) -> Option<(Change, Redline)> {
    let old = approved(doc, history, b, names)?;
    let on_branch = &history.merged.get(&b.merge)?.commits;
    let merge = &history.commits[b.merge];
    let changed: Vec<&Commit> = b.changed.iter().filter_map(|s| on_branch.get(s.commit)).collect();
    let named = changed.first().copied().unwrap_or(merge);
    // A commit of the branch is none of the line's: its name is the page's own. The merge's
    // (where it changed the text itself) may be a change of the line's too.
    let name =
        if changed.is_empty() { format!("{}-merged", merge.short()) } else { named.short().to_owned() };
    let path = format!("{dir}/changes/{name}/index.html");
    let approving = on_branch.get(b.approved.commit)?.short();
    let mut r = redline::between(
        path.clone(),
        (
            Side {
                label: format!(
                    "{label} as approved ({approving}, on the branch merged by {})",
                    merge.short()
                ),
                page: page.to_owned(),
                doc: &old,
            },
            Side {
                label: format!("{label} as merged ({})", merge.short()),
                page: page.to_owned(),
                doc: merged,
            },
        ),
        (history, timeline),
        (b.merge.saturating_sub(1), b.merge),
        Named::Last,
        String::new(),
    );
    r.spans = changed.iter().copied().chain([merge]).map(SpanCommit::of).collect();
    r.commit_role = if r.spans.len() > 1 { "First commit" } else { "Commit" };
    (r.commit, r.commit_id, r.date) = (named.short().to_owned(), named.id.clone(), named.date.to_string());
    (r.author, r.summary) = (named.author.clone(), named.summary.clone());
    let change = Change {
        what: Change::what(&old, merged),
        date: r.date.clone(),
        commit: r.commit.clone(),
        commit_id: r.commit_id.clone(),
        author: r.author.clone(),
        page: path,
    };
    Some((change, r))
}
