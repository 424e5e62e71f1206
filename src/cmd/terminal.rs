//! The edge to the terminal: errors and a build's findings and summary on standard error, every
//! value of the repository made visible (no ESC, no workflow command).

use crate::cli::ColorWhen;
use crate::escape::{visible, visible_lines};
use crate::finding::Severity;
use std::io::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

/// How much the commands tell: 0 quiet, 1 normal, 2 verbose (`-q`, `-v`). Set once, by `main`.
static LOUDNESS: AtomicU8 = AtomicU8::new(1);

/// `-q`, `-v` and `--color` of the command line, for every command of this process.
pub fn set_output(output: &crate::cli::Output) {
    let loudness = if output.quiet {
        0
    } else if output.verbose {
        2
    } else {
        1
    };
    LOUDNESS.store(loudness, Ordering::Relaxed);
    color_choice(output.color, std::env::var_os("FORCE_COLOR").as_deref()).write_global();
}

/// `--color` when given; else a FORCE_COLOR that is set, not empty and not `0` or `false` means
/// always (force-color.org's convention, with Node.js's `0` and `false` for off); else each
/// stream decides (a terminal, and no NO_COLOR).
pub fn color_choice(flag: Option<ColorWhen>, force: Option<&std::ffi::OsStr>) -> anstream::ColorChoice {
    match flag {
        Some(ColorWhen::Always) => anstream::ColorChoice::Always,
        Some(ColorWhen::Never) => anstream::ColorChoice::Never,
        Some(ColorWhen::Auto) => anstream::ColorChoice::Auto,
        None => match force.map(|f| f.to_string_lossy()) {
            Some(f) if !f.is_empty() && f != "0" && !f.eq_ignore_ascii_case("false") => {
                anstream::ColorChoice::Always
            }
            _ => anstream::ColorChoice::Auto,
        },
    }
}

/// `-q`: only findings and errors are told.
pub fn quiet() -> bool {
    LOUDNESS.load(Ordering::Relaxed) == 0
}

/// `-v`: each stage is told, with what it read and its time.
pub fn verbose() -> bool {
    LOUDNESS.load(Ordering::Relaxed) >= 2
}

/// With `-v`, one line on standard error: `charta: <what> in 0.12s`.
pub fn tell_stage(what: std::fmt::Arguments, took: std::time::Duration) {
    if verbose() {
        let _ = writeln!(std::io::stderr(), "charta: {what} in {:.2}s", took.as_secs_f64());
    }
}

/// The stages of a command as they end, each told (with `-v`) with its own time: the time since
/// the stage before it ended.
pub struct Stages(std::time::Instant);

impl Stages {
    pub fn start() -> Stages {
        Stages(std::time::Instant::now())
    }

    pub fn done(&mut self, what: std::fmt::Arguments) {
        tell_stage(what, self.0.elapsed());
        self.0 = std::time::Instant::now();
    }
}

/// An error and its causes on standard error, each on its own line (a template's error report
/// on several).
pub fn print_error(e: &anyhow::Error) {
    let mut err = std::io::stderr().lock();
    // Nothing more can be done when standard error itself cannot be written.
    let _ = write_labelled(&mut err, "error: ", &e.to_string());
    for cause in e.chain().skip(1) {
        let _ = write_labelled(&mut err, "  caused by: ", &cause.to_string());
    }
}

/// Most characters of one line of an error shown; most lines of one error.
const ERROR_LINE_CHARS: usize = 2_000;
const ERROR_LINES: usize = 100;

/// `text` after `label`, and each further line of it after `  | `. Messages hold paths and values
/// of the repository: each line is made `visible`, so no line of the log can start with `::` (a
/// GitHub Actions workflow command, even indented) or hold ESC; and each is cut to
/// [`ERROR_LINE_CHARS`], the whole to [`ERROR_LINES`] (a parser's error quotes the line it failed
/// on, and a pull request's charta.toml or template can hold a line of 50 MB).
fn write_labelled(out: &mut dyn std::io::Write, label: &str, text: &str) -> std::io::Result<()> {
    let cut = |line: std::borrow::Cow<'_, str>| match line.char_indices().nth(ERROR_LINE_CHARS) {
        Some((at, _)) => {
            let left = line[at..].chars().count();
            format!("{}… ({left} more characters)", &line[..at])
        }
        None => line.into_owned(),
    };
    let mut lines = visible_lines(text).map(cut);
    writeln!(out, "{label}{}", lines.next().unwrap_or_default())?;
    for (i, line) in lines.enumerate() {
        if i + 1 == ERROR_LINES {
            let left = text.split('\n').count() - ERROR_LINES;
            return writeln!(out, "  | … ({left} more lines)");
        }
        writeln!(out, "  | {line}")?;
    }
    Ok(())
}

/// How many findings a build tells without `-v`.
const BUILD_FINDINGS_SHOWN: usize = 20;

/// A build's findings, one line each (the first twenty; all with `-v`, none with `-q`), then its summary, on standard error, each value of the
/// repository made `visible`. Buffered: a corpus with a finding in every document would
/// otherwise make two writes per finding.
pub fn tell_build(
    summary: &super::build::Summary,
    took: std::time::Duration,
    today: jiff::civil::Date,
) -> std::io::Result<()> {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    // A build is not the check: its first findings say there are some, `charta check` (or `-v`)
    // lists them all, and `-q` none.
    let shown = if quiet() {
        0
    } else if verbose() {
        summary.findings.len()
    } else {
        BUILD_FINDINGS_SHOWN
    };
    for f in summary.findings.iter().take(shown) {
        let waived = if f.waived.is_some() { " (waived)" } else { "" };
        writeln!(err, "{}{waived}", visible(&f.headline()))?;
    }
    let more = summary.findings.len().saturating_sub(shown);
    if more > 0 && !quiet() {
        writeln!(err, "charta: {more} more findings; `charta check` lists them all (or `charta build -v`)")?;
    }
    let plural = counted;
    let counts = format!(
        "{}, {}, {}",
        plural(summary.count(Severity::Error), "error"),
        plural(summary.count(Severity::Warning), "warning"),
        plural(summary.count(Severity::Note), "note")
    );
    for w in &summary.warnings {
        write_labelled(&mut err, "warning: ", w)?;
    }
    if summary.refused {
        writeln!(
            err,
            "charta: --strict: not building {}: {counts}, as of {today}",
            counted(summary.documents, "document")
        )?;
        return err.flush();
    }
    if quiet() {
        return err.flush();
    }
    let reused = if summary.reused > 0 {
        format!(", {} unchanged since the last build", summary.reused)
    } else {
        String::new()
    };
    let out = summary.out.display().to_string();
    writeln!(
        err,
        "charta: built {} into {}{reused} in {} ({counts}) in {:.2}s, as of {today}",
        counted(summary.documents, "document"),
        counted(summary.files, "file"),
        visible(&out),
        took.as_secs_f64()
    )?;
    err.flush()
}

/// A progress bar on standard error while pages are rendered: only on a terminal, not with
/// `-q`, and only for a build long enough to wait for. Ticked from every rendering thread.
pub struct Progress(Option<indicatif::ProgressBar>);

/// Fewer documents than this render in well under a second: no bar.
const PROGRESS_FROM: usize = 500;

impl Progress {
    pub fn new(total: usize, what: &'static str) -> Progress {
        use std::io::IsTerminal as _;
        if !shows_progress(std::io::stderr().is_terminal(), quiet(), total) {
            return Progress(None);
        }
        let style = indicatif::ProgressStyle::with_template("charta: {msg} {wide_bar} {pos}/{len} documents")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        let bar = indicatif::ProgressBar::new(total as u64).with_style(style).with_message(what);
        Progress(Some(bar))
    }

    pub fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// The bar is taken off the terminal: the summary line follows in its place.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Whether a build of `total` documents shows a progress bar.
pub fn shows_progress(terminal: bool, quiet: bool, total: usize) -> bool {
    terminal && !quiet && total >= PROGRESS_FROM
}

/// `n` and `word`, made plural unless `n` is 1: "1 document", "3 findings".
pub fn counted(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn force_color_forces_colour_unless_zero_and_the_flag_decides_first() {
        use anstream::ColorChoice::{Always, Auto, Never};
        assert_eq!(color_choice(None, None), Auto);
        assert_eq!(color_choice(None, Some(OsStr::new("1"))), Always);
        assert_eq!(color_choice(None, Some(OsStr::new("true"))), Always);
        for off in ["", "0", "false"] {
            assert_eq!(color_choice(None, Some(OsStr::new(off))), Auto, "{off:?}");
        }
        assert_eq!(color_choice(Some(ColorWhen::Never), Some(OsStr::new("1"))), Never);
        assert_eq!(color_choice(Some(ColorWhen::Always), None), Always);
    }

    #[test]
    fn an_error_of_many_lines_is_cut_after_a_hundred() {
        let text: Vec<String> = (1..=150).map(|i| format!("line {i}")).collect();
        let mut out = Vec::new();
        write_labelled(&mut out, "error: ", &text.join("\n")).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), ERROR_LINES + 1, "{out}");
        assert_eq!(lines[0], "error: line 1");
        assert_eq!(lines[ERROR_LINES - 1], "  | line 100");
        assert_eq!(lines[ERROR_LINES], "  | … (50 more lines)");
    }

    #[test]
    fn a_progress_bar_only_on_a_terminal_for_a_long_build_and_never_when_quiet() {
        assert!(shows_progress(true, false, 10_000));
        assert!(!shows_progress(false, false, 10_000));
        assert!(!shows_progress(true, true, 10_000));
        assert!(!shows_progress(true, false, 12));
    }
}
