//! Lifecycle edits: the version after a document's own, in its own scheme: `1.9` → `1.10`,
//! `05` → `06`, `v2` → `v3`, `Rev A` → `Rev B`; `1.9` → `2.0` for a major change.

/// How big a change `charta revise` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The last number (`1.9` → `1.10`, `1.2.3` → `1.2.4`, `05` → `06`).
    Last,
    /// The second number, the ones after it zeroed (`1.2.3` → `1.3.0`).
    Minor,
    /// The first number, the ones after it zeroed (`1.9` → `2.0`).
    Major,
}

/// The version after `version` by `step`, keeping its prefix (`v`, `Rev `) and each number's
/// zero padding. None when the version is not numbers (or one letter) after a prefix, or the
/// step names a number it does not have (`--minor` of `05`).
pub fn next_version(version: &str, step: Step) -> Option<String> {
    let version = version.trim();
    let start = version.find(|c: char| c.is_ascii_digit());
    let Some(start) = start else {
        // A letter revision: `A` → `B`, `Rev C` → `Rev D`.
        let c = version.chars().next_back()?;
        let prefix = &version[..version.len() - c.len_utf8()];
        let after_space = prefix.is_empty() || prefix.ends_with(' ');
        return (step != Step::Minor && c.is_ascii_alphabetic() && !matches!(c, 'z' | 'Z') && after_space)
            .then(|| format!("{prefix}{}", char::from(c as u8 + 1)));
    };
    let (prefix, numbers) = version.split_at(start);
    let mut parts: Vec<String> = numbers.split('.').map(str::to_owned).collect();
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 9) {
        return None;
    }
    let at = match step {
        Step::Last => parts.len() - 1,
        Step::Major => 0,
        Step::Minor if parts.len() >= 2 => 1,
        Step::Minor => return None,
    };
    for (i, part) in parts.iter_mut().enumerate().skip(at) {
        let width = part.len();
        let n: u64 = if i == at { part.parse::<u64>().ok()? + 1 } else { 0 };
        *part = format!("{n:0width$}");
    }
    Some(format!("{prefix}{}", parts.join(".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bug (a hostile pull request's review): a version with no ASCII digit that ends in a
    /// character of several bytes (`é`, `Rev Ⅱ`, `v二`, `١.٢`) made `charta revise` panic: the
    /// last byte was split off as if it were the last character. There is no next version of
    /// those to give.
    #[test]
    fn a_version_ending_in_a_character_of_several_bytes_has_no_next_and_no_panic() {
        for version in ["é", "Rev Ⅱ", "v二", "١.٢", "Rev é", "1.é"] {
            for step in [Step::Last, Step::Major, Step::Minor] {
                assert_eq!(next_version(version, step), None, "{version}");
            }
        }
    }

    #[test]
    fn the_next_version_keeps_the_documents_own_scheme() {
        let cases = [
            ("1.9", Step::Last, Some("1.10")),
            ("1.9", Step::Minor, Some("1.10")),
            ("1.9", Step::Major, Some("2.0")),
            ("1.2.3", Step::Last, Some("1.2.4")),
            ("1.2.3", Step::Minor, Some("1.3.0")),
            ("1.2.3", Step::Major, Some("2.0.0")),
            ("05", Step::Last, Some("06")),
            ("09", Step::Last, Some("10")),
            ("99", Step::Last, Some("100")),
            ("05", Step::Minor, None),
            ("v2", Step::Last, Some("v3")),
            ("V1.0", Step::Major, Some("V2.0")),
            ("Rev A", Step::Last, Some("Rev B")),
            ("B", Step::Major, Some("C")),
            ("Z", Step::Last, None),
            ("draft", Step::Last, None),
            ("1.x", Step::Last, None),
            ("1..2", Step::Last, None),
            ("", Step::Last, None),
        ];
        for (version, step, want) in cases {
            assert_eq!(next_version(version, step).as_deref(), want, "{version} {step:?}");
        }
    }
}
