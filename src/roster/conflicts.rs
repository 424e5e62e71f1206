//! Registry check: names the roster gives to two people, and ids that would share one page.

use super::{NameKind, Person, Written, normalise};
use crate::finding::{Finding, Rule};
use crate::source::Span;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

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

/// A problem with the roster itself, at its line.
#[derive(Debug, Clone)]
pub(super) struct Conflict {
    rule: Rule,
    span: Span,
    message: String,
}

impl Conflict {
    pub(super) fn finding(&self, path: &str) -> Finding {
        Finding::new(self.rule, path, self.span, self.message.clone()).help(self.rule.fix())
    }
}

fn kind(k: NameKind) -> &'static str {
    match k {
        NameKind::Id => "id",
        NameKind::Name => "name",
        NameKind::Email => "email",
        NameKind::Alias => "alias",
    }
}

/// Every name -> who claims it; and a conflict for each name claimed twice, and each id whose
/// page folder (see [`crate::slug::folder_key`]) an earlier id already has.
pub(super) fn index(people: &[Person], written: &[Vec<Written>]) -> (BTreeMap<String, Claim>, Vec<Conflict>) {
    let mut names: BTreeMap<String, Claim> = BTreeMap::new();
    let mut folders: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    let who = |i: usize, w: &Written| format!("{} (line {})", people[i].name, w.span.line);
    for (i, mine) in written.iter().enumerate() {
        // The earlier person whose id this person's id repeats, or folds to the same page as.
        let mut same_id: Option<(usize, usize)> = None;
        for (slot, w) in mine.iter().enumerate() {
            let claim = match names.entry(normalise(&w.text)) {
                Entry::Vacant(e) => {
                    e.insert(Claim { first: i, slot, others: Vec::new() });
                    continue;
                }
                Entry::Occupied(e) => e.into_mut(),
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
            // Reported at the name that is not an id: ids are what people are known by.
            let (here, there, k) = if w.kind != NameKind::Id { (w, theirs, j) } else { (theirs, w, i) };
            out.push(Conflict {
                rule: Rule::RosterAmbiguousName,
                span: here.span,
                message: format!(
                    "the {} `{}` is also the {} `{}` of {}: a document naming it could mean either",
                    kind(here.kind),
                    here.text,
                    kind(there.kind),
                    there.text,
                    who(k, there),
                ),
            });
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
        let message = match (same_id, folded) {
            (Some((j, slot)), _) => {
                format!("the id `{}` is already the id of {}", id.text, who(j, &written[j][slot]))
            }
            (None, Some(j)) => format!(
                "the id `{}` and the id `{}` of {} would name one page (people/{}/)",
                id.text,
                people[j].id,
                who(j, &written[j][0]),
                crate::slug::folder(&people[j].id),
            ),
            (None, None) => continue,
        };
        out.push(Conflict { rule: Rule::RosterDuplicateId, span: id.span, message });
    }
    (names, out)
}
