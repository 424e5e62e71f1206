//! Stage 4: where a site sits among the current site and its release snapshots: its folder, the
//! release it is of, and the version switcher's links.

use serde::Serialize;

/// A link of the version switcher: the current site or a release snapshot.
#[derive(Serialize, Clone, Debug)]
pub struct Switch {
    pub label: String,
    /// Root-relative folder of that site ("" for the current one).
    pub dir: String,
    pub active: bool,
}

/// A release snapshot as its banner shows it.
#[derive(Serialize, Clone, Debug)]
pub struct Snapshot {
    pub name: String,
    /// When it was released (an annotated tag's date, else its commit's), YYYY-MM-DD.
    pub date: String,
    /// An annotated tag's message ("" for none).
    pub message: String,
    /// Its commit's date, where the tag is of a later day (a tag on an older commit), else "".
    pub committed: String,
    /// Its tag is on a commit off the main line: the history rules were not run on it.
    pub off_line: bool,
}

impl Snapshot {
    /// The date of `release`'s commit, where it is earlier than the release's own ("" otherwise).
    pub fn committed(release: &crate::history::Release) -> String {
        let date = release.commit.date;
        if date < release.date { date.to_string() } else { String::new() }
    }
}

/// Where this site sits among the current site and its release snapshots.
#[derive(Clone, Debug, Default)]
pub struct Placement {
    /// Folder the site is written under ("" for the current site, `releases/v1.0/` for a snapshot).
    pub prefix: String,
    /// For a snapshot: its release.
    pub release: Option<Snapshot>,
    pub switcher: Vec<Switch>,
    /// For the current site: the folder of every release snapshot (`releases/v1/`), which the
    /// snapshots' own files take.
    pub snapshots: Vec<String>,
}
