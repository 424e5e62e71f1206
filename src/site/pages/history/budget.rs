//! Stage 4: how many of a document's past versions get pages: the newest, within a budget of
//! their texts' size (and `[history] max_versions`, applied by `plan`).

/// The most committed text, in bytes, of the versions one document's past pages are made
/// from: beyond it, older versions are not kept, as beyond `[history] max_versions`. git
/// stores a text and its edits in a few bytes, so a history of a few megabytes can hold
/// thousands of versions of a 4 MiB text; each kept version's pages and redline are several
/// times its size, on disk and, while the document's pages are made, in memory.
pub const MAX_HISTORY_TEXT: u64 = 64 << 20;

/// How many of the newest of one document's versions, whose texts are `sizes` bytes (oldest
/// first), fit within `budget` bytes together; always the newest.
pub(super) fn within(sizes: impl DoubleEndedIterator<Item = u64>, budget: u64) -> usize {
    let mut total = 0u64;
    let fit = sizes.rev().take_while(|size| {
        total = total.saturating_add(*size);
        total <= budget
    });
    fit.count().max(1)
}

#[cfg(test)]
mod tests {
    /// Bug (a hostile review): every version up to `max_versions` (which charta.toml sets) was
    /// kept, whatever its size: a 4 MiB document committed 48 times, 2.3 MB of git, made 2.1 GB
    /// of pages and took 4 GB to build. The newest versions are kept up to a budget of text.
    #[test]
    fn versions_are_kept_newest_first_within_a_budget_of_text() {
        let within = |sizes: &[u64], budget| super::within(sizes.iter().copied(), budget);
        assert_eq!(within(&[4, 4, 4, 4], 10), 2);
        assert_eq!(within(&[1, 1, 9], 10), 2);
        assert_eq!(within(&[1, 1, 1], 10), 3);
        // The newest is kept however large.
        assert_eq!(within(&[1, 50], 10), 1);
        assert_eq!(within(&[], 10), 1);
        let mib = 1 << 20;
        assert_eq!(within(&[4 * mib; 48], super::MAX_HISTORY_TEXT), 16);
    }
}
