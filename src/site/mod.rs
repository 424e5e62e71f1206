//! Stages 4-5: render the library into the site's files, then write them atomically.

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
pub mod publish;
pub mod render;
pub mod report_page;
pub mod templates;
pub mod versions;
pub mod view;
pub mod write;

pub use publish::{OutputLock, Unfinished};
pub use render::{Outcome, Output, Placement, Sink, Switch, Texts, render};
pub use view::Inputs;
pub use write::Staging;
pub mod output;
pub mod overview;
pub mod search;
pub mod spare;
