//! The command line, as data (clap derive): the only module that knows clap. No logic lives here.

use crate::cmd::reviews::Format as ReviewsFormat;
use crate::report::Format;
use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

mod lifecycle;
pub use lifecycle::{ApproveArgs, EditArgs, RetireArgs, ReviewArgs, ReviseArgs, SupersedeArgs};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "charta",
    version,
    about = "Turn a git repository of Markdown policies and SOPs into a checked compliance website."
)]
pub struct Cli {
    #[command(flatten)]
    pub output: Output,
    #[command(subcommand)]
    pub command: Command,
}

/// How much the commands tell, and in colour or not: for every command.
#[derive(Debug, Args)]
pub struct Output {
    /// Tell only findings and errors: no summary line, no progress
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also tell what each stage read and how long it took, on standard error
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour the output [default: auto: on a terminal, unless NO_COLOR is set; a
    /// FORCE_COLOR other than 0 means always]
    #[arg(long, value_enum, global = true, value_name = "WHEN")]
    pub color: Option<ColorWhen>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every document's front matter, revisions, approvals and reviews; exit 1 on failure.
    Check(CheckArgs),
    /// Render the site: the document register, a page per document, collection pages, a findings report.
    Build(BuildArgs),
    /// List every rule: its id, default severity, what it checks and how to fix it.
    Rules(RulesArgs),
    /// The periodic-review schedule: overdue and due documents, by owner.
    Reviews(ReviewsArgs),
    /// Record a periodic review that changed nothing: a `type: review` revision entry, and the next review moved.
    Review(ReviewArgs),
    /// Start a change: the next version, a revision entry for it, and `status: review` until it is approved.
    Revise(ReviseArgs),
    /// Record the approval of the current version: approvers, approval date, `status: approved`; refused if a rule would fail.
    Approve(ApproveArgs),
    /// Retire a document: `status: retired` and a revision entry saying why.
    Retire(RetireArgs),
    /// Retire a document that another replaces: `status: retired`, `superseded_by`, and a revision entry naming the successor.
    Supersede(SupersedeArgs),
    /// Build the site, serve it on this machine, rebuild and reload open pages when a file changes.
    Serve(ServeArgs),
    /// Set up a folder for charta: charta.toml, roster.yaml, the collection folders, .gitignore.
    Init(InitArgs),
    /// Start a document: a draft in a collection, with the next free id and its first revision.
    New(NewArgs),
    /// Write the evidence bundle: every document, its approval record and findings, and a SHA-256 manifest, as a zip.
    Export(ExportArgs),
    /// Print the JSON Schema of charta.toml, roster.yaml or a document's front matter, for editors.
    Schema(SchemaArgs),
    /// Print a completion script for a shell (`charta completions bash > ~/.local/share/bash-completion/completions/charta`).
    Completions(CompletionsArgs),
    /// Print charta's manual page, or a command's, in roff (`charta man check > charta-check.1; man ./charta-check.1`).
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema
    #[arg(value_enum)]
    pub of: SchemaOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    /// charta.toml
    Config,
    /// roster.yaml
    Roster,
    /// A document's front matter
    FrontMatter,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command, for its own page (charta-COMMAND(1)) [default: the page of charta itself]
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where the repository is and which day it is: shared by every command.
#[derive(Debug, Args)]
pub struct Common {
    /// The repository root [default: the nearest folder upwards holding charta.toml, else the current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The configuration file [default: ROOT/charta.toml, when present]
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date that decides what is due or overdue, as YYYY-MM-DD [default: today's local date]
    #[arg(long, env = "CHARTA_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// `human` (two lines a rule) or `json` (an array of `{id, family, severity, summary, fix}`)
    #[arg(long, value_parser = ["human", "json"], default_value = "human")]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Report only the findings in these files or folders (as pre-commit passes staged files);
    /// the whole repository is still read, for duplicate ids and links [default: every finding]
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// The report's format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of standard output (`-` is standard output)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding (not waived) reaches this severity
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// List waived findings in SARIF too, each with its suppression (GitHub code scanning
    /// ignores suppressions and would open an alert for each, so they are left out by default)
    #[arg(long)]
    pub include_waived: bool,
    /// Read the roster's signing keys as this branch has it (`origin/main`), not as the
    /// checkout has it, overriding `[evidence] keys_from`: in CI for a pull request, its
    /// target branch, so that a key the pull request adds proves nothing
    #[arg(long, env = "CHARTA_KEYS_FROM", value_name = "BRANCH")]
    pub keys_from: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    /// Read the roster's signing keys as this branch has it (`origin/main`), not as the
    /// checkout has it, overriding `[evidence] keys_from`: in CI for a pull request, its
    /// target branch, so that a key the pull request adds proves nothing
    #[arg(long, env = "CHARTA_KEYS_FROM", value_name = "BRANCH")]
    pub keys_from: Option<String>,
    /// Where to write the site [default: ROOT/public, or `site.output_dir` of charta.toml]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Fail (exit 1, write nothing) when a finding would fail `charta check`
    #[arg(long)]
    pub strict: bool,
    /// Render every page, neither reusing nor updating the build cache (`site.cache_dir`)
    #[arg(long)]
    pub no_cache: bool,
    /// Stop the build (exit 2, the previous site left as it was) when a template renders one
    /// page for longer than this: a loop in a repository's template that does not end (0: no limit)
    #[arg(long, value_name = "SECONDS", default_value_t = crate::cmd::watchdog::DEFAULT_SECONDS)]
    pub template_timeout: u64,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: Common,
    /// Where the preview site is built [default: `serve/` in the build cache folder, `.charta-cache/serve`]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The port to listen on (0: any free port)
    #[arg(long, short = 'p', default_value_t = 4000)]
    pub port: u16,
    /// The address to listen on; 0.0.0.0 makes the preview reachable from other machines
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    pub bind: std::net::IpAddr,
    /// Stop the build (exit 2, the previous site left as it was) when a template renders one
    /// page for longer than this: a loop in a repository's template that does not end (0: no limit)
    #[arg(long, value_name = "SECONDS", default_value_t = crate::cmd::watchdog::DEFAULT_SECONDS)]
    pub template_timeout: u64,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up; made when missing
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The site's title [default: the folder's name]
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The roster's first person [default: git's user.name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Their e-mail [default: git's user.email]
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    pub common: Common,
    /// The collection, by folder or kind: `sop`, `policies`, `policy`
    #[arg(value_name = "COLLECTION")]
    pub collection: String,
    /// The document's title; the file name is made from it (`access-review-procedure.md`)
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// The document id [default: the next in the collection's numbering, e.g. SOP-007]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Who writes it: a roster id, name, e-mail or alias [default: the roster person with git's user.email]
    #[arg(long, value_name = "PERSON")]
    pub author: Option<String>,
    /// Who owns it: a person or a role of the roster [default: the author]
    #[arg(long, value_name = "PERSON_OR_ROLE")]
    pub owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub common: Common,
    /// Where to write the zip
    #[arg(short, long, value_name = "FILE", default_value = "charta-evidence.zip")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReviewsArgs {
    #[command(flatten)]
    pub common: Common,
    /// How far ahead to look: `60d`, `3 months`, `P1Y`; `0d` lists only what is due today or overdue
    #[arg(long, default_value = "60 days", value_parser = parse_period)]
    pub within: crate::document::Period,
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReviewsFormat,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.trim().parse().map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD, for example 2026-03-31"))
}

fn parse_period(s: &str) -> Result<crate::document::Period, String> {
    crate::document::Period::parse_ahead(s).ok_or_else(|| {
        format!("`{s}` is not a period: write `60d`, `3 months` or `P1Y` (`0d`: only what is due today or overdue)")
    })
}

/// The command line of this process; exits with clap's message (and code 2) when it is wrong.
pub fn parse() -> Cli {
    Cli::parse()
}

/// The command line's definition, for completion scripts and the manual page.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// The values of an enum of another module, each with its name on the command line and its
/// help (none when empty).
fn values<T: Copy + PartialEq>(all: &[(T, &'static str, &'static str)], value: T) -> Option<PossibleValue> {
    let (_, name, help) = all.iter().find(|(v, ..)| *v == value)?;
    let named = PossibleValue::new(*name);
    Some(if help.is_empty() { named } else { named.help(*help) })
}

const REPORT_FORMATS: &[(Format, &str, &str)] = &[
    (Format::Human, "human", "For people: grouped by file, the source line with a caret, a help line"),
    (Format::Json, "json", "For scripts: `schema_version` 1, documented in docs/report.schema.json"),
    (Format::Sarif, "sarif", "SARIF 2.1.0, for GitHub code scanning"),
    (Format::Junit, "junit", "JUnit XML, for GitLab, Jenkins and other CI test reports"),
    (Format::Github, "github", "GitHub Actions workflow commands (annotations on the pull request)"),
    (Format::Gitlab, "gitlab", "GitLab Code Quality JSON, for the merge request's code quality widget"),
];

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Human, Format::Json, Format::Sarif, Format::Junit, Format::Github, Format::Gitlab]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        values(REPORT_FORMATS, *self)
    }
}

const SCHEDULE_FORMATS: &[(ReviewsFormat, &str, &str)] = &[
    (ReviewsFormat::Human, "human", ""),
    (ReviewsFormat::Json, "json", ""),
    (ReviewsFormat::Csv, "csv", ""),
];

impl ValueEnum for ReviewsFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[ReviewsFormat::Human, ReviewsFormat::Json, ReviewsFormat::Csv]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        values(SCHEDULE_FORMATS, *self)
    }
}
