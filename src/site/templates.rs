//! Stage 4: the tera templates: built in (embedded in the binary), overridable file by file by
//! the repository's own `templates/` folder. A built-in stays reachable as `charta/<name>`, so an
//! override can `{% extends "charta/document.html" %}`.

use anyhow::{Context, Result};
use std::path::Path;

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("components.html", include_str!("../../templates/components.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("diff.html", include_str!("../../templates/diff.html")),
    ("reviews.html", include_str!("../../templates/reviews.html")),
    ("controls.html", include_str!("../../templates/controls.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("collection.html", include_str!("../../templates/collection.html")),
    ("document.html", include_str!("../../templates/document.html")),
    ("as-of.html", include_str!("../../templates/as-of.html")),
    ("releases.html", include_str!("../../templates/releases.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    ("soa.html", include_str!("../../templates/soa.html")),
];

/// The default theme's files, by output path.
pub const THEME: &[(&str, &str)] = &[
    ("assets/style.css", include_str!("../../themes/default/style.css")),
    ("assets/charta.js", include_str!("../../themes/default/charta.js")),
    ("assets/search.js", include_str!("../../themes/default/search.js")),
];

/// Load the built-ins, then every `*.html` of `overrides` (when the folder exists). Not
/// `sitemap.xml`: an XML file gets no Content-Security-Policy, so a repository's own could run
/// script on the site's address (an XHTML `<script>` inside it).
/// The templates, and a fingerprint of every override's text (what a cached page depends on).
pub struct Templates {
    pub tera: tera::Tera,
    pub fingerprint: u64,
}

pub fn load(overrides: Option<&Path>) -> Result<Templates> {
    let mut tera = tera::Tera::default();
    tera.set_fallback_prefixes(["charta/"]).map_err(|e| anyhow::anyhow!("{e}"))?;
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(escape);
    let mut all: Vec<(String, String)> =
        BUILTIN.iter().map(|(n, t)| (format!("charta/{n}"), (*t).to_owned())).collect();
    if let Some(dir) = overrides.filter(|d| d.is_dir()) {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the templates folder {}", dir.display()))?
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_symlink())))
            .collect();
        files.sort();
        for (path, link) in files {
            if link {
                anyhow::bail!(
                    "the template {} is a symbolic link, which may lead outside the repository; \
                     put the template itself there",
                    path.display()
                );
            }
            // A regular file of at most 100 MiB, as charta.toml is: a theme's template is the
            // repository's too, and one of gigabytes is refused unread.
            let text = crate::load::read_whole(&path)
                .with_context(|| format!("cannot read the template {}", path.display()))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            all.push((name, text));
        }
    }
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&all, &mut hasher);
    let fingerprint = std::hash::Hasher::finish(&hasher);
    let place = overrides.map_or_else(
        || "the built-in templates".to_owned(),
        |d| format!("the templates (built in, or in {})", d.display()),
    );
    tera.add_raw_templates(all)
        .map_err(|e| anyhow::anyhow!("{}", chain(&e)))
        .with_context(|| format!("one of {place} does not compile"))?;
    Ok(Templates { tera, fingerprint })
}

/// Tera's own escaping (`&`, `<`, `>`, `"` and `'`), byte for byte, but in runs: tera's
/// default writes each byte on its own through a `dyn Write` (1.3% of a cold build's
/// instructions, mostly on the listing pages). pulldown-cmark-escape does all but the single
/// quote. Before it, the characters XML forbids (ESC, `\x01`) are shown as symbols: they would
/// make `sitemap.xml` unreadable, and are errors in HTML.
fn escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let input = crate::escape::xml_text(input);
    for (i, run) in input.split('\'').enumerate() {
        if i > 0 {
            out.write_all(b"&#39;")?;
        }
        pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(&mut *out), run)?;
    }
    Ok(())
}

/// Tera's error with every cause, on separate lines.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        super::escape(s, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn teras(s: &str) -> String {
        let mut out = Vec::new();
        tera::escape_html(s, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Tera's escaping of the text XML allows.
    fn teras_xml(s: &str) -> String {
        teras(&crate::escape::xml_text(s))
    }

    #[test]
    fn escaping_is_teras_byte_for_byte() {
        for s in ["", "'", "''", "a'b\"c<d>e&f", "<script>alert('x')</script>", "é'ü&\"", "plain"] {
            assert_eq!(ours(s), teras(s), "{s:?}");
        }
        assert_eq!(ours("<a\u{1b}[31m\u{1}>\t"), "&lt;a\u{241b}[31m\u{2401}&gt;\t");
    }

    /// A theme's template of gigabytes in a pull request was read into memory whole, as
    /// charta.toml was: refused by its size, unread, naming the file.
    #[test]
    fn a_template_over_the_size_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let file = std::fs::File::create(dir.path().join("page.html")).unwrap();
        file.set_len(crate::load::MAX_FILE_SIZE + 1).unwrap();
        let Err(e) = super::load(Some(dir.path())) else { panic!("an oversized template was read") };
        let said = format!("{e:#}");
        assert!(said.contains("cannot read the template") && said.contains("page.html"), "{said}");
        assert!(said.contains("charta reads files of up to 100 MiB"), "{said}");
    }

    proptest::proptest! {
        #[test]
        fn escaping_is_teras_for_any_text(s in "(?s).{0,200}|[&<>\"' a-z\\x00-\\x1f]{0,200}") {
            proptest::prop_assert_eq!(ours(&s), teras_xml(&s));
        }
    }
}
