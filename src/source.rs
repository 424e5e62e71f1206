//! Stage 1 support: a source file as read from disk, and byte offset to line:column mapping.

/// A 1-based position in a file, as editors and CI annotations count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    pub line: u32,
    pub col: u32,
}

impl Span {
    pub const fn new(line: u32, col: u32) -> Self {
        Span { line, col }
    }

    /// The start of a file: used for findings about the file as a whole.
    pub const fn file() -> Self {
        Span { line: 1, col: 1 }
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned { value: f(self.value), span: self.span }
    }
}

/// Maps byte offsets of a text to 1-based line and column (columns count characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn span(&self, text: &str, offset: usize) -> Span {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        span_at(text, line, self.starts[line], offset)
    }

    /// The line number (1-based) of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        to_u32(self.starts.partition_point(|&s| s <= offset))
    }
}

/// Line and column of offsets met in increasing order, counted as it goes: for a few positions
/// of a long text, without indexing every line first; and for many on one long line (a line of
/// 400,000 links), each counted from the one before, not from the line's start.
#[derive(Debug, Clone)]
pub struct LineCursor<'a> {
    text: &'a str,
    /// Bytes counted so far; `line`, `line_start` and `col` describe this offset.
    scanned: usize,
    line: usize,
    line_start: usize,
    /// Characters from `line_start` to `scanned`; None where `scanned` fell inside a character
    /// (the column is then counted from the line's start, as [`span_at`] does).
    col: Option<usize>,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCursor { text, scanned: 0, line: 0, line_start: 0, col: Some(0) }
    }

    /// The 1-based line and column (in characters) of `offset`; an offset before the last one
    /// asked for starts the count again.
    pub fn span(&mut self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        if offset < self.scanned {
            *self = LineCursor::new(self.text);
        }
        let passed = &self.text.as_bytes()[self.scanned..offset];
        let mut breaks = memchr::memchr_iter(b'\n', passed);
        let mut from = self.scanned;
        if let Some(last) = breaks.next_back() {
            self.line += 1 + breaks.count();
            self.line_start = self.scanned + last + 1;
            (from, self.col) = (self.line_start, Some(0));
        }
        self.col = self.col.zip(self.text.get(from..offset)).map(|(col, s)| col + s.chars().count());
        self.scanned = offset;
        match self.col {
            Some(col) => Span::new(to_u32(self.line + 1), to_u32(col + 1)),
            None => span_at(self.text, self.line, self.line_start, offset),
        }
    }
}

/// The span of `offset`, on the 0-based `line` that starts at byte `line_start`: columns count
/// characters (bytes, where the offset falls inside one).
fn span_at(text: &str, line: usize, line_start: usize, offset: usize) -> Span {
    let col = text.get(line_start..offset).map_or(offset - line_start, |s| s.chars().count());
    Span::new(to_u32(line + 1), to_u32(col + 1))
}

pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One Markdown file of the repository, read and decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the root, with `/` separators: how findings and the site name it.
    pub rel_path: String,
    /// The text, BOM removed, invalid UTF-8 replaced (a finding says so).
    pub text: String,
    /// Index into the configured collections.
    pub collection: usize,
    /// Where the bytes stopped being valid UTF-8 (a byte offset into `text`, where the first
    /// replacement character stands), or None when they are valid.
    pub invalid_at: Option<usize>,
}

impl SourceFile {
    /// Decode raw bytes: strip a UTF-8 BOM, replace invalid sequences.
    pub fn decode(bytes: &[u8]) -> (String, Option<usize>) {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), None),
            // The text before the first invalid byte is as it was: the offset holds in the text.
            Err(e) => (String::from_utf8_lossy(bytes).into_owned(), Some(e.valid_up_to())),
        }
    }

    /// As [`SourceFile::decode`], reusing the buffer when it is valid UTF-8 (no copy).
    pub fn decode_owned(mut bytes: Vec<u8>) -> (String, Option<usize>) {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_char_columns() {
        let text = "ab\ncé d\n\nx";
        let idx = LineIndex::new(text);
        let cases = [(0, (1, 1)), (1, (1, 2)), (3, (2, 1)), (6, (2, 3)), (9, (3, 1)), (10, (4, 1))];
        for (off, (line, col)) in cases {
            assert_eq!(idx.span(text, off), Span::new(line, col), "offset {off}");
        }
        assert_eq!(idx.line(10), 4);
        // The cursor agrees, forwards, on repeated offsets, and when sent backwards.
        let mut cursor = LineCursor::new(text);
        for off in [0, 1, 1, 3, 6, 9, 10, 3, 0, 10] {
            assert_eq!(cursor.span(off), idx.span(text, off), "offset {off}");
        }
    }

    proptest::proptest! {
        /// The cursor's columns, counted from the offset before, are those counted from each
        /// line's start: for any text, offsets in order or not, inside a character or not.
        #[test]
        fn the_cursor_agrees_with_the_line_index(
            text in "(a|é|老|\n|\r| ){0,40}",
            offsets in proptest::collection::vec(0usize..100, 0..30),
        ) {
            let idx = LineIndex::new(&text);
            let mut cursor = LineCursor::new(&text);
            for off in offsets {
                proptest::prop_assert_eq!(cursor.span(off), idx.span(&text, off), "offset {}", off);
            }
        }
    }

    #[test]
    fn decode_strips_bom_and_flags_invalid_utf8() {
        assert_eq!(SourceFile::decode(b"\xEF\xBB\xBFhi"), ("hi".to_owned(), None));
        let (text, at) = SourceFile::decode(b"a\xFFb");
        assert_eq!(at, Some(1));
        assert_eq!(text, "a\u{FFFD}b");
        assert_eq!(SourceFile::decode_owned(b"\xEF\xBB\xBFhi".to_vec()), ("hi".to_owned(), None));
        assert_eq!(SourceFile::decode_owned(b"a\xFFb".to_vec()), ("a\u{FFFD}b".to_owned(), Some(1)));
        // A replacement character written as such, before the first invalid byte, is text.
        let (text, at) = SourceFile::decode_owned("\u{FFFD} é\n".bytes().chain(*b"x\xE9").collect());
        assert_eq!((&text[at.unwrap()..], at), ("\u{FFFD}", Some(8)));
    }
}
