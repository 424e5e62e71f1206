//! The floor `charta check` is measured against (issue 31): walk a corpus, read every Markdown
//! file, split off its front matter and parse it as YAML with the parser charta uses
//! (granit-parser, every event), on rayon's threads like charta. Nothing else: no document
//! model, no rules, no report.
//!
//!     cargo bench --bench check_floor -- CORPUS

#[path = "support/corpus.rs"]
mod corpora;

use rayon::prelude::*;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [corpus] = args.as_slice() else {
        eprintln!("usage: check_floor CORPUS");
        std::process::exit(2);
    };
    let files = corpora::markdown_files(Path::new(corpus));
    let events: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            granit_parser::Parser::new_from_str(corpora::split(&text).map_or("", |(front, _)| front))
                .filter_map(Result::ok)
                .count()
        })
        .sum();
    println!("{} documents, {events} YAML events", files.len());
}
