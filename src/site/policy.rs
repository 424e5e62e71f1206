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

/// `html` with the policy put first in its head: after the `<head>` tag, or where a page has
/// none, after its doctype (a `<meta>` there opens the head).
pub fn apply(html: String) -> String {
    let at = head_start(&html).unwrap_or_else(|| after_doctype(&html));
    let mut out = String::with_capacity(html.len() + META.len() + 1);
    out.push_str(&html[..at]);
    out.push('\n');
    out.push_str(META);
    out.push_str(&html[at..]);
    out
}

/// Just after the `<head>` tag (any case, with or without attributes).
fn head_start(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let tag = bytes.windows(6).position(|w| {
        w[..5].eq_ignore_ascii_case(b"<head") && (w[5] == b'>' || w[5].is_ascii_whitespace())
    })?;
    Some(tag + html[tag..].find('>')? + 1)
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
        ] {
            let out = apply(html.to_owned());
            assert_eq!(&out[..before.len()], before, "{html}");
            assert!(out[before.len()..].starts_with(&format!("\n{META}")), "{out}");
        }
    }
}
