//! Unit tests of [`super`]: the cache as a build opens, fills and stores it.

use super::*;

use pages::FILE as PAGES;

const GLOBAL: Key = [3; 32];

fn entry(key: Key) -> Arc<Entry<Done>> {
    let data = Done::default();
    data.search().give_words(Arc::from("staff keep"));
    Arc::new(Entry { key, files: Vec::new(), data })
}

#[test]
fn search_words_damaged_after_the_cache_was_opened_fail_the_build_and_the_cache_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    cache.record_doc("a.md", entry([5; 32]));
    cache.save(&crate::output::files::Files::default()).unwrap();
    let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    assert!(!cache.doc("a.md", &[5; 32]).unwrap().data.search().has_words());
    // The words' bytes made no longer UTF-8, in place.
    let path = dir.path().join(PAGES);
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(10).rposition(|w| w == b"staff keep").unwrap();
    bytes[at] = 0xff;
    std::io::Write::write_all(&mut std::fs::OpenOptions::new().write(true).open(&path).unwrap(), &bytes)
        .unwrap();
    let e = cache.load_words().unwrap_err();
    assert!(format!("{e:#}").contains("was damaged during the build, and is removed"), "{e:#}");
    assert!(!path.exists());
    // Asked again (as the cache is stored): nothing more to read.
    cache.load_words().unwrap();
    // The next build starts afresh.
    let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    assert!(cache.doc("a.md", &[5; 32]).is_none());
}

#[test]
fn every_file_of_the_cache_starts_with_the_one_version_and_its_part() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    cache.record_doc("a.md", entry([5; 32]));
    cache.record_release("releases/v1", Entry { key: [6; 32], files: Vec::new(), data: () });
    cache.code().highlight("fn main() {}", "rust");
    cache.save(&crate::output::files::Files::default()).unwrap();
    for (file, part) in [("pages.bin", "pages"), ("code.bin", "code"), ("releases.bin", "releases")] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        let first: String = encoding::read(&bytes).unwrap();
        assert_eq!(first, format!("{FORMAT} {part}"), "{file}");
    }
}

#[test]
fn a_cache_of_the_previous_format_is_ignored_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    let key = [5; 32];
    // This format: the document's entry is found again.
    let mut cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    cache.record_doc("a.md", entry(key));
    cache.save(&crate::output::files::Files::default()).unwrap();
    assert!(Cache::open(dir.path(), GLOBAL, [0; 32]).doc("a.md", &key).is_some());

    // The same entry in charta-cache-2, encoded by bincode with fixed-size integers: every
    // length in 8 bytes.
    let string = |out: &mut Vec<u8>, s: &str| {
        out.extend((s.len() as u64).to_le_bytes());
        out.extend(s.as_bytes());
    };
    let mut old = Vec::new();
    string(&mut old, "charta-cache-2");
    old.extend(GLOBAL);
    old.extend(1u64.to_le_bytes());
    string(&mut old, "a.md");
    old.extend(key);
    // No files; an empty search text, feed, asset set and code list; no listing pages.
    old.extend([0; 8 * 5]);
    old.push(0);
    std::fs::write(dir.path().join(PAGES), &old).unwrap();
    assert!(Cache::open(dir.path(), GLOBAL, [0; 32]).doc("a.md", &key).is_none());
}

#[test]
fn the_release_snapshots_stored_are_read_each_time_they_are_asked_for_and_only_beside_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    cache.record_release("releases/v1", Entry { key: [6; 32], files: Vec::new(), data: () });
    cache.save(&crate::output::files::Files::default()).unwrap();
    // Beside a site of charta's: read, as often as asked.
    let cache = Cache::open_for(dir.path(), GLOBAL, [0; 32], true);
    for _ in 0..2 {
        assert_eq!(cache.stored_releases().get("releases/v1").map(|e| e.key), Some([6; 32]));
    }
    // Not held by the cache once it is open: a file gone since is not there to take.
    std::fs::remove_file(dir.path().join("releases.bin")).unwrap();
    assert!(cache.stored_releases().is_empty());
    // Without a previous site, or without the cache, nothing is read.
    let mut cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    cache.record_release("releases/v1", Entry { key: [6; 32], files: Vec::new(), data: () });
    cache.save(&crate::output::files::Files::default()).unwrap();
    assert!(Cache::open_for(dir.path(), GLOBAL, [0; 32], false).stored_releases().is_empty());
    assert!(Cache::disabled().stored_releases().is_empty());
}

#[test]
fn a_part_of_the_listing_pages_is_found_by_its_own_key_and_only_among_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let (page, other) = ("changes/since-v1/A/index.html", "changes/since-v1/B/index.html");
    let stamp = Stamp { len: 7, inode: 8, modified: (9, 0) };
    let mut files = crate::output::files::Files::default();
    files.stamp(page, stamp.clone());
    files.stamp("index.html", Stamp::default());
    let mut cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    // Recorded in no order: sorted when stored.
    let parts: Parts = vec![[5; 32], [4; 32]];
    let listed = vec![(page.to_owned(), Stamp::default()), ("index.html".to_owned(), Stamp::default())];
    cache.record_site(Entry { key: [6; 32], files: listed, data: parts });
    cache.save(&files).unwrap();
    let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
    // Whatever the listing pages' own key is now.
    assert!(cache.site(&[7; 32]).is_none());
    assert_eq!(cache.part(page, &[4; 32]), Some(stamp));
    // Made from something else this time.
    assert_eq!(cache.part(page, &[3; 32]), None);
    // Recorded, but its file was not written.
    assert_eq!(cache.part(other, &[5; 32]), None);
}

/// Bug (found by a cold review): a cache file committed to the repository as a symbolic link
/// (to a file outside it) was read through the link. Each of the three is read only as a file
/// of its own: through a link, the cache starts afresh.
#[test]
fn a_cache_file_that_is_a_symbolic_link_is_not_read() {
    let (kept, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut cache = Cache::open(kept.path(), GLOBAL, [0; 32]);
    cache.record_doc("a.md", entry([5; 32]));
    cache.record_release("releases/v1", Entry { key: [6; 32], files: Vec::new(), data: () });
    cache.code().highlight("fn main() {}", "rust");
    cache.save(&crate::output::files::Files::default()).unwrap();
    for file in ["pages.bin", "code.bin", "releases.bin"] {
        std::os::unix::fs::symlink(kept.path().join(file), dir.path().join(file)).unwrap();
    }
    let linked = Cache::open(dir.path(), GLOBAL, [0; 32]);
    assert!(linked.doc("a.md", &[5; 32]).is_none());
    assert!(code::read(dir.path(), &[0; 32]).is_none() && code::read(kept.path(), &[0; 32]).is_some());
    assert!(releases::read(dir.path()).is_empty() && !releases::read(kept.path()).is_empty());
    // The same files, not linked: read.
    assert!(Cache::open(kept.path(), GLOBAL, [0; 32]).doc("a.md", &[5; 32]).is_some());
}
