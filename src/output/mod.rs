//! Stage 5: the output folder. The site's files go into a staging folder beside it (a [`Sink`]
//! the pages are handed to), which then takes its place at once; one build at a time, what a
//! killed build left removed by the next, and nothing outside charta's own folders touched.
//!
//! [`Sink`]: crate::site::Sink

pub mod publish;
pub mod spare;
pub mod staging;
pub mod target;

pub use publish::{OutputLock, Unfinished};
pub use staging::Staging;
