//! What both floor programs read of a corpus, alike: its Markdown files as charta's walk finds
//! them, and each file's `---` fenced front matter split from its body.

use std::path::{Path, PathBuf};

/// Every `.md` file under `corpus`, sorted by name, leaving out what charta's walk leaves out:
/// hidden folders, `node_modules`, and the site a build wrote into the corpus (`public`, the
/// default output folder; charta walks only its collections). A floor that walked a built site
/// read 20,000 more names at 10,000 documents: 40% more time, and a ratio over it that looked
/// better than it was (BENCHMARKS.md, nineteenth session).
pub fn markdown_files(corpus: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !left_out(e))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

fn left_out(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.depth() > 0
        && (name.starts_with('.') || name == "node_modules" || (entry.depth() == 1 && name == "public"))
}

/// A file's front matter (with its last line end) and its body, when it opens with `---` and a
/// line `---` closes the front matter; None otherwise.
pub fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end + 1], &rest[end + 5..]))
}
