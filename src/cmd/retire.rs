//! `charta retire DOC --reason TEXT` and `charta supersede DOC --by OTHER`: take a document out
//! of force. `status: retired`, a `type: retirement` revision entry at its current version
//! saying why (and, when another replaces it, `superseded_by` naming that document, whose page
//! the site links to); refused, with nothing written, when the result would break the revision
//! or front-matter rules.

use super::lifecycle::{Target, find, verb};
use crate::edit::{self, Entry};
use anyhow::{Result, bail};

pub struct Options<'a> {
    pub target: Target<'a>,
    pub reason: Option<&'a str>,
    /// The document that replaces it, for `supersede`.
    pub successor: Option<&'a str>,
    pub by: Option<&'a str>,
}

pub fn run(opts: &Options) -> Result<String> {
    let t = &opts.target;
    let o = t.open()?;
    let (doc, shown) = (o.doc(), &o.shown);
    if o.retired() {
        bail!("{shown} is already retired");
    }
    let successor = match opts.successor {
        Some(wanted) => {
            let next = &o.a.library.documents[find(&o.a.library.documents, t.root, wanted)?];
            if next.path == doc.path {
                bail!("{shown} cannot be superseded by itself; name the document that replaces it");
            }
            // Its successor must be in force: retired, or never approved, it leaves a gap.
            if next.meta.retired() || next.meta.approval_date.is_none() {
                bail!(
                    "{} is not in force (retired, or never approved): name the document in force that replaces {shown}, or approve it first",
                    crate::escape::visible(&next.path)
                );
            }
            Some(next)
        }
        None => None,
    };
    let date = t.day();
    o.check_date(date, t.today, "retiring it")?;
    // Nor may it take effect only later (approved later, or effective later): nothing would be
    // in force in between.
    let takes_effect = successor.and_then(|next| {
        let m = &next.meta;
        [&m.approval_date, &m.effective_date].into_iter().flatten().map(|d| d.value).max()
    });
    if let Some(takes_effect) = takes_effect
        && takes_effect > date
    {
        bail!(
            "{} takes effect on {takes_effect}: superseding {shown} on {date} would leave nothing in force until then; supersede it on that day or later",
            crate::escape::visible(successor.map_or("", |n| n.path.as_str()))
        );
    }
    let successor = successor.map(crate::document::Document::id);
    let m = &doc.meta;
    if let Some(from) = [&m.approval_date, &m.effective_date].into_iter().flatten().map(|d| d.value).max()
        && date < from
    {
        bail!(
            "{shown}: retiring it on {date} would come before it was approved or took effect ({from}); pass --date"
        );
    }
    let (by, written) =
        o.person(t.root, opts.by, if successor.is_some() { "--author" } else { "--by" }, date)?;
    let reason = match (opts.reason.map(str::trim).filter(|r| !r.is_empty()), &successor) {
        (Some(reason), _) => reason.to_owned(),
        (None, Some(id)) => format!("Superseded by {id}."),
        (None, None) => bail!("say why it is retired with --reason"),
    };
    let before = o.about(doc, date);

    let mut text = o.text();
    let refuse = |why: String| o.refuse(&why);
    let status_line = o.field("status");
    let after = status_line.or(o.field("version"));
    edit::set_or_add(&mut text, doc, status_line, "status", "retired", o.field("version")).map_err(refuse)?;
    if let Some(id) = &successor {
        edit::set_or_add(&mut text, doc, o.field("superseded_by"), "superseded_by", id, after)
            .map_err(refuse)?;
    }
    // The T1Pal QMS keeps no revision list: its history is git's, and so is the reason.
    let listed = o.records_revisions();
    if listed {
        let version = doc.meta.version.as_ref().map(|v| v.value.as_str());
        let entry =
            Entry { version, date, author: Some(&written), summary: &reason, kind: Some("retirement") };
        edit::add_revision(&mut text, doc, &entry).map_err(refuse)?;
    }
    let new_text = text.render();
    o.no_new(&before, &o.about(&o.reparse(&new_text), date))?;
    let how =
        successor.map(|id| format!(", superseded by {}", crate::escape::visible(&id))).unwrap_or_default();
    let mut told = format!(
        "charta: {} {} ({shown}) as retired{how}, by {} on {date}\n",
        verb(t.dry_run, "recorded", "would record"),
        crate::escape::visible(&doc.id()),
        crate::escape::visible(&by),
    );
    if !listed {
        told.push_str(super::lifecycle::NO_LIST);
    }
    o.finish(&new_text, t.dry_run, &told)
}

/// `charta retire` from its command line.
pub fn retire(args: crate::cli::RetireArgs) -> Result<std::process::ExitCode> {
    super::lifecycle::main(&args.common, &args.document, &args.edit, |target| {
        run(&Options { target: *target, reason: Some(&args.reason), successor: None, by: args.by.as_deref() })
    })
}

/// `charta supersede` from its command line.
pub fn supersede(args: crate::cli::SupersedeArgs) -> Result<std::process::ExitCode> {
    super::lifecycle::main(&args.common, &args.document, &args.edit, |target| {
        run(&Options {
            target: *target,
            reason: args.reason.as_deref(),
            successor: Some(&args.by),
            by: args.author.as_deref(),
        })
    })
}
