//! charta turns a repository of Markdown policies and SOPs into a checked, versioned
//! compliance website.
//!
//! A run is a pipeline of stages, values in and values out, with files, git, the build cache and
//! the terminal at its ends: README.md, "How charta is built", draws it and names each module's
//! stage. In short: `load` and `history` read; `frontmatter` and `document` parse into a
//! `library`; `timeline` reads each document's committed texts once; `rules` find, with
//! `charta.toml`'s severities and waivers applied once; `assessment` says where each document
//! stands; `report` writes the findings; `site` makes the pages from values, and `output`
//! decides which it makes again (the build cache) and writes them.
//!
//! Domain modules (document, frontmatter, roster, review, rules, library, finding, assessment)
//! never touch templates, the command line or the clock: `today` is passed in.

pub mod assessment;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod confine;
pub mod document;
pub mod edit;
pub mod escape;
pub mod evidence;
pub mod finding;
pub mod fingerprint;
pub mod frontmatter;
pub mod heading;
pub mod history;
pub mod library;
pub mod links;
pub mod load;
pub mod output;
pub mod releases;
pub mod removed;
pub mod report;
pub mod review;
pub mod revision;
pub mod roster;
pub mod rules;
pub mod schemas;
pub mod site;
pub mod slug;
pub mod source;
pub mod timeline;
pub mod versions;
pub mod waiver;
pub mod yaml;
