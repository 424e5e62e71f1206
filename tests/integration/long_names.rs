//! Names from the repository longer than a file system writes: a site folder is made of each
//! (a version label, a release tag, a roster id), and none may stop the build.

use crate::history::{V2, policy};
use crate::support::Repo;

/// Bug (a hostile review): a superseded version labelled with 255 characters made a folder
/// `v<label>` of 256 bytes, "File name too long", and every build of the history after it
/// stopped with no site; a roster id of 300 characters and a tag of 240 did the same. Each is
/// shortened where the site names a folder by it.
#[test]
fn a_long_version_label_tag_or_roster_id_does_not_stop_the_build() {
    let label = "9".repeat(255);
    let r = Repo::new();
    let roster = std::fs::read_to_string(r.site.root().join("roster.yaml")).unwrap();
    let id = "p".repeat(300);
    r.site
        .write("roster.yaml", &format!("{roster}  - id: {id}\n    name: Long Name\n    roles: [Engineer]\n"));
    let first = policy(&label, "2025-01-10", &[(label.as_str(), "2025-01-05", "First issue.")], "One.");
    let tagged = r.commit("2025-01-10", "Alice", "First", &[("policies/access.md", &first)]);
    r.tag(&"t".repeat(240), tagged);
    let second = policy("1.1", "2025-05-30", V2, "Two.").replace("\"1.0\"", &format!("\"{label}\""));
    r.commit("2025-05-30", "Alice", "Second", &[("policies/access.md", &second)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let versions = r.site.out().join("policies/access");
    let folders: Vec<String> = std::fs::read_dir(&versions)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("v9"))
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(r.site.page(&format!("policies/access/{}/index.html", folders[0])).contains("One."));
    let people = std::fs::read_dir(r.site.out().join("people")).unwrap();
    assert!(people.map(|e| e.unwrap().file_name()).any(|n| n.to_string_lossy().starts_with("ppp")));
}
