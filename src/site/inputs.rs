//! Stage 4: what a site is made from, and the key of what every page of it shares: with each
//! unit's own typed input (`Frame`, `Input`, and the listing pages' linked files), everything
//! a page can read, so that no page depends on something no key holds.

use super::templates::{self, Templates};
use crate::fingerprint::Key;
use crate::library::Library;
use crate::roster::Roster;
use jiff::civil::Date;

pub struct Inputs<'a> {
    pub library: &'a Library,
    pub roster: &'a Roster,
    pub config: &'a crate::config::Config,
    pub today: Date,
    pub history: Option<&'a crate::history::History>,
    /// Each document's timeline, in the library's order (empty without history).
    pub timelines: &'a [crate::timeline::Timeline],
    /// The files documents link to that exist and may be published (see `load::existing`):
    /// nothing hidden, ignored or reached through a link. Only these are copied into the site.
    pub files: &'a std::collections::BTreeSet<String>,
    /// The SVG files among `files`, by path, with their text: a document showing one as an image
    /// gets it inside the page (a `data:` URL, where its scripts never run), not a copy on the
    /// site's origin, where they would (see `links::published_name`).
    pub images: &'a std::collections::BTreeMap<String, String>,
}

impl Inputs<'_> {
    /// The hash of what every page of the site is made from, by charta itself (`tool`: its
    /// version and binary) with `templates`: the templates and theme, the configuration, the
    /// roster, the date, the names of the linked files that exist, the collections (a folder found without configuration is one, in every
    /// page's navigation) and the history read (its last commit, length, depth and tags, which
    /// determine every commit, text and timeline in it).
    pub fn key(&self, templates: &Templates, tool: &Key) -> Key {
        // Every field is named: a field added to `Inputs` does not compile until it is said here
        // whether this key holds it or a unit's own input does.
        let Inputs {
            library,
            roster,
            config,
            today,
            history,
            // Each document's: read from `history`, and its document is its unit's (`Input`).
            timelines: _,
            // Which linked files exist decides where a link from the root leads (`links::locate`),
            // on every page: their names are here; their content is the listing pages' input.
            files,
            // Every page's `Frame`.
            images: _,
        } = self;
        let history = history.map(|h| {
            let releases: Vec<(&str, &str)> =
                h.releases.iter().map(|r| (r.name.as_str(), r.commit.id.as_str())).collect();
            (h.commits.last().map(|c| c.id.as_str()), h.commits.len(), h.shallow, releases)
        });
        // The documents themselves are each their unit's input; their collections are every page's.
        crate::fingerprint::of_debug(&[
            tool,
            &templates.fingerprint,
            &templates::THEME,
            config,
            &library.collections,
            roster,
            today,
            &history,
            files,
        ])
    }
}
