//! Stage 4: render the library into the site's files: values in (the library, its findings,
//! the templates), files out, handed one by one to whoever asked for them. No cache, no output
//! folder: which pages are made again is `crate::output::units`'s choice.

pub mod diff;
pub mod documents;
pub mod feed;
pub mod file;
pub mod highlight;
pub mod listing;
pub mod markdown;
pub mod overview;
pub mod pages;
pub mod paths;
pub mod policy;
pub mod render;
pub mod report_page;
pub mod search;
pub mod templates;
pub mod versions;
pub mod view;

pub use documents::Done;
pub use file::{Emit, Output};
pub use render::{Frame, Input, Placement, Site, Switch};
pub use view::Inputs;
