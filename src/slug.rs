//! Names made safe for URLs and file systems: one fold, shared by the site's page paths and the
//! roster's check that no two people would get one page.

/// One path segment made safe for a URL and a file system: letters, digits, `-`, `_`, `.`.
pub fn segment(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    let cleaned = cleaned.trim_matches(['.', '-']).to_owned();
    if cleaned.is_empty() { "_".to_owned() } else { cleaned }
}

/// What two segments that name the same folder have in common: the segment, lower-cased, since
/// file systems that ignore case (macOS, Windows) write `J-Smith` and `j-smith` to one folder.
pub fn folder_key(s: &str) -> String {
    segment(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_fold_to_one_folder_share_a_key() {
        for (a, b, same) in [
            ("j smith", "j-smith", true),
            ("J-Smith", "j-smith", true),
            ("j.smith", "j-smith", false),
            ("-x-", "x", true),
            ("!!", "?", true),
            ("anna", "anne", false),
        ] {
            assert_eq!(folder_key(a) == folder_key(b), same, "{a} / {b}");
        }
    }
}
