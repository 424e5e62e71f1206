//! Stage 4: what the site is made of: files, each a path and its bytes (or a file of the
//! repository to copy), handed out one by one as they are made.

use anyhow::Result;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered content.
    Bytes { path: String, bytes: Vec<u8> },
    /// A file of the repository the documents link to (an image, a PDF), copied from `source`
    /// (root-relative) to `path`, which differs only for a file a browser would run
    /// ([`crate::links::published_name`]).
    Copy { source: String, path: String },
}

impl Output {
    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path, .. } => path,
        }
    }
}

/// Where the files of the site go as they are made (from several threads), so that the site is
/// never all in memory: what the caller does with them (write them, list them) is its own.
pub type Emit<'a> = &'a (dyn Fn(Output) -> Result<()> + Sync);
