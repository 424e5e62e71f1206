//! Stage 1 support: the files of the root folder that commits of the line moved (renamed, or
//! moved to another folder), so that a path an earlier text names can be read as it was then:
//! where a file of that commit is now, and where a file of now was then.

use std::collections::BTreeMap;

/// Every move along the line, by root-relative path: each commit's index into
/// `History::commits`, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves {
    /// Old path -> (commit, new path).
    forward: BTreeMap<String, Vec<(usize, String)>>,
    /// New path -> (commit, old path).
    backward: BTreeMap<String, Vec<(usize, String)>>,
}

impl Moves {
    /// Commit `commit` moved `from` to `to`. Commits are recorded in the line's order.
    pub(super) fn record(&mut self, commit: usize, from: &str, to: &str) {
        self.forward.entry(from.to_owned()).or_default().push((commit, to.to_owned()));
        self.backward.entry(to.to_owned()).or_default().push((commit, from.to_owned()));
    }

    /// Where the file at `path` just after commit `then` is now: followed through each later
    /// move of it. A file removed since is named by its last path.
    pub fn now(&self, path: &str, then: usize) -> String {
        let (mut path, mut at) = (path.to_owned(), then);
        // Each step is a later commit: the loop ends within the line's length.
        while let Some((commit, to)) =
            self.forward.get(&path).and_then(|moves| moves.iter().find(|(c, _)| *c > at))
        {
            (path, at) = (to.clone(), *commit);
        }
        path
    }

    /// Where the file at `path` now was just after commit `then`: followed back through each
    /// move of it after that commit.
    pub fn then(&self, path: &str, then: usize) -> String {
        let (mut path, mut before) = (path.to_owned(), usize::MAX);
        // Each step is an earlier commit, still after `then`: the loop ends too.
        while let Some((commit, from)) = self
            .backward
            .get(&path)
            .and_then(|moves| moves.iter().rev().find(|(c, _)| *c > then && *c < before))
        {
            (path, before) = (from.clone(), *commit);
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moves(list: &[(usize, &str, &str)]) -> Moves {
        let mut m = Moves::default();
        for (c, from, to) in list {
            m.record(*c, from, to);
        }
        m
    }

    #[test]
    fn a_path_of_then_is_followed_to_now_through_every_later_move() {
        let m = moves(&[(2, "a.md", "b.md"), (5, "b.md", "sop/b.md")]);
        assert_eq!(m.now("a.md", 0), "sop/b.md");
        assert_eq!(m.now("b.md", 3), "sop/b.md");
        assert_eq!(m.now("sop/b.md", 6), "sop/b.md");
        // A move before the text's commit is not one of its names.
        assert_eq!(m.now("a.md", 2), "a.md");
    }

    #[test]
    fn a_path_of_now_is_followed_back_to_what_it_was_then() {
        let m = moves(&[(2, "a.md", "b.md"), (5, "b.md", "sop/b.md")]);
        assert_eq!(m.then("sop/b.md", 0), "a.md");
        assert_eq!(m.then("sop/b.md", 2), "b.md");
        assert_eq!(m.then("sop/b.md", 5), "sop/b.md");
        assert_eq!(m.then("other.md", 0), "other.md");
    }

    #[test]
    fn a_name_used_again_after_a_move_is_another_file() {
        // a.md moved to b.md at 2; a new a.md, moved to c.md at 7.
        let m = moves(&[(2, "a.md", "b.md"), (7, "a.md", "c.md")]);
        assert_eq!(m.now("a.md", 1), "b.md");
        assert_eq!(m.now("a.md", 4), "c.md");
        assert_eq!(m.then("c.md", 4), "a.md");
        assert_eq!(m.then("b.md", 0), "a.md");
    }

    #[test]
    fn two_files_swapping_names_stay_apart() {
        // One commit swaps a.md and b.md (through no third name).
        let m = moves(&[(3, "a.md", "b.md"), (3, "b.md", "a.md")]);
        assert_eq!(m.now("a.md", 1), "b.md");
        assert_eq!(m.now("b.md", 1), "a.md");
        assert_eq!(m.then("a.md", 1), "b.md");
    }
}
