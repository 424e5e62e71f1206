//! Stage 4: the words of a text as search finds them: runs of letters and digits, and codes
//! that join such runs with `.`, `-` or `_` (`TLS 1.3`, `A.8.24`, `SOP-0012`), each code also
//! as its parts. A word of one character is left out unless it is a digit. `search.js` splits
//! a query the same way. [`Sections`] gathers a body's words with the sections they occur in
//! and each section's plain text, for the index and the snippets of search results.

use hashbrown::HashTable;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// Whether `b` joins two runs into one code: `.`, `-` or `_`.
fn joins(b: u8) -> bool {
    matches!(b, b'.' | b'-' | b'_')
}

/// Each word of `text` to `f`, in order, as written (not lower-cased): a code, then its parts.
/// Reads ASCII a byte at a time (most of any text, and all of most code), decoding only the
/// other characters: it runs over every word of every page.
pub fn each(text: &str, mut f: impl FnMut(&str)) {
    let mut keep = |w: &str| {
        let mut chars = w.chars();
        let first = chars.next();
        if chars.next().is_some() || first.is_some_and(|c| c.is_ascii_digit()) {
            f(w);
        }
    };
    let bytes = text.as_bytes();
    // The character at `at` (a character boundary): its length, and whether it is a letter or
    // a digit.
    let char_at = |at: usize| -> Option<(usize, bool)> {
        let b = *bytes.get(at)?;
        if b.is_ascii() {
            return Some((1, b.is_ascii_alphanumeric()));
        }
        let c = text.get(at..)?.chars().next()?;
        Some((c.len_utf8(), c.is_alphanumeric()))
    };
    let mut at = 0;
    while let Some((len, alphanumeric)) = char_at(at) {
        let start = at;
        at += len;
        if !alphanumeric {
            continue;
        }
        let mut compound = false;
        while let Some((len, alphanumeric)) = char_at(at) {
            if alphanumeric {
                at += len;
            } else if bytes.get(at).copied().is_some_and(joins)
                && char_at(at + 1).is_some_and(|(_, alphanumeric)| alphanumeric)
            {
                compound = true;
                at += 1;
            } else {
                break;
            }
        }
        let word = &text[start..at];
        keep(word);
        if compound {
            for part in word.split(['.', '-', '_']) {
                keep(part);
            }
        }
    }
}

/// The most sections of one document a word is listed under: enough to choose the section
/// most of a query's words share, without the commonest words listing every section.
const MOST_SECTIONS: usize = 8;

/// A part of a body that a heading starts (the first: what comes before any heading).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's id, to link to; empty for the top of the page.
    pub anchor: String,
    pub heading: String,
    /// Its words as plain text, blocks separated by a space.
    pub text: String,
}

/// The sections one word occurs in, the first [`MOST_SECTIONS`], kept without allocating.
#[derive(Debug, Clone, Copy)]
struct Listed {
    at: [u16; MOST_SECTIONS],
    len: u8,
    /// Where the word is in [`Sections::order`].
    word: (u32, u32),
}

impl Listed {
    fn last(&self) -> Option<u16> {
        self.len.checked_sub(1).map(|i| self.at[usize::from(i)])
    }

    /// The word, as [`Sections::order`] holds it.
    fn spelled<'a>(&self, order: &'a str) -> &'a str {
        order.get(self.word.0 as usize..self.word.1 as usize).unwrap_or_default()
    }

    fn push(&mut self, section: u16) {
        if usize::from(self.len) < MOST_SECTIONS {
            self.at[usize::from(self.len)] = section;
            self.len += 1;
        }
    }
}

/// A body's words, each once, lower-cased, with the sections (indexes into `sections`) each
/// occurs in; and the sections.
#[derive(Default)]
pub struct Sections {
    pub sections: Vec<Section>,
    /// Each word's number in the order of first use, found by the word: the word itself is
    /// the one `order` holds, not a copy of its own (a copy per new word was about a tenth of
    /// the time the words of a page took).
    seen: HashTable<usize>,
    hasher: foldhash::fast::RandomState,
    /// The words in that order, separated by spaces.
    order: String,
    /// By that number, the sections it occurs in.
    listed: Vec<Listed>,
}

impl std::fmt::Debug for Sections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sections").field("sections", &self.sections).field("words", &self.words()).finish()
    }
}

impl Sections {
    /// Room for the words of a body of `bytes` bytes, so that the table of words is not grown
    /// again and again as they come (each time every word hashed anew): about one new word in
    /// 16 bytes of text. The generated corpus's bodies have one in 15-18; the real policies
    /// and procedures of `shared/corpora`, one in 19 (median; a tenth of them one in 14 or
    /// less, whose list of words may then grow once). At most 65,536 words are made room for
    /// (about 3 MB, held while one page is made), whatever the body's length.
    pub fn for_body(bytes: usize) -> Sections {
        let words = (bytes / 16).min(1 << 16);
        Sections {
            seen: HashTable::with_capacity(words),
            listed: Vec::with_capacity(words),
            order: String::with_capacity(words * 8),
            ..Sections::default()
        }
    }

    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    /// Each word in the order of first use, with the sections it occurs in.
    pub fn words(&self) -> Vec<(&str, &[u16])> {
        self.listed.iter().map(|l| (l.spelled(&self.order), &l.at[..usize::from(l.len)])).collect()
    }

    /// Text of the body, as written.
    pub fn text(&mut self, text: &str) {
        self.current().text.push_str(text);
        let section = u16::try_from(self.sections.len() - 1).unwrap_or(u16::MAX);
        let Sections { seen, hasher, order, listed, .. } = self;
        each(text, |word| {
            // Most words are lower-case ASCII already: only the others are copied to lower them.
            let word: Cow<str> = if word.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
                Cow::Borrowed(word)
            } else {
                Cow::Owned(word.to_lowercase())
            };
            let word = word.as_ref();
            let hash = hasher.hash_one(word);
            if let Some(&i) = seen.find(hash, |&i| listed[i].spelled(order) == word) {
                let listed = &mut listed[i];
                if listed.last() != Some(section) {
                    listed.push(section);
                }
            } else {
                if !order.is_empty() {
                    order.push(' ');
                }
                let start = u32::try_from(order.len()).unwrap_or(u32::MAX);
                order.push_str(word);
                let end = u32::try_from(order.len()).unwrap_or(u32::MAX);
                let mut new = Listed { at: [0; MOST_SECTIONS], len: 0, word: (start, end) };
                new.push(section);
                listed.push(new);
                let (order, listed) = (&*order, &*listed);
                seen.insert_unique(hash, listed.len() - 1, |&i| hasher.hash_one(listed[i].spelled(order)));
            }
        });
    }

    /// The end of a block (a paragraph, an item, a cell): what follows is a new word.
    pub fn gap(&mut self) {
        let text = &mut self.current().text;
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    }

    /// A heading begins a section; its words belong to it.
    pub fn heading(&mut self) {
        self.current();
        self.sections.push(Section::default());
    }

    /// The heading that began the current section ends: its id and text. The section's text
    /// starts after it. A heading with no id (the page shows it as its title, not as a
    /// heading) begins no section: what follows belongs to the one before.
    pub fn headed(&mut self, anchor: &str, heading: &str) {
        if anchor.is_empty() && self.sections.len() > 1 {
            // Its words are the title's, which search matches as the title: they are listed
            // under no section, and those it alone holds (the last ones listed) not at all.
            let n = u16::try_from(self.sections.len() - 1).unwrap_or(u16::MAX);
            for listed in &mut self.listed {
                if listed.last() == Some(n) {
                    listed.len -= 1;
                }
            }
            while self.listed.last().is_some_and(|l| l.len == 0) {
                self.listed.pop();
            }
            let kept = self.listed.len();
            self.seen.retain(|i| *i < kept);
            self.order.truncate(self.listed.last().map_or(0, |l| l.word.1 as usize));
            self.sections.pop();
            return;
        }
        let section = self.current();
        section.anchor = anchor.to_owned();
        section.heading = heading.to_owned();
        section.text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` as charta read them a character at a time, before it read ASCII
    /// a byte at a time: what [`each`] must still find, in the same order.
    fn each_by_character(text: &str) -> Vec<String> {
        let joins = |c: char| matches!(c, '.' | '-' | '_');
        let mut out = Vec::new();
        let mut keep = |w: &str| {
            let mut chars = w.chars();
            let first = chars.next();
            if chars.next().is_some() || first.is_some_and(|c| c.is_ascii_digit()) {
                out.push(w.to_owned());
            }
        };
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            let mut compound = false;
            while let Some(&(i, c)) = chars.peek() {
                if c.is_alphanumeric() {
                    end = i + c.len_utf8();
                    chars.next();
                } else if joins(c)
                    && text[i + c.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric)
                {
                    compound = true;
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &text[start..end];
            keep(word);
            if compound {
                for part in word.split(joins) {
                    keep(part);
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// Read a byte at a time where it can, a text gives the words it gave read a character
        /// at a time: letters and digits of any script, joiners, spaces and punctuation.
        #[test]
        fn words_read_by_byte_are_the_words_read_by_character(
            text in "[a-zA-Z0-9.\\-_ ,;:!?'\"()\\[\\]/éÉßİ老虎٣①\u{301}\u{200b}\t\n]{0,60}"
        ) {
            proptest::prop_assert_eq!(words(&text), each_by_character(&text));
        }
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each(text, |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn codes_and_numbers_are_words() {
        assert_eq!(words("Use TLS 1.3, not 1.2."), ["Use", "TLS", "1.3", "1", "3", "not", "1.2", "1", "2"]);
        assert_eq!(words("A.8.24 and SOP-0012"), ["A.8.24", "8", "24", "and", "SOP-0012", "SOP", "0012"]);
        assert_eq!(words("a - b, x-  y; end."), ["end"]);
        assert_eq!(words("Éclair_au-chocolat 42"), ["Éclair_au-chocolat", "Éclair", "au", "chocolat", "42"]);
    }

    #[test]
    fn words_are_listed_once_with_the_sections_they_occur_in() {
        let mut s = Sections::default();
        s.text("Staff keep records.");
        s.gap();
        s.heading();
        s.text("Records");
        s.headed("records", "Records");
        s.text("STAFF and staff");
        s.gap();
        let listed: Vec<_> = s.words().into_iter().map(|(w, at)| (w, at.to_vec())).collect();
        assert_eq!(
            listed,
            [("staff", vec![0, 1]), ("keep", vec![0]), ("records", vec![0, 1]), ("and", vec![1])]
        );
        let top =
            Section { anchor: String::new(), heading: String::new(), text: "Staff keep records. ".into() };
        assert_eq!(s.sections[0], top);
        let records =
            Section { anchor: "records".into(), heading: "Records".into(), text: "STAFF and staff ".into() };
        assert_eq!(s.sections[1], records);
    }

    #[test]
    fn a_heading_shown_as_the_title_begins_no_section() {
        let mut s = Sections::default();
        s.heading();
        s.text("Access policy");
        s.headed("", "");
        s.gap();
        s.text("Access is granted.");
        let listed: Vec<_> = s.words().into_iter().map(|(w, at)| (w, at.to_vec())).collect();
        assert_eq!(listed, [("access", vec![0]), ("is", vec![0]), ("granted", vec![0])]);
        assert_eq!(s.sections.len(), 1);
        assert_eq!(s.sections[0].text, "Access is granted.");
    }
}
