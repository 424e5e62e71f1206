//! Stage 5: the release snapshots the last build wrote, each an ordinary cached unit
//! (its key and its files with their stamps), in `releases.bin`. Apart from `pages.bin`, which a
//! new day or a new commit empties: a snapshot depends on neither.

use super::{Entry, Key, Stamp, encoding};
use crate::output::files::Files;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

const FILE: &str = "releases.bin";

/// Release folder (`releases/v1`) -> what the last build wrote there.
pub type Snapshots = HashMap<String, Entry<()>>;

/// The release snapshots of this build, until the cache is stored: those taken from the last
/// build (`kept`, with their files), and those made again (`built`).
#[derive(Default)]
pub struct Recorded {
    pub kept: Snapshots,
    pub built: Vec<Built>,
}

/// A release snapshot this build made: its folder, its key, and the marks of the site's record
/// between which its files were claimed ([`Files::claimed_in`]). Its paths are read from
/// that record when the cache is stored, not held twice while the next snapshot is made.
pub struct Built {
    pub dir: String,
    pub key: Key,
    pub claimed: Range<usize>,
}

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    format: String,
    snapshots: Snapshots,
}

/// What the last build stored in `dir`: nothing when there is no such file, or it is damaged
/// or of another format.
pub fn read(dir: &Path) -> Snapshots {
    crate::confine::open_own(&dir.join(FILE))
        .and_then(|mut file| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).map(|_| bytes)
        })
        .ok()
        .and_then(|bytes| encoding::read::<Stored>(&bytes))
        .filter(|s| s.format == super::format("releases"))
        .map(|s| s.snapshots)
        .unwrap_or_default()
}

/// Store the `recorded` snapshots in `dir`, each file with the stamp it has now (`stamps`),
/// written beside and then renamed.
pub fn write(dir: &Path, recorded: Recorded, stamps: &Files) -> Result<()> {
    let Recorded { kept: mut snapshots, built } = recorded;
    let spans: Vec<Range<usize>> = built.iter().map(|b| b.claimed.clone()).collect();
    for (Built { dir, key, .. }, paths) in built.into_iter().zip(stamps.claimed_in(&spans)) {
        let files = paths.into_iter().map(|p| (p.to_owned(), Stamp::default())).collect();
        snapshots.insert(dir, Entry { key, files, data: () });
    }
    for entry in snapshots.values_mut() {
        for (path, stamp) in &mut entry.files {
            if let Some(s) = stamps.get(path) {
                *stamp = s.clone();
            }
        }
        entry.files.retain(|(path, _)| stamps.get(path).is_some());
    }
    let stored = Stored { format: super::format("releases"), snapshots };
    let mut out = std::io::BufWriter::new(tempfile::NamedTempFile::new_in(dir)?);
    encoding::write(&mut out, &stored)?;
    let tmp = out.into_inner().map_err(std::io::IntoInnerError::into_error)?;
    tmp.persist(dir.join(FILE))?;
    Ok(())
}
