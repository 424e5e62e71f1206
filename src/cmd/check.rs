//! `charta check`: analyse the repository and report every finding; the exit code gates CI.

use crate::finding::Severity;
use crate::library::Retain;
use crate::report::{self, Format, Quotes, Report};
use anyhow::{Context, Result};
use jiff::civil::Date;
use std::io::Write;
use std::path::Path;

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub today: Date,
    pub format: Format,
    pub output: Option<&'a Path>,
    /// The severity from which a finding fails the check; None never fails.
    pub fail_on: Option<Severity>,
    /// SARIF lists waived findings too (`--include-waived`).
    pub include_waived: bool,
    /// Only findings in these root-relative files or folders are reported and decide the exit
    /// code (`charta check PATHS...`); empty: every finding.
    pub only: Vec<String>,
    /// `--keys-from`: the branch whose roster holds the signing keys, over charta.toml's.
    pub keys_from: Option<&'a str>,
}

/// Runs the check, writes the report; returns whether the check failed.
pub fn run(opts: &Options) -> Result<bool> {
    // Only the human report quotes source lines, and it reads them again when it writes (see
    // `quoted`): each text is let go as soon as its document is parsed, and memory stays that of
    // the metadata.
    let quotes = opts.format == Format::Human;
    let retain = if quotes { Retain::Fingerprints } else { Retain::Nothing };
    let started = std::time::Instant::now();
    if let Some(path) = opts.output {
        crate::confine::given(path, "--output")?;
    }
    let mut config = super::load_config(opts.root, opts.config)?;
    if let Some(branch) = opts.keys_from {
        config.evidence.keys_from = Some(branch.to_owned());
    }
    let out_dir = super::output_dir(opts.root, &config, None)?;
    let mut a = super::analyze(opts.root, config, std::slice::from_ref(&out_dir), opts.today, retain)?;
    super::terminal::tell_stage(
        format_args!(
            "read and checked {} ({})",
            super::terminal::counted(a.library.documents.len(), "document"),
            super::terminal::counted(a.findings.len(), "finding")
        ),
        started.elapsed(),
    );
    let reported = std::time::Instant::now();
    if !opts.only.is_empty() {
        let named = |path: &str| opts.only.iter().any(|o| within(path, o));
        a.findings.retain(|f| named(&f.path) || f.also.iter().any(|p| named(p)));
        // One said for many documents is shown at a named one: where the user looks.
        a.findings.iter_mut().for_each(|f| f.move_to_first(named));
        crate::finding::sort(&mut a.findings);
        a.library.documents.retain(|d| named(&d.path));
        // A Markdown file named that is no document was checked for nothing: said, not passed
        // over (another file, such as a changed script a CI job passes along, is not).
        for only in &opts.only {
            let markdown = crate::load::is_markdown(Path::new(only)) && opts.root.join(only).is_file();
            if markdown && !a.library.documents.iter().any(|d| d.path == *only) && !super::terminal::quiet() {
                let _ = writeln!(
                    std::io::stderr(),
                    "charta check: {} is in no collection, so nothing of it was checked (charta.toml's [[collections]] name the folders of documents)",
                    crate::escape::visible(only)
                );
            }
        }
    }
    let quotes = if quotes { quoted(opts, &a.library.documents, &a.findings) } else { Quotes::default() };
    let mut not_run = Vec::new();
    if a.incomplete {
        not_run.push(("history", "the clone holds only part of its history (a shallow or partial clone)"));
    } else if a.history.is_none() {
        not_run
            .push(("history", "no git history was read: not a git repository, or [history] enabled = false"));
    }
    if !a.config.evidence.enabled() {
        not_run.push(("evidence", "charta.toml's [evidence] asks for no evidence"));
    } else if a.history.is_none() {
        not_run.push(("evidence", "no whole git history was read, so no signature was checked"));
    }
    let report = Report {
        not_run,
        today: opts.today,
        documents: a.library.documents.iter().map(|d| (d.path.as_str(), d.id())).collect(),
        findings: &a.findings,
        approvals: a
            .library
            .documents
            .iter()
            .zip(&a.approvals)
            .flat_map(|(d, all)| all.iter().map(|a| (d.path.as_str(), a)))
            .collect(),
        quotes,
        include_waived: opts.include_waived,
        quiet: super::terminal::quiet(),
        // Only the reports a forge reads name files from the repository's top.
        repo_folder: match opts.format {
            Format::Github | Format::Sarif | Format::Gitlab => {
                crate::history::folder_in_repository(opts.root).unwrap_or_default()
            }
            _ => String::new(),
        },
        rules_page: a
            .config
            .site
            .base_url
            .as_deref()
            .filter(|b| b.starts_with("http"))
            .map(|base| format!("{}/report/", base.trim_end_matches('/'))),
    };
    match opts.output {
        Some(path) => {
            // Written as it is made: a report of every finding is megabytes, held beside the
            // whole analysis.
            let written = std::fs::File::create(path).and_then(|file| {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
                report::write(&report, opts.format, false, &mut out)?;
                out.flush()
            });
            written.with_context(|| format!("cannot write the report to {}", path.display()))?;
            // The report is written: a closed standard error changes nothing.
            let _ = super::terminal::quiet()
                || writeln!(
                    std::io::stderr(),
                    "charta check: {} (report written to {})",
                    report.summary(),
                    crate::escape::visible(&path.display().to_string())
                )
                .is_ok();
        }
        None => {
            let stdout = std::io::stdout().lock();
            // Colours for the human report on a terminal that takes them (NO_COLOR and
            // CLICOLOR_FORCE are honoured); any other report goes out as written, with no pass
            // over its bytes to take styles out again.
            let color = opts.format == Format::Human
                && anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
            let sink: Box<dyn Write> =
                if color { Box::new(anstream::AutoStream::auto(stdout)) } else { Box::new(stdout) };
            let mut stdout = std::io::BufWriter::new(sink);
            match report::write(&report, opts.format, color, &mut stdout).and_then(|()| stdout.flush()) {
                // Its reader went away (`charta check | head`): the report ends there, and the
                // exit code is still the findings'.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                written => written.context("cannot write the report to standard output")?,
            }
        }
    }
    super::terminal::tell_stage(format_args!("wrote the report"), reported.elapsed());
    // In GitHub Actions, the step's summary lists every finding (the annotations stop at ten
    // of each kind): appended to the file the runner names, as each step's summary is.
    if opts.format == Format::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot open the step summary {}", Path::new(&path).display()))?;
        file.write_all(report::github_summary(&report).as_bytes())
            .with_context(|| format!("cannot write the step summary {}", Path::new(&path).display()))?;
    }
    let failed = crate::rules::fails(&a.findings, opts.fail_on);
    // The process ends next: freeing every document one by one would only cost time.
    std::mem::forget(a);
    Ok(failed)
}

/// `charta check` from its command line: the report, and exit code 1 when a finding fails the run.
pub fn main(args: crate::cli::CheckArgs) -> Result<std::process::ExitCode> {
    let (root, today) = super::resolve(&args.common)?;
    let fail_on = match args.fail_on {
        crate::cli::FailOn::Error => Some(crate::finding::Severity::Error),
        crate::cli::FailOn::Warning => Some(crate::finding::Severity::Warning),
        crate::cli::FailOn::Never => None,
    };
    let only = named_paths(&root, &std::env::current_dir()?, &args.paths)?;
    let opts = Options {
        only,
        root: &root,
        config: args.common.config.as_deref(),
        today,
        format: args.format,
        output: args.output.as_deref().filter(|path| *path != std::path::Path::new("-")),
        fail_on,
        include_waived: args.include_waived,
        keys_from: args.keys_from.as_deref(),
    };
    Ok(super::exit_code(run(&opts)?))
}

/// The lines the findings point at, of each document with one and of charta.toml, for the human
/// report. Each document is read again, in parallel, and quoted only when it is still the text
/// that was checked (its fingerprint): a file changed since has its findings said without its lines.
fn quoted(
    opts: &Options,
    documents: &[crate::document::Document],
    findings: &[crate::finding::Finding],
) -> Quotes {
    use rayon::prelude::*;
    let wanted = report::wanted(findings);
    let read: Vec<_> = documents
        .par_iter()
        .with_max_len(crate::library::GRAIN)
        .filter_map(|d| {
            let lines = wanted.get(d.path.as_str())?;
            let text = crate::load::read_again(&opts.root.join(&d.path)).ok()?;
            (crate::document::Document::fingerprint_of(&text) == d.fingerprint)
                .then(|| (d.path.as_str(), report::lines_of(&text, lines)))
        })
        .collect();
    let mut quotes = Quotes::default();
    for (path, lines) in read {
        quotes.add(path, lines);
    }
    // charta.toml too, so a `waiver/expired` finding shows its line.
    if let Some(lines) = wanted.get(crate::config::FILE_NAME) {
        let config_path =
            opts.config.map_or_else(|| opts.root.join(crate::config::FILE_NAME), Path::to_owned);
        let text = crate::load::read_whole(&config_path).unwrap_or_default();
        quotes.add(crate::config::FILE_NAME, report::lines_of(&text, lines));
    }
    quotes
}

/// Whether the root-relative `path` is the file or folder `named` (`""`: the root), or in it.
fn within(path: &str, named: &str) -> bool {
    named.is_empty() || path == named || path.strip_prefix(named).is_some_and(|rest| rest.starts_with('/'))
}

/// The files and folders of `charta check PATHS...` (relative to `cwd`), as root-relative paths.
/// Each must exist inside the root: a misspelt path would otherwise report nothing and pass.
fn named_paths(root: &Path, cwd: &Path, paths: &[std::path::PathBuf]) -> Result<Vec<String>> {
    let root =
        root.canonicalize().with_context(|| format!("cannot read the root folder {}", root.display()))?;
    paths
        .iter()
        .map(|p| {
            let shown = crate::escape::visible(&p.display().to_string()).into_owned();
            let full = cwd.join(p).canonicalize().with_context(|| {
                format!("{shown}: no such file or folder; name files and folders of the repository")
            })?;
            let rel = full.strip_prefix(&root).map_err(|_| {
                anyhow::anyhow!(
                    "{shown} is outside the repository {}; name files and folders inside it, or pass --root",
                    crate::escape::visible(&root.display().to_string())
                )
            })?;
            Ok(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::finding::{Finding, Rule};
    use crate::source::Span;

    /// The human report reads each document with a finding again to quote its lines: one
    /// changed since it was checked is not quoted, since its line may not be the one the finding
    /// is about; one unchanged is, only at the lines findings point at.
    #[test]
    fn a_document_changed_after_it_was_checked_has_no_line_quoted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sop")).unwrap();
        let checked = "---\nid: SOP-1\nid: SOP-2\n---\n# A\n";
        let mut docs = Vec::new();
        for name in ["sop/changed.md", "sop/same.md"] {
            let mut doc = Document::parse(name, 0, checked);
            doc.fingerprint = Document::fingerprint_of(checked);
            docs.push(doc);
        }
        std::fs::write(dir.path().join("sop/changed.md"), "---\nid: SOP-1\ntitle: B\n---\n# A\n").unwrap();
        std::fs::write(dir.path().join("sop/same.md"), checked).unwrap();
        let findings: Vec<Finding> = ["sop/changed.md", "sop/same.md"]
            .into_iter()
            .map(|path| Finding::new(Rule::DocumentDuplicateId, path, Span::new(3, 1), "twice"))
            .collect();
        let opts = super::Options {
            root: dir.path(),
            config: None,
            today: jiff::civil::date(2026, 12, 7),
            format: crate::report::Format::Human,
            output: None,
            fail_on: None,
            include_waived: false,
            only: Vec::new(),
            keys_from: None,
        };
        let quotes = super::quoted(&opts, &docs, &findings);
        assert!(quotes.of("sop/changed.md").is_none(), "changed since it was checked");
        let same = quotes.of("sop/same.md").unwrap();
        assert_eq!(same.iter().collect::<Vec<_>>(), [(&3, &"id: SOP-2".to_owned())]);
    }
}
