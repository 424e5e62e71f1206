//! Stage 1 (I/O): a setting of git's configuration, for commands that fill in who is writing.

use std::path::Path;

/// A setting of git's configuration (`user.email`) as git would read it in `dir`: the
/// repository's own, else the user's and the system's. None when unset or empty.
pub fn setting(dir: &Path, key: &str) -> Option<String> {
    let config = match git2::Repository::discover(dir) {
        Ok(repo) => repo.config().ok()?,
        Err(_) => git2::Config::open_default().ok()?,
    };
    config.get_string(key).ok().filter(|value| !value.trim().is_empty())
}
