//! Unit tests of [`super`]: the code cache's file, written, read back, damaged.

use super::*;

const TOOL: Key = [7; 32];

/// A cache in a fresh folder, and the key and HTML of `let x = 1;` highlighted there.
fn cache_with_rust() -> (tempfile::TempDir, CodeCache, (Key, Option<String>)) {
    let dir = tempfile::tempdir().unwrap();
    let cache = CodeCache::open(dir.path(), TOOL);
    let rust = cache.highlight("let x = 1;\n", "rust");
    (dir, cache, rust)
}

#[test]
fn blocks_are_kept_for_the_same_charta_and_only_while_used() {
    let (dir, cache, (used, html)) = cache_with_rust();
    let (unused, _) = cache.highlight("echo hi\n", "bash");
    cache.save(&HashSet::from([used])).unwrap();

    // Both were highlighted by that build: both kept, and found again.
    let again = CodeCache::open(dir.path(), TOOL);
    assert_eq!(again.old().blocks.len(), 2);
    assert_eq!(again.highlight("let x = 1;\n", "rust"), (used, html));
    again.save(&HashSet::from([used])).unwrap();
    // A block no page holds any more is dropped by the next build that saves.
    let third = CodeCache::open(dir.path(), TOOL);
    assert_eq!(third.old().blocks.keys().collect::<Vec<_>>(), vec![&used]);
    assert!(!third.old().blocks.contains_key(&unused));
    // Another charta (version or binary) highlights afresh.
    assert!(CodeCache::open(dir.path(), [8; 32]).old().blocks.is_empty());
}

#[test]
fn blocks_are_read_from_the_file_only_when_asked_for() {
    let (dir, cache, (rust, html)) = cache_with_rust();
    let (unknown, none) = cache.highlight("???\n", "no-such-language");
    assert!(none.is_none());
    let (bash, bash_html) = cache.highlight("echo hi\n", "bash");
    cache.save(&HashSet::from([rust, unknown, bash])).unwrap();

    let again = CodeCache::open(dir.path(), TOOL);
    assert_eq!(again.old().blocks.len(), 3);
    assert_eq!(again.old().get(&unknown), Some(None));
    assert_eq!(again.highlight("echo hi\n", "bash"), (bash, bash_html));
    assert_eq!(again.highlight("let x = 1;\n", "rust"), (rust, html.clone()));
    // Nothing new and nothing stale: the file stays as it is.
    let before = std::fs::read(dir.path().join(FILE)).unwrap();
    again.save(&HashSet::from([rust, unknown, bash])).unwrap();
    assert_eq!(std::fs::read(dir.path().join(FILE)).unwrap(), before);

    // One block more, and the rest carried over from the file into the new one.
    let third = CodeCache::open(dir.path(), TOOL);
    let (python, _) = third.highlight("x = 1\n", "python");
    third.save(&HashSet::from([rust, unknown, python])).unwrap();
    let fourth = CodeCache::open(dir.path(), TOOL);
    let mut kept: Vec<&Key> = fourth.old().blocks.keys().collect();
    kept.sort();
    let mut want = vec![&rust, &unknown, &python];
    want.sort();
    assert_eq!(kept, want);
    assert_eq!(fourth.highlight("let x = 1;\n", "rust"), (rust, html));
}

#[test]
fn a_file_cut_short_or_with_a_wrong_index_is_highlighted_again() {
    let (dir, cache, (rust, html)) = cache_with_rust();
    cache.save(&HashSet::from([rust])).unwrap();
    let path = dir.path().join(FILE);
    let whole = std::fs::read(&path).unwrap();
    // Cut short: the trailer is gone.
    std::fs::write(&path, &whole[..whole.len() - 3]).unwrap();
    let again = CodeCache::open(dir.path(), TOOL);
    assert!(again.old().blocks.is_empty());
    assert_eq!(again.highlight("let x = 1;\n", "rust"), (rust, html.clone()));
    // An index offset past the end, and one inside the header.
    for index_at in [u64::MAX, 1] {
        let mut bytes = whole.clone();
        let n = bytes.len();
        bytes[n - 8..].copy_from_slice(&index_at.to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        assert!(CodeCache::open(dir.path(), TOOL).old().blocks.is_empty());
    }
    // The index replaced by one that puts the block elsewhere.
    let index_at = u64::from_le_bytes(whole[whole.len() - 8..].try_into().unwrap());
    let with_index = |place: Place| {
        let mut bytes = whole[..usize::try_from(index_at).unwrap()].to_vec();
        bytes.extend(encoding::bytes(&vec![(rust, place)]).unwrap());
        bytes.extend(index_at.to_le_bytes());
        bytes
    };
    // The layout is as read here: an empty block is still a block.
    let header_len = encoding::bytes(&(format(), &TOOL)).unwrap().len() as u64;
    std::fs::write(&path, with_index(Some((header_len, 0)))).unwrap();
    assert_eq!(CodeCache::open(dir.path(), TOOL).old().blocks.len(), 1);
    // A block said to lie past the index.
    std::fs::write(&path, with_index(Some((index_at, 1)))).unwrap();
    assert!(CodeCache::open(dir.path(), TOOL).old().blocks.is_empty());
}

#[test]
fn a_file_of_the_previous_format_is_highlighted_again() {
    // charta-code-2, encoded by bincode with fixed-size integers: the format's length in 8
    // bytes, the format, the charta's key, an empty index (its count in 8 bytes), its offset.
    let mut old = 13u64.to_le_bytes().to_vec();
    old.extend(b"charta-code-2");
    old.extend(TOOL);
    let index_at = old.len() as u64;
    old.extend(0u64.to_le_bytes());
    old.extend(index_at.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), &old).unwrap();
    assert!(read(dir.path(), &TOOL).is_none());
    // The same charta's file of this format is read.
    let (dir, cache, (rust, _)) = cache_with_rust();
    cache.save(&HashSet::from([rust])).unwrap();
    assert!(read(dir.path(), &TOOL).is_some());
}

#[test]
fn a_file_cut_short_during_a_build_is_not_an_error() {
    let (dir, cache, (rust, _)) = cache_with_rust();
    let (bash, _) = cache.highlight("echo hi\n", "bash");
    cache.save(&HashSet::from([rust, bash])).unwrap();
    let again = CodeCache::open(dir.path(), TOOL);
    assert_eq!(again.old().blocks.len(), 2);
    // Cut short under the build, after its index was read: the stored blocks are gone.
    let path = dir.path().join(FILE);
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(20).unwrap();
    let (python, _) = again.highlight("x = 1\n", "python");
    again.save(&HashSet::from([rust, bash, python])).unwrap();
    let third = CodeCache::open(dir.path(), TOOL);
    assert_eq!(third.old().blocks.keys().collect::<Vec<_>>(), vec![&python]);
}

#[test]
fn a_damaged_file_is_empty_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), [0xff; 64]).unwrap();
    assert!(CodeCache::open(dir.path(), [0; 32]).old().blocks.is_empty());
}
