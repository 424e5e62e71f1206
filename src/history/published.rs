//! Stage 1 support: which paths the history walk takes for documents the site published, under
//! today's collections or those of a commit's own charta.toml (see `era`).

/// Which root-relative paths the site publishes a document from, as a walk of a set of
/// collections would find them: today's ([`Published::now`]), or those a commit's own
/// charta.toml named (see `era`).
pub trait Published {
    fn now(&self) -> &[crate::config::Collection];
    /// Whether the site publishes a document from `path` under `collections` (None: today's).
    fn publishes(&self, path: &str, collections: Option<&[crate::config::Collection]>) -> bool;
}

impl<T: Published> Published for &T {
    fn now(&self) -> &[crate::config::Collection] {
        (*self).now()
    }
    fn publishes(&self, path: &str, collections: Option<&[crate::config::Collection]>) -> bool {
        (*self).publishes(path, collections)
    }
}

/// [`Published`] by a function of the collections and the path, with today's collections.
pub struct Publishing<F> {
    pub now: Vec<crate::config::Collection>,
    pub publishes: F,
}

impl<F: Fn(&[crate::config::Collection], &str) -> bool> Published for Publishing<F> {
    fn now(&self) -> &[crate::config::Collection] {
        &self.now
    }
    fn publishes(&self, path: &str, collections: Option<&[crate::config::Collection]>) -> bool {
        (self.publishes)(collections.unwrap_or(&self.now), path)
    }
}
