//! Registry index: which person each name stands for; and on the way, the names the roster
//! gives to two people and the ids that would share one page (`rules::roster` reports them).

use super::{NameKind, Person, Written, normalise};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::collections::hash_map::Entry as HashEntry;

/// Who the roster gives one normalised name to.
#[derive(Debug, Clone)]
pub(super) struct Claim {
    /// The first person to claim it, and which of their names it is.
    first: usize,
    slot: usize,
    /// Everyone after them who claims it too: then the name is ambiguous.
    others: Vec<usize>,
}

impl Claim {
    /// The person, when the name is one person's alone.
    pub(super) fn only(&self) -> Option<usize> {
        self.others.is_empty().then_some(self.first)
    }

    pub(super) fn all(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.first).chain(self.others.iter().copied())
    }
}

/// A problem with the roster itself: a name of two people, or two ids of one page.
#[derive(Debug, Clone)]
pub enum Conflict {
    /// `name`, not an id, is also `theirs`, a name of the person at `other`: it stands for
    /// neither.
    Name { name: Written, theirs: Written, other: usize },
    /// `id` is also the id (`theirs`) of the earlier person at `other`.
    Id { id: Written, theirs: Written, other: usize },
    /// `id` and the id (`theirs`) of the earlier person at `other` differ, but would name one
    /// person page (see [`crate::slug::folder_key`]).
    Page { id: Written, theirs: Written, other: usize },
}

/// Every name -> who claims it; and a conflict for each name claimed twice, and each id whose
/// page folder (see [`crate::slug::folder_key`]) an earlier id already has.
pub(super) fn index(
    people: &[Person],
    written: &[Vec<Written>],
) -> (foldhash::HashMap<String, Claim>, Vec<Conflict>) {
    let mut names: foldhash::HashMap<String, Claim> = foldhash::HashMap::default();
    let mut folders: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, mine) in written.iter().enumerate() {
        // The earlier person whose id this person's id repeats, or folds to the same page as.
        let mut same_id: Option<(usize, usize)> = None;
        for (slot, w) in mine.iter().enumerate() {
            let claim = match names.entry(normalise(&w.text)) {
                HashEntry::Vacant(e) => {
                    e.insert(Claim { first: i, slot, others: Vec::new() });
                    continue;
                }
                HashEntry::Occupied(e) => e.into_mut(),
            };
            // A person may write one name twice (name and alias): that is still one person.
            if claim.first == i || claim.others.last() == Some(&i) {
                continue;
            }
            claim.others.push(i);
            let (j, theirs) = (claim.first, &written[claim.first][claim.slot]);
            if w.kind == NameKind::Id && theirs.kind == NameKind::Id {
                same_id = Some((j, claim.slot));
                continue;
            }
            // Said of the name that is not an id: ids are what people are known by.
            let (name, theirs, other) = if w.kind != NameKind::Id { (w, theirs, j) } else { (theirs, w, i) };
            out.push(Conflict::Name { name: name.clone(), theirs: theirs.clone(), other });
        }
        // `parse` writes each person's id first.
        let Some(id) = mine.first() else { continue };
        let page = crate::slug::folder_key(&people[i].id);
        let folded = match folders.entry(page) {
            Entry::Vacant(e) => {
                e.insert(i);
                None
            }
            Entry::Occupied(e) => Some(*e.get()),
        };
        out.push(match (same_id, folded) {
            (Some((j, slot)), _) => {
                Conflict::Id { id: id.clone(), theirs: written[j][slot].clone(), other: j }
            }
            (None, Some(j)) => Conflict::Page { id: id.clone(), theirs: written[j][0].clone(), other: j },
            (None, None) => continue,
        });
    }
    (names, out)
}
