//! The one integration-test binary: builds fixture repositories with the real `charta` binary
//! and checks what a reader of the site would see.

mod support;

mod approve;
mod architecture;
mod atomic;
mod attachments;
mod build_site;
mod cache;
mod conventions;
mod damaged;
mod dialects;
mod escaping;
mod evidence;
mod export;
mod feed;
mod history;
mod history_authors;
mod history_branches;
mod history_dates;
mod history_ids;
mod history_moves;
mod history_paths;
mod hostile;
mod hosting;
mod in_force;
mod init;
mod junit_xsd;
mod lifecycle;
mod lifecycle_flow;
mod lifecycle_property;
mod long_names;
mod new;
mod pages;
mod pull_request;
mod redlines;
mod register;
mod releases;
mod reports;
mod review_periods;
mod roster;
mod rules;
mod said_once;
mod schemas;
mod serve;
mod serve_hostile;
mod versions;
mod warm_cold;
mod workflows;
mod zero_config;

pub use rules::case as rules_case;
