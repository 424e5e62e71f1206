//! `charta schema`: the JSON Schema of `charta.toml`, `roster.yaml` or a document's front
//! matter on standard output, for editors and other tools (src/schemas.rs makes them).

use anyhow::{Context, Result};
use std::io::Write as _;
use std::process::ExitCode;

/// The schema of `which` (`config`, `roster` or `front-matter`), as pretty JSON.
pub fn main(which: crate::cli::SchemaOf) -> Result<ExitCode> {
    let schema = match which {
        crate::cli::SchemaOf::Config => crate::schemas::config(),
        crate::cli::SchemaOf::Roster => crate::schemas::roster(),
        crate::cli::SchemaOf::FrontMatter => crate::schemas::front_matter(),
    };
    let mut text = serde_json::to_string_pretty(&schema).context("cannot write the schema")?;
    text.push('\n');
    std::io::stdout().write_all(text.as_bytes()).context("cannot write the schema")?;
    Ok(ExitCode::SUCCESS)
}
