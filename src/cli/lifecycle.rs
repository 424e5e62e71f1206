//! The command line of the lifecycle commands: `review`, `revise`, `approve`, `retire` and
//! `supersede`, each a document and the day and `--dry-run` they share.

use super::{Common, parse_date};
use clap::Args;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub common: Common,
    /// The document: its id, its path from the root, or the start of its title
    #[arg(value_name = "DOC")]
    pub document: String,
    /// What the review found [default: "Periodic review: no change needed."]
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub summary: Option<String>,
    /// Who reviewed it: a roster id, name, e-mail or alias [default: the roster person with git's user.email]
    #[arg(long, value_name = "PERSON")]
    pub by: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

/// What every lifecycle command takes after its document: the day and `--dry-run`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The day to record, as YYYY-MM-DD [default: --today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Print the change as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReviseArgs {
    #[command(flatten)]
    pub common: Common,
    /// The document: its id, its path from the root, or the start of its title
    #[arg(value_name = "DOC")]
    pub document: String,
    /// What the change is, for its revision entry
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub summary: String,
    /// A major change: the first number goes up, the others to zero (`1.4` → `2.0`)
    #[arg(long, conflicts_with_all = ["minor", "version"])]
    pub major: bool,
    /// A minor change: the second number goes up, the ones after it to zero (`1.2.3` → `1.3.0`)
    #[arg(long, conflicts_with = "version")]
    pub minor: bool,
    /// The new version as written [default: the last number up, in the document's scheme: `1.9` → `1.10`, `05` → `06`, `v2` → `v3`]
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// Who makes the change: a roster id, name, e-mail or alias [default: the roster person with git's user.email]
    #[arg(long, value_name = "PERSON")]
    pub by: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    #[command(flatten)]
    pub common: Common,
    /// The document: its id, its path from the root, or the start of its title
    #[arg(value_name = "DOC")]
    pub document: String,
    /// Who approves it, once per approver: a roster id, name, e-mail or alias [default: the roster person with git's user.email]
    #[arg(long, value_name = "PERSON")]
    pub by: Vec<String>,
    /// Commit the change (git commit, signed when git is set to sign), with a message naming the document, version and approvers
    #[arg(long, conflicts_with = "dry_run")]
    pub commit: bool,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct RetireArgs {
    #[command(flatten)]
    pub common: Common,
    /// The document: its id, its path from the root, or the start of its title
    #[arg(value_name = "DOC")]
    pub document: String,
    /// Why it is retired, for its revision entry
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: String,
    /// Who retires it: a roster id, name, e-mail or alias [default: the roster person with git's user.email]
    #[arg(long, value_name = "PERSON")]
    pub by: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct SupersedeArgs {
    #[command(flatten)]
    pub common: Common,
    /// The document replaced: its id, its path from the root, or the start of its title
    #[arg(value_name = "DOC")]
    pub document: String,
    /// The document that replaces it: its id, path or the start of its title
    #[arg(long, value_name = "OTHER")]
    pub by: String,
    /// Why, for the revision entry [default: "Superseded by <OTHER's id>."]
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: Option<String>,
    /// Who records it: a roster id, name, e-mail or alias [default: the roster person with git's user.email]
    #[arg(long, value_name = "PERSON")]
    pub author: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}
