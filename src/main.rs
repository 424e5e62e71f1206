//! The charta binary: parse the command line, resolve the root and "today", run a command,
//! choose the exit code (0 success, 1 findings fail the run, 2 charta could not do its job).

use charta::cli::{Cli, Command, Common, FailOn};
use charta::cmd;
use charta::escape::{visible, visible_lines};
use charta::finding::{Rule, Severity};
use charta::site::Unfinished;
use clap::Parser;
use std::io::{ErrorKind, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

// Parsing and rendering allocate many small values on every thread; mimalloc does that faster
// than the system allocator (measured in BENCHMARKS.md). With libmimalloc-sys's `override`
// feature it also serves malloc and free for the C code linked in: oniguruma, under syntect,
// allocates and frees on every regex search while code is highlighted (5% fewer instructions
// for a whole build than with glibc's malloc there).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let unfinished = Unfinished::default();
    let outcome = run(cli, &unfinished);
    // A signal came: what the build began is removed (the signals' thread does the same, and
    // may end the process first), and the exit code says which signal.
    if let Some(signal) = unfinished.stopped() {
        unfinished.stop();
        return ExitCode::from(signal_exit(signal));
    }
    match outcome {
        Ok(code) => code,
        // Output cut short by its reader (`charta rules | head`) is not a failure of the command.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::from(2)
        }
    }
}

/// The exit code for a process ended by `signal`, as a shell reports it: 130 for SIGINT, 143
/// for SIGTERM.
fn signal_exit(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(u8::MAX)
}

/// On SIGINT or SIGTERM, remove what a build began (its staging folder, its lock file) and end
/// the process with 128 + the signal, leaving the previous site as it was. A second signal
/// while that is done ends the process at once.
#[cfg(unix)]
fn stop_on_signals(unfinished: &Unfinished) -> anyhow::Result<()> {
    use anyhow::Context as _;
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let cannot = "cannot handle the signals that stop charta";
    for signal in [SIGINT, SIGTERM] {
        // Registered first, so run first: the flag is not set yet at the first signal.
        let code = i32::from(signal_exit(signal));
        let stopped = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        flag::register_conditional_shutdown(signal, code, std::sync::Arc::clone(&stopped)).context(cannot)?;
        flag::register(signal, stopped).context(cannot)?;
        // Set in the handler itself, before the build's threads run on: nothing is written after.
        flag::register_usize(signal, unfinished.signal(), signal as usize).context(cannot)?;
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).context(cannot)?;
    let unfinished = unfinished.clone();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            unfinished.stop();
            std::process::exit(i32::from(signal_exit(signal)));
        }
    });
    Ok(())
}

#[cfg(not(unix))]
fn stop_on_signals(_: &Unfinished) -> anyhow::Result<()> {
    Ok(())
}

/// An error and its causes on standard error, each on its own line (a template's error report
/// on several).
fn print_error(e: &anyhow::Error) {
    let mut err = std::io::stderr().lock();
    // Nothing more can be done when standard error itself cannot be written.
    let _ = write_labelled(&mut err, "error: ", &e.to_string());
    for cause in e.chain().skip(1) {
        let _ = write_labelled(&mut err, "  caused by: ", &cause.to_string());
    }
}

/// `text` after `label`, and each further line of it after `  | `. Messages hold paths and values
/// of the repository: each line is made `visible`, so no line of the log can start with `::` (a
/// GitHub Actions workflow command, even indented) or hold ESC.
fn write_labelled(out: &mut dyn std::io::Write, label: &str, text: &str) -> std::io::Result<()> {
    let mut lines = visible_lines(text);
    writeln!(out, "{label}{}", lines.next().unwrap_or_default())?;
    for line in lines {
        writeln!(out, "  | {line}")?;
    }
    Ok(())
}

/// Return freed memory to the system after 10 ms, and commit arenas as they are used: a build
/// frees much of what analysis made before it renders, and peak memory (BENCHMARKS.md) drops by
/// a quarter. 0 ms saves a little more memory but costs a second of page faults on 10,000
/// documents. libmimalloc-sys names neither option, so they are numbers of mimalloc 3's
/// `mi_option_e`, which mimalloc keeps (a retired option keeps its number); a test below checks
/// them against the names mimalloc itself prints.
///
/// On Linux, no transparent huge pages for this process: mimalloc asks for them on the arena it
/// reserves before `main` (so its own option, set here, would come too late), and each is
/// zeroed and kept whole for memory a build often returns soon after. Peak memory of a
/// 10,000-document build is 15 MB lower without, for the same time (BENCHMARKS.md).
#[expect(unsafe_code, reason = "mimalloc's options and prctl are C interfaces")]
fn tune_allocator() {
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting options is allowed at any time; these take plain integer values.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 10);
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
    }
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only changes how this process's
    // memory is backed; a kernel without it returns an error, which changes nothing.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Whether `e` is a write to a reader that went away: `charta rules | head` stops reading after
/// ten lines. The output ends there quietly, as it does for other command-line tools.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == ErrorKind::BrokenPipe))
}

/// The root and the date every command works from.
fn resolve(common: &Common) -> anyhow::Result<(PathBuf, jiff::civil::Date)> {
    let cwd = std::env::current_dir()?;
    let root = cmd::find_root(common.root.as_deref(), &cwd)?;
    Ok((root, today(common)))
}

/// `--today`, else the local date. The one place charta reads the clock (`serve` asks again
/// for each build).
fn today(common: &Common) -> jiff::civil::Date {
    common.today.unwrap_or_else(|| jiff::Zoned::now().date())
}

fn exit(failed: bool) -> ExitCode {
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run(cli: Cli, unfinished: &Unfinished) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    match cli.command {
        Command::Check(args) => {
            let (root, today) = resolve(&args.common)?;
            let fail_on = match args.fail_on {
                FailOn::Error => Some(Severity::Error),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Never => None,
            };
            let opts = cmd::check::Options {
                root: &root,
                config: args.common.config.as_deref(),
                today,
                format: args.format,
                output: args.output.as_deref().filter(|path| *path != std::path::Path::new("-")),
                fail_on,
            };
            Ok(exit(cmd::check::run(&opts)?))
        }
        Command::Build(args) => {
            let (root, today) = resolve(&args.common)?;
            let opts = cmd::build::Options {
                root: &root,
                config: args.common.config.as_deref(),
                out: args.out.as_deref(),
                today,
                strict: args.strict.then_some(Severity::Error),
                cache: !args.no_cache,
                unfinished,
            };
            stop_on_signals(unfinished)?;
            let summary = cmd::build::run(&opts)?;
            // The site is written (or refused) by now: what is told on standard error cannot
            // change the outcome, so a closed or failing standard error does not either.
            let _ = tell_build(&summary, started.elapsed(), today);
            Ok(exit(summary.refused))
        }
        Command::Rules => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for rule in Rule::ALL {
                writeln!(
                    out,
                    "{:<34} {:<8} {}",
                    rule.id(),
                    rule.default_severity().as_str(),
                    rule.summary()
                )?;
                writeln!(out, "{:<34} {:<8} fix: {}", "", "", rule.fix())?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reviews(args) => {
            let (root, today) = resolve(&args.common)?;
            let opts = cmd::reviews::Options {
                root: &root,
                config: args.common.config.as_deref(),
                today,
                within: args.within,
                format: args.format,
            };
            let due = cmd::reviews::schedule(&opts)?;
            // Made whole first, then written: serde_json and csv would hide a closed pipe inside
            // errors of their own.
            let mut schedule = Vec::new();
            cmd::reviews::print(&opts, &due, &mut schedule)?;
            std::io::stdout().lock().write_all(&schedule)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => {
            let (root, _) = resolve(&args.common)?;
            let opts = cmd::serve::Options {
                root: &root,
                config: args.common.config.as_deref(),
                out: args.out.as_deref(),
                address: std::net::SocketAddr::new(args.bind, args.port),
                today: &|| today(&args.common),
                unfinished,
            };
            stop_on_signals(unfinished)?;
            let listening = |address: std::net::SocketAddr| {
                // Scripts (and the tests) wait for this line; it must not sit in a buffer.
                let mut out = std::io::stdout().lock();
                let root = root.display().to_string();
                let _ = writeln!(out, "Serving {} on http://{address}/ (Ctrl-C stops)", visible(&root));
                let _ = out.flush();
            };
            let built = |built: &cmd::serve::Built| match &built.outcome {
                Ok(summary) => {
                    let _ = tell_build(summary, built.took, built.today);
                }
                Err(e) => {
                    print_error(e);
                    let _ = writeln!(
                        std::io::stderr(),
                        "charta: the build failed; the last site is still served"
                    );
                }
            };
            cmd::serve::run(&opts, listening, &built)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            let opts = cmd::init::Options {
                dir: &args.dir,
                title: args.title.as_deref(),
                name: args.name.as_deref(),
                email: args.email.as_deref(),
            };
            let done = cmd::init::run(&opts)?;
            let mut out = std::io::stdout().lock();
            let dir = args.dir.display().to_string();
            writeln!(out, "Set up {}: {}.", visible(&dir), visible(&done.written.join(", ")))?;
            if let Some(person) = &done.person {
                let person = visible(person);
                writeln!(out, "roster.yaml names you as `{person}`; add the others who write and approve.")?;
            }
            writeln!(
                out,
                "Next: charta new policy \"Information security policy\", then charta check and charta build."
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New(args) => {
            let (root, today) = resolve(&args.common)?;
            let opts = cmd::new::Options {
                root: &root,
                config: args.common.config.as_deref(),
                today,
                collection: &args.collection,
                title: &args.title,
                id: args.id.as_deref(),
                author: args.author.as_deref(),
                owner: args.owner.as_deref(),
            };
            let created = cmd::new::run(&opts)?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "Created {} ({}), a draft at version 0.1 by {}.",
                visible(&created.path),
                visible(&created.id),
                visible(&created.author)
            )?;
            for path in &created.unread {
                let path = visible(path);
                writeln!(
                    out,
                    "{path}: its front matter cannot be read, so its id was not counted; run `charta check`."
                )?;
            }
            if !created.to_fill.is_empty() {
                let fields = created.to_fill.join(", ");
                writeln!(out, "charta.toml requires fields to fill in: {}.", visible(&fields))?;
            }
            writeln!(
                out,
                "Write it, then run `charta check`; set `status: approved` with its approvers when it is approved."
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A build's findings, one line each, then its summary, on standard error, each value of the
/// repository made `visible`. Buffered: a corpus with a finding in every document would
/// otherwise make two writes per finding.
fn tell_build(
    summary: &cmd::build::Summary,
    took: std::time::Duration,
    today: jiff::civil::Date,
) -> std::io::Result<()> {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for f in &summary.findings {
        let waived = if f.waived.is_some() { " (waived)" } else { "" };
        writeln!(err, "{}{waived}", visible(&f.headline()))?;
    }
    let counts = format!(
        "{} errors, {} warnings, {} notes",
        summary.count(Severity::Error),
        summary.count(Severity::Warning),
        summary.count(Severity::Note)
    );
    for w in &summary.warnings {
        write_labelled(&mut err, "warning: ", w)?;
    }
    if summary.refused {
        writeln!(
            err,
            "charta: --strict: not building {} documents: {counts}, as of {today}",
            summary.documents
        )?;
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
        "charta: built {} documents into {} files{reused} in {} ({counts}) in {:.2}s, as of {today}",
        summary.documents,
        summary.files,
        visible(&out),
        took.as_secs_f64()
    )?;
    err.flush()
}

#[cfg(test)]
mod tests {
    use std::ffi::{CStr, c_char, c_void};

    #[test]
    #[expect(unsafe_code, reason = "mimalloc's list of its options is a C interface")]
    fn the_allocator_options_set_are_the_ones_mimalloc_names() {
        unsafe extern "C" {
            fn mi_options_print_out(out: libmimalloc_sys::mi_output_fun, arg: *mut c_void);
        }
        unsafe extern "C" fn collect(line: *const c_char, text: *mut c_void) {
            // SAFETY: `text` is the String passed below; `line` is a C string mimalloc made.
            unsafe { (*text.cast::<String>()).push_str(&CStr::from_ptr(line).to_string_lossy()) }
        }
        super::tune_allocator();
        let mut text = String::new();
        // SAFETY: `collect` is called during the call alone, with `text` as its argument.
        unsafe { mi_options_print_out(Some(collect), (&raw mut text).cast()) };
        let set = |line: &str| text.lines().any(|l| l.trim_end() == line);
        assert!(set("option 'purge_delay': 10"), "{text}");
        assert!(set("option 'arena_eager_commit': 0"), "{text}");
    }
}
