//! The command line, as data (clap derive). No logic lives here.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "charta",
    version,
    about = "Turn a git repository of Markdown policies and SOPs into a checked compliance website."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the site: the document register, a page per document, collection pages.
    Build(BuildArgs),
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

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    /// Where to write the site [default: ROOT/public, or `site.output_dir` of charta.toml]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD, for example 2026-03-31"))
}
