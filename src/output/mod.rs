//! Stage 5: the output folder and the build cache. Each unit of the site's pages is taken from
//! the last build when its key is unchanged or rendered (`units`); the files go into a staging
//! folder beside the output (a [`Sink`]), which then takes its place at once; one build at a
//! time, what a killed build left removed by the next, and nothing outside charta's own folders
//! touched.

pub mod cache;
pub mod files;
pub mod publish;
pub mod shelf;
pub mod spare;
pub mod staging;
pub mod target;
pub mod units;

pub use publish::{OutputLock, Unfinished};
pub use staging::Staging;
pub use units::{Outcome, Sink, Texts};
