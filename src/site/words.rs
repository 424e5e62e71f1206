//! Stage 4: the words of a text as search finds them: runs of letters and digits, and codes
//! that join such runs with `.`, `-` or `_` (`TLS 1.3`, `A.8.24`, `SOP-0012`), each code also
//! as its parts. A word of one character is left out unless it is a digit. `charta.js` splits
//! a query the same way.

/// Whether `c` joins two runs into one code.
fn joins(c: char) -> bool {
    matches!(c, '.' | '-' | '_')
}

/// Each word of `text` to `f`, in order, as written (not lower-cased): a code, then its parts.
pub fn each(text: &str, mut f: impl FnMut(&str)) {
    let mut keep = |w: &str| {
        let mut chars = w.chars();
        let first = chars.next();
        if chars.next().is_some() || first.is_some_and(|c| c.is_ascii_digit()) {
            f(w);
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
            } else if joins(c) && text[i + c.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
