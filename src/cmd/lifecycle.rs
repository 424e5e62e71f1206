//! What `charta review`, `revise`, `approve`, `retire` and `supersede` share: the document
//! found by id, path or title; its file as it is on disk; the edited text read again as a
//! document and judged by the rules the command is about; the result written atomically, or
//! printed as a diff with `--dry-run`.

use super::Analysis;
use crate::document::Document;
use crate::edit::Text;
use crate::finding::{Finding, Severity};
use anyhow::{Result, bail};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// What every lifecycle command is given: the repository, the day, the document (an id, a
/// path, or the start of a title), the day to record and whether to only print the diff.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub today: Date,
    pub document: &'a str,
    /// The day to record; None: `today`.
    pub date: Option<Date>,
    pub dry_run: bool,
}

impl Target<'_> {
    /// Analyse the repository and open the document.
    pub fn open(&self) -> Result<Opened> {
        Opened::open(self.root, self.config, self.today, self.document, false)
    }

    /// Analyse the repository with its git history, and open the document: for an edit that
    /// must know whether the text is the one approved.
    pub fn open_with_history(&self) -> Result<Opened> {
        Opened::open(self.root, self.config, self.today, self.document, true)
    }

    /// The day to record.
    pub fn day(&self) -> Date {
        self.date.unwrap_or(self.today)
    }
}

/// A lifecycle command from its command line: `run` on the target `common`, `document` and
/// `edit` name, what it tells printed on standard output.
pub fn main(
    common: &crate::cli::Common,
    document: &str,
    edit: &crate::cli::EditArgs,
    run: impl FnOnce(&Target) -> Result<String>,
) -> Result<std::process::ExitCode> {
    let (root, today) = super::resolve(common)?;
    let target = Target {
        root: &root,
        config: common.config.as_deref(),
        today,
        document,
        date: edit.date,
        dry_run: edit.dry_run,
    };
    let told = run(&target)?;
    // `-q`: the edit is made and nothing is said of it; a dry run's diff is what was asked for.
    if edit.dry_run || !super::terminal::quiet() {
        print!("{told}");
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// A document opened for an edit.
pub struct Opened {
    pub a: Analysis,
    index: usize,
    /// The file as it is on disk, with its byte-order mark.
    pub raw: String,
    /// Its path, as a message may show it.
    pub shown: String,
    pub file: PathBuf,
}

impl Opened {
    /// Analyse the repository at `root` (with its history, as charta.toml says, when `history`)
    /// and open the document `wanted` names.
    pub fn open(
        root: &Path,
        config: Option<&Path>,
        today: Date,
        wanted: &str,
        history: bool,
    ) -> Result<Opened> {
        // An edit is of the files as they are: unless asked for, the git history (and the
        // evidence read from it) is not read, which on a long history is most of a check's time.
        let mut config = super::load_config(root, config)?;
        config.history.enabled &= history;
        let out_dir = super::output_dir(root, &config, None)?;
        let a = super::analyze(
            root,
            config,
            std::slice::from_ref(&out_dir),
            today,
            crate::library::Retain::Texts,
        )?;
        let index = find(&a.library.documents, root, wanted)?;
        let doc = &a.library.documents[index];
        let shown = crate::escape::visible(&doc.path).into_owned();
        let file = root.join(&doc.path);
        let raw = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {shown}: {e}"))?;
        if raw.strip_prefix('\u{feff}').unwrap_or(&raw) != doc.text {
            bail!("{shown} changed while charta read it; run the command again");
        }
        // The edits are made line by line in YAML's syntax.
        if crate::frontmatter::split(&doc.text, |_| false)
            .is_ok_and(|s| s.block == crate::frontmatter::Block::Toml)
        {
            bail!(
                "{shown}: its front matter is TOML (`+++`), which charta reads but does not edit; edit it by hand"
            );
        }
        Ok(Opened { a, index, raw, shown, file })
    }

    pub fn doc(&self) -> &Document {
        &self.a.library.documents[self.index]
    }

    pub fn text(&self) -> Text {
        Text::of(&self.raw)
    }

    /// The error for an edit that cannot be made: what the file says is shown, not printed raw.
    pub fn refuse(&self, why: &str) -> anyhow::Error {
        anyhow::anyhow!("{}: {}; nothing was written", self.shown, crate::escape::visible(why))
    }

    /// The line of the field the document names `canonical`, under any name charta reads for it.
    pub fn field(&self, canonical: &str) -> Option<u32> {
        crate::edit::field(self.doc(), &self.a.config.fields.aliases, canonical)
    }

    /// Refuse `date` for `what` when it is after `today` (the record would claim the future),
    /// or before the document's latest revision entry (the list would be out of order) or its
    /// approval (a record before the approval in force would read as approved by it, or, for
    /// an approval, put the new one before the one it follows: a document without a revision
    /// list has only its approval date to go by).
    pub fn check_date(&self, date: Date, today: Date, what: &str) -> Result<()> {
        if date > today {
            bail!("{}: {what} on {date} would be after today ({today}); pass --date", self.shown);
        }
        let m = &self.doc().meta;
        let dates = m.revisions.iter().filter_map(|r| r.date.as_ref().map(|d| d.value));
        if let Some(latest) = dates.max().filter(|latest| date < *latest) {
            bail!(
                "{}: {what} on {date} would come before its latest revision entry ({latest}); pass --date",
                self.shown
            );
        }
        // An approval dated after today is a mistake `approval/future-date` reports: no bound.
        let approved = m.approval_date.as_ref().map(|d| d.value).filter(|approved| *approved <= today);
        match approved.filter(|approved| date < *approved) {
            Some(approved) => bail!(
                "{}: {what} on {date} would come before its approval on {approved}; pass --date",
                self.shown
            ),
            None => Ok(()),
        }
    }

    /// Whether the document is retired.
    pub fn retired(&self) -> bool {
        self.doc().meta.retired()
    }

    /// Whether the document keeps a revision list (charta's, or comply's `majorRevisions`).
    pub fn has_revision_list(&self) -> bool {
        self.field("revisions").is_some() || self.doc().meta.fields.contains_key("majorRevisions")
    }

    /// Whether a change, review or retirement is recorded as a revision entry: everywhere but in
    /// a T1Pal QMS document without a list (its history is git's; [`NO_LIST`] says so).
    pub fn records_revisions(&self) -> bool {
        self.has_revision_list() || self.doc().dialect != crate::document::Dialect::T1pal
    }

    /// The roster id of `given` (else of git's user.email) and how this document writes them;
    /// refused when the roster says they were not active on `day`: one who left records no
    /// review, change or retirement (an approval by them is `approval/approver-inactive`).
    pub fn person(
        &self,
        root: &Path,
        given: Option<&str>,
        flag: &str,
        day: Date,
    ) -> Result<(String, String)> {
        let id = super::new::person(&self.a.roster, root, given, flag)?;
        if let Some(person) = self.a.roster.person(&id)
            && let Some(why) = person.inactive_on(day)
        {
            bail!(
                "{}: {} ({flag}) was active only {why} (roster.yaml), so cannot be recorded as acting on {day}; name someone active that day",
                self.shown,
                crate::escape::visible(&person.name)
            );
        }
        let written = crate::edit::person_as_written(self.doc(), &self.a.roster, &id);
        Ok((id, written))
    }

    /// `text` read again as this document.
    pub fn reparse(&self, text: &str) -> Document {
        let doc = self.doc();
        Document::parse_named(
            &doc.path,
            doc.collection,
            text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
            &self.a.config.fields.aliases,
        )
    }

    /// What `charta check` finds of `doc` from its own text, the roster and the configuration
    /// (the history's rules aside): its parse's findings and `rules::own`.
    fn own(&self, doc: &Document, today: Date) -> Vec<Finding> {
        let mut found = doc.findings.clone();
        found.extend(crate::rules::own(
            doc,
            &self.a.library.kind(doc),
            &self.a.roster,
            &self.a.config,
            today,
            &[],
        ));
        found
    }

    /// The findings of the revision, review and front-matter rules on `doc`.
    pub fn about(&self, doc: &Document, today: Date) -> Vec<Finding> {
        let mut found = self.own(doc, today);
        found.retain(|f| matches!(f.rule.family(), "revision" | "review" | "frontmatter"));
        found
    }

    /// Every error `charta check` would report of `doc` from its own text and the roster (the
    /// history's rules aside), with charta.toml's severities; waived findings are not errors.
    pub fn errors(&self, doc: &Document, today: Date) -> Vec<Finding> {
        let mut found = self.own(doc, today);
        let id = crate::document::id_key(&doc.id());
        found.retain(|f| self.fails(f, &id, today));
        found
    }

    /// Whether `f`, a finding of the document whose id key is `id`, fails the check: an error
    /// at charta.toml's severity, and no waiver holds it.
    pub fn fails(&self, f: &Finding, id: &str, today: Date) -> bool {
        let config = &self.a.config;
        config.severity(f.rule) == Severity::Error
            && crate::rules::waived(config, f, Some(id), today).is_none()
    }

    /// Refuse when `after` has more findings of a rule than `before` had (lines move with an
    /// edit, so findings are counted by rule, not matched by place).
    pub fn no_new(&self, before: &[Finding], after: &[Finding]) -> Result<()> {
        let count = |all: &[Finding], f: &Finding| all.iter().filter(|g| g.rule == f.rule).count();
        match after.iter().find(|f| count(after, f) > count(before, f)) {
            Some(f) => {
                Err(self.refuse(&format!("the edit would be reported as {}: {}", f.rule.id(), f.message)))
            }
            None => Ok(()),
        }
    }

    /// Write `new_text` in place of the file (or, with `dry_run`, print the diff), then `told`.
    pub fn finish(&self, new_text: &str, dry_run: bool, told: &str) -> Result<String> {
        if !dry_run {
            super::write_replacing(&self.file, new_text)?;
            return Ok(told.to_owned());
        }
        let path = &self.doc().path;
        let diff = similar::TextDiff::from_lines(self.raw.as_str(), new_text)
            .unified_diff()
            .header(path, path)
            .to_string();
        Ok(format!("{}{told}", crate::escape::visible_lines(&diff).collect::<Vec<_>>().join("\n")))
    }
}

/// "recorded", or with `--dry-run` "would record": how the line a command prints starts.
pub fn verb(dry_run: bool, done: &'static str, would: &'static str) -> &'static str {
    if dry_run { would } else { done }
}

/// The index of the document `wanted` names: by id, by path (from the root), else by the start
/// of its title when only one title starts so.
pub fn find(docs: &[Document], root: &Path, wanted: &str) -> Result<usize> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        bail!("name a document: its id, its path, or the start of its title");
    }
    // A path as the shell gives it (from the current folder, or absolute), from the root.
    let from_root = std::fs::canonicalize(wanted).ok().and_then(|p| {
        let root = std::fs::canonicalize(root).ok()?;
        p.strip_prefix(root).ok().map(|p| p.to_string_lossy().replace('\\', "/"))
    });
    let wanted_path = wanted.trim_start_matches("./");
    let by_path =
        docs.iter().position(|d| d.path == wanted_path || from_root.as_deref() == Some(d.path.as_str()));
    if let Some(i) = by_path {
        return Ok(i);
    }
    let key = crate::document::id_key(wanted);
    let by_id: Vec<usize> =
        (0..docs.len()).filter(|i| crate::document::id_key(&docs[*i].id()) == key).collect();
    match by_id.as_slice() {
        [one] => return Ok(*one),
        [] => {}
        many => {
            let paths: Vec<&str> = many.iter().map(|i| docs[*i].path.as_str()).collect();
            bail!(
                "{} documents have the id `{}` ({}): name one by its path",
                many.len(),
                crate::escape::visible(wanted),
                crate::escape::visible(&paths.join(", "))
            )
        }
    }
    let lower = wanted.to_lowercase();
    let titled: Vec<usize> =
        (0..docs.len()).filter(|i| docs[*i].title().to_lowercase().starts_with(&lower)).collect();
    match titled.as_slice() {
        [one] => Ok(*one),
        [] => bail!("no document has the id, path or title `{}`", crate::escape::visible(wanted)),
        many => {
            let mut names: Vec<String> =
                many.iter().take(5).map(|i| format!("{} ({})", docs[*i].id(), docs[*i].path)).collect();
            if many.len() > 5 {
                names.push(format!("and {} more", many.len() - 5));
            }
            bail!(
                "`{}` starts {} titles: {}; name one by its id or path",
                crate::escape::visible(wanted),
                many.len(),
                crate::escape::visible(&names.join(", "))
            )
        }
    }
}

/// Said of an edit to a document with no revision list (the T1Pal QMS's form).
pub const NO_LIST: &str = "charta: the document keeps no revision list (the T1Pal QMS's form), so what the change is and who made it are not written in it: say them in the commit message, which is its history\n";
