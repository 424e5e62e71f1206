//! The edge that stops a build whose template does not finish: a repository's template can loop
//! for hours (tera counts no steps), and a pull request's author may write one. When a page has
//! rendered for longer than `--template-timeout`, the build is stopped as a signal stops it (what
//! it began is removed, the previous site stays) and charta ends with exit code 2, naming the
//! template and the page.

use crate::output::Unfinished;
use crate::site::running;
use std::sync::OnceLock;
use std::time::Duration;

/// The seconds a page may take to render, unless `--template-timeout` says otherwise: far more
/// than the built-in templates take for the largest listing page of 100,000 documents.
pub const DEFAULT_SECONDS: u64 = 60;

/// Watch every render of this process from now on; a render running longer than `limit` stops
/// the process; a limit of 0 watches nothing. Started once per process: a second call changes
/// nothing.
pub fn start(unfinished: &Unfinished, limit: Duration) {
    if limit.is_zero() {
        return;
    }
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        let unfinished = unfinished.clone();
        // Looked at four times per limit, at most once per 10 ms and at least once a second.
        let every = (limit / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(every);
                if let Some((took, template, page)) = running::longest()
                    && took > limit
                {
                    unfinished.stop();
                    super::terminal::print_error(&anyhow::anyhow!(message(&template, &page, limit)));
                    std::process::exit(2);
                }
            }
        });
    });
}

/// What is said when `template` has rendered `page` for longer than `limit` (made visible as it
/// is printed: both are the repository's names).
fn message(template: &str, page: &str, limit: Duration) -> String {
    format!(
        "the template {template} rendered {page} for more than {} s: the build is stopped and nothing of it is published, the previous site staying as it was (a loop that does not end? If the template is right and only slow, give it longer with --template-timeout SECONDS)",
        limit.as_secs_f64()
    )
}
