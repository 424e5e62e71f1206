//! Stages 1-3, document by document in parallel: read each file, parse it, find its links; then
//! the whole set of documents, in a stable order, with their collections.

use crate::config::Collection;
use crate::document::Document;
use crate::finding::Finding;
use crate::frontmatter::schema::Names;
use crate::load::{self, Found};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::sync::{Mutex, PoisonError};

/// Most documents one thread takes at a time in a parallel stage. Rayon otherwise cuts a list
/// into as many pieces as there are threads, twice over, and a thread that finishes early has
/// nothing left to take while another works through a quarter of the documents alone; with
/// small pieces the threads finish together. Each piece costs a few microseconds.
pub const GRAIN: usize = 8;

#[derive(Debug, Clone, Default)]
pub struct Library {
    pub collections: Vec<Collection>,
    /// Sorted by path.
    pub documents: Vec<Document>,
}

/// What a document keeps of its text once it is parsed and its links are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retain {
    /// The text (for a report that quotes source lines, or pages rendered from it).
    Texts,
    /// Its SHA-256 only (`Document::digest`): `build` reads each text again for its page.
    Digests,
    /// A quick hash only (`Document::fingerprint`): the human report of `check` reads again the
    /// texts whose lines it quotes.
    Fingerprints,
    /// Nothing: memory stays that of the metadata, whatever the size of the corpus.
    Nothing,
}

/// Read and parse every file found, in parallel: each file is parsed as soon as it is read,
/// while its text is at hand, and what `retain` does not keep of it is freed there. Files that
/// cannot be read, or are not UTF-8, are findings. `documents`: those found that are known to
/// exist for the site (see [`crate::links::relative_links`]).
pub fn read(
    collections: Vec<Collection>,
    found: Vec<Found>,
    retain: Retain,
    names: &Names,
    documents: &crate::links::Documents,
) -> (Library, Vec<Finding>) {
    // Into vectors of the known length, each document written once where it stays (an
    // unindexed iterator such as `par_bridge` collects into pieces and copies them together:
    // 6,000 more page faults at 10,000 documents, more than a walk ahead of the reading costs).
    let (documents, findings): (Vec<Option<Document>>, Vec<Option<Finding>>) = found
        .into_par_iter()
        .with_max_len(GRAIN)
        .map(|f| match load::read(f) {
            Ok(file) => {
                let finding = crate::rules::source::invalid_utf8(&file);
                (Some(document(file, retain, names, documents)), finding)
            }
            Err(unread) => (None, Some(crate::rules::source::unread(&unread))),
        })
        .unzip();
    // `filter_map`, not `flatten`: the documents are collected in place, in the vector that
    // holds them, rather than into a second one as large.
    #[allow(clippy::filter_map_identity)]
    let documents = documents.into_iter().filter_map(|d| d).collect();
    (sorted(collections, documents), findings.into_iter().flatten().collect())
}

/// Read files from elsewhere than the working tree (a release's, from git) with `read`, and
/// parse each as soon as it is read, in parallel. The first file (in the given order) that
/// cannot be read is the error.
pub fn assemble<T: Send>(
    collections: Vec<Collection>,
    files: Vec<T>,
    read: impl Fn(T) -> anyhow::Result<SourceFile> + Sync,
    retain: Retain,
    names: &Names,
) -> anyhow::Result<Library> {
    // Which documents exist is not known before each file is read: every body with links is
    // parsed.
    let none = crate::links::Documents::default();
    let documents = each(files, |f| Ok(document(read(f)?, retain, names, &none)))?;
    Ok(sorted(collections, documents))
}

/// What `make` gives of each of `files`, in parallel, in their order: only that is kept of a
/// file once it is made (a release's documents summarised, not held). The first file (in the
/// given order) that `make` fails on is the error.
pub fn each<T: Send, R: Send>(
    files: Vec<T>,
    make: impl Fn(T) -> anyhow::Result<R> + Sync,
) -> anyhow::Result<Vec<R>> {
    // Into a vector of the known length, as in `read`: collecting results straight into a
    // `Result<Vec<_>>` would gather pieces and copy them together.
    let failed: Mutex<Option<(usize, anyhow::Error)>> = Mutex::new(None);
    let made: Vec<Option<R>> = files
        .into_par_iter()
        .enumerate()
        .with_max_len(GRAIN)
        .map(|(i, f)| match make(f) {
            Ok(made) => Some(made),
            Err(e) => {
                let mut failed = failed.lock().unwrap_or_else(PoisonError::into_inner);
                if failed.as_ref().is_none_or(|(first, _)| i < *first) {
                    *failed = Some((i, e));
                }
                None
            }
        })
        .collect();
    if let Some((_, e)) = failed.into_inner().unwrap_or_else(PoisonError::into_inner) {
        return Err(e);
    }
    #[allow(clippy::filter_map_identity)]
    Ok(made.into_iter().filter_map(|d| d).collect())
}

/// A document parsed, its fields read by charta's names and an organisation's own (`names`), its
/// links found (`documents`: those known to exist, see [`crate::links::relative_links`]).
fn document(
    file: SourceFile,
    retain: Retain,
    names: &Names,
    documents: &crate::links::Documents,
) -> Document {
    let mut doc = Document::parse_named(&file.rel_path, file.collection, file.text, names);
    doc.links = crate::links::relative_links(&doc, documents);
    match retain {
        Retain::Texts => {}
        Retain::Digests => drop(doc.take_text()),
        Retain::Fingerprints => {
            doc.fingerprint = Document::fingerprint_of(&doc.text);
            doc.text = String::new();
        }
        Retain::Nothing => doc.text = String::new(),
    }
    doc
}

fn sorted(collections: Vec<Collection>, mut documents: Vec<Document>) -> Library {
    // In place: a stable sort takes a second vector as large (8 MB at 10,000 documents); no
    // two documents have one path, so both sorts give one order.
    documents.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Library { collections, documents }
}

impl Library {
    /// Hand over every document's text, in document order, leaving the documents without it
    /// (metadata, findings, links and titles stay) but with its digest.
    pub fn take_texts(&mut self) -> Vec<String> {
        self.documents.par_iter_mut().map(Document::take_text).collect()
    }

    /// Each document that states a `superseded_by`, by index, with the index of the document
    /// of that id (ids compared as `crate::document::id_key` compares them), or None when no
    /// document has it. The site links these; `document/invalid-successor` reports the rest.
    pub fn successors(&self) -> Vec<(usize, Option<usize>)> {
        let named: Vec<usize> =
            (0..self.documents.len()).filter(|i| self.documents[*i].meta.superseded_by.is_some()).collect();
        if named.is_empty() {
            return Vec::new();
        }
        let by_id: std::collections::HashMap<String, usize> =
            self.documents.iter().enumerate().map(|(i, d)| (crate::document::id_key(&d.id()), i)).collect();
        named
            .into_iter()
            .map(|i| {
                let wanted = self.documents[i].meta.superseded_by.as_ref().map(|s| s.value.as_str());
                (i, wanted.and_then(|w| by_id.get(&crate::document::id_key(w)).copied()))
            })
            .collect()
    }

    pub fn kind(&self, doc: &Document) -> String {
        doc.meta.kind.as_ref().map(|k| k.value.clone()).unwrap_or_else(|| {
            self.collections.get(doc.collection).map(|c| c.kind.clone()).unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Rule;

    #[test]
    fn a_document_keeps_of_its_text_what_it_is_asked_to_and_its_links_either_way() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sop")).unwrap();
        let text = "---\nid: SOP-1\n---\n# Title\n\nSee [the policy](../policies/p.md).\n";
        std::fs::write(dir.path().join("sop/a.md"), text).unwrap();
        std::fs::write(dir.path().join("sop/b.md"), b"---\nid: SOP-2\n---\n\xff\n").unwrap();
        let collections =
            vec![Collection { path: "sop".into(), kind: "sop".into(), title: None, ..Default::default() }];
        for retain in [Retain::Texts, Retain::Digests, Retain::Fingerprints, Retain::Nothing] {
            let found =
                load::list(dir.path(), &collections, &[], ignore::gitignore::Gitignore::empty()).found;
            let (library, findings) = read(
                collections.clone(),
                found,
                retain,
                &crate::frontmatter::schema::NO_NAMES,
                &Default::default(),
            );
            let a = &library.documents[0];
            assert_eq!((a.path.as_str(), a.title()), ("sop/a.md", "Title".to_owned()));
            let links: Vec<_> = a.links.iter().map(|l| (l.value.as_str(), l.span.line, l.span.col)).collect();
            assert_eq!(links, [("../policies/p.md", 6, 5)], "{retain:?}");
            let (kept, digest, fingerprint) = match retain {
                Retain::Texts => (text, [0; 32], 0),
                Retain::Digests => ("", Document::digest_of(text), 0),
                Retain::Fingerprints => ("", [0; 32], Document::fingerprint_of(text)),
                Retain::Nothing => ("", [0; 32], 0),
            };
            assert_eq!((a.text.as_str(), a.digest, a.fingerprint), (kept, digest, fingerprint), "{retain:?}");
            // A file that is not UTF-8 is still a document, and a finding says so.
            assert_eq!(library.documents[1].path, "sop/b.md");
            let found: Vec<_> = findings.iter().map(|f| (f.path.as_str(), f.rule)).collect();
            assert_eq!(found, [("sop/b.md", Rule::SourceInvalidUtf8)], "{retain:?}");
        }
    }

    #[test]
    fn files_read_from_elsewhere_are_parsed_in_order_and_the_first_that_fails_is_the_error() {
        let collections =
            vec![Collection { path: "sop".into(), kind: "sop".into(), title: None, ..Default::default() }];
        let source = |i: usize| SourceFile {
            rel_path: format!("sop/{i:03}.md"),
            text: format!("---\nid: SOP-{i}\n---\n# Doc {i}\n"),
            collection: 0,
            invalid_at: None,
        };
        let ok = assemble(
            collections.clone(),
            (0..100).rev().collect(),
            |i| Ok(source(i)),
            Retain::Digests,
            &crate::frontmatter::schema::NO_NAMES,
        );
        let ok = ok.unwrap();
        assert_eq!(ok.documents.len(), 100);
        assert!(ok.documents.windows(2).all(|w| w[0].path < w[1].path));
        assert_eq!(ok.documents[7].title(), "Doc 7");
        // Whichever thread meets its failure first, the error is that of the first in order.
        let failing =
            |i: usize| if i % 10 == 3 { Err(anyhow::anyhow!("cannot read {i}")) } else { Ok(source(i)) };
        for _ in 0..20 {
            let err = assemble(
                collections.clone(),
                (0..100).collect(),
                failing,
                Retain::Digests,
                &crate::frontmatter::schema::NO_NAMES,
            )
            .unwrap_err();
            assert_eq!(err.to_string(), "cannot read 3");
        }
    }
}
