//! Stage 1 (I/O): files as the tip of a branch holds them, for `[evidence] keys_from`: the
//! roster and the key files it names read as the target branch has them, not as the checkout
//! (a pull request's) has them.

use super::History;
use anyhow::{Context, Result};
use git2::{ObjectType, Oid, Repository};

/// The largest file read from the branch.
const MAX_FILE: u64 = 1 << 20;

/// The tree of a branch's tip, under the folder the root is in.
pub struct BranchFiles {
    repo: Repository,
    tree: Oid,
    /// The root's folder in the repository ("" at the top), with a `/` when not empty.
    prefix: String,
    pub branch: String,
}

impl BranchFiles {
    /// The files of branch `name` (a local branch, else a remote's: `origin/name` or `name`
    /// given whole); None when the clone has no such branch.
    pub fn at(history: &History, name: &str, folder: &str) -> Result<Option<BranchFiles>> {
        let repo = Repository::open(&history.objects.git_dir).with_context(|| {
            format!("cannot open the git repository {}", history.objects.git_dir.display())
        })?;
        let Some(tip) = super::promotion::branch(&repo, name) else { return Ok(None) };
        let tree = repo
            .find_commit(tip)
            .and_then(|c| c.tree())
            .with_context(|| format!("cannot read the tip of the branch {name}"))?
            .id();
        let prefix = if folder.is_empty() { String::new() } else { format!("{folder}/") };
        Ok(Some(BranchFiles { repo, tree, prefix, branch: name.to_owned() }))
    }

    /// The text of the root-relative file `path` on the branch: None when it has no such file;
    /// an error for what is not a regular file (a link, a folder), too large, or not UTF-8.
    pub fn text(&self, path: &str) -> Result<Option<String>, String> {
        let tree =
            self.repo.find_tree(self.tree).map_err(|e| format!("cannot read the branch's files: {e}"))?;
        let Ok(entry) = tree.get_path(std::path::Path::new(&format!("{}{path}", self.prefix))) else {
            return Ok(None);
        };
        // 0o100644 or 0o100755: a file; a link (0o120000) is not followed.
        if entry.kind() != Some(ObjectType::Blob) || entry.filemode() & 0o170000 != 0o100000 {
            return Err(format!("{path} is not a file on the branch {}", self.branch));
        }
        // Sized before it is inflated: a key file of gigabytes packs into megabytes.
        let Some(blob) = super::Objects::blob_within(&self.repo, entry.id(), MAX_FILE) else {
            return Err(format!("{path} is larger than a key file can be (1 MiB), or git cannot give it"));
        };
        String::from_utf8(blob.content().to_vec())
            .map(Some)
            .map_err(|_| format!("{path} on the branch {} is not UTF-8 text", self.branch))
    }
}
