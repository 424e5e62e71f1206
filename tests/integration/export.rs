//! `charta export`: the evidence bundle, the same bytes from two runs, every file in its
//! manifest with its SHA-256, each document's approval tied to the commit that recorded it.

use crate::support::charta;
use sha2::{Digest, Sha256};
use std::io::Read;

fn export(r: &crate::support::Repo, out: &std::path::Path, today: &str) {
    let root = r.site.root().to_str().unwrap();
    let run = charta(&["export", "--root", root, "--today", today, "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.with_extension("zip.part").exists(), "nothing half-written is left beside it");
}

/// Each entry of the zip at `path`: (name, bytes), in the zip's order.
fn entries(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn the_evidence_bundle_is_reproducible_and_its_manifest_holds() {
    let r = crate::history::repository();
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one.zip"), dir.path().join("two.zip"));
    export(&r, &one, "2026-03-01");
    export(&r, &two, "2026-03-01");
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap(), "two runs, the same bytes");

    let files = entries(&one);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "README.txt",
            "configuration/charta.toml",
            "configuration/roster.yaml",
            "documents/policies/access.md",
            "documents/policies/clean.md",
            "records.json",
            "MANIFEST.sha256"
        ]
    );
    // `sha256sum -c MANIFEST.sha256` would pass: each other file, with its digest.
    let manifest = String::from_utf8(files.last().unwrap().1.clone()).unwrap();
    let expected: String = files[..files.len() - 1]
        .iter()
        .map(|(name, bytes)| {
            let hex: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
            format!("{hex}  {name}\n")
        })
        .collect();
    assert_eq!(manifest, expected);
    // The document as it is on disk, byte for byte.
    let on_disk = std::fs::read(r.site.root().join("policies/access.md")).unwrap();
    let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
    assert_eq!(file("documents/policies/access.md"), &on_disk);

    let records: serde_json::Value = serde_json::from_slice(file("records.json")).unwrap();
    let access = records["documents"].as_array().unwrap().iter().find(|d| d["id"] == "POL-009").unwrap();
    assert_eq!((access["version"].as_str(), access["status"].as_str()), (Some("1.1"), Some("approved")));
    assert_eq!(access["committed"], true);
    // Found by the cold review: an entry's name may be encoded; the record names it.
    assert_eq!(access["file"], "documents/policies/access.md");
    assert_eq!(access["approval_date"], "2025-06-01");
    // The approval of 1.1 was recorded by its commit; the edit after it changed the file last.
    let recorded = &access["approval_recorded_in"];
    assert_eq!(
        (recorded["date"].as_str(), recorded["summary"].as_str()),
        (Some("2025-06-01"), Some("Access policy 1.1"))
    );
    assert_ne!(access["last_changed_in"]["id"], recorded["id"]);
    assert!(
        access["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "history/changed-after-approval")
    );

    // Another day: the dates in it change, and so do the bytes.
    let later = dir.path().join("later.zip");
    export(&r, &later, "2026-03-02");
    assert_ne!(std::fs::read(&later).unwrap(), std::fs::read(&one).unwrap());
}

/// Bugs (a newcomer's trial): `--out` naming a folder failed after writing the whole bundle
/// beside it as `<folder>.zip.part`, and left it there (inside the repository for `-o policies`);
/// a bundle of files changed since the last commit said "Repository commit: …" and no more,
/// and the command no word: only records.json told them apart.
#[test]
fn export_refuses_a_folder_and_says_when_the_files_are_not_as_committed() {
    let r = crate::history::repository();
    let root = r.site.root().to_str().unwrap();
    // From the repository, as a user types it: `-o policies`, a folder of it.
    let run = crate::support::charta_in(
        r.site.root(),
        &["export", "--root", root, "--today", "2026-03-01", "--out", "policies"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a folder: name the bundle's file"), "{}", run.stderr);
    assert!(!r.site.root().join("policies.zip.part").exists());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle.zip");
    export(&r, &out, "2026-03-01");
    let readme = |out: &std::path::Path| {
        let (_, bytes) = entries(out).into_iter().find(|(n, _)| n == "README.txt").unwrap();
        String::from_utf8(bytes).unwrap()
    };
    assert!(!readme(&out).contains("not as that commit has them"), "{}", readme(&out));
    let path = r.site.root().join("policies/access.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("six", "four")).unwrap();
    let run = charta(&["export", "--root", root, "--today", "2026-03-01", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: 1 of the documents are not as the last commit has them"),
        "{}",
        run.stderr
    );
    assert!(readme(&out).contains("1 of the documents are not as that commit has them"), "{}", readme(&out));
}

/// Bug (a QA manager comparing the bundle with the site): for an approval recorded on a pull
/// request's branch merged with `--no-ff`, `records.json` named the merge (its day, its
/// author) as the commit that recorded it, where the document's page named the branch's
/// commit and the merge. The bundle says the same as the page.
#[test]
fn the_bundle_names_the_branch_commit_that_recorded_an_approval_and_its_merge() {
    let r = crate::history::merged_branch(false, false);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle.zip");
    export(&r, &out, "2026-03-01");
    let files = entries(&out);
    let records = &files.iter().find(|(n, _)| n == "records.json").unwrap().1;
    let records: serde_json::Value = serde_json::from_slice(records).unwrap();
    let access = records["documents"].as_array().unwrap().iter().find(|d| d["id"] == "POL-009").unwrap();
    let merge = r.repo.head().unwrap().peel_to_commit().unwrap();
    let approval = merge.parent(1).unwrap();
    assert_eq!(access["approval_recorded_in"]["id"], approval.id().to_string(), "{access:#}");
    assert_eq!(access["approval_recorded_in"]["date"], "2025-06-01");
    assert_eq!(access["approval_merged_in"]["id"], merge.id().to_string(), "{access:#}");
}
