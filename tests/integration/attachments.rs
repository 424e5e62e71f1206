//! Linked files (attachments) are published under their own names and linked so that a
//! browser asks for exactly that file, whatever characters the name holds.

use crate::support::Site;

/// Every `href="..."` of a page, as the browser reads it (`&amp;` unescaped).
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&")).collect()
}

#[test]
fn attachments_with_hash_question_or_percent_in_their_name_are_linked_encoded() {
    let site = Site::fixture("zero-config");
    let files = [
        ("forms/100% done.pdf", "forms/100%25%20done.pdf", "forms/100% done.pdf"),
        ("forms/a#b.pdf", "forms/a%23b.pdf", "forms/a#b.pdf"),
        ("forms/q?.pdf", "forms/q%3F.pdf", "forms/q?.pdf"),
        // A type a browser would run keeps its `.txt`, encoded the same way.
        ("forms/r#1.html", "forms/r%231.html.txt", "forms/r#1.html.txt"),
    ];
    let mut body = String::from("---\ntitle: Forms\n---\n");
    for (i, (name, _, _)) in files.iter().enumerate() {
        std::fs::create_dir_all(site.root().join("forms")).unwrap();
        std::fs::write(site.root().join(name), format!("file {i}\n")).unwrap();
        let link = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
            .to_string()
            .replace("%2F", "/");
        body.push_str(&format!("[file {i}]({link}#page=2)\n"));
    }
    site.write("sop.md", &body);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("broken-link"), "{}", run.stderr);
    let page = site.page("sop/index.html");
    let hrefs = hrefs(&page);
    for (i, (_, written, published)) in files.iter().enumerate() {
        let href = format!("../{written}#page=2");
        assert!(hrefs.contains(&href), "{href} not in {hrefs:?}");
        // What the browser asks for, decoded, is the copy, which keeps the file's own name.
        let asked =
            percent_encoding::percent_decode_str(&href[3..href.find('#').unwrap()]).decode_utf8().unwrap();
        assert_eq!(asked, *published);
        let copy = site.out().join(published);
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), format!("file {i}\n"), "{}", copy.display());
    }
}

/// Bug: `report.html` is published as `report.html.txt`, and a linked file of that very name
/// was published there too: the build kept the first with no word, and both links led to it (a
/// pull request adding `evidence.html.txt` could stand in for an `evidence.html` the documents
/// cite). Each is published under a name of its own, and each link leads to its own content.
#[test]
fn a_linked_file_named_as_another_is_published_keeps_its_own_content() {
    let site = Site::fixture("zero-config");
    std::fs::create_dir_all(site.root().join("forms")).unwrap();
    site.write("forms/report.html", "<p>the report</p>\n");
    site.write("forms/report.html.txt", "not the report\n");
    site.write(
        "sop.md",
        "---\ntitle: Forms\n---\n[report](forms/report.html) and [text](forms/report.html.txt)\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hrefs = hrefs(&site.page("sop/index.html"));
    for (href, content) in [
        ("../forms/report.html.txt", "<p>the report</p>\n"),
        ("../forms/report.html.txt.txt", "not the report\n"),
    ] {
        assert!(hrefs.iter().any(|h| h == href), "{href} not in {hrefs:?}");
        assert_eq!(std::fs::read_to_string(site.out().join(&href[3..])).unwrap(), content, "{href}");
    }
}
