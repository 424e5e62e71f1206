//! Stage 2 support: whether two committed texts that state different ids are one document
//! renumbered (a new numbering scheme, `POL-001` to `ISMS-POL-001`), told from their titles and
//! bodies. The history reads it where a commit moves a file (`crate::history`), the timelines
//! where one path holds both texts (`crate::timeline`): the same rule in both places.

use jiff::civil::Date;

/// How alike two bodies must be, word for word, for a change of id between them to be the
/// document renumbered when their titles alone do not say it: most of their words (a
/// renumbering leaves the text nearly as it was).
const BODIES_ALIKE: f32 = 0.8;

/// What a committed text says of itself that tells a renumbering.
struct Stated {
    id: Vec<String>,
    title: Option<String>,
    approved: Option<Date>,
    body: String,
}

impl Stated {
    fn read(path: &str, text: &str) -> Stated {
        let parsed = crate::frontmatter::read(path, text);
        let title = parsed.meta.title.map(|t| crate::heading::plain_title(&t.value));
        let title = title.or_else(|| crate::heading::first_heading(parsed.body));
        Stated {
            id: words(&parsed.meta.id.map(|id| id.value).unwrap_or_default()),
            title,
            approved: parsed.meta.approval_date.map(|d| d.value),
            body: parsed.body.to_owned(),
        }
    }
}

/// A text's words, lower-cased: letters and digits, whatever is between them; numbers without
/// the zeros that lead them.
fn words(text: &str) -> Vec<String> {
    let word = |w: &str| {
        // A number is its value, however many zeros lead it (POL-009 and ISMS-POL-09 say 9).
        let digits = w.bytes().all(|b| b.is_ascii_digit());
        let w = if digits { w.trim_start_matches('0') } else { w };
        if w.is_empty() { "0".to_owned() } else { w.to_lowercase() }
    };
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(word).collect()
}

/// Whether `old` (at `old_path`) and `new` (at `new_path`), texts that state different ids,
/// are one document renumbered. Both must state the same approval date (a renumbering with no
/// new approval: the approval still has to cover whatever else changed), and:
///
/// - their titles are the same once the ids they state are left out (`POL-1 Access policy`,
///   `ISMS 01: Access policy`; words, not letters: `SEC` leaves `Security` whole);
/// - or one id holds every word of the other, and its text's title is the other's with only
///   words its id adds (`Access Control Policy` of POL-001, `ISMS Access Control Policy` of
///   ISMS-POL-001), and the bodies are [`BODIES_ALIKE`];
/// - or a title says nothing but the id (or there is none), and the bodies are
///   [`BODIES_ALIKE`].
///
/// Never the bodies alone: policies written from one template (cloud.gov's, a family of
/// controls each) are as alike as a text and its edit, and their titles tell them apart.
pub fn renumbered((old_path, old): (&str, &str), (new_path, new): (&str, &str)) -> bool {
    let (old, new) = (Stated::read(old_path, old), Stated::read(new_path, new));
    if old.approved != new.approved {
        return false;
    }
    let ids = [&old.id, &new.id];
    let [a, b] = [&old.title, &new.title].map(|t| {
        let mut t = words(t.as_deref().unwrap_or_default());
        for id in ids.iter().filter(|id| !id.is_empty()) {
            while let Some(at) = t.windows(id.len()).position(|w| w == id.as_slice()) {
                t.drain(at..at + id.len());
            }
        }
        t
    });
    if !a.is_empty() && a == b {
        return true;
    }
    // A new number that keeps the old one whole and adds to it (ISMS-POL-001 for POL-001), the
    // title taking the words it adds (`ISMS Access Control Policy`), or the other way: never
    // a word swapped for another (`Offboarding Procedure` for `Onboarding Procedure`, ids
    // SOP-OFFBOARDING and SOP-ONBOARDING: siblings of one template).
    let extends = |short: &[String], long: &[String], short_title: &[String], long_title: &[String]| {
        let added: Vec<&String> = long.iter().filter(|w| !short.contains(w)).collect();
        short.iter().all(|w| long.contains(w))
            && long_title.iter().filter(|w| !added.contains(w)).eq(short_title.iter())
    };
    let titles_allow = a.is_empty()
        || b.is_empty()
        || extends(&old.id, &new.id, &a, &b)
        || extends(&new.id, &old.id, &b, &a);
    titles_allow && similar::TextDiff::from_words(&old.body, &new.body).ratio() >= BODIES_ALIKE
}

#[cfg(test)]
mod tests {
    use super::renumbered;

    fn text(id: &str, title: &str, approved: &str, body: &str) -> String {
        format!("---\nid: {id}\ntitle: \"{title}\"\napproval_date: {approved}\n---\n# {title}\n\n{body}\n")
    }

    const BODY: &str = "Passwords are at least 12 characters long. Multi-factor authentication is required for every account. Leavers lose access within one working day of leaving.";

    fn one(old: &str, new: &str) -> bool {
        renumbered(("a.md", old), ("b.md", new))
    }

    #[test]
    fn the_same_title_with_the_ids_left_out_is_one_document() {
        let (old, new) = (
            text("SEC", "Security policy", "2026-01-10", BODY),
            text("SEC-01", "Security policy", "2026-01-10", BODY),
        );
        assert!(one(&old, &new));
        let other = "Backups run nightly and are kept for a year.";
        assert!(one(
            &text("POL-1", "POL 1 Access policy", "2026-01-10", BODY),
            &text("AC-01", "AC 01: Access policy", "2026-01-10", other)
        ));
    }

    /// Bug: renumbered to a scheme whose prefix the title took too (`ISMS Access Control
    /// Policy`), in the commit that also weakened a sentence, the document was taken for
    /// another one: its unapproved edit went unreported and both were in force.
    #[test]
    fn a_title_with_words_added_and_a_body_nearly_the_same_is_one_document() {
        let edited = BODY.replace("is required", "is optional");
        let old = text("POL-001", "Access Control Policy", "2026-01-10", BODY);
        assert!(one(&old, &text("ISMS-POL-001", "ISMS Access Control Policy", "2026-01-10", &edited)));
        // Not with another body: a new document of a longer title.
        let other = "Backups run nightly and are kept for a year in a second region.";
        assert!(!one(&old, &text("ISMS-POL-001", "ISMS Access Control Policy", "2026-01-10", other)));
    }

    #[test]
    fn a_template_family_or_a_new_approval_is_not_one_document() {
        let ac = text("AC-01", "Access Control Policy", "2026-01-10", BODY);
        assert!(!one(&ac, &text("AU-01", "Audit and Accountability Policy", "2026-01-10", BODY)));
        assert!(!one(&ac, &text("AC-02", "Access Control Standard", "2026-01-10", BODY)));
        // A title with a word added that is no word of either id: a sibling of one template.
        assert!(!one(&ac, &text("AC-02", "Remote Access Control Policy", "2026-01-10", BODY)));
        // Approved again with the new number: the approval covers the text it states.
        assert!(!one(&ac, &text("ISMS-AC-01", "Access Control Policy", "2026-02-01", BODY)));
    }

    /// Bug (a cold review): with every word of either id left out of both titles, siblings of
    /// one template whose ids are words were one document renumbered: `Onboarding Procedure`
    /// (SOP-ONBOARDING) and `Offboarding Procedure` (SOP-OFFBOARDING), `UK Data Retention
    /// Policy` (RET-UK) and `US Data Retention Policy` (RET-US).
    #[test]
    fn siblings_whose_ids_are_words_are_not_one_document() {
        let pair = |(id, title): (&str, &str), (id2, title2): (&str, &str)| {
            one(&text(id, title, "2026-01-10", BODY), &text(id2, title2, "2026-01-10", BODY))
        };
        assert!(!pair(
            ("SOP-ONBOARDING", "Onboarding Procedure"),
            ("SOP-OFFBOARDING", "Offboarding Procedure")
        ));
        assert!(!pair(("RET-UK", "UK Data Retention Policy"), ("RET-US", "US Data Retention Policy")));
        // Renumbered back, the scheme's prefix dropped from the title.
        assert!(pair(("ISMS-POL-001", "ISMS Access Control Policy"), ("POL-001", "Access Control Policy")));
    }

    #[test]
    fn titles_that_are_only_the_id_leave_it_to_the_bodies() {
        let other = "Backups run nightly and are kept for a year.";
        assert!(one(&text("POL-1", "POL-1", "2026-01-10", BODY), &text("AC-7", "AC-7", "2026-01-10", BODY)));
        assert!(!one(
            &text("POL-1", "POL-1", "2026-01-10", BODY),
            &text("AC-7", "AC-7", "2026-01-10", other)
        ));
    }
}
