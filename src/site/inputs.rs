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
    /// The files documents link to that exist and may be published (see `load::Lookup::existing`):
    /// nothing hidden, ignored or reached through a link. Only these are copied into the site.
    pub files: &'a std::collections::BTreeSet<String>,
    /// The SVG files among `files`, by path, with their text: a document showing one as an image
    /// gets it inside the page (a `data:` URL, where its scripts never run), not a copy on the
    /// site's origin, where they would (see `links::published_name`).
    pub images: &'a std::collections::BTreeMap<String, String>,
    /// What `[site]` publishes besides the pages (`cmd::site_files`). Empty for a release.
    pub published: &'a Published,
    /// Each document's approvals, past and present, with their proofs, in the library's order
    /// (empty unless `[evidence]` is on).
    pub approvals: &'a [Vec<crate::evidence::Approval>],
    /// The documents removed from the repository (`crate::removed`); none for a release.
    pub removed: &'a [crate::removed::Removed],
    /// For a release snapshot: the history and the files of the release's tree, from which the
    /// linked files (`files`) are published as they were at the release. None for the current
    /// site, whose linked files are copied from the working tree.
    pub tree:
        Option<(&'a crate::history::History, &'a std::collections::BTreeMap<String, crate::history::BlobId>)>,
}

/// The files `[site]` publishes as they are, and the images it puts inside every page.
#[derive(Debug, Default)]
pub struct Published {
    /// Site path -> root-relative source: the icon, the logo and the style sheets (under
    /// `assets/site/`) and the static folder's files (at the site's root).
    pub files: std::collections::BTreeMap<String, String>,
    /// An SVG icon or logo by its path in charta.toml: its `data:` URL, put in the pages.
    pub inline: std::collections::BTreeMap<String, String>,
}

impl Inputs<'_> {
    /// The hash of what every page of the site is made from, by charta itself (`tool`: its
    /// version and binary) with `templates`: the templates and theme, the configuration, the
    /// roster, the date, the names of the linked files that exist, the collections (a folder found without configuration is one, in every
    /// page's navigation) and the history read (its last commit, length, depth, tags and the
    /// root's folder in it, which determine every commit and text in it; each document's
    /// timeline, which the other documents there now decide too, is its unit's input).
    pub fn key(&self, templates: &Templates, tool: &Key) -> Key {
        // Every field is named: a field added to `Inputs` does not compile until it is said here
        // whether this key holds it or a unit's own input does.
        let Inputs {
            library,
            roster,
            config,
            today,
            history,
            // Each document's: its unit's input (`Input`): the documents there now decide it as
            // well as `history` (an id taken by another document since).
            timelines: _,
            // Which linked files exist decides where a link from the root leads (`links::locate`),
            // on every page: their names are here; their content is the listing pages' input.
            files,
            // Every page's `Frame`.
            images: _,
            // Pages name the paths charta.toml gives (in `config`) and hold the inline images;
            // which files are published and their content are the listing pages' input
            // (`units::listing_key`).
            published,
            // Read from `history` (its last commit is here) as the configuration says (here too).
            removed: _,
            // Each document's: its unit's input (`Input`).
            approvals: _,
            // A release's: its snapshot is never taken from the cache unit by unit.
            tree: _,
        } = self;
        let history = history.map(|h| {
            // A tag made again on the same commit with another message or date changes the
            // releases page and the banners: they are part of the key, not only the commit.
            let releases: Vec<(&str, &str, String, Option<&str>)> = h
                .releases
                .iter()
                .map(|r| (r.name.as_str(), r.commit.id.as_str(), r.date.to_string(), r.message.as_deref()))
                .collect();
            (h.commits.last().map(|c| c.id.as_str()), h.commits.len(), h.incomplete(), &h.folder, releases)
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
            &published.inline,
        ])
    }
}
