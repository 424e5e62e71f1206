//! The edge to the operating system's signals: SIGINT and SIGTERM stop a build cleanly.

use crate::output::Unfinished;

/// The exit code for a process ended by `signal`, as a shell reports it: 130 for SIGINT, 143
/// for SIGTERM.
pub fn signal_exit(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(u8::MAX)
}

/// On SIGINT or SIGTERM, remove what a build began (its staging folder, its lock file) and end
/// the process with 128 + the signal, leaving the previous site as it was. A second signal
/// while that is done ends the process at once.
#[cfg(unix)]
pub fn stop_on_signals(unfinished: &Unfinished) -> anyhow::Result<()> {
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
pub fn stop_on_signals(_: &Unfinished) -> anyhow::Result<()> {
    Ok(())
}
