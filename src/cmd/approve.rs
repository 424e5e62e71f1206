//! `charta approve DOC`: record the approval of the document's current version: its approvers,
//! the approval date, a stated next review moved by the period, and `status: approved`, where
//! and as the document writes them. Refused, exit 2 with nothing written, when `charta check`
//! would report an error of the approved document (an approver who wrote the change, lacks an
//! allowed role or was not active that day, or any other error of its own), and for a version
//! already approved, unless the check fails that approval or git shows its text changed after
//! it. With `--commit`, git commits the
//! file, signed when git is set to sign, so the code chain carries the approver's signature.

use super::lifecycle::{Target, verb};
use crate::document::{Dialect, Status};
use crate::edit;
use anyhow::{Result, bail};

pub struct Options<'a> {
    pub target: Target<'a>,
    /// Who approves; none: the roster person with git's user.email.
    pub by: &'a [String],
    pub commit: bool,
}

pub fn run(opts: &Options) -> Result<String> {
    let t = &opts.target;
    let o = t.open()?;
    let (doc, shown) = (o.doc(), &o.shown);
    let m = &doc.meta;
    if o.retired() {
        bail!("{shown} is retired: a retired document is not approved");
    }
    if doc.dialect == Dialect::Comply {
        bail!(
            "{shown} is a comply document, which records no approval; add `approvers` and `approval_date` by hand"
        );
    }
    let latest = crate::revision::latest_change(doc).and_then(|c| c.date.as_ref()).map(|d| d.value);
    let approved = m.status.as_ref().is_none_or(|s| s.value == Status::Approved);
    // An approval the check fails (an approver whose roles may not approve it, not active
    // then, or who wrote the change) is no approval: it may be made again, in its place.
    let failed = || o.errors(doc, t.today).iter().any(|f| f.rule.family() == "approval");
    // Nor is one whose text git shows changed after it (`history/changed-after-approval`, which
    // asks for a new approval): read from the history only here, where it decides.
    let changed_since = || -> Result<bool> {
        let with_history = t.open_with_history()?;
        let changed = |f: &&crate::finding::Finding| {
            f.rule == crate::finding::Rule::HistoryChangedAfterApproval && f.path == doc.path
        };
        Ok(with_history.a.findings.iter().any(|f| changed(&f)))
    };
    if !m.pending()
        && approved
        && !m.approvers.is_empty()
        && let Some(on) = m.approval_date.as_ref().filter(|d| latest.is_none_or(|l| d.value >= l))
        && !failed()
    {
        if !changed_since()? {
            bail!(
                "{shown}: its current version is already approved (on {}) and no commit changed its text since; start a change with `charta revise`",
                on.value
            );
        }
        // The same day again would be the same record: no new approval.
        if t.day() <= on.value {
            bail!(
                "{shown}: its text changed after its approval on {}; a new approval is dated after that day (`--date`), or start the change with `charta revise`",
                on.value
            );
        }
    }
    let date = t.day();
    o.check_date(date, t.today, "an approval")?;
    let given: Vec<Option<&str>> =
        if opts.by.is_empty() { vec![None] } else { opts.by.iter().map(|b| Some(b.as_str())).collect() };
    let mut ids = Vec::new();
    let mut written = Vec::new();
    for by in given {
        let (id, as_written) = o.person(t.root, by, "--by", date)?;
        if !ids.contains(&id) {
            ids.push(id);
            written.push(as_written);
        }
    }

    let mut text = o.text();
    let refuse = |why: String| o.refuse(&why);
    let approvers_line = o.field("approvers");
    match approvers_line {
        Some(line) => edit::set_list(&mut text, doc, line, &written).map_err(refuse)?,
        None => {
            let items: Vec<String> = written.iter().map(|w| edit::flow_item(w, "")).collect();
            let after = o.field("authors").or(o.field("owner"));
            edit::add_line(&mut text, doc, after, &format!("approvers: [{}]", items.join(", ")));
        }
    }
    let after = approvers_line.or(o.field("authors")).or(o.field("owner"));
    edit::set_or_add(&mut text, doc, o.field("approval_date"), "approval_date", &date.to_string(), after)
        .map_err(refuse)?;
    // A version is not in force before it is approved.
    if let (Some(line), Some(effective)) = (o.field("effective_date"), m.effective_date.as_ref())
        && effective.value < date
    {
        edit::set_field(&mut text, line, &date.to_string()).map_err(refuse)?;
    }
    // The approval reviews the version: a next review it states moves by its period, as
    // `charta review` moves it (else it stays the version before's, soon overdue).
    let period = crate::review::period(doc, o.a.config.review.period.as_ref());
    if let (Some(line), Some(next)) = (o.field("next_review"), period.and_then(|p| p.after(date))) {
        edit::set_field(&mut text, line, &next.to_string()).map_err(refuse)?;
    }
    // The T1Pal QMS states no status: its approval date says it is approved.
    if m.status.is_some() || doc.dialect != Dialect::T1pal {
        let after = o.field("version").or(after);
        edit::set_or_add(&mut text, doc, o.field("status"), "status", "approved", after).map_err(refuse)?;
    }
    let new_text = text.render();
    let errors = o.errors(&o.reparse(&new_text), t.today);
    if !errors.is_empty() {
        let said: Vec<String> = errors
            .iter()
            .map(|f| {
                format!("{} (line {}): {} (to fix: {})", f.rule.id(), f.span.line, f.message, f.rule.fix())
            })
            .collect();
        return Err(o.refuse(&format!("approved, it would fail the check: {}", said.join("; "))));
    }
    let version = m.version.as_ref().map(|v| format!(" version {}", v.value)).unwrap_or_default();
    let names = ids.join(", ");
    let told = format!(
        "charta: {} the approval of {}{} ({shown}) by {} on {date}\n",
        verb(t.dry_run, "recorded", "would record"),
        crate::escape::visible(&doc.id()),
        crate::escape::visible(&version),
        crate::escape::visible(&names),
    );
    if opts.commit {
        crate::history::ready_to_commit(t.root, &doc.path)?;
    }
    let told = o.finish(&new_text, t.dry_run, &told)?;
    if !opts.commit {
        return Ok(told);
    }
    // One line of subject whatever the id says: its line breaks shown, not obeyed, so a
    // document cannot write the commit's trailers.
    let message = format!(
        "Approve {}{}\n\nApproved by {names} on {date}.\n",
        crate::escape::visible(&doc.id()),
        crate::escape::visible(&version)
    );
    let commit = match crate::history::commit_file(t.root, &doc.path, &message) {
        Ok(commit) => commit,
        Err(e) => {
            // An approval on disk but not in a commit would invite an unsigned one: undone.
            super::write_replacing(&o.file, &o.raw)?;
            return Err(e.context(format!("{shown}: the approval was not recorded; the file is as it was")));
        }
    };
    Ok(format!("{told}charta: committed it as {}\n", crate::escape::visible(&commit)))
}

/// `charta approve` from its command line: the edit, told on standard output.
pub fn main(args: crate::cli::ApproveArgs) -> Result<std::process::ExitCode> {
    super::lifecycle::main(&args.common, &args.document, &args.edit, |target| {
        run(&Options { target: *target, by: &args.by, commit: args.commit })
    })
}
