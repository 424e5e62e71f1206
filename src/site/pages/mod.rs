//! Stage 4: the site's pages, a file per kind: a document's own page (`document`) and its past
//! versions and redlines (`history`); the pages that list documents (`register`, `reviews`,
//! `controls`, `people`, `report`, `sitemap`, `theme`), then `search` and `feed`, which need
//! what each document's page gave; the pages of documents removed from the repository
//! (`removed`).

pub mod archived;
pub mod branch_change;
pub mod changes;
pub mod controls;
pub mod document;
pub mod feed;
pub mod history;
pub mod in_force;
pub mod kept;
pub mod people;
pub mod redline;
pub mod register;
pub mod register_json;
pub mod releases;
pub mod removed;
pub mod report;
pub mod reviews;
pub mod search;
pub mod sitemap;
pub mod theme;

use crate::site::view::Row;

/// A document's row as the listing pages get it, with its link made into a template value once:
/// the reviews, controls and people pages name each document many times over, and a template
/// value is shared, not copied, wherever it is put. (The values of whole rows are made by the
/// register alone, while its pages are made: [`register::groups`].)
pub struct Listed<'a> {
    pub row: &'a Row,
    /// Its [`DocLink`](crate::site::view::DocLink).
    pub link: tera::Value,
}
