//! `charta review DOC`: record a periodic review that changed nothing. A `type: review`
//! revision entry at the document's current version (in the list's own order and shape),
//! `last_reviewed` and `next_review` moved where the document states them; refused, with
//! nothing written, when the document cannot be edited safely, is not a version in force (a
//! draft, in review, or changed since its approval, as its revisions or its git history say),
//! or the result would break the revision or review rules. `--dry-run` prints the change as a
//! diff.

use super::lifecycle::{Target, verb};
use crate::document::Dialect;
use crate::edit::{self, Entry};
use anyhow::{Result, bail};

pub struct Options<'a> {
    pub target: Target<'a>,
    pub summary: Option<&'a str>,
    pub by: Option<&'a str>,
}

pub fn run(opts: &Options) -> Result<String> {
    let t = &opts.target;
    // Its history says whether the text is the one approved.
    let o = t.open_with_history()?;
    let (doc, shown) = (o.doc(), &o.shown);
    if o.retired() {
        bail!("{shown} is retired: a retired document has no periodic review");
    }
    if doc.meta.pending() {
        let status = doc.meta.status.as_ref().map_or("", |s| s.value.label());
        bail!(
            "{shown} is a version not yet approved ({status}): record its approval with `charta approve` first; a review is of the version in force"
        );
    }
    // A change recorded after the approval (`approval/predates-revision`): the text is one no
    // one approved, and a review of it would read as the review of a version in force.
    let approved = doc.meta.approval_date.as_ref().map(|d| d.value);
    let change = crate::revision::latest_change(doc);
    if let (Some(approved), Some(change)) = (approved, change)
        && let Some(day) = change.date.as_ref().map(|d| d.value).filter(|d| *d > approved)
    {
        let at = change.version.as_ref().map(|v| format!("version {} of ", crate::escape::visible(&v.value)));
        bail!(
            "{shown}: its latest change, {}{day}, is not approved (the approval is of {approved}): record its approval with `charta approve` first; a review is of the version in force",
            at.unwrap_or_default()
        );
    }
    // Changed in a commit after its approval, with nothing recorded: the same.
    let rule = crate::finding::Rule::HistoryChangedAfterApproval;
    // As the check judges it: one charta.toml waives, or does not count as an error, stands.
    let id = crate::document::id_key(&doc.id());
    let mut changed = o.a.findings.iter().filter(|f| f.rule == rule && f.path == doc.path);
    if let Some(f) = changed.find(|f| o.fails(f, &id, t.today)) {
        bail!(
            "{shown}: its text was changed after its approval ({}): approve the change with `charta revise` and `charta approve` first, or undo it; a review is of the version in force",
            crate::escape::visible(&f.message)
        );
    }
    let version = doc.meta.version.as_ref().map(|v| v.value.as_str());
    let comply = doc.dialect == Dialect::Comply;
    if version.is_none() && !comply {
        bail!("{shown} states no `version`: a review is recorded at the version reviewed; add one by hand");
    }
    let date = t.day();
    o.check_date(date, t.today, "a review")?;
    let same = doc.meta.revisions.iter().any(|r| {
        r.kind == crate::document::RevisionType::Review
            && r.date.as_ref().is_some_and(|d| d.value == date)
            && r.version.as_ref().map(|v| v.value.as_str()) == version
    });
    if same {
        bail!("{shown}: a review of this version on {date} is already recorded");
    }
    let (by, written) = o.person(t.root, opts.by, "--by", date)?;
    let summary = opts.summary.unwrap_or("Periodic review: no change needed.");
    let before = o.about(doc, date);

    let mut text = o.text();
    let refuse = |why: String| o.refuse(&why);
    if let Some(line) = o.field("last_reviewed") {
        edit::set_field(&mut text, line, &date.to_string()).map_err(refuse)?;
    }
    let period = crate::review::period(doc, o.a.config.review.period.as_ref());
    if let Some(line) = o.field("next_review") {
        let Some(next) = period.and_then(|p| p.after(date)) else {
            return Err(refuse("it states `next_review` but no review period to move it by".to_owned()));
        };
        edit::set_field(&mut text, line, &next.to_string()).map_err(refuse)?;
    }
    if o.records_revisions() {
        let entry = Entry { version, date, author: Some(&written), summary, kind: Some("review") };
        edit::add_revision(&mut text, doc, &entry).map_err(refuse)?;
    } else if o.field("last_reviewed").is_none() {
        // The T1Pal QMS keeps no revision list: the review is its `last_reviewed`.
        let after = o.field("effective_date").or(o.field("approval_date"));
        edit::set_or_add(&mut text, doc, None, "last_reviewed", &date.to_string(), after).map_err(refuse)?;
    }
    let new_text = text.render();

    // The result must read as the same document, reviewed, with no new finding of its own.
    let reviewed = o.reparse(&new_text);
    o.no_new(&before, &o.about(&reviewed, date))?;
    let next = crate::review::next_review(&reviewed, o.a.config.review.period.as_ref());
    let next = next.map(|d| format!("; next review due {d}")).unwrap_or_default();
    let at = version.map(|v| format!(" at version {}", crate::escape::visible(v))).unwrap_or_default();
    let mut told = format!(
        "charta: {} a review of {} ({shown}){at} by {} on {date}{next}\n",
        verb(t.dry_run, "recorded", "would record"),
        crate::escape::visible(&doc.id()),
        crate::escape::visible(&by),
    );
    if !o.records_revisions() {
        told.push_str(NO_LIST);
    }
    o.finish(&new_text, t.dry_run, &told)
}

/// What a review of a document with no revision list leaves unsaid.
const NO_LIST: &str = "charta: the document keeps no revision list (the T1Pal QMS's form), so only the day is written in it (`last_reviewed`), not who reviewed it: say so in the commit message, which is its history\n";

/// `charta review` from its command line: the edit, told on standard output.
pub fn main(args: crate::cli::ReviewArgs) -> Result<std::process::ExitCode> {
    super::lifecycle::main(&args.common, &args.document, &args.edit, |target| {
        run(&Options { target: *target, summary: args.summary.as_deref(), by: args.by.as_deref() })
    })
}
