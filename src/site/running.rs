//! Stage 4 support: which template is rendering which page, and since when, so that a template
//! that does not finish (a loop over far more than any site holds) can be named and stopped by
//! the command's watchdog (`cmd/watchdog.rs`). tera has no budget of steps to stop it itself.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A render under way: its template, its page and when it began.
struct Render {
    template: String,
    page: String,
    since: Instant,
}

/// The renders under way, by a number given to each as it begins: every thread's.
static RUNNING: Mutex<BTreeMap<u64, Render>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Most bytes one page may hold. A repository's template can write without end long before the
/// watchdog's time is up (two nested loops wrote 2 GiB in five seconds, and the build was
/// killed for its memory): the page is refused past this, far beyond what the largest document
/// charta reads (4 MiB) makes.
pub const MOST_PAGE: usize = 256 << 20;

/// A page as a template writes it, refused once it would hold more than [`MOST_PAGE`] bytes.
pub struct Capped {
    pub bytes: Vec<u8>,
}

impl Default for Capped {
    /// Room for nearly every page from the start (nine in ten are under 32 KiB), as tera's own
    /// `render` gives them: grown from less, the pages' bytes were copied again and again
    /// (callgrind: 1.3% more instructions for a cold build).
    fn default() -> Capped {
        Capped { bytes: Vec::with_capacity(64 << 10) }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    /// What tera calls for every piece of a page: written whole, as a `Vec`'s own is, with no
    /// loop of partial writes (the default's loop cost a cold build 0.6% more instructions).
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.bytes.len().saturating_add(buf.len()) > MOST_PAGE {
            return Err(std::io::Error::other(format!(
                "the page grew larger than {} MiB, more than any page of a document holds: the template writes without end; bound its loops",
                MOST_PAGE >> 20
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The render that has run longest, if any runs: how long, its template and its page.
pub fn longest() -> Option<(Duration, String, String)> {
    let running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
    // The lowest number began first.
    running.values().next().map(|r| (r.since.elapsed(), r.template.clone(), r.page.clone()))
}

/// `render()` of `page` with `template`, listed as under way while it runs.
pub fn timed<T>(template: &str, page: &str, render: impl FnOnce() -> T) -> T {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let begun = Render { template: template.to_owned(), page: page.to_owned(), since: Instant::now() };
    RUNNING.lock().unwrap_or_else(PoisonError::into_inner).insert(id, begun);
    // Taken off the list however the render ends, a panic included.
    struct Done(u64);
    impl Drop for Done {
        fn drop(&mut self) {
            RUNNING.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.0);
        }
    }
    let _done = Done(id);
    render()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages under way now: other tests render beside this one.
    fn pages() -> Vec<String> {
        RUNNING.lock().unwrap_or_else(PoisonError::into_inner).values().map(|r| r.page.clone()).collect()
    }

    #[test]
    fn a_render_is_listed_while_it_runs_and_not_after() {
        let page = "policies/listed-while-it-runs/index.html";
        let (inside, longest) = timed("document.html", page, || (pages(), longest()));
        assert!(inside.iter().any(|p| p == page), "{inside:?}");
        assert!(longest.is_some());
        assert!(!pages().iter().any(|p| p == page));
    }

    #[test]
    fn a_render_that_panics_is_taken_off_the_list() {
        let page = "policies/panicked/index.html";
        let outcome =
            std::panic::catch_unwind(|| timed("document.html", page, || panic!("a template panicked")));
        assert!(outcome.is_err());
        assert!(!pages().iter().any(|p| p == page));
    }
}
