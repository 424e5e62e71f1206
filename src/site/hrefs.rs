//! Stage 4: where a document's links lead on the site: to another document's page, to a file
//! copied beside the site, to an SVG shown inline, or to a page of the host outside the site.

use super::highlight::Highlighter;
use super::paths;
use std::collections::{BTreeMap, BTreeSet};

/// What a page needs to rewrite links.
pub struct Links<'a> {
    /// Source path of the document being rendered.
    pub source: &'a str,
    /// The files documents link to that exist (see [`Inputs::files`]): where a link from the
    /// root leads when `links_root` is not set ([`crate::links::locate`]).
    ///
    /// [`Inputs::files`]: super::inputs::Inputs::files
    pub files: &'a BTreeSet<String>,
    /// The folder a link from the root (`/x`) is read from: `[site] links_root`.
    pub root: crate::links::Root<'a>,
    /// The file the page is written to, root-relative.
    pub page: &'a str,
    /// Source path of every document -> its page file.
    pub pages: &'a BTreeMap<String, String>,
    /// The page's title: a first-level heading that repeats it is left out, the page shows it.
    pub title: &'a str,
    /// Where highlighted code comes from.
    pub code: &'a dyn Highlighter,
    /// SVG images the site may show, by root-relative path: their text, put into the page as a
    /// `data:` URL where a document shows one as an image (see [`Inputs::images`]).
    ///
    /// [`Inputs::images`]: super::inputs::Inputs::images
    pub images: &'a BTreeMap<String, String>,
    /// The text is an earlier version's: see [`Then`]. None for the working copy's text.
    pub then: Option<Then<'a>>,
}

/// What the links of an earlier version's text name: the paths of its commit, each followed to
/// its name now through the files moved since; a document removed since leads to the page the
/// site keeps of it.
#[derive(Clone, Copy)]
pub struct Then<'a> {
    pub moves: &'a crate::history::moves::Moves,
    /// The text's commit, an index of `History::commits`.
    pub commit: usize,
    /// The documents removed from the repository whose pages the site keeps (`removed/`).
    pub removed: &'a Kept,
}

/// Source path -> the page the site keeps of the document removed from it (`removed/`), and the
/// commit that removed it (an index of `History::commits`).
pub type Kept = BTreeMap<String, (String, usize)>;

impl Links<'_> {
    /// Where a link led (`located`, a path as the text's commit had it) is now.
    fn now(&self, located: String) -> String {
        match self.then {
            Some(then) => then.moves.now(&located, then.commit),
            None => located,
        }
    }

    /// The page of the document at `source` (a path now): a current one's, or for an earlier
    /// version's text, one removed since: the one removed from `source` after the text was
    /// written, though another document is at that path now.
    fn page_of(&self, source: &str) -> Option<&String> {
        let kept = self.then.and_then(|then| Some((then.removed.get(source)?, then.commit)));
        match kept {
            Some(((page, removed), written)) if *removed > written => Some(page),
            _ => self.pages.get(source).or(kept.map(|((page, _), _)| page)),
        }
    }
}

/// An SVG image as a `data:` URL: shown as an image, where a browser runs none of its scripts
/// and it has no address on the site's origin to be opened at; None for any other image.
pub(super) fn image(dest: &str, links: &Links) -> Option<String> {
    use base64::Engine as _;
    let dest = dest.trim();
    let target = crate::links::locate(links.root, links.source, dest, links.files)
        .filter(|_| crate::links::is_relative(dest))
        .map(|t| links.now(t))?;
    let svg = links.images.get(&target)?;
    Some(format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg)))
}

/// Rewrite one link target. Links to documents go to their pages; other relative links go to
/// the file, which is copied beside the site under its own name and written percent-encoded
/// (a file `100% done.pdf` is asked for as `100%25%20done.pdf`); script URLs are neutralised.
/// A relative link never leads above the site's root: one out of the repository (the link
/// check reports it) links nowhere, one to the repository's root goes to the site's.
pub(super) fn rewrite(dest: &str, links: &Links, assets: &mut BTreeSet<String>) -> String {
    let trimmed = dest.trim();
    if !crate::links::is_relative(trimmed) {
        let scheme = trimmed.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        return match scheme.as_deref() {
            Some("http" | "https" | "mailto" | "tel" | "ftp") | None => trimmed.to_owned(),
            Some(_) => "#".to_owned(),
        };
    }
    if let Some(address) = links.root.elsewhere(trimmed) {
        return address;
    }
    let fragment = trimmed.find('#').map(|at| &trimmed[at..]).unwrap_or_default();
    // Where it led when its text was written, and where that file is now.
    let Some(then) = crate::links::locate(links.root, links.source, trimmed, links.files) else {
        return "#".to_owned();
    };
    let target = links.now(then.clone());
    let page = links.page_of(&target).or_else(|| {
        // `x/` for `x.md`, and a folder for its index, as static-site generators publish them
        // (the repository's root goes to the site's, below), each as it was then.
        // Only a name without an extension (`x`, `x/`) can be another file's page.
        let name = then.rsplit('/').next().unwrap_or(&then);
        if then.is_empty() || name.contains('.') {
            return None;
        }
        let mut sources =
            crate::links::page_source(&then).into_iter().chain(crate::links::folder_pages(&then));
        sources.find_map(|md| links.page_of(&links.now(md)))
    });
    if let Some(page) = page {
        return format!("{}{fragment}", paths::relative(links.page, page));
    }
    if target.is_empty() {
        let root = paths::root_prefix(links.page);
        return format!("{}{fragment}", if root.is_empty() { "./" } else { &root });
    }
    // A file an earlier version named that is gone since (or was never published), and that
    // no kept page stands for: nothing is there on the site, so its link leads nowhere.
    if links.then.is_some() && !links.files.contains(&target) {
        return "#".to_owned();
    }
    let published = crate::links::href(&crate::links::published_name(&target));
    assets.insert(target);
    format!("{}{fragment}", paths::relative(links.page, &published))
}
