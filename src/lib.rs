//! charta turns a repository of Markdown policies and SOPs into a checked, versioned
//! compliance website.
//!
//! The pipeline, each stage a function from values to values:
//!
//! ```text
//! load::list(root, collections)              -> Vec<Found>                        I/O
//! library::read: per file, in parallel:
//!   load::read                                -> SourceFile (or why not)            I/O
//!   Document::parse, links::relative_links    -> Document + findings               pure
//!                                             -> Library (sorted) + source findings pure
//! rules::run(&Library, &Registries, found)   -> every finding, severities and waivers
//!                                                applied once                      pure
//! report::<format>::write(&Report)            -> stdout / --output                 check
//! site::render(&Library, &Roster, ...)        -> Vec<OutputFile>                   pure
//! site::write(outputs, out_dir)               atomic: write beside, then swap       I/O
//! ```
//!
//! Domain modules (document, frontmatter, roster, review, rules, library, finding) never
//! touch templates, the command line or the clock: `today` is passed in.

pub mod assessment;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod confine;
pub mod document;
pub mod escape;
pub mod finding;
pub mod frontmatter;
pub mod history;
pub mod library;
pub mod links;
pub mod load;
pub mod report;
pub mod review;
pub mod revision;
pub mod roster;
pub mod rules;
pub mod site;
pub mod slug;
pub mod source;
pub mod versions;
pub mod waiver;
pub mod yaml;
