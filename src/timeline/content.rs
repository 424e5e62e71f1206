//! Stage 2 support: what of a committed text an approval approves, as one hash.

use crate::fingerprint::Key;

/// The hash of what an approval approves of a document whose front matter is `m`: the words of
/// its `body`, whatever the spaces, line breaks and line endings between them (re-wrapping a
/// paragraph or converting CRLF is not a change of content), and the fields that are part of
/// the document as approved: its title, effective date and classification. (Its approval
/// record and revision list record the approval; its review period is compared apart,
/// `history/review-period-lengthened`.)
pub fn content(m: &crate::document::Meta, body: &str) -> Key {
    contents(m, body).0
}

/// [`content`], and the same less the effective date: what the text says, whenever it takes
/// effect (the commit that records an approval sets the day its text takes effect).
pub fn contents(m: &crate::document::Meta, body: &str) -> (Key, Key) {
    let mut words = String::with_capacity(body.len());
    for word in body.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    let field =
        |f: Option<&str>| f.map(str::split_whitespace).into_iter().flatten().collect::<Vec<_>>().join(" ");
    // An effective date no later than the approval changes nothing (in force from the
    // approval either way): written or not, it is the same text.
    let approved = m.approval_date.as_ref().map(|d| d.value);
    let effective = m.effective_date.as_ref().filter(|d| approved.is_none_or(|a| d.value > a));
    let effective = effective.map(|d| d.value.to_string());
    let fields = [
        field(m.title.as_ref().map(|t| t.value.as_str())),
        field(m.classification.as_ref().map(|c| c.value.as_str())),
    ];
    let said = crate::fingerprint::of(&(words.as_str(), fields));
    (crate::fingerprint::of(&(said, effective)), said)
}
