//! `charta review DOC`: record a periodic review that changed nothing. A `type: review`
//! revision entry at the document's current version (in the list's own order and shape),
//! `last_reviewed` and `next_review` moved where the document states them; refused, with
//! nothing written, when the document cannot be edited safely or the result would break the
//! revision or review rules. `--dry-run` prints the change as a diff.

use crate::document::Document;
use crate::edit::{self, Entry, Text};
use crate::finding::Finding;
use anyhow::{Result, bail};
use jiff::civil::Date;
use std::path::Path;

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub today: Date,
    /// An id, a path, or the start of a title.
    pub document: &'a str,
    pub summary: Option<&'a str>,
    pub by: Option<&'a str>,
    pub date: Option<Date>,
    pub dry_run: bool,
}

/// The document `wanted` names: by id, by path (from the root), else by the start of its title
/// when only one title starts so.
pub(super) fn find<'d>(docs: &'d [Document], wanted: &str) -> Result<&'d Document> {
    let wanted_path = wanted.trim_start_matches("./");
    if let Some(d) = docs.iter().find(|d| d.id() == wanted || d.path == wanted_path) {
        return Ok(d);
    }
    let lower = wanted.to_lowercase();
    let titled: Vec<&Document> =
        docs.iter().filter(|d| d.title().to_lowercase().starts_with(&lower)).collect();
    match titled.as_slice() {
        [one] => Ok(one),
        [] => bail!("no document has the id, path or title `{}`", crate::escape::visible(wanted)),
        many => {
            let names: Vec<String> =
                many.iter().take(5).map(|d| format!("{} ({})", d.id(), d.path)).collect();
            bail!(
                "`{}` starts {} titles: {}; name one by its id or path",
                crate::escape::visible(wanted),
                many.len(),
                names.join(", ")
            )
        }
    }
}

/// The document's findings of the families this command is about.
fn about(doc: &Document, config: &crate::config::Config, today: Date) -> Vec<Finding> {
    let mut found = doc.findings.clone();
    found.extend(crate::rules::revision::check(doc, today));
    found.extend(crate::rules::review::check(doc, config, today));
    found.retain(|f| matches!(f.rule.family(), "revision" | "review" | "frontmatter"));
    found
}

pub fn run(opts: &Options) -> Result<String> {
    let a = super::analyze_repository(opts.root, opts.config, opts.today, crate::library::Retain::Texts)?;
    let doc = find(&a.library.documents, opts.document)?;
    let shown = crate::escape::visible(&doc.path);
    if !crate::review::is_live(doc) || doc.meta.pending() {
        bail!("{shown} is not in force (a draft, in review, or retired): there is nothing to review yet");
    }
    let Some(version) = doc.meta.version.as_ref().map(|v| v.value.clone()) else {
        bail!("{shown} states no `version`: a review is recorded at the version reviewed; add one by hand");
    };
    let date = opts.date.unwrap_or(opts.today);
    if let Some(latest) = doc.meta.revisions.iter().filter_map(|r| r.date.as_ref().map(|d| d.value)).max()
        && date < latest
    {
        bail!(
            "{shown}: a review on {date} would come before its latest revision entry ({latest}); pass --date"
        );
    }
    let by = super::new::person(&a.roster, opts.root, opts.by, "--by")?;
    let summary = opts.summary.unwrap_or("Periodic review: no change needed.");
    let before = about(doc, &a.config, date);

    // The file as it is on disk, with its byte-order mark, which the document's text is without.
    let path = opts.root.join(&doc.path);
    let raw = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("cannot read {shown}: {e}"))?;
    if raw.strip_prefix('\u{feff}').unwrap_or(&raw) != doc.text {
        bail!("{shown} changed while charta read it; run the command again");
    }
    let mut text = Text::of(&raw);
    // What a refusal quotes of the file is shown, not printed raw.
    let refuse =
        |why: String| anyhow::anyhow!("{shown}: {}; nothing was written", crate::escape::visible(&why));
    // Fields first: they keep their lines; the entry's lines come last.
    let field = |canonical: &str| {
        doc.meta.fields.iter().find_map(|(k, span)| {
            let name = crate::frontmatter::schema::alias_in(&a.config.fields.aliases, k).unwrap_or(k);
            (name == canonical).then_some(span.line)
        })
    };
    if let Some(line) = field("last_reviewed") {
        edit::set_field(&mut text, line, &date.to_string()).map_err(refuse)?;
    }
    let period = crate::review::period(doc, a.config.review.period.as_ref());
    if let Some(line) = field("next_review") {
        let Some(next) = period.and_then(|p| p.after(date)) else {
            return Err(refuse("it states `next_review` but no review period to move it by".to_owned()));
        };
        edit::set_field(&mut text, line, &next.to_string()).map_err(refuse)?;
    }
    let date_text = date.to_string();
    let entry = Entry { version: &version, date: &date_text, author: &by, summary, kind: Some("review") };
    edit::add_revision(&mut text, doc, &entry).map_err(refuse)?;
    let new_text = text.render();

    // The result must read as the same document, reviewed, with no new finding of its own.
    let reviewed = Document::parse_named(
        &doc.path,
        doc.collection,
        new_text.strip_prefix('\u{feff}').unwrap_or(&new_text).to_owned(),
        &a.config.fields.aliases,
    );
    let after = about(&reviewed, &a.config, date);
    let new: Vec<&Finding> = after.iter().filter(|f| !before.iter().any(|b| b.rule == f.rule)).collect();
    if let Some(f) = new.first() {
        return Err(refuse(format!("the edit would be reported as {}: {}", f.rule.id(), f.message)));
    }
    let next = crate::review::next_review(&reviewed, a.config.review.period.as_ref());
    let diff = similar::TextDiff::from_lines(raw.as_str(), new_text.as_str())
        .unified_diff()
        .header(&doc.path, &doc.path)
        .to_string();
    if !opts.dry_run {
        super::write_replacing(&path, &new_text)?;
    }
    let next = next.map(|d| format!("; next review due {d}")).unwrap_or_default();
    let verb = if opts.dry_run { "would record" } else { "recorded" };
    let told = format!(
        "charta: {verb} a review of {} ({shown}) at version {} by {} on {date}{next}\n",
        crate::escape::visible(&doc.id()),
        crate::escape::visible(&version),
        crate::escape::visible(&by),
    );
    Ok(if opts.dry_run {
        format!("{}{told}", crate::escape::visible_lines(&diff).collect::<Vec<_>>().join("\n"))
    } else {
        told
    })
}

/// `charta review` from its command line: the edit, told on standard output.
pub fn main(args: crate::cli::ReviewArgs) -> Result<std::process::ExitCode> {
    let (root, today) = super::resolve(&args.common)?;
    let told = run(&Options {
        root: &root,
        config: args.common.config.as_deref(),
        today,
        document: &args.document,
        summary: args.summary.as_deref(),
        by: args.by.as_deref(),
        date: args.date,
        dry_run: args.dry_run,
    })?;
    print!("{told}");
    Ok(std::process::ExitCode::SUCCESS)
}
