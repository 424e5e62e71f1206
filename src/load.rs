//! Stage 1: find the Markdown files of each collection, in a stable order, and read them.

use crate::config::{Collection, Config};
use crate::finding::{Finding, Rule};
use crate::source::{SourceFile, Span};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Largest Markdown file read: a bound on memory whatever a repository holds.
pub const MAX_FILE_SIZE: u64 = 100 << 20;

/// The collections to read: the configured ones, else `policies/` and `sop/` when present,
/// else the whole root.
pub fn collections(root: &Path, config: &Config) -> Vec<Collection> {
    collections_in(config, |dir| root.join(dir).is_dir())
}

/// The collections, given a way to tell whether a folder exists (on disk, or in a git tree).
pub fn collections_in(config: &Config, exists: impl Fn(&str) -> bool) -> Vec<Collection> {
    if !config.collections.is_empty() {
        return config.collections.clone();
    }
    let defaults: Vec<Collection> = [("policies", "policy"), ("sop", "sop")]
        .into_iter()
        .filter(|(dir, _)| exists(dir))
        .map(|(path, kind)| Collection { path: path.into(), kind: kind.into(), title: None })
        .collect();
    if defaults.is_empty() {
        vec![Collection { path: ".".into(), kind: "document".into(), title: None }]
    } else {
        defaults
    }
}

/// The first collection a root-relative path belongs to.
pub fn collection_of(collections: &[Collection], path: &str) -> Option<usize> {
    collections.iter().position(|c| {
        let dir = c.path.trim_matches('/');
        dir == "." || dir.is_empty() || path.starts_with(&format!("{dir}/"))
    })
}

pub fn is_markdown(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "markdown"))
}

/// Every file under the root (hidden folders and `skip` excluded), root-relative: what a
/// document's relative links may point to.
pub fn file_index(root: &Path, skip: &[PathBuf]) -> BTreeSet<String> {
    walk(root, skip)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(rel_string))
        .collect()
}

fn rel_string(rel: &Path) -> String {
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A sorted walk that does not follow links and skips hidden folders, `node_modules` and `skip`.
fn walk<'a>(dir: &Path, skip: &'a [PathBuf]) -> impl Iterator<Item = walkdir::DirEntry> + 'a {
    WalkDir::new(dir)
        .follow_links(false)
        // By name: entries of one folder share their parent, so their whole paths compare as their
        // names do, without splitting each path into components for every comparison.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let skipped = skip.iter().any(|s| e.path() == s) || e.file_name() == "node_modules";
            !(hidden || skipped)
        })
        .filter_map(Result::ok)
}

/// A Markdown file of a collection, found by the walk and not read yet.
#[derive(Debug, Clone)]
pub struct Found {
    pub rel_path: String,
    pub path: PathBuf,
    /// Index into the collections.
    pub collection: usize,
}

/// Walk every collection (sorted, hidden folders and `skip` excluded, links not followed): its
/// Markdown files, each once (the first collection holding it names it), in walk order.
pub fn list(root: &Path, collections: &[Collection], skip: &[PathBuf]) -> Vec<Found> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for (collection, c) in collections.iter().enumerate() {
        for entry in walk(&root.join(&c.path), skip) {
            if !entry.file_type().is_file() || !is_markdown(entry.path()) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel_path = rel_string(rel);
            if seen.insert(rel_path.clone()) {
                found.push(Found { rel_path, path: entry.into_path(), collection });
            }
        }
    }
    found
}

/// The finding for a file that was not valid UTF-8 (it is read all the same).
pub fn invalid_utf8(file: &SourceFile) -> Option<Finding> {
    file.lossy.then(|| {
        Finding::new(
            Rule::SourceInvalidUtf8,
            &file.rel_path,
            Span::file(),
            "the file is not valid UTF-8; invalid bytes are shown as \u{FFFD}",
        )
        .help("save the file as UTF-8")
    })
}

/// Read one file (its size checked on the open file, so the walk itself stays a listing). A file
/// that cannot be read is a finding, not an error.
pub fn read(found: Found) -> Result<SourceFile, Finding> {
    use std::io::Read as _;
    let Found { rel_path, path, collection } = found;
    let unreadable = |e: std::io::Error| {
        Finding::new(Rule::SourceUnreadable, &rel_path, Span::file(), format!("cannot read the file: {e}"))
            .help("check the file's permissions")
    };
    let file = std::fs::File::open(&path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > MAX_FILE_SIZE {
        return Err(Finding::new(
            Rule::SourceTooLarge,
            &rel_path,
            Span::file(),
            format!(
                "the file is {} MiB; charta reads Markdown files of up to {} MiB",
                size >> 20,
                MAX_FILE_SIZE >> 20
            ),
        )
        .help(Rule::SourceTooLarge.fix()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Never more than the limit, even if the file grows while it is read.
    file.take(MAX_FILE_SIZE).read_to_end(&mut bytes).map_err(unreadable)?;
    let (text, lossy) = SourceFile::decode_owned(bytes);
    Ok(SourceFile { rel_path, text, collection, lossy })
}
