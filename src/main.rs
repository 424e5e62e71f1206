//! The charta binary: parse the command line, resolve "today", run a command, choose the exit code.

use charta::cli::{Cli, Command};
use charta::cmd;
use charta::finding::Severity;
use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    match cli.command {
        Command::Build(args) => {
            let cwd = std::env::current_dir()?;
            let root = cmd::find_root(args.common.root.as_deref(), &cwd)?;
            // The one place charta reads the clock.
            let today = args
                .common
                .today
                .unwrap_or_else(|| jiff::Zoned::now().date());
            let opts = cmd::build::Options {
                root: &root,
                config: args.common.config.as_deref(),
                out: args.out.as_deref(),
                today,
            };
            let summary = cmd::build::run(&opts)?;
            for f in &summary.findings {
                eprintln!(
                    "{}:{}:{}: {}[{}]: {}",
                    f.path,
                    f.span.line,
                    f.span.col,
                    f.severity.as_str(),
                    f.rule.id(),
                    f.message
                );
            }
            eprintln!(
                "charta: built {} documents into {} files in {} ({} errors, {} warnings, {} notes) in {:.2}s, as of {today}",
                summary.documents,
                summary.files,
                summary.out.display(),
                summary.count(Severity::Error),
                summary.count(Severity::Warning),
                summary.count(Severity::Note),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
