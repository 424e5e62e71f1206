//! Stage 4: render the library into the site's files: values in (the library, its findings,
//! the templates), files out, handed one by one to whoever asked for them. No cache, no output
//! folder: which pages are made again is `crate::output::units`'s choice.

pub mod context;
pub mod diff;
pub mod file;
pub mod highlight;
pub mod hrefs;
pub mod inputs;
pub mod markdown;
mod pages;
pub mod paths;
pub mod placement;
pub mod policy;
pub mod render;
pub mod running;
pub mod succession;
pub mod templates;
pub mod view;
pub mod words;

pub use context::{Frame, Input, Placement, Site, Snapshot, Switch};
pub use file::{Emit, Output, Shelf, Taken, Texts};
pub use inputs::{Inputs, Published};
pub use pages::document::Done;
pub use pages::search::shelf_lanes;
