//! Commands: each reads like the pipeline it runs, and returns values for `main` to print.

pub mod build;

use crate::config::{self, Config};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The root: `--root`, else the nearest folder upwards holding `charta.toml`, else `cwd`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    let root = match explicit {
        Some(r) => r.to_owned(),
        None => cwd
            .ancestors()
            .find(|d| d.join(config::FILE_NAME).is_file())
            .unwrap_or(cwd)
            .to_owned(),
    };
    let meta = std::fs::metadata(&root)
        .with_context(|| format!("cannot read the root folder {}", root.display()))?;
    if !meta.is_dir() {
        anyhow::bail!(
            "the root {} is not a folder; pass --root with the repository's folder",
            root.display()
        );
    }
    root.canonicalize()
        .with_context(|| format!("cannot resolve the root folder {}", root.display()))
}

/// `-c FILE`, else `ROOT/charta.toml` when present, else the defaults.
pub fn load_config(root: &Path, explicit: Option<&Path>) -> Result<Config> {
    match explicit {
        Some(path) => Config::from_file(path),
        None => {
            let path = root.join(config::FILE_NAME);
            if path.is_file() {
                Config::from_file(&path)
            } else {
                Ok(Config::default())
            }
        }
    }
}
