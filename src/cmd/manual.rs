//! `charta completions` and `charta man`: the command line's own description, as a shell
//! completion script or a roff manual page, both made from the clap definition (cli.rs), so
//! neither can fall behind the commands.

use anyhow::{Context, Result};
use std::io::Write as _;
use std::process::ExitCode;

/// The completion script for `shell`, on standard output.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "charta", &mut out);
    std::io::stdout().write_all(&out).context("cannot write the completion script")?;
    Ok(ExitCode::SUCCESS)
}

/// The manual page charta(1), or with a command charta-COMMAND(1), on standard output. The
/// main page lists the commands; each command's page its arguments and options.
pub fn man(command: Option<&str>) -> Result<ExitCode> {
    let mut main = crate::cli::command();
    // The options every command takes (`--quiet`, `--color`) are copied into each command.
    main.build();
    let page = match command {
        None => clap_mangen::Man::new(main.clone()),
        Some(name) => {
            let Some(sub) = main.find_subcommand(name).filter(|_| name != "help") else {
                let names: Vec<&str> = main.get_subcommands().map(|c| c.get_name()).collect();
                anyhow::bail!(
                    "there is no command `{}`; the commands are {}",
                    crate::escape::visible(name),
                    names.join(", ")
                );
            };
            let sub = sub.clone().bin_name(format!("charta {name}"));
            clap_mangen::Man::new(sub).title(format!("charta-{name}"))
        }
    };
    let mut out = Vec::new();
    page.render(&mut out).context("cannot make the manual page")?;
    std::io::stdout().write_all(&out).context("cannot write the manual page")?;
    Ok(ExitCode::SUCCESS)
}
