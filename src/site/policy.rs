//! Stage 4: the Content-Security-Policy every HTML page of the site carries, put in by charta
//! after the templates have rendered the page, so that a site's own `templates/` (repository
//! content too) cannot leave it out: scripts only from the site's own files, never inline; no
//! plug-ins, no `<base>` redirecting relative links, no forms posting elsewhere. Styles may be
//! inline (pulldown-cmark aligns table cells with them); images may come from the web, as
//! documents link them, and from `data:` URLs (SVG images shown inside pages).

/// The policy, as the first element of the page's head.
pub const META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; \
    script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; \
    object-src 'none'; base-uri 'none'; form-action 'none'\">";

/// `html` with the policy put first in its head: just after the `<head>` tag where nothing but
/// the `<html>` start tag comes between the doctype and it, each tag's attributes plainly
/// quoted; else just after the doctype (or at the start), where a `<meta>` opens the head an
/// HTML parser makes, before anything a template put first. A template is the repository's:
/// a comment holding the first `<head>`, a script before the head, or a `>` inside a quoted
/// attribute of either tag would otherwise put the policy where it does not apply.
pub fn apply(html: String) -> String {
    let doctype = after_doctype(&html);
    let at = head_tag(&html)
        .filter(|(start, _)| *start >= doctype && plain_tag(&html[doctype..*start], "html", true))
        .filter(|(start, end)| plain_tag(&html[*start..*end], "head", false))
        .map_or(doctype, |(_, end)| end);
    let mut out = String::with_capacity(html.len() + META.len() + 1);
    out.push_str(&html[..at]);
    out.push('\n');
    out.push_str(META);
    out.push_str(&html[at..]);
    out
}

/// Where the first `<head>` tag (any case, with or without attributes) starts and ends.
fn head_tag(html: &str) -> Option<(usize, usize)> {
    let bytes = html.as_bytes();
    let tag = bytes.windows(6).position(|w| {
        w[..5].eq_ignore_ascii_case(b"<head") && (w[5] == b'>' || w[5].is_ascii_whitespace())
    })?;
    Some((tag, tag + html[tag..].find('>')? + 1))
}

/// Whether `text` is one start tag `name` whose attributes are plainly written (no `<`, `>` or
/// quote inside a value), between whitespace; or, where `may_be_empty`, only whitespace.
fn plain_tag(text: &str, name: &str, may_be_empty: bool) -> bool {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let attribute = r#"[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?"#;
        let pattern = format!(r#"^<(?i:html|head)(?:\s+{attribute})*\s*>$"#);
        regex::Regex::new(&pattern).expect("a valid pattern")
    });
    let text = text.trim();
    if text.is_empty() {
        return may_be_empty;
    }
    let named = text.as_bytes().get(1..=name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
    named && TAG.is_match(text)
}

/// Just after a leading `<!DOCTYPE ...>`, else the start.
fn after_doctype(html: &str) -> usize {
    let start = html.len() - html.trim_start().len();
    let rest = &html.as_bytes()[start..];
    if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!doctype") {
        html[start..].find('>').map_or(0, |end| start + end + 1)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_comes_first_in_the_head_whatever_the_template() {
        for (html, before) in [
            ("<!DOCTYPE html>\n<html><head><title>x</title></head>", "<!DOCTYPE html>\n<html><head>"),
            ("<html><HEAD lang=\"en\">\n<script>x</script>", "<html><HEAD lang=\"en\">"),
            ("<!doctype html><p>no head", "<!doctype html>"),
            ("<p>nothing at all</p>", ""),
            ("<header>not a head</header>", ""),
            (
                "<!DOCTYPE html>\n<html lang=\"en\" class='x'>\n<head data-a=b>",
                "<!DOCTYPE html>\n<html lang=\"en\" class='x'>\n<head data-a=b>",
            ),
            // Bug (a hostile review): a template of the repository's put the first `<head` in a
            // comment, or a script before the head, and its inline script ran. The policy goes
            // before anything such a template put first.
            ("<!DOCTYPE html><html><!-- <head> --><head><script>x</script>", "<!DOCTYPE html>"),
            ("<!DOCTYPE html><html><script>x</script><head>", "<!DOCTYPE html>"),
            ("<html lang=\"<head>\"><head>", ""),
            ("<!doctype html><html><head data-x=\">\"><script>x</script>", "<!doctype html>"),
            ("<!doctype html><é><head>", "<!doctype html>"),
        ] {
            let out = apply(html.to_owned());
            assert_eq!(&out[..before.len()], before, "{html}");
            assert!(out[before.len()..].starts_with(&format!("\n{META}")), "{out}");
        }
    }
}
