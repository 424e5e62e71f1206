//! Stage 4: render the library into the site's files, handed one by one to a [`Sink`] (the
//! output's staging folder, see `crate::output`), reused from the build cache when unchanged.

pub mod cache;
pub mod code_cache;
pub mod diff;
pub mod documents;
pub mod encoding;
pub mod feed;
pub mod highlight;
pub mod listing;
pub mod markdown;
pub mod pages;
pub mod paths;
pub mod policy;
pub mod render;
pub mod report_page;
pub mod templates;
pub mod versions;
pub mod view;

pub use render::{Outcome, Output, Placement, Sink, Switch, Texts, render};
pub use view::Inputs;
pub mod overview;
pub mod search;
