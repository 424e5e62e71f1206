//! Stage 3 support: where a linked file or a file of the static folder is published: under
//! its own name, or with `.txt` added where a browser would run it or a web host obey it.

/// Types a browser runs, or renders with scripts, when the file is opened from the site's own
/// origin: a linked file of these is never published under its own name.
const ACTIVE: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs",
    "swf",
    // XML that web servers send with an XML type, where a browser runs XHTML scripts inside it.
    "rss", "atom", "rdf", "mml", "mathml", "xsd", "rng", "kml", "wsdl",
];

/// Types a web server runs as a program when the file is asked for (PHP, CGI and Perl on Apache,
/// ASP.NET's pages and handlers on IIS, Java's server pages): a file of these published from a
/// pull request would run on a host that runs them.
const SERVER_RUN: &[&str] = &[
    "php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phar", "phps", "cgi", "pl", "plx", "pm",
    "fcgi", "asp", "aspx", "ascx", "ashx", "asmx", "asax", "axd", "cshtml", "vbhtml", "jsp", "jspx", "jspf",
    "cfm", "cfml", "hta", "py", "rb", "sh",
];

/// Extensions a server sends as the encoding of the type named before them (Apache's
/// `AddEncoding`): `x.svg.gz` is an SVG image, inflated and run by the browser.
const ENCODINGS: &[&str] = &["gz", "br", "zst", "z", "bz2", "xz", "deflate"];

/// The extensions of a file's name, past the dots and spaces a Windows host drops from the end
/// of a name (`a.htm.` is served as `a.htm`).
fn extensions(path: &str) -> Vec<&str> {
    let name = path.rsplit('/').next().unwrap_or(path).trim_end_matches(['.', ' ']);
    name.split('.').skip(1).collect()
}

/// Whether `ext` is one of `list`, in any case.
fn one_of(list: &[&str], ext: &str) -> bool {
    list.iter().any(|a| a.eq_ignore_ascii_case(ext))
}

/// True when `path` names a file a browser would run on the site's origin (HTML, SVG, XML, JS)
/// or a web server would run as a program (PHP, CGI, ASP.NET). A host reads the type as Apache's
/// mod_mime does: from the last extension that names one, past those that name a language, a
/// charset or an encoding (`x.html.fr` is HTML in French, `x.svg.gz` a gzipped SVG; `x.xml.zip`
/// is a zip): of [`ACTIVE`]'s types, or one a server's type table (mime_guess's, as `charta
/// serve` and most hosts send) gives as HTML, XML or script (`.hxt` is HTML, `.config` and
/// `.dtd` XML). A program is one whose last extension is [`SERVER_RUN`]'s.
pub fn is_active(path: &str) -> bool {
    let exts = extensions(path);
    let types = |ext: &&&str| {
        !one_of(ENCODINGS, ext) && (one_of(ACTIVE, ext) || mime_guess::from_ext(ext).first().is_some())
    };
    exts.last().is_some_and(|ext| one_of(SERVER_RUN, ext))
        || exts
            .iter()
            .rev()
            .find(types)
            .is_some_and(|ext| one_of(ACTIVE, ext) || mime_guess::from_ext(ext).iter().any(|m| runs(&m)))
}

/// Whether a browser runs scripts in a file sent as `mime`: HTML, any XML (XHTML and SVG in
/// it), script, Flash, an HTML component.
fn runs(mime: &mime_guess::Mime) -> bool {
    let (kind, sub) = (mime.type_().as_str(), mime.subtype().as_str());
    let suffix = mime.suffix().map(|s| s.as_str());
    sub == "html"
        || sub == "xml"
        || suffix == Some("xml")
        || sub.contains("javascript")
        || sub.contains("ecmascript")
        || sub == "x-shockwave-flash"
        || sub == "x-component"
        || sub.starts_with("xsl")
        || sub == "x-xsl"
        || kind == "multipart"
}

/// Files a web host reads as its own configuration at the site's top (Netlify's, Cloudflare
/// Pages' and GitLab Pages' headers, redirects, routes and workers): one published from a pull
/// request could send the site's address to anyone's pages.
const HOST_FILES_AT_TOP: &[&str] = &["_headers", "_redirects", "_routes.json", "_worker.js"];

/// Files a web host reads in whatever folder they are (IIS's `web.config`, Azure Static Web
/// Apps' `staticwebapp.config.json`).
const HOST_FILES_ANYWHERE: &[&str] = &["web.config", "staticwebapp.config.json"];

/// Where a file of the site (a linked file, a file of the static folder; `path` from the
/// site's top) is published: its own path, or for a file a browser would run (an attachment
/// `report.html`, a `diagram.svg`) or a web host would obey (`_redirects` at the top,
/// `web.config` anywhere), that path with `.txt` added to the name that makes it so, which
/// every browser and web server treat as plain text. Its content stays available to readers;
/// its scripts never run with the site's cookies and pages, nor its rules on the site's host.
///
/// No two files get one name: a file whose name is another's published name (`report.html.txt`
/// beside `report.html`, `_redirects.txt` at the top) gets `.txt` added too, and so on for each
/// `.txt` more, so the link to each leads to its own content.
pub fn published_name(path: &str) -> std::borrow::Cow<'_, str> {
    let (top, rest) = path.split_once('/').map_or((path, None), |(top, rest)| (top, Some(rest)));
    if renamed(top, &|top| is_one_of(HOST_FILES_AT_TOP, top)) {
        // And what it holds is published as anything below the top is (`_worker.js/a.html` as
        // text too).
        rest.map_or_else(|| format!("{top}.txt"), |rest| format!("{top}.txt/{}", below_the_top(rest))).into()
    } else {
        below_the_top(path)
    }
}

/// [`published_name`] of a path, but for the names a host obeys only at the site's top.
fn below_the_top(path: &str) -> std::borrow::Cow<'_, str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if renamed(path, &|path| {
        is_active(path) || is_one_of(HOST_FILES_ANYWHERE, path.rsplit('/').next().unwrap_or(path))
    }) {
        let folder = &path[..path.len() - name.len()];
        // A name that `.txt` would make longer than a file system writes is shortened first.
        let name = if name.len() + 4 > 255 { crate::slug::bounded(name.to_owned()) } else { name.to_owned() };
        format!("{folder}{name}.txt").into()
    } else {
        path.into()
    }
}

/// Whether `path` is published with `.txt` added: when `renames` says so of it, or of it
/// without a last `.txt` (and so on), whose published name it would otherwise take.
fn renamed(path: &str, renames: &dyn Fn(&str) -> bool) -> bool {
    renames(path)
        || path
            .trim_end_matches(['.', ' '])
            .len()
            .checked_sub(4)
            .and_then(|stem| {
                path.get(stem..stem + 4).filter(|txt| txt.eq_ignore_ascii_case(".txt")).map(|_| stem)
            })
            .is_some_and(|stem| renamed(&path[..stem], renames))
}

fn is_one_of(list: &[&str], name: &str) -> bool {
    list.iter().any(|h| h.eq_ignore_ascii_case(name))
}

#[cfg(test)]
#[path = "published_tests.rs"]
mod tests;
