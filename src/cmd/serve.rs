//! `charta serve`: build the site, serve it on this machine, and when a file of the repository
//! changes, build again and reload the pages open in a browser.

mod files;
mod host;
mod http;

use crate::cmd::build::{self, Summary};
use anyhow::{Context, Result};
use jiff::civil::Date;
use notify::Watcher as _;
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use tokio::sync::broadcast;

/// Changes closer together than this are one rebuild (an editor writes a file in several steps).
const SETTLE: Duration = Duration::from_millis(150);

pub struct Options<'a> {
    /// Canonical, as `find_root` gives it: watched paths are compared with it.
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    /// Where the site is built [default: `serve/` in the build cache folder]; not the
    /// published output folder.
    pub out: Option<&'a Path>,
    pub address: SocketAddr,
    /// The date of each build (`--today`, else the day it runs).
    pub today: &'a (dyn Fn() -> Date + Sync),
    /// Where each build lists what a signal must remove.
    pub unfinished: &'a crate::output::Unfinished,
}

/// One build: its outcome, how long it took, and the date it was made for.
pub struct Built {
    pub outcome: Result<Summary>,
    pub took: Duration,
    pub today: Date,
}

/// Build, then serve until the process is stopped. `listening` is told the address once the
/// server accepts connections; `built` each build.
pub fn run(
    opts: &Options,
    listening: impl FnOnce(SocketAddr),
    built: &(dyn Fn(&Built) + Sync),
) -> Result<()> {
    let config = crate::cmd::load_config(opts.root, opts.config)?;
    let out = match opts.out {
        Some(out) => crate::cmd::output_dir(opts.root, &config, Some(out))?,
        None => crate::cmd::cache_dir(opts.root, &config)?.join("serve"),
    };
    let build = || {
        let started = std::time::Instant::now();
        let today = (opts.today)();
        let outcome = build::run(&build::Options {
            root: opts.root,
            config: opts.config,
            out: Some(&out),
            today,
            strict: None,
            cache: true,
            unfinished: opts.unfinished,
            last: false,
            // A preview reads the keys as charta.toml says.
            keys_from: None,
        });
        Built { outcome, took: started.elapsed(), today }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("cannot start the preview server")?;
    let (reload, _) = broadcast::channel::<u64>(16);
    let listener = runtime.block_on(tokio::net::TcpListener::bind(opts.address)).with_context(|| {
        format!("cannot listen on {}; is another server using it? pass --port", opts.address)
    })?;
    // Watched from before the first build, so that an edit made while it runs is not missed.
    // Rebuilds run on this thread while the server answers on its own.
    let (changed, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // The receiver goes only when serving ends.
        let _ = changed.send(event);
    })
    .context("cannot watch the repository for changes")?;
    let mut ignored = ignored_folders(opts, &out)?;
    let mut watched = BTreeSet::new();
    watcher.watch(opts.root, notify::RecursiveMode::NonRecursive).with_context(|| cannot_watch(opts.root))?;
    watch_folders(&mut watcher, &mut watched, opts.root, &ignored)?;
    // A first build that fails is the command's error; later ones are told, and serving goes on.
    let first = build();
    if first.outcome.is_ok() {
        built(&first);
    }
    first.outcome?;

    let address = listener.local_addr()?;
    let app = http::app(&out, reload.clone(), address.ip());
    let server = runtime.spawn(http::serve(listener, app));
    listening(address);

    let mut generation = 0u64;
    while let Ok(event) = changes.recv() {
        if !relevant(&event, opts.root, &ignored) {
            continue;
        }
        // Let the edit settle: everything that arrives meanwhile is part of this rebuild.
        while changes.recv_timeout(SETTLE).is_ok() {}
        // Folders made since are watched before the build reads them: once its pages show a
        // file of a new folder, an edit of that file must not be missed.
        watch_folders(&mut watcher, &mut watched, opts.root, &ignored)?;
        let rebuilt = build();
        built(&rebuilt);
        if rebuilt.outcome.is_ok() {
            // charta.toml may have moved the output or cache (kept as they were if it cannot be
            // read again now); a folder may have been made.
            if let Ok(now) = ignored_folders(opts, &out) {
                ignored = now;
            }
            watch_folders(&mut watcher, &mut watched, opts.root, &ignored)?;
            generation += 1;
            // Nobody may be listening: no page open.
            let _ = reload.send(generation);
        }
        if server.is_finished() {
            break;
        }
    }
    // The server only ends by a panic.
    let never = runtime.block_on(server).context("the preview server stopped")?;
    match never {}
}

/// Folders whose changes are the build's own doing: the output, the cache, the published site.
fn ignored_folders(opts: &Options, out: &Path) -> Result<Vec<PathBuf>> {
    let config = crate::cmd::load_config(opts.root, opts.config)?;
    let resolve = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_owned());
    Ok(vec![
        resolve(out),
        resolve(&crate::cmd::cache_dir(opts.root, &config)?),
        resolve(&crate::cmd::output_dir(opts.root, &config, None)?),
        resolve(&opts.root.join(".git")),
    ])
}

fn cannot_watch(path: &Path) -> String {
    format!("cannot watch {} for changes", path.display())
}

/// Watch each folder of the root with everything in it, except hidden and ignored ones and those
/// `watched` already: a watch is kept per folder, and a published site of 10,000 pages (or the
/// build cache) would take as many. Called again after each build, for folders made since.
fn watch_folders(
    watcher: &mut impl notify::Watcher,
    watched: &mut BTreeSet<PathBuf>,
    root: &Path,
    ignored: &[PathBuf],
) -> Result<()> {
    let entries = std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", root.display()))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let skipped =
            hidden || watched.contains(&path) || ignored.iter().any(|folder| path.starts_with(folder));
        if !skipped && entry.file_type().is_ok_and(|t| t.is_dir()) {
            watcher.watch(&path, notify::RecursiveMode::Recursive).with_context(|| cannot_watch(&path))?;
            watched.insert(path);
        }
    }
    Ok(())
}

/// Whether an event can change the site: a file written, made, removed or renamed, not hidden
/// and outside the ignored folders.
fn relevant(event: &notify::Result<notify::Event>, root: &Path, ignored: &[PathBuf]) -> bool {
    let Ok(event) = event else { return true };
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|path| {
        // Hidden files and folders are not read (and a build writes its next site in one), but
        // a `.gitignore` decides which linked files are published.
        let gitignore = path.file_name().is_some_and(|n| n == ".gitignore");
        let hidden = path
            .strip_prefix(root)
            .map(|rel| {
                let folders = rel.parent().into_iter().flat_map(Path::components);
                let mut names = folders.map(|c| c.as_os_str()).chain(rel.file_name().filter(|_| !gitignore));
                names.any(|n| n.to_string_lossy().starts_with('.'))
            })
            .unwrap_or(false);
        !hidden && !ignored.iter().any(|folder| path.starts_with(folder))
    })
}

/// `charta serve` from its command line: build, serve, and say each rebuild on standard error.
pub fn main(
    args: crate::cli::ServeArgs,
    unfinished: &crate::output::Unfinished,
) -> Result<std::process::ExitCode> {
    use std::io::Write as _;
    let (root, _) = super::resolve(&args.common)?;
    let opts = Options {
        root: &root,
        config: args.common.config.as_deref(),
        out: args.out.as_deref(),
        address: std::net::SocketAddr::new(args.bind, args.port),
        today: &|| super::today(&args.common),
        unfinished,
    };
    super::signals::stop_on_signals(unfinished)?;
    super::watchdog::start(unfinished, std::time::Duration::from_secs(args.template_timeout));
    let listening = |address: std::net::SocketAddr| {
        // Scripts (and the tests) wait for this line; it must not sit in a buffer.
        let mut out = std::io::stdout().lock();
        let root = root.display().to_string();
        let _ =
            writeln!(out, "Serving {} on http://{address}/ (Ctrl-C stops)", crate::escape::visible(&root));
        let _ = out.flush();
    };
    let built = |built: &Built| match &built.outcome {
        Ok(summary) => {
            let _ = super::terminal::tell_build(summary, built.took, built.today);
        }
        Err(e) => {
            super::terminal::print_error(e);
            let _ = writeln!(std::io::stderr(), "charta: the build failed; the last site is still served");
        }
    };
    run(&opts, listening, &built)?;
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gitignore_edit_rebuilds_other_hidden_files_do_not() {
        let root = Path::new("/repo");
        let event = |rel: &str| {
            let kind = notify::EventKind::Modify(notify::event::ModifyKind::Any);
            Ok(notify::Event::new(kind).add_path(root.join(rel)))
        };
        for (rel, rebuild) in [
            (".gitignore", true),
            ("policies/.gitignore", true),
            ("policies/a.md", true),
            (".env", false),
            (".git/index", false),
            (".github/.gitignore", false),
            ("public/index.html", false),
        ] {
            assert_eq!(relevant(&event(rel), root, &[root.join("public")]), rebuild, "{rel}");
        }
    }
}
