//! Stage 3: the whole set of documents, in a stable order, with their collections.

use crate::config::Collection;
use crate::document::Document;
use crate::source::SourceFile;
use rayon::prelude::*;

#[derive(Debug, Clone)]
pub struct Library {
    pub collections: Vec<Collection>,
    /// Sorted by path.
    pub documents: Vec<Document>,
}

/// Parse every file (in parallel: parsing is pure) and gather them, sorted by path.
pub fn assemble(collections: Vec<Collection>, files: Vec<SourceFile>) -> Library {
    let mut documents: Vec<Document> =
        files.into_par_iter().map(|f| Document::parse(&f.rel_path, f.collection, f.text)).collect();
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    Library { collections, documents }
}

impl Library {
    /// Hand over every document's text, in document order, leaving the documents without it
    /// (metadata, findings and titles stay) but with its digest: what identifies the text from
    /// then on.
    pub fn take_texts(&mut self) -> Vec<String> {
        self.documents
            .par_iter_mut()
            .map(|d| {
                d.digest = Document::digest_of(&d.text);
                std::mem::take(&mut d.text)
            })
            .collect()
    }

    pub fn kind(&self, doc: &Document) -> String {
        doc.meta.kind.as_ref().map(|k| k.value.clone()).unwrap_or_else(|| {
            self.collections.get(doc.collection).map(|c| c.kind.clone()).unwrap_or_default()
        })
    }
}
