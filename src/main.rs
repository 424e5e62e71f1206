//! The charta binary: set up the allocator, parse the command line, hand it to its command, and
//! turn the outcome into the exit code (0 success, 1 findings fail the run, 2 charta could not
//! do its job, 128 + n after signal n).

use charta::cli::{Cli, Command};
use charta::cmd;
use charta::output::Unfinished;
use std::io::ErrorKind;
use std::process::ExitCode;

// Parsing and rendering allocate many small values on every thread; mimalloc does that faster
// than the system allocator (measured in BENCHMARKS.md). With libmimalloc-sys's `override`
// feature it also serves malloc and free for the C code linked in: oniguruma, under syntect,
// allocates and frees on every regex search while code is highlighted (5% fewer instructions
// for a whole build than with glibc's malloc there).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tune_allocator();
    bound_git_mappings();
    let cli = charta::cli::parse();
    cmd::terminal::set_output(&cli.output);
    let unfinished = Unfinished::default();
    let outcome = run(cli, &unfinished);
    // A signal came: what the build began is removed (the signals' thread does the same, and
    // may end the process first), and the exit code says which signal.
    if let Some(signal) = unfinished.stopped() {
        unfinished.stop();
        return ExitCode::from(cmd::signals::signal_exit(signal));
    }
    match outcome {
        Ok(code) => code,
        // Output cut short by its reader (`charta rules | head`) is not a failure of the command.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cmd::terminal::print_error(&e);
            ExitCode::from(2)
        }
    }
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

/// libgit2's windows on pack files: small, and few mapped at once ([`charta::history::bound_mappings`]).
#[expect(unsafe_code, reason = "libgit2's options are C globals")]
fn bound_git_mappings() {
    // SAFETY: this runs at the start of main, before any thread is spawned or git is used.
    unsafe { charta::history::bound_mappings() }
}

/// Whether `e` is a write to a reader that went away: `charta rules | head` stops reading after
/// ten lines. The output ends there quietly, as it does for other command-line tools.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == ErrorKind::BrokenPipe))
}

/// The command the command line names, which reads its arguments, runs and prints.
fn run(cli: Cli, unfinished: &Unfinished) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => cmd::check::main(args),
        Command::Build(args) => cmd::build::main(args, unfinished),
        Command::Rules(args) => cmd::rules::main(&args),
        Command::Reviews(args) => cmd::reviews::main(args),
        Command::Review(args) => cmd::review::main(args),
        Command::Revise(args) => cmd::revise::main(args),
        Command::Approve(args) => cmd::approve::main(args),
        Command::Retire(args) => cmd::retire::retire(args),
        Command::Supersede(args) => cmd::retire::supersede(args),
        Command::Export(args) => cmd::export::main(args),
        Command::Serve(args) => cmd::serve::main(args, unfinished),
        Command::Init(args) => cmd::init::main(args),
        Command::New(args) => cmd::new::main(args),
        Command::Schema(args) => cmd::schema::main(args.of),
        Command::Completions(args) => cmd::manual::completions(args.shell),
        Command::Man(args) => cmd::manual::man(args.command.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::{CStr, c_char, c_void};

    #[test]
    #[expect(unsafe_code, reason = "libgit2's options are C globals")]
    fn git_maps_packs_in_small_windows_and_few_at_once() {
        super::bound_git_mappings();
        // SAFETY: no other test of this binary sets libgit2's options.
        assert_eq!(unsafe { charta::history::mappings() }, (1 << 20, 8 << 20));
    }

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
