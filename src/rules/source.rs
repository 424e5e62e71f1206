//! Stage 3, the `source/*` rules: files and folders of the collections that could not be read,
//! or not as text, as the walk and the reading (`crate::load`) found them.

use crate::finding::{Finding, Rule};
use crate::load::{MAX_MARKDOWN_SIZE, Unlisted, Unread};
use crate::source::{SourceFile, Span};

/// `source/unreadable-folder`: a folder the walk could not list; its documents are missing.
pub fn unlisted(folder: &Unlisted) -> Finding {
    let message = format!("cannot read the folder: {}; the documents in it are left out", folder.why);
    Finding::new(Rule::SourceUnreadableFolder, &folder.path, Span::file(), message)
        .help(Rule::SourceUnreadableFolder.fix())
}

/// `source/unreadable` or `source/too-large`: a file found but not read.
pub fn unread(file: &Unread) -> Finding {
    let (rule, rel_path, message) = match file {
        Unread::Failed { rel_path, error } => {
            (Rule::SourceUnreadable, rel_path, format!("cannot read the file: {error}"))
        }
        Unread::TooLarge { rel_path, size } => (
            Rule::SourceTooLarge,
            rel_path,
            format!(
                "the file is {} MiB; charta reads Markdown files of up to {} MiB",
                size >> 20,
                MAX_MARKDOWN_SIZE >> 20
            ),
        ),
    };
    Finding::new(rule, rel_path, Span::file(), message).help(rule.fix())
}

/// `source/invalid-utf8`: a file read with invalid bytes replaced (it is checked all the same),
/// at the first of them.
pub fn invalid_utf8(file: &SourceFile) -> Option<Finding> {
    file.invalid_at.map(|offset| {
        let span = crate::source::LineIndex::new(&file.text).span(&file.text, offset);
        Finding::new(
            Rule::SourceInvalidUtf8,
            &file.rel_path,
            span,
            "the file is not valid UTF-8 (here first): it is read with each invalid byte shown as \u{FFFD}",
        )
        .help(Rule::SourceInvalidUtf8.fix())
    })
}

/// `source/no-documents`: nothing was read, so a check that passes would say nothing. At
/// charta.toml's first line, naming where charta looked, and where Markdown files are
/// (`elsewhere`: under the root, outside every collection), by their first folders.
pub fn no_documents(library: &crate::library::Library, elsewhere: &[String]) -> Finding {
    let dirs: Vec<String> = library
        .collections
        .iter()
        .filter(|c| !matches!(c.path.trim_matches('/'), "" | "."))
        .map(|c| format!("`{}`", crate::escape::visible(&c.path)))
        .collect();
    let place = if dirs.is_empty() { "the repository".to_owned() } else { crate::finding::either(&dirs) };
    let mut message = format!("no Markdown document was found in {place}: nothing was checked");
    if !elsewhere.is_empty() {
        let mut folders: Vec<&str> =
            elsewhere.iter().map(|p| p.split_once('/').map_or(".", |(first, _)| first)).collect();
        folders.dedup();
        let named: Vec<String> = folders
            .iter()
            .take(3)
            .map(|f| {
                if *f == "." {
                    "the root folder".to_owned()
                } else {
                    format!("`{}`", crate::escape::visible(f))
                }
            })
            .collect();
        let more = match folders.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        let files = if elsewhere.len() == 1 {
            "1 Markdown file is".to_owned()
        } else {
            format!("{} Markdown files are", elsewhere.len())
        };
        message.push_str(&format!(
            "; {files} elsewhere in the repository (in {}{more}): name their folders in charta.toml's `[[collections]]`",
            named.join(", ")
        ));
    }
    Finding::new(Rule::SourceNoDocuments, crate::config::FILE_NAME, Span::file(), message)
        .help(Rule::SourceNoDocuments.fix())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Collection;
    use crate::load::{self, Found};
    use crate::rules::testing::{Case, assert_found};

    /// What a case puts at `sop/a.md` before it is read.
    #[derive(Debug)]
    enum File {
        Bytes(&'static [u8]),
        /// A file of this many bytes, all holes: nothing is written.
        Sized(u64),
        Folder,
        Nothing,
    }

    #[test]
    fn files_that_cannot_be_read_or_not_as_text_are_findings() {
        let cases: &[Case<File>] = &[
            (File::Bytes(b"---\nid: A\n---\n# A\n"), &[]),
            (File::Bytes(b"\xEF\xBB\xBF# A\r\n"), &[]),
            (
                File::Bytes(b"# A \xFF\n"),
                &[(
                    "source/invalid-utf8",
                    1,
                    "the file is not valid UTF-8 (here first): it is read with each invalid byte shown as \u{FFFD}",
                )],
            ),
            (
                File::Sized(MAX_MARKDOWN_SIZE + 1),
                &[("source/too-large", 1, "the file is 4 MiB; charta reads Markdown files of up to 4 MiB")],
            ),
            (File::Nothing, &[("source/unreadable", 1, "cannot read the file: No such file or directory")]),
            (
                File::Folder,
                &[(
                    "source/unreadable",
                    1,
                    "cannot read the file: it is not a regular file (a folder, a FIFO or a device is in its place)",
                )],
            ),
        ];
        for (file, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("sop/a.md");
            std::fs::create_dir(dir.path().join("sop")).unwrap();
            match file {
                File::Bytes(bytes) => std::fs::write(&path, bytes).unwrap(),
                File::Sized(size) => std::fs::File::create(&path).unwrap().set_len(*size).unwrap(),
                File::Folder => std::fs::create_dir(&path).unwrap(),
                File::Nothing => {}
            }
            let found = Found { rel_path: "sop/a.md".into(), path, collection: 0 };
            let got: Vec<Finding> = match load::read(found) {
                Ok(file) => invalid_utf8(&file).into_iter().collect(),
                Err(file) => vec![unread(&file)],
            };
            assert_found(&got, want, &format!("{file:?}"));
            assert!(got.iter().all(|f| f.path == "sop/a.md"));
        }
    }

    #[test]
    fn folders_the_walk_cannot_list_are_findings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sop/nested")).unwrap();
        std::fs::write(dir.path().join("sop/nested/a.md"), "# A\n").unwrap();
        let collection = |path: &str| Collection {
            path: path.into(),
            kind: "sop".into(),
            title: None,
            ..Default::default()
        };
        // A folder that is there is listed; one that is not is no collection to read.
        let cases: &[Case<&str>] = &[("sop", &[]), ("missing", &[])];
        for (path, want) in cases {
            let walked =
                load::list(dir.path(), &[collection(path)], &[], ignore::gitignore::Gitignore::empty());
            assert_found(&walked.unlisted.iter().map(unlisted).collect::<Vec<_>>(), want, path);
        }
        // What the walk says of a folder it cannot list (the tests may run with the rights to
        // read every folder, so the walk is not made to fail here).
        let locked = Unlisted { path: "sop/locked".into(), why: "Permission denied (os error 13)".into() };
        let want = (
            "source/unreadable-folder",
            1,
            "cannot read the folder: Permission denied (os error 13); the documents in it are left out",
        );
        assert_found(&[unlisted(&locked)], &[want], "locked");
        assert_eq!(unlisted(&locked).path, "sop/locked");
    }
}
