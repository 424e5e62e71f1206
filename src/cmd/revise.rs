//! `charta revise DOC --summary TEXT`: start a change. The next version in the document's own
//! scheme, a revision entry for it in the list's order and shape, and `status: review` until
//! `charta approve` records its approval; refused, with nothing written, when the document is
//! a change already open (in review, or a draft stating an approval) or retired, or the result
//! would break the revision or front-matter rules. A draft that states no approval is
//! renumbered (`--major` takes `0.1` to `1.0`, its first issue).

use super::lifecycle::{Target, verb};
use crate::edit::{self, Entry, Step};
use anyhow::{Result, bail};

pub struct Options<'a> {
    pub target: Target<'a>,
    pub summary: &'a str,
    pub step: Step,
    /// The new version as written, instead of the next in the document's scheme.
    pub version: Option<&'a str>,
    pub by: Option<&'a str>,
}

pub fn run(opts: &Options) -> Result<String> {
    let t = &opts.target;
    let o = t.open()?;
    let (doc, shown) = (o.doc(), &o.shown);
    if o.retired() {
        bail!("{shown} is retired: a retired document is not changed");
    }
    // A draft that states no approval (`0.1` before its first issue) is renumbered and put in
    // review; a version in review, or a draft stating an approval (the approved version's
    // fields kept while it is redrafted), is a change already open.
    let first_issue = doc.meta.status.as_ref().is_some_and(|s| s.value == crate::document::Status::Draft)
        && doc.meta.approval_date.is_none();
    if doc.meta.pending() && !first_issue {
        let status = doc.meta.status.as_ref().map_or("", |s| s.value.label());
        bail!(
            "{shown} is already a change not yet approved ({status}): edit it, then record its approval with `charta approve`"
        );
    }
    let (Some(current), Some(version_line)) = (doc.meta.version.as_ref(), o.field("version")) else {
        bail!("{shown} states no `version`: a change is recorded as a new version; add one by hand");
    };
    let next = match opts.version {
        Some(v) => v.trim().to_owned(),
        None => edit::next_version(&current.value, opts.step).ok_or_else(|| {
            anyhow::anyhow!(
                "{shown}: cannot tell the version after `{}`{}; pass --version",
                crate::escape::visible(&current.value),
                if opts.step == Step::Minor { " by its second number" } else { "" }
            )
        })?,
    };
    let taken = |v: &str| {
        v == current.value
            || doc.meta.revisions.iter().any(|r| r.version.as_ref().is_some_and(|x| x.value == v))
    };
    if next.is_empty() {
        bail!("{shown}: --version is empty; give the new version, such as 1.1");
    }
    if taken(&next) {
        bail!("{shown}: version `{}` is already used; pass another --version", crate::escape::visible(&next));
    }
    let date = t.day();
    o.check_date(date, t.today, "a change")?;
    if opts.summary.trim().is_empty() {
        bail!("say what the change is with --summary");
    }
    let (by, written) = o.person(t.root, opts.by, "--by", date)?;
    let before = o.about(doc, date);

    let mut text = o.text();
    let refuse = |why: String| o.refuse(&why);
    edit::set_field(&mut text, version_line, &next).map_err(refuse)?;
    edit::set_or_add(&mut text, doc, o.field("status"), "status", "review", Some(version_line))
        .map_err(refuse)?;
    // The T1Pal QMS keeps no revision list: its history is git's, and so are the summary and
    // who made the change (said, not dropped in silence).
    let listed = o.records_revisions();
    if listed {
        let entry =
            Entry { version: Some(&next), date, author: Some(&written), summary: opts.summary, kind: None };
        edit::add_revision(&mut text, doc, &entry).map_err(refuse)?;
    }
    let new_text = text.render();
    o.no_new(&before, &o.about(&o.reparse(&new_text), date))?;
    let mut told = format!(
        "charta: {} version {} of {} ({shown}), by {} on {date}, in review until approved (`charta approve {}`)\n",
        verb(t.dry_run, "started", "would start"),
        crate::escape::visible(&next),
        crate::escape::visible(&doc.id()),
        crate::escape::visible(&by),
        crate::escape::shell_arg(&doc.id()),
    );
    if !listed {
        told.push_str(super::lifecycle::NO_LIST);
    }
    o.finish(&new_text, t.dry_run, &told)
}

/// `charta revise` from its command line: the edit, told on standard output.
pub fn main(args: crate::cli::ReviseArgs) -> Result<std::process::ExitCode> {
    let step = match (args.major, args.minor) {
        (true, _) => Step::Major,
        (_, true) => Step::Minor,
        _ => Step::Last,
    };
    super::lifecycle::main(&args.common, &args.document, &args.edit, |target| {
        run(&Options {
            target: *target,
            summary: &args.summary,
            step,
            version: args.version.as_deref(),
            by: args.by.as_deref(),
        })
    })
}
