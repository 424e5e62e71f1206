//! Stages 4-5: render the library into the site's files, then write them atomically.

pub mod highlight;
pub mod markdown;
pub mod paths;
pub mod render;
pub mod templates;
pub mod view;
pub mod write;

pub use render::{Output, render};
pub use view::Inputs;
pub use write::write;
