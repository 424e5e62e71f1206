//! Document control: the relative links a document makes, where they are written, and what they
//! resolve to.

use crate::document::Document;
use crate::source::{LineCursor, Span, Spanned};
use pulldown_cmark::{Event, Parser, Tag};

/// True when a link target names a place inside the repository (no scheme, not just an anchor,
/// not a template's expression such as `{{ page.url }}`, which only a generator can resolve).
pub fn is_relative(dest: &str) -> bool {
    let d = dest.trim();
    let template = d.contains('{') && (d.contains("{{") || d.contains("{%"));
    if d.is_empty() || d.starts_with('#') || d.starts_with("//") || template {
        return false;
    }
    match d.split_once(':') {
        Some((scheme, _)) => scheme.contains('/') || scheme.is_empty(),
        None => true,
    }
}

/// The Markdown file a link without one names the page of, as static-site generators publish
/// `x.md` at `x/` (Hugo, MkDocs, Docusaurus): `x/` and `x` -> `x.md`; None when the link names a
/// file with an extension or the root.
pub fn page_source(target: &str) -> Option<String> {
    let name = target.rsplit('/').next().unwrap_or(target);
    (!name.is_empty() && !name.contains('.')).then(|| format!("{target}.md"))
}

/// The Markdown files whose page a link to the folder `target` shows, as static-site generators
/// publish a folder's index: `x/index.md`, `x/_index.md`, `x/README.md`.
pub fn folder_pages(target: &str) -> impl Iterator<Item = String> + '_ {
    let prefix = if target.is_empty() { String::new() } else { format!("{target}/") };
    ["index.md", "_index.md", "README.md"].into_iter().map(move |name| format!("{prefix}{name}"))
}

/// True when the resolved `target` is among `files` (sorted root-relative paths), a folder
/// holding one of them, the root itself, or the page of a Markdown file ([`page_source`]).
pub fn exists(target: &str, files: &std::collections::BTreeSet<String>) -> bool {
    use std::ops::Bound;
    if target.is_empty() || files.contains(target) {
        return true;
    }
    let folder = format!("{target}/");
    files
        .range::<str, _>((Bound::Included(folder.as_str()), Bound::Unbounded))
        .next()
        .is_some_and(|f| f.starts_with(&folder))
        || page_source(target).is_some_and(|md| files.contains(&md))
}

/// Where `link` (written in the document at `source`) may lead, most likely first: where
/// [`resolve`] says; for a link from the root when `[site]` does not say where the site is
/// served from, also where the two conventions of published policy sites would put it: in
/// Hugo's `content/` when `links_root` is not set (GitLab's handbook links `/handbook/x/` to
/// `content/handbook/x.md`), and without its first name when `base_url` is not set (a site
/// served under `/security-policies/` links `/security-policies/x/` to its own `x/`).
pub fn candidates(root: Root, source: &str, link: &str) -> Vec<String> {
    let mut out: Vec<String> = resolve(root, source, link).into_iter().collect();
    let from_root = link.trim_start().strip_prefix('/').filter(|rest| !rest.starts_with('/'));
    let Some(rest) = from_root else { return out };
    out.extend(root.hugo().and_then(|hugo| resolve(hugo, source, link)));
    if root.url_path.is_empty()
        && let Some((_, inner)) =
            rest.split_once('/').filter(|(first, inner)| !first.is_empty() && !inner.is_empty())
    {
        out.extend(resolve(root, source, &format!("/{inner}")));
    }
    out
}

/// Where `link` leads among `files` (as [`exists`] reads them): the first of its
/// [`candidates`] that exists, else where [`resolve`] says.
pub fn locate(
    root: Root,
    source: &str,
    link: &str,
    files: &std::collections::BTreeSet<String>,
) -> Option<String> {
    let primary = resolve(root, source, link)?;
    // Only a link from the root has other places to look (most links are not, and need no
    // look-up here).
    if !link.trim_start().starts_with('/') || exists(&primary, files) {
        return Some(primary);
    }
    Some(candidates(root, source, link).into_iter().find(|t| exists(t, files)).unwrap_or(primary))
}

/// What separates the folders of a path: `/`, and `\`, which browsers read as `/` in http and
/// file URLs (and Windows in paths), so a `..\` climbs as far as a `../` does.
const SEPARATORS: [char; 2] = ['/', '\\'];
/// [`SEPARATORS`] as bytes, for memchr (both are ASCII).
const SEPARATOR_BYTES: (u8, u8) = (SEPARATORS[0] as u8, SEPARATORS[1] as u8);

/// Where a link from the root (`/x`) leads: charta.toml's `[site] links_root` (the folder served
/// at `/`: "" for the repository's root), after the path of `[site] base_url` (a site published
/// at `https://example.org/security-policies/` links `/security-policies/x/` to its own `x`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Root<'a> {
    pub folder: &'a str,
    /// The path of `base_url`, without its slashes ("" when there is none).
    pub url_path: &'a str,
    /// The scheme, host and port of `base_url` ("" when there is none).
    pub origin: &'a str,
}

impl<'a> Root<'a> {
    pub fn of(site: &'a crate::config::Site) -> Root<'a> {
        Root { folder: &site.links_root, url_path: &site.url_path, origin: &site.url_origin }
    }

    /// Where a link from the root would lead had `links_root` been Hugo's `content`, when it is
    /// not set (see [`locate`]). None when `links_root` is set.
    pub fn hugo(self) -> Option<Root<'a>> {
        self.folder.is_empty().then_some(Root { folder: "content", ..self })
    }

    /// The address of a link from the root that leads out of the site to another page of its
    /// host (`/privacy-policy/` on a site at `https://example.org/security-policies/`): not a
    /// file of the repository, so not checked, and linked to where it leads. None for any other.
    pub fn elsewhere(self, link: &str) -> Option<String> {
        let path = link.trim().strip_prefix('/')?;
        let inside =
            path.strip_prefix(self.url_path).is_some_and(|r| r.is_empty() || r.starts_with(['/', '#', '?']));
        (!self.url_path.is_empty() && !self.origin.is_empty() && !path.starts_with('/') && !inside)
            .then(|| format!("{}/{path}", self.origin))
    }
}

/// Resolve `link` (written in the document at `source`) to a root-relative path, without its
/// fragment and query; None when it climbs out of the root. A link from the root (`/x`) is read
/// from `root` (see [`Root`]). The path is "" (the root itself) or
/// plain names joined by `/`: never `..`, `.`, an empty name, a `\` or a leading `/`, whatever
/// the link or the source path hold.
pub fn resolve(root: Root, source: &str, link: &str) -> Option<String> {
    // What ends the path is ASCII: found by memchr, not a character at a time.
    let path = memchr::memchr2(b'#', b'?', link.as_bytes()).map_or(link, |end| &link[..end]);
    // Without a `%` there is nothing to decode (most links): the path is used as written.
    let mut path: std::borrow::Cow<str> = if path.contains('%') {
        percent_encoding::percent_decode_str(path).decode_utf8_lossy()
    } else {
        path.into()
    };
    let folder = if path.starts_with(SEPARATORS) {
        if !root.url_path.is_empty() {
            let rest = path[1..].strip_prefix(root.url_path).filter(|r| r.is_empty() || r.starts_with('/'));
            if let Some(rest) = rest {
                path = rest.to_owned().into();
            }
        }
        root.folder
    } else {
        let (slash, backslash) = SEPARATOR_BYTES;
        memchr::memrchr2(slash, backslash, source.as_bytes()).map_or("", |end| &source[..end])
    };
    normalised(folder, &path)
}

/// `path` read from `folder`: names joined by `/`, each `.` and empty name left out and each `..`
/// taking the name before it away; None when it climbs out of the root.
fn normalised(folder: &str, path: &str) -> Option<String> {
    // Written into the path as it is read, a `..` cutting the last name off again: no list of
    // names made and joined (each link is resolved three times in a run, for its document, the
    // files looked up and its rule; BENCHMARKS.md, twentieth session).
    let mut out = String::with_capacity(folder.len() + 1 + path.len());
    for name in names(folder).chain(names(path)) {
        match name {
            "" | "." => {}
            ".." if out.is_empty() => return None,
            ".." => out.truncate(out.rfind('/').unwrap_or(0)),
            name => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(name);
            }
        }
    }
    Some(out)
}

/// The names of `path` between its [`SEPARATORS`], empty ones too, as `str::split` gives them;
/// the separators found by memchr (both are ASCII).
fn names(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let left = rest?;
        let (slash, backslash) = SEPARATOR_BYTES;
        match memchr::memchr2(slash, backslash, left.as_bytes()) {
            Some(at) => {
                rest = Some(&left[at + 1..]);
                Some(&left[..at])
            }
            None => {
                rest = None;
                Some(left)
            }
        }
    })
}

/// What a name in an href must not hold as it is: the URL standard's path percent-encode set
/// (control characters, space, `"`, `#`, `<`, `>`, `?`, backtick, `{`, `}`), and `%` (a file
/// `100%.pdf` is asked for as `100%25.pdf`), `\` (a separator to browsers) and `:` (a scheme
/// when the href starts with that name). Bytes beyond ASCII are always encoded (as UTF-8), as
/// pulldown-cmark would encode them anyway; `/` stays, it separates the names.
const IN_HREF: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b':');

/// A root-relative path (as [`resolve`] gives it) as it is written in an href, so that the
/// browser asks for that very file: `forms/100% done.pdf` -> `forms/100%25%20done.pdf`.
pub fn href(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, IN_HREF).to_string()
}

/// The paths (root-relative) of the files found in the collections: a body whose links all lead
/// to them needs no parsing for its links.
pub type Documents = std::collections::BTreeSet<String>;

/// Every relative link and image of the body, with the file line and column it is written at.
/// A link from the root (`/x`) is one too: it names `x` at the repository's root, which is where
/// charta's site publishes it.
///
/// When every destination written after a `](` or `]:` leads to one of `documents`, none of
/// them can be broken, and the body is not parsed: the links are those destinations, which may
/// hold one that is not a link (a `](x.md)` in a code block), at the line of its `]`. Otherwise
/// the body is parsed and they are exactly its links, where each is written.
pub fn relative_links(doc: &Document, documents: &Documents) -> Vec<Spanned<String>> {
    let body = doc.body();
    let leads_to_document = |dest: &str| {
        !is_relative(dest)
            || (!dest.trim_start().starts_with(SEPARATORS)
                && resolve(Root::default(), &doc.path, dest).is_some_and(|t| documents.contains(&t)))
    };
    // Every CommonMark link or image is written `](` (inline) or uses a definition `]:`: a body
    // with neither has no destination written, and is not parsed.
    match written(body) {
        Some(written) if written.iter().all(|(_, dest)| leads_to_document(dest)) => {
            let mut lines = LineCursor::new(body);
            written
                .into_iter()
                .filter(|(_, dest)| is_relative(dest))
                .map(|(at, dest)| {
                    let at = lines.span(at);
                    Spanned::new(dest.to_owned(), Span::new(at.line + doc.body_line - 1, at.col))
                })
                .collect()
        }
        _ => scan(doc),
    }
}

/// The destination written after each `](` and `]:` of `body`, with the offset of its `]`: every
/// link and image the parser finds has its destination among them, as the parser reads it, and
/// more may be there (one in a code block, a footnote's first word). None when a destination is
/// written in a way this reading does not follow (on the next line, in `<...>`, with an escape,
/// an entity or a parenthesis): the body must be parsed.
fn written(body: &str) -> Option<Vec<(usize, &str)>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    for at in memchr::memchr_iter(b']', bytes) {
        // An inline link's destination ends at its `)`, a definition's only at a space.
        let inline = match bytes.get(at + 1) {
            Some(b'(') => true,
            Some(b':') => false,
            _ => continue,
        };
        let mut i = at + 2;
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_whitespace()) {
            // On the next line, the destination may follow a container's marks (`> `), which
            // the parser leaves out and this reading would not.
            if b == b'\n' || b == b'\r' {
                return None;
            }
            i += 1;
        }
        let start = i;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_whitespace() || inline && b == b')' {
                break;
            }
            if matches!(b, b'(' | b'<' | b'\\' | b'&') || b.is_ascii_control() {
                return None;
            }
            i += 1;
        }
        // Both ends are ASCII bytes, so character boundaries.
        out.push((at, body.get(start..i)?));
    }
    Some(out)
}

/// Every relative link and image of the body, by parsing it.
fn scan(doc: &Document) -> Vec<Spanned<String>> {
    let body = doc.body();
    let mut lines = LineCursor::new(body);
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if is_relative(&dest) {
            let at = lines.span(range.start);
            let span = Span::new(at.line + doc.body_line - 1, at.col);
            out.push(Spanned::new(dest.into_string(), span));
        }
    }
    out
}

/// The Markdown dialect charta reads: the one place its options are chosen.
pub fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

mod published;
pub use published::{is_active, published_name};

#[cfg(test)]
mod tests;
