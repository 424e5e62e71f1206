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

/// Endings of the files the site writes itself (`index.html`, `feed.xml`, `reviews.ics`,
/// `assets/charta.js` ...) and gives linked files (`.txt`).
const SITE_FILE_ENDINGS: &[&str] = &["html", "htm", "xml", "ics", "js", "css", "json", "txt", "csv"];

/// A folder of a page (a document's, a person's): the segment, with a dot before an ending the site's own files have made a
/// dash (`index.html.md` gets `index-html/`), so that no page folder takes the place of a file the
/// site writes (`index.html`, `sitemap.xml`) and stops the build.
pub fn folder(part: &str) -> String {
    let name = segment(part);
    match name.rsplit_once('.') {
        Some((stem, ending)) if SITE_FILE_ENDINGS.iter().any(|e| e.eq_ignore_ascii_case(ending)) => {
            format!("{stem}-{ending}")
        }
        _ => name,
    }
}

/// What two names that make the same folder have in common: the folder, lower-cased, since
/// file systems that ignore case (macOS, Windows) write `J-Smith` and `j-smith` to one folder.
pub fn folder_key(s: &str) -> String {
    folder(s).to_lowercase()
}

/// A [`folder`] for each name, in order, unique ignoring case: a name whose folder is taken
/// gets `-2`, `-3` ... (two roster ids that fold to one folder still get a page each).
pub fn unique_folders<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::new();
    names.into_iter().map(|name| unique(folder(name), &mut taken, folder_key)).collect()
}

/// `base`, else `base-2`, `base-3` ...: the first whose `key` is not `taken` yet, which it then is.
pub fn unique(
    base: String,
    taken: &mut std::collections::BTreeSet<String>,
    key: impl Fn(&str) -> String,
) -> String {
    let mut dir = base.clone();
    let mut n = 2;
    while !taken.insert(key(&dir)) {
        dir = format!("{base}-{n}");
        n += 1;
    }
    dir
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
            ("index.html", "index-html", true),
        ] {
            assert_eq!(folder_key(a) == folder_key(b), same, "{a} / {b}");
        }
    }
}
