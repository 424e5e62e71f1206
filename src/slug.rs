//! Names made safe for URLs and file systems: one fold, shared by the site's page paths and the
//! roster's check that no two people would get one page.

/// One path segment made safe for a URL and a file system: letters, digits, `-`, `_`, `.`; no
/// longer than [`bounded`] lets a name be.
pub fn segment(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    let cleaned = cleaned.trim_matches(['.', '-']).to_owned();
    if cleaned.is_empty() { "_".to_owned() } else { bounded(cleaned) }
}

/// The most bytes of a name charta makes for a file or folder of the site: file systems allow
/// 255, and the site adds to some (`-2`, `-version`, `since-`, `.txt`).
pub const MOST_NAME_BYTES: usize = 200;

/// `name`, or where it is longer than [`MOST_NAME_BYTES`], its first bytes (to the end of a
/// character) and 8 hex digits of its hash: a version label, a tag or a roster id of 300
/// characters would be a folder no file system writes, and stop the build; two long names
/// that begin alike stay apart.
pub fn bounded(name: String) -> String {
    use sha2::Digest as _;
    if name.len() <= MOST_NAME_BYTES {
        return name;
    }
    let hash = hex::encode(&sha2::Sha256::digest(name.as_bytes())[..4]);
    let mut cut = MOST_NAME_BYTES - hash.len() - 1;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash}", &name[..cut])
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
    let mut taken = Taken::default();
    names.into_iter().map(|name| unique(folder(name), &mut taken, folder_key)).collect()
}

/// The names [`unique`] has given (by their keys), and for each base it was asked for, the
/// number to try next: ten thousand names of one folder cost ten thousand tries, not fifty
/// million (a roster of ids such as `a!`, `a#`, `a$`... that all fold to `a`).
#[derive(Debug, Default)]
pub struct Taken {
    keys: std::collections::BTreeSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl Taken {
    /// With `keys` taken already.
    pub fn of(keys: impl IntoIterator<Item = String>) -> Taken {
        Taken { keys: keys.into_iter().collect(), next: Default::default() }
    }
}

/// `base`, else `base-2`, `base-3` ...: the first whose `key` is not `taken` yet, which it then
/// is. A number tried before for the same base was taken then, and still is: the next try
/// starts after it.
pub fn unique(base: String, taken: &mut Taken, key: impl Fn(&str) -> String) -> String {
    let base_key = key(&base);
    if taken.keys.insert(base_key.clone()) {
        return base;
    }
    let n = taken.next.entry(base_key).or_insert(2);
    loop {
        let dir = format!("{base}-{n}");
        *n += 1;
        if taken.keys.insert(key(&dir)) {
            return dir;
        }
    }
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

    /// Bug (a hostile review): a version label, a release tag, a framework's name or a roster
    /// id over 255 bytes made a folder no file system writes ("File name too long"), and the
    /// build stopped; a label in the history stopped every build after it.
    #[test]
    fn long_names_make_folders_a_file_system_writes_and_stay_apart() {
        let long = |c: &str| c.repeat(300);
        for name in [long("9"), long("é"), format!("v{}", long("1.")), long("老")] {
            let made = folder(&name);
            assert!(made.len() <= MOST_NAME_BYTES, "{} bytes", made.len());
            let start = |s: &str| s.chars().take(10).collect::<String>();
            assert_eq!(start(&made), start(&name));
        }
        let (a, b) = (format!("{}a", long("x")), format!("{}b", long("x")));
        assert_ne!(folder(&a), folder(&b));
        assert_eq!(folder(&a), folder(&a));
        assert_eq!(folder("short"), "short");
    }

    /// Bug (a hostile review's r1.sh): a roster of 20,000 ids that fold to one folder (`a!`,
    /// `a#`, `a$`...) took check 41 s: each name tried `a`, `a-2`, `a-3`... from the start, the
    /// square of their number in tries. Counted here in keys made, not in time.
    #[test]
    fn names_of_one_folder_are_given_folders_in_as_many_tries_as_names() {
        let made = std::cell::Cell::new(0usize);
        let key = |s: &str| {
            made.set(made.get() + 1);
            folder_key(s)
        };
        let mut taken = Taken::of(["a-5".to_owned()]);
        let folders: Vec<String> = (0..2_000).map(|_| unique(folder("a!"), &mut taken, key)).collect();
        assert_eq!(folders[..5], ["a", "a-2", "a-3", "a-4", "a-6"]);
        let distinct: std::collections::BTreeSet<&String> = folders.iter().collect();
        assert_eq!(distinct.len(), folders.len());
        assert!(made.get() < 3 * folders.len(), "{} keys made for {} names", made.get(), folders.len());
        // Another base shares nothing; the same one asked again goes on from where it was.
        assert_eq!(unique("b".into(), &mut taken, folder_key), "b");
        assert_eq!(unique("A".into(), &mut taken, folder_key), "A-2002");
    }
}
