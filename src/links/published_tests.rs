//! Where linked files and the static folder's files are published: under their own names, or
//! as text where a browser or a web host would run or obey them.

use super::*;

#[test]
fn files_a_browser_would_run_are_published_as_text() {
    for (path, published) in [
        ("forms/report.html", "forms/report.html.txt"),
        ("img/Diagram.SVG", "img/Diagram.SVG.txt"),
        ("a.xhtml", "a.xhtml.txt"),
        ("x.js", "x.js.txt"),
        ("feed.xml", "feed.xml.txt"),
        ("img/logo.png", "img/logo.png"),
        ("forms/form.pdf", "forms/form.pdf"),
        ("html", "html"),
        ("dir.svg/readme", "dir.svg/readme"),
    ] {
        assert_eq!(published_name(path), published, "{path}");
    }
}

/// Bug (a hostile review): `.hxt` (sent as HTML), `.config`, `.resx`, `.aspx` (XML) and `.dtd`
/// were published as they were, and a browser ran their scripts on the site's address. Any
/// type a server's type table gives as HTML, XML or script is published as text.
#[test]
fn every_type_a_server_sends_as_html_xml_or_script_is_published_as_text() {
    for path in ["a/x.hxt", "x.config", "x.resx", "x.aspx", "x.dtd", "x.xaml", "x.gpx", "x.HXT"] {
        assert_eq!(published_name(path), format!("{path}.txt"), "{path}");
    }
    for path in
        ["x.png", "x.jpg", "x.pdf", "x.docx", "x.xlsx", "x.csv", "x.txt", "x.json", "x.zip", "x.mp4", "x"]
    {
        assert_eq!(published_name(path), path, "{path}");
    }
}

/// Bug (a hostile review): a linked `x.php` (or `.cgi`, `.pl`, `.jsp`, `.asp`...) was published
/// as it was, where a host that runs PHP or CGI would run it; `y.htm.` (a Windows host drops the
/// dot and serves HTML) and `z.svg.gz` (Apache sends an SVG, gzip-encoded) were too; and (a
/// cold review of that) `x.html.fr`, HTML in French to Apache. But (a second cold review) a
/// name whose last type is harmless stays as it is: `policy.pl.pdf` is a PDF, `Logo.svg.png` a
/// PNG, `export.xml.zip` a zip.
#[test]
fn files_a_server_would_run_or_read_as_html_are_published_as_text() {
    for path in [
        "x.php",
        "a/x.PHTML",
        "x.cgi",
        "x.pl",
        "x.jsp",
        "x.asp",
        "x.aspx",
        "x.hta",
        "y.htm.",
        "y.html ",
        "y.HTM. . ",
        "z.svg.gz",
        "z.html.br",
        "x.html.fr",
        "y.svg.en",
        "w.html.utf8",
    ] {
        assert_eq!(published_name(path), format!("{path}.txt"), "{path}");
    }
    for path in [
        "x.tar.gz",
        "x.gz",
        "x.pdf.",
        "report.final.pdf",
        "x.",
        "archive.zip",
        "policy.pl.pdf",
        "Logo.svg.png",
        "export.xml.zip",
        "report.v1.2.pdf",
        "notes.txt",
    ] {
        assert_eq!(published_name(path), path, "{path}");
    }
}

/// Bug: a linked `report.html` is published as `report.html.txt`, and a file of that name beside
/// it was published there too: the first written was kept, with no word, and the links to both
/// led to it (a pull request adding `evidence.html.txt` could stand in for `evidence.html`, or
/// the other way). A name another's renaming would take gets `.txt` as well, at every depth.
#[test]
fn a_file_named_as_another_is_published_is_renamed_too() {
    let names = [
        "forms/report.html",
        "forms/report.html.txt",
        "forms/report.html.TXT.txt",
        "forms/report.html.txt.",
        "setup.py",
        "setup.py.txt",
        "web.config",
        "a/web.config.txt",
        "a/web.config",
        "_redirects",
        "_redirects.txt",
        "_redirects.txt.txt",
        "_worker.js/a.png",
        "_worker.js.txt/a.png",
        "notes.txt",
        "notes.txt.txt",
    ];
    let published: std::collections::BTreeSet<String> =
        names.iter().map(|n| published_name(n).to_lowercase()).collect();
    assert_eq!(published.len(), names.len(), "{published:#?}");
    assert_eq!(published_name("forms/report.html.txt"), "forms/report.html.txt.txt");
    assert_eq!(published_name("_redirects.txt"), "_redirects.txt.txt");
    assert_eq!(published_name("notes.txt.txt"), "notes.txt.txt");
}

/// Bug (a hostile review): a linked `<250 letters>.html` (255 bytes, a name ext4 holds) was
/// published as its name and `.txt`, 259 bytes, which no file system writes: the build stopped.
#[test]
fn a_name_too_long_for_txt_to_be_added_is_shortened_first() {
    let name = format!("{}.html", "a".repeat(250));
    let published = published_name(&format!("docs/{name}")).into_owned();
    let file = published.strip_prefix("docs/").unwrap();
    assert!(file.len() <= 255 && file.ends_with(".txt"), "{file}");
    assert_ne!(published_name(&format!("{}b.html", "a".repeat(249))), published_name(&name));
}

/// Bug (a hostile pull request's review): a document linking `/_redirects` (or `_headers`,
/// `_routes.json`) published the repository's file at the site's top, where Netlify and
/// Cloudflare Pages obey it (`/* https://elsewhere/:splat 200` serves anyone's pages at the
/// site's address); only the static folder's were renamed. And `web.config` and
/// `staticwebapp.config.json`, which IIS and Azure read in any folder, were published as they
/// were from both.
#[test]
fn files_a_web_host_would_obey_are_published_as_text_wherever_they_come_from() {
    for (path, published) in [
        ("_redirects", "_redirects.txt"),
        ("_Headers", "_Headers.txt"),
        ("_routes.json", "_routes.json.txt"),
        ("_worker.js", "_worker.js.txt"),
        ("_worker.js/index.js", "_worker.js.txt/index.js.txt"),
        // Found by a review of the fix: what a folder so named holds lost its own `.txt`.
        ("_worker.js/evil.html", "_worker.js.txt/evil.html.txt"),
        ("_headers/x.svg", "_headers.txt/x.svg.txt"),
        ("_headers/form.pdf", "_headers.txt/form.pdf"),
        ("_redirects/_headers", "_redirects.txt/_headers"),
        ("forms/_redirects", "forms/_redirects"),
        ("web.config", "web.config.txt"),
        ("docs/Web.Config", "docs/Web.Config.txt"),
        ("a/b/staticwebapp.config.json", "a/b/staticwebapp.config.json.txt"),
        ("web.config.pdf", "web.config.pdf"),
        // `.bak` names no type: a server sends it by `.config`, as XML.
        ("web.config.bak", "web.config.bak.txt"),
    ] {
        assert_eq!(published_name(path), published, "{path}");
    }
}
