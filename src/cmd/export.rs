//! `charta export`: the evidence bundle an auditor takes away: a zip of every document as it
//! is on disk, what charta records of each (id, version, status, who approved it, the commit
//! that recorded the approval, its findings), and a SHA-256 manifest that `sha256sum -c`
//! verifies. The same repository and date give the same bytes.

use crate::timeline::Timeline;
use anyhow::{Context, Result};
use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// A commit as the bundle names it.
#[derive(Serialize)]
struct CommitRecord {
    id: String,
    date: String,
    author: String,
    summary: String,
}

/// A finding as the bundle lists it.
#[derive(Serialize)]
struct FindingRecord<'a> {
    rule: &'a str,
    severity: &'a str,
    line: u32,
    message: &'a str,
    waived: Option<&'a str>,
}

/// What the bundle records of one document.
#[derive(Serialize)]
struct Record<'a> {
    id: String,
    title: String,
    path: &'a str,
    /// Its entry in the bundle: `documents/` and its path, a backslash, colon or control
    /// character percent-encoded ([`entry_name`]).
    file: String,
    /// SHA-256 of the file as it is in the bundle, hex.
    sha256: String,
    /// The file is as its last commit left it (false: changed since, or never committed;
    /// None outside git).
    committed: Option<bool>,
    version: Option<&'a str>,
    /// As `register.json` writes it: draft, review, approved, retired.
    status: Option<String>,
    owner: Option<&'a str>,
    authors: Vec<&'a str>,
    approvers: Vec<&'a str>,
    approval_date: Option<String>,
    effective_date: Option<String>,
    /// The commit that first recorded the approval the document states (None without history,
    /// or when no commit records it as it stands: an approval not yet committed): on a pull
    /// request's branch merged with `--no-ff`, the branch's commit, as the document's page says.
    approval_recorded_in: Option<CommitRecord>,
    /// Where that commit is a branch's: the merge that brought it to the line.
    approval_merged_in: Option<CommitRecord>,
    /// The last commit that changed the file.
    last_changed_in: Option<CommitRecord>,
    findings: Vec<FindingRecord<'a>>,
}

#[derive(Serialize)]
struct Records<'a> {
    today: String,
    /// The commit the working tree is on (None outside git).
    head: Option<CommitRecord>,
    documents: Vec<Record<'a>>,
}

fn commit(history: &crate::history::History, index: usize) -> Option<CommitRecord> {
    history.commits.get(index).map(record)
}

fn record(c: &crate::history::Commit) -> CommitRecord {
    CommitRecord {
        id: c.id.clone(),
        date: c.date.to_string(),
        author: c.author.clone(),
        summary: crate::escape::visible(&c.summary).into_owned(),
    }
}

/// The bundle of the repository at `root` as of `today`, as the bytes of a zip.
/// The bundle's bytes, and how many of its documents are not as the last commit has them.
pub fn bundle(root: &Path, config: Option<&Path>, today: Date) -> Result<(Vec<u8>, usize)> {
    let a = super::analyze_repository(root, config, today, crate::library::Retain::Texts)?;
    let findings = crate::finding::by_path(&a.findings);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut documents = Vec::new();
    let empty = Timeline::default();
    for (i, doc) in a.library.documents.iter().enumerate() {
        let bytes =
            std::fs::read(root.join(&doc.path)).with_context(|| format!("cannot read {}", doc.path))?;
        let m = &doc.meta;
        let timeline = a.timelines.get(i).unwrap_or(&empty);
        let committed = a
            .history
            .as_ref()
            .map(|_| timeline.steps.last().and_then(|s| s.blob) == Some(crate::history::blob_id(&doc.text)));
        let (recorded, merged, last) = match &a.history {
            Some(h) => {
                let committed = committed == Some(true);
                // A draft's or a version in review's approval fields are an earlier version's.
                let pending = m.pending();
                let recorded = timeline.recorded_as_stated(m, committed).filter(|_| !pending);
                let on_branch = recorded.zip(timeline.stated(m)).and_then(|(c, now)| {
                    let step = timeline.approved_on_branch(c, now)?;
                    h.merged.get(&c)?.commits.get(step.commit).map(record)
                });
                let last = timeline.steps.last().and_then(|s| commit(h, s.commit));
                let line = recorded.and_then(|c| commit(h, c));
                // On a branch: the branch's commit, then the merge that brought it.
                let (recorded, merged) = match on_branch {
                    Some(branch) => (Some(branch), line),
                    None => (line, None),
                };
                (recorded, merged, last)
            }
            None => (None, None, None),
        };
        let own = findings.get(doc.path.as_str()).map_or(&[][..], Vec::as_slice);
        documents.push(Record {
            id: doc.id(),
            title: doc.title(),
            path: &doc.path,
            file: format!("documents/{}", entry_name(&doc.path)),
            sha256: hex::encode(Sha256::digest(&bytes)),
            version: m.version.as_ref().map(|v| v.value.as_str()),
            status: m.status.as_ref().map(|s| format!("{:?}", s.value).to_lowercase()),
            committed,
            owner: m.owner.as_ref().map(|o| o.value.as_str()),
            authors: m.authors.iter().map(|a| a.value.as_str()).collect(),
            approvers: m.approvers.iter().map(|a| a.value.as_str()).collect(),
            approval_date: m.approval_date.as_ref().map(|d| d.value.to_string()),
            effective_date: m.effective_date.as_ref().map(|d| d.value.to_string()),
            approval_recorded_in: recorded,
            approval_merged_in: merged,
            last_changed_in: last,
            findings: own
                .iter()
                .map(|f| FindingRecord {
                    rule: f.rule.id(),
                    severity: f.severity.as_str(),
                    line: f.span.line,
                    message: &f.message,
                    waived: f.waived.as_deref(),
                })
                .collect(),
        });
        files.push((documents.last().map(|r| r.file.clone()).unwrap_or_default(), bytes));
    }
    // What the records were judged by: the configuration and the roster, as they are.
    for (name, path) in [
        (
            crate::config::FILE_NAME,
            config.map_or_else(|| root.join(crate::config::FILE_NAME), Path::to_owned),
        ),
        ("roster.yaml", root.join(&a.config.roster)),
    ] {
        if let Ok(bytes) = std::fs::read(&path) {
            files.push((format!("configuration/{name}"), bytes));
        }
    }
    let head = a.history.as_ref().and_then(|h| h.commits.len().checked_sub(1).and_then(|i| commit(h, i)));
    let head_line = head.as_ref().map_or_else(
        || {
            if a.incomplete {
                "a shallow or partial clone: its history was not read"
            } else {
                "not a git repository"
            }
            .to_owned()
        },
        |c| format!("{} ({})", c.id, c.date),
    );
    let uncommitted = documents.iter().filter(|r| r.committed == Some(false)).count();
    let uncommitted_line = match uncommitted {
        0 => String::new(),
        n => format!(
            "{n} of the documents are not as that commit has them (changed since, or never committed): records.json says \"committed\": false of each.\n"
        ),
    };
    let records = Records { today: today.to_string(), head, documents };
    files.push(("records.json".into(), serde_json::to_vec_pretty(&records)?));
    files.push((
        "README.txt".into(),
        format!(
            "Evidence bundle made by charta {} on {today}.\n\
             Repository commit: {head_line}.\n{uncommitted_line}\n\
             documents/      every controlled document, as the file was\n\
             records.json    for each: id, version, status, owner, authors, approvers, the approval\n                \
             date and the commit that recorded it, the last commit that changed it, its findings\n\
             MANIFEST.sha256 the SHA-256 of every other file: check with `sha256sum -c MANIFEST.sha256`\n",
            env!("CARGO_PKG_VERSION")
        )
        .into_bytes(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let manifest: String = files.iter().map(|(name, bytes)| manifest_line(name, bytes)).collect();
    files.push(("MANIFEST.sha256".into(), manifest.into_bytes()));
    Ok((zip(&files, today)?, uncommitted))
}

/// A document's path as the name of its entry in the bundle: a backslash, a colon and a control
/// character are written as `%5C`, `%3A`, `%0A` (and `%` as `%25`). On Windows, where auditors
/// open these bundles, an extractor reads `\` as a folder break and `C:` as a drive: a file named
/// `x\..\..\evil.md` in the repository was written outside the folder the bundle was opened in.
fn entry_name(path: &str) -> std::borrow::Cow<'_, str> {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const UNSAFE: &AsciiSet =
        &CONTROLS.add(b'\\').add(b':').add(b'%').add(b'<').add(b'>').add(b'"').add(b'|').add(b'?').add(b'*');
    utf8_percent_encode(path, UNSAFE).into()
}

/// `name`'s line of `MANIFEST.sha256` as GNU `sha256sum` writes it: a name holding a backslash
/// or a line break has them escaped and the line starts with a backslash, so that
/// `sha256sum -c` reads every line.
fn manifest_line(name: &str, bytes: &[u8]) -> String {
    let digest = hex::encode(Sha256::digest(bytes));
    if name.contains(['\\', '\n', '\r']) {
        let escaped = name.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r");
        format!("\\{digest}  {escaped}\n")
    } else {
        format!("{digest}  {name}\n")
    }
}

/// `files` as a zip, each stamped with `day` (the zip format's earliest is 1980) and the same
/// permissions, in the order given: nothing of the machine or the moment goes in.
fn zip(files: &[(String, Vec<u8>)], day: Date) -> Result<Vec<u8>> {
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(day.year()).unwrap_or(1980).max(1980),
        u8::try_from(day.month()).unwrap_or(1),
        u8::try_from(day.day()).unwrap_or(1),
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

pub fn main(args: crate::cli::ExportArgs) -> Result<std::process::ExitCode> {
    let (root, today) = super::resolve(&args.common)?;
    let out = &crate::confine::given(&args.out, "--out")?;
    if out.is_dir() {
        anyhow::bail!(
            "--out {} is a folder: name the bundle's file (--out {})",
            crate::escape::visible(&out.display().to_string()),
            crate::escape::visible(&out.join("evidence.zip").display().to_string())
        );
    }
    let (bytes, uncommitted) = bundle(&root, args.common.config.as_deref(), today)?;
    // Written beside itself first, then moved in place: never a half-written bundle, and
    // nothing left beside it when it cannot be moved.
    let part = crate::confine::given(&out.with_extension("zip.part"), "--out")?;
    std::fs::write(&part, &bytes).with_context(|| format!("cannot write {}", part.display()))?;
    if let Err(e) = std::fs::rename(&part, out) {
        let _ = std::fs::remove_file(&part);
        return Err(e).with_context(|| format!("cannot write {}", out.display()));
    }
    if uncommitted > 0 {
        eprintln!(
            "charta export: warning: {uncommitted} of the documents are not as the last commit has them (changed since, or never committed): the bundle holds the files as they are, and records.json says \"committed\": false of each; commit them first for a bundle of the repository as committed"
        );
    }
    if !super::terminal::quiet() {
        eprintln!("charta: wrote the evidence bundle {} ({} bytes)", out.display(), bytes.len());
    }
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_manifest_line_escapes_a_name_as_sha256sum_does() {
        let plain = super::manifest_line("documents/a.md", b"");
        assert!(plain.ends_with("  documents/a.md\n") && !plain.starts_with('\\'), "{plain}");
        let odd = super::manifest_line("documents/a\nb\\c.md", b"");
        assert!(odd.starts_with('\\') && odd.ends_with("  documents/a\\nb\\\\c.md\n"), "{odd:?}");
        assert_eq!(odd.matches('\n').count(), 1, "one line");
    }

    /// Bug (a hostile pull request): a document named `x\..\..\tmp\zipslip.md` (a legal file
    /// name on Linux) went into the bundle under that name, which a Windows extractor reads as
    /// folders up and out of the one it extracts to; and `C:\evil.md` as a drive.
    #[test]
    fn an_entry_of_the_bundle_holds_no_backslash_or_drive() {
        assert_eq!(super::entry_name("policies/a.md"), "policies/a.md");
        assert_eq!(super::entry_name("policies/x\\..\\..\\tmp\\z.md"), "policies/x%5C..%5C..%5Ctmp%5Cz.md");
        assert_eq!(super::entry_name("C:\\evil 100%.md"), "C%3A%5Cevil 100%25.md");
        assert_eq!(super::entry_name("a\nb.md"), "a%0Ab.md");
        // The names Windows refuses in a file name.
        assert_eq!(super::entry_name("q?<script>|*\".md"), "q%3F%3Cscript%3E%7C%2A%22.md");
    }
}
