//! The floor `charta check` is measured against (issue 31): walk a corpus, read every Markdown
//! file, split off its front matter and parse it as YAML with the parser charta uses
//! (granit-parser, every event), on rayon's threads like charta. Nothing else: no document
//! model, no rules, no report.
//!
//!     cargo bench --bench check_floor -- CORPUS

use rayon::prelude::*;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [corpus] = args.as_slice() else {
        eprintln!("usage: check_floor CORPUS");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !left_out(e))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let events: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            granit_parser::Parser::new_from_str(front_matter(&text)).filter_map(Result::ok).count()
        })
        .sum();
    println!("{} documents, {events} YAML events", files.len());
}

/// The front matter of a `---` fenced file, or nothing.
fn front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else { return "" };
    rest.find("\n---\n").map_or("", |end| &rest[..end + 1])
}

/// What charta's walk leaves out of a corpus: hidden folders, `node_modules`, and the site a
/// build wrote into it (`public`, the default output folder; charta walks only its
/// collections). A floor that walked a built site read 20,000 more names at 10,000 documents:
/// 40% more time, and a ratio over it that looked better than it was (BENCHMARKS.md).
fn left_out(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.depth() > 0
        && (name.starts_with('.') || name == "node_modules" || (entry.depth() == 1 && name == "public"))
}
