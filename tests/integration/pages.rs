//! The pages that look across documents: reviews (and the calendar), controls, people, search,
//! the sitemap and the not-found page.

use crate::support::Site;

fn site() -> Site {
    let site = Site::fixture("mixed");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!("{config}\n[[frameworks]]\nname = \"ISO27001:2022\"\ntitle = \"ISO/IEC 27001:2022 Annex A\"\ncontrols = [\"A.5.1\", \"A.5.2\", \"A.5.10\"]\n"),
    );
    assert_eq!(site.build(&[]).code, 0);
    site
}

#[test]
fn reviews_are_bucketed_and_grouped_by_owner() {
    let html = site().page("reviews/index.html");
    let within_90 = &html[html.find("id=\"90\"").unwrap()..html.find("id=\"later\"").unwrap()];
    assert!(within_90.contains("None."), "{within_90}");
    let later = &html[html.find("id=\"later\"").unwrap()..html.find("id=\"by-owner\"").unwrap()];
    assert!(later.contains("SOP-001 Release procedure") && later.contains("in 92 days"), "{later}");
    assert!(later.find("SOP-001").unwrap() < later.find("POL-001").unwrap(), "soonest first: {later}");
    let by_owner = &html[html.find("id=\"by-owner\"").unwrap()..];
    // Regression: a role that owns a document was a heading of its own beside the person who
    // holds it; now its documents are under that person, with the role said.
    assert!(!by_owner.contains("<h3>Chief Technology Officer</h3>"), "{by_owner}");
    let tobi = &by_owner[by_owner.find("<h3>Tobi Okafor</h3>").unwrap()..];
    assert!(
        tobi.contains("POL-001 Information security policy</a>")
            && tobi.contains("as Chief Technology Officer")
    );
    assert!(by_owner.find("<h3>Rhea Morgan</h3>").unwrap() < by_owner.find("<h3>Tobi Okafor</h3>").unwrap());
}

#[test]
fn the_review_calendar_has_one_event_per_review_with_stable_uids() {
    let site = site();
    let ics = site.page("reviews/reviews.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
    // Regression: every UID was `@charta`, so two sites' events collided in one calendar, and
    // DTEND was DTSTART, an event of no length (RFC 5545 ends a day the next day).
    assert!(ics.contains("UID:review-SOP-001@isms.example.com\r\n"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20260601"), "{ics}");
    assert!(ics.contains("DTEND;VALUE=DATE:20260602"), "{ics}");
    // Read as a calendar reader would: every event has what RFC 5545 asks, and its URL.
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar.components.iter().filter(|c| c.name.as_str() == "VEVENT").collect();
    assert_eq!(events.len(), 2);
    for e in &events {
        for prop in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"] {
            assert!(e.find_prop(prop).is_some(), "{prop} missing: {ics}");
        }
        let start = e.find_prop("DTSTART").unwrap().val.as_str().to_owned();
        let end = e.find_prop("DTEND").unwrap().val.as_str().to_owned();
        assert!(end > start, "{start} {end}");
        assert!(e.find_prop("URL").unwrap().val.as_str().starts_with("https://isms.example.com/"), "{ics}");
    }
    assert!(ics.contains("DTSTAMP:20260301T000000Z"), "the stamp is --today, not the clock: {ics}");
    assert_eq!(site.build(&[]).code, 0);
    assert_eq!(ics, site.page("reviews/reviews.ics"));
}

#[test]
fn the_control_matrix_lists_mapped_and_unmapped_controls() {
    let html = site().page("controls/index.html");
    assert!(html.contains("ISO/IEC 27001:2022 Annex A"), "{html}");
    assert!(html.contains("3 controls, 2 with no document in force"), "{html}");
    let a51 = &html[html.find("<code>A.5.1</code>").unwrap()..html.find("<code>A.5.2</code>").unwrap()];
    assert!(a51.contains("POL-001 Information security policy"), "{a51}");
    let a52 = &html[html.find("<code>A.5.2</code>").unwrap()..html.find("<code>A.5.10</code>").unwrap()];
    assert!(a52.contains("Unmapped"), "{a52}");
}

/// Bug (a team's try and an auditor's reading): a control whose only documents were a retired
/// one and a draft never approved counted as implemented: "Applicable, no document: 0" over a
/// clause nothing in force covered.
#[test]
fn a_control_only_a_retired_document_or_a_draft_maps_to_has_no_document_in_force() {
    let site = Site::fixture("mixed");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!("{config}\n[[frameworks]]\nname = \"ISO27001:2022\"\ncontrols = [\"A.5.1\", \"A.5.2\", \"A.5.3\"]\n"),
    );
    let policy = std::fs::read_to_string(site.root().join("policies/information-security.md")).unwrap();
    let other = |id: &str, control: &str| {
        policy.replace("id: POL-001", &format!("id: {id}")).replace("[A.5.1]", &format!("[{control}]"))
    };
    site.write(
        "policies/retired.md",
        &other("POL-002", "A.5.2").replace("status: approved", "status: retired"),
    );
    let draft = other("POL-003", "A.5.3").replace("status: approved", "status: draft");
    let draft: String =
        draft.lines().filter(|l| !l.starts_with("approval")).map(|l| format!("{l}\n")).collect();
    site.write("policies/draft.md", &draft);
    // The cold review: one approved to take effect only later, and a new file in review with a
    // copied approval date (no earlier version), are not in force either.
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &config.replace("\"A.5.3\"]", "\"A.5.3\", \"A.5.4\", \"A.5.5\"]"));
    // Neither names an earlier version in its revisions: each entry is of its own version.
    let alone = |text: String| -> String {
        text.replace("version: \"1.0\"", "version: \"1.10\"").replace("version: \"1.9\"", "version: \"1.10\"")
    };
    let later = other("POL-004", "A.5.4").replace("effective_date: 2026-02-08", "effective_date: 2026-09-01");
    site.write("policies/later.md", &alone(later));
    site.write(
        "policies/review.md",
        &alone(other("POL-005", "A.5.5").replace("status: approved", "status: review")),
    );
    assert_eq!(site.build(&[]).code, 0);
    let soa = site.page("controls/soa-ISO27001-2022/index.html");
    assert!(soa.contains("Applicable, no document in force: <strong>4</strong>"), "{soa}");
    let matrix = site.page("controls/index.html");
    assert!(matrix.contains("5 controls, 4 with no document in force"), "{matrix}");
    assert!(matrix.contains("<tr id=\"ISO27001-2022--A.5.2\" class=\"unmapped\">"), "{matrix}");
    assert!(matrix.contains("<tr id=\"ISO27001-2022--A.5.3\" class=\"unmapped\">"), "{matrix}");
    assert!(!matrix.contains("<tr id=\"ISO27001-2022--A.5.1\" class=\"unmapped\">"), "{matrix}");
    // Bug (a SOC 2 team's trial): a control only a document names (comply's own `CC9.9`, a
    // typo) counted as one of the framework's, applicable and unmapped: "Controls: 4,
    // Applicable: 3" of three declared, two applicable. It is listed, and counted apart.
    let typo = other("POL-006", "A.5.99");
    site.write("policies/typo.md", &alone(typo));
    site.build(&[]);
    let soa = site.page("controls/soa-ISO27001-2022/index.html");
    for said in [
        "Controls: <strong>5</strong>",
        "Applicable: <strong>5</strong>",
        "Applicable, no document in force: <strong>4</strong>",
        "Named by documents, not declared in <code>charta.toml</code>: <strong>1</strong>",
    ] {
        assert!(soa.contains(said), "{said}: {soa}");
    }
    let matrix = site.page("controls/index.html");
    assert!(matrix.contains("6 controls, 4 with no document in force, 1 not declared"), "{matrix}");
    // Nor is its row shown as a gap (a cold review: "None in force" under a count of none).
    assert!(matrix.contains("<tr id=\"ISO27001-2022--A.5.99\">"), "{matrix}");
    // A framework charta.toml declares by its name alone lists no controls: what documents
    // name is counted, as before (a cold review: "Controls: 0 ... not declared: 1").
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &format!("{config}\n[[frameworks]]\nname = \"SOC2\"\ntitle = \"SOC 2\"\n"));
    site.write("policies/soc.md", &alone(other("POL-007", "A.5.1").replace("ISO27001:2022", "SOC2")));
    site.build(&[]);
    let soa = site.page("controls/soa-SOC2/index.html");
    assert!(
        soa.contains("Controls: <strong>1</strong>") && soa.contains("Applicable: <strong>1</strong>"),
        "{soa}"
    );
    assert!(!soa.contains("not declared in"), "{soa}");
    // A framework only documents name, absent from charta.toml: its heading says so (a SOC 2
    // team's trial: it stood beside the declared ones with no word).
    site.write("policies/nist.md", &alone(other("POL-008", "AC-1").replace("ISO27001:2022", "NIST")));
    site.build(&[]);
    let matrix = site.page("controls/index.html");
    let nist = &matrix[matrix.find(">NIST <span").unwrap_or_else(|| panic!("{matrix}"))..];
    assert!(nist[..600].contains("Named by documents, not declared in <code>charta.toml</code>"), "{nist}");
}

#[test]
fn people_pages_show_what_each_person_owns_authored_and_approved() {
    let site = site();
    let index = site.page("people/index.html");
    assert!(index.contains("href=\"../people/tokafor/index.html\">Tobi Okafor</a>"), "{index}");
    let tobi = site.page("people/tokafor/index.html");
    let owns = &tobi[tobi.find("Owns").unwrap()..tobi.find("Authored").unwrap()];
    assert!(owns.contains("POL-001"), "owner by role (Chief Technology Officer): {owns}");
    let approved = &tobi[tobi.find("Approved <span").unwrap()..];
    assert!(approved.contains("SOP-001"), "{approved}");
}

/// A file of the site written as `window.NAME(args);` (or `window.NAME = value;`), its
/// arguments read back as JSON.
fn script_args(js: &str, name: &str) -> Vec<serde_json::Value> {
    assert!(!js.contains("</script"), "a script of the index cannot close a script element: {js}");
    let inner = js.trim_end().trim_end_matches(';');
    if let Some(value) = inner.strip_prefix(&format!("window.{name} = ")) {
        return vec![serde_json::from_str(value).unwrap()];
    }
    let inner = inner.strip_prefix(&format!("window.{name}(")).and_then(|s| s.strip_suffix(')')).unwrap();
    let array: serde_json::Value = serde_json::from_str(&format!("[{inner}]")).unwrap();
    array.as_array().unwrap().clone()
}

#[test]
fn search_ships_its_index_as_scripts_in_shards_with_each_documents_text() {
    let site = site();
    let index = &script_args(&site.page("assets/search/index.js"), "CHARTA_SEARCH")[0];
    let docs = index["documents"].as_array().unwrap();
    let (n, pol) = docs.iter().enumerate().find(|(_, d)| d[0] == "POL-001").unwrap();
    assert_eq!(pol[6], "policies/information-security/index.html");
    assert!(pol[5].as_str().unwrap().contains("ISO27001:2022 A.5.1"), "{pol}");
    // The word `staff` is in the shard whose name begins it, with POL-001 among its documents.
    let shards = index["shards"].as_array().unwrap();
    let shard = shards.iter().position(|k| "staff".starts_with(k.as_str().unwrap())).unwrap();
    let words = &script_args(&site.page(&format!("assets/search/{shard}.js")), "CHARTA_SHARD")[1];
    let mut doc = 0;
    let listed: Vec<(usize, Vec<usize>)> = words["staff"]
        .as_str()
        .unwrap()
        .split(' ')
        .map(|item| {
            let (step, sections) = item.split_once(':').unwrap_or((item, "0"));
            doc += usize::from_str_radix(step, 36).unwrap();
            (doc, sections.split(',').map(|s| usize::from_str_radix(s, 36).unwrap()).collect())
        })
        .collect();
    let (_, sections) = listed.iter().find(|(d, _)| *d == n).expect("POL-001 lists staff");
    // Its text: the sections, each with its anchor, and `staff` in the one the postings name.
    let text = script_args(&site.page("assets/search/text/policies/information-security.js"), "CHARTA_TEXT");
    assert_eq!(text[0], "policies/information-security/index.html");
    let section = &text[1][sections[0]];
    assert!(section[2].as_str().unwrap().to_lowercase().contains("staff"), "{section}");
    let vocabulary = &script_args(&site.page("assets/search/words.js"), "CHARTA_WORDS")[0];
    assert!(vocabulary.as_str().unwrap().split(' ').any(|w| w == "staff"));
    // The page loads this build's index, and the index names its build: the script puts it on
    // each file it loads, so that a browser never mixes files of two builds.
    let page = site.page("search/index.html");
    let build = index["build"].as_str().unwrap();
    assert!(
        page.contains(&format!("<script src=\"../assets/search/index.js?v={build}\"></script>")),
        "{page}"
    );
    // A change to a document's text alone (its words as they were) is another build.
    let path = "policies/information-security.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let changed = text.replacen("staff", "staff,", 1);
    assert_ne!(changed, text);
    site.write(path, &changed);
    let run = site.build(&[]);
    assert!(run.stderr.contains("built"), "{}", run.stderr);
    let again = &script_args(&site.page("assets/search/index.js"), "CHARTA_SEARCH")[0];
    assert_ne!(again["build"], index["build"], "{again}");
}

#[test]
fn without_history_the_feed_lists_revision_entries() {
    let feed = site().page("feed.xml");
    // Regression: the feed had no author and ids with spaces (`urn:charta:Northwind ISMS`), which
    // RFC 4287 forbids. Read back by an Atom parser: an author, and every id an IRI.
    let parsed = atom_syndication::Feed::read_from(feed.as_bytes()).unwrap();
    assert!(!parsed.authors().is_empty(), "{feed}");
    let ids = std::iter::once(parsed.id()).chain(parsed.entries().iter().map(|e| e.id()));
    for id in ids {
        assert!(url::Url::parse(id).is_ok() && !id.contains(char::is_whitespace), "{id}");
    }
    assert!(feed.contains("POL-001 Information security policy — version 1.10"), "{feed}");
    assert!(feed.contains("Updated for ISO 27001:2022."), "{feed}");
    assert!(feed.find("2026-01-25").unwrap() < feed.find("2025-05-30").unwrap(), "newest first: {feed}");
}

#[test]
fn sitemap_404_and_print_note() {
    let site = site();
    let sitemap = site.page("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://isms.example.com/policies/information-security/index.html</loc>"),
        "{sitemap}"
    );
    // Regression: the 404 page's links were relative, so served at `/a/b/missing` it had no
    // style and its navigation led nowhere. With a base_url they start at the site's path.
    let missing = site.page("404.html");
    assert!(missing.contains("Page not found"));
    for link in ["href=\"/assets/style.css\"", "href=\"/index.html\"", "href=\"/search/index.html\""] {
        assert!(missing.contains(link), "{link}: {missing}");
    }
    let doc = site.page("policies/information-security/index.html");
    assert!(doc.contains("Uncontrolled when printed — version 1.10 of POL-001, printed from https://isms.example.com/policies/information-security/"), "{doc}");
    // Each page names its published address (a search engine's or a link checker's canonical
    // one); the page for a missing address names none.
    assert!(
        doc.contains(
            "<link rel=\"canonical\" href=\"https://isms.example.com/policies/information-security/\">"
        ),
        "{doc}"
    );
    assert!(site.page("index.html").contains("<link rel=\"canonical\" href=\"https://isms.example.com/\">"));
    assert!(!missing.contains("rel=\"canonical\""), "{missing}");
    // Under a path, from there; without a base_url, relative (it works from `file://`).
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &config.replace("https://isms.example.com/", "https://example.org/isms/"));
    assert_eq!(site.build(&[]).code, 0);
    assert!(site.page("404.html").contains("href=\"/isms/assets/style.css\""), "{}", site.page("404.html"));
    let plain = crate::support::Site::fixture("zero-config");
    assert_eq!(plain.build(&[]).code, 0);
    assert!(plain.page("404.html").contains("href=\"assets/style.css\""));
    assert!(!plain.page("index.html").contains("rel=\"canonical\""), "no base_url, no canonical address");
}

/// A waived `review/overdue` passed `check` and still showed a red "Overdue" badge; `charta
/// reviews` said "1 days overdue" where the site said "1 day overdue".
#[test]
fn a_waived_overdue_review_shows_as_waived_everywhere() {
    let site = crate::rules_case("review-overdue");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!("{config}\n[[waivers]]\nrule = \"review/overdue\"\ndocument = \"POL-002\"\nreason = \"Board moved\"\nexpires = 2027-01-01\n"),
    );
    let run = site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["index.html", "policies/case/index.html"] {
        let html = site.page(page);
        assert!(html.contains("badge-waived\">Overdue, waived<"), "{page}: {html}");
        assert!(!html.contains("badge-overdue\">Overdue<"), "{page}");
    }
    assert!(site.page("reviews/index.html").contains("days overdue, waived"));
    let calendar = site.page("reviews/reviews.ics").replace("\r\n ", "");
    assert!(calendar.contains("Waived: Board moved (waived until 2027-01-01)."), "{calendar}");
    let root = site.root().to_str().unwrap();
    let reviews = crate::support::charta(&["reviews", "--root", root, "--today", "2026-03-01"]);
    assert!(reviews.stdout.contains("days overdue, waived)"), "{}", reviews.stdout);
    let json =
        crate::support::charta(&["reviews", "--root", root, "--today", "2026-03-01", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let row = json["reviews"].as_array().unwrap().iter().find(|r| r["id"] == "POL-002").unwrap().clone();
    assert_eq!(row["waived"], "Board moved (waived until 2027-01-01)", "{row}");
    assert_eq!(row["state"], "overdue", "{row}");
}

#[test]
fn one_day_is_said_the_same_way_by_the_site_and_charta_reviews() {
    let site = crate::rules_case("review-overdue");
    let root = site.root().to_str().unwrap();
    // POL-002 was approved on 2025-01-10 for 12 months: due 2026-01-10, one day late on the 11th.
    let reviews = crate::support::charta(&["reviews", "--root", root, "--today", "2026-01-11"]);
    assert!(reviews.stdout.contains("(1 day overdue)"), "{}", reviews.stdout);
    let run = crate::support::charta(&["build", "--root", root, "--today", "2026-01-11", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("reviews/index.html").contains("1 day overdue"));
}

#[test]
fn a_draft_or_retired_document_says_it_is_not_in_force() {
    let site = Site::fixture("states");
    assert_eq!(site.build(&[]).code, 0);
    let draft = site.page("policies/remote-work/index.html");
    assert!(draft.contains(
        "<div class=\"banner not-in-force\" role=\"note\"><strong>Not in force.</strong> This is a draft."
    ));
    let retired = site.page("policies/legacy-fax/index.html");
    assert!(retired.contains("<strong>Not in force.</strong> This document was retired."), "{retired}");
    let approved = site.page("policies/access-control/index.html");
    assert!(!approved.contains("not-in-force"), "{approved}");
    // Bug (an auditor's printout): only the first printed page said so; every page's head
    // named the document as an approved one's does. It says so on every page now.
    for page in [&draft, &retired] {
        let head = &page[page.find("@top-left").unwrap()..];
        assert!(head[..head.find('}').unwrap()].contains("NOT IN FORCE"), "{page}");
    }
    assert!(!approved.contains("NOT IN FORCE"), "{approved}");
}

#[test]
fn a_declared_framework_has_a_statement_of_applicability_and_the_register_a_csv() {
    let site = Site::fixture("mixed");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!(
            "{config}\n[[frameworks]]\nname = \"ISO27001:2022\"\ntitle = \"ISO/IEC 27001:2022 Annex A\"\ncontrols = [\n  \
             {{ id = \"A.5.1\", title = \"Policies for information security\" }},\n  \"A.5.2\",\n  \
             {{ id = \"A.7.4\", title = \"Physical security monitoring\", applicable = false, justification = \"=No premises: fully remote\" }},\n]\n"
        ),
    );
    assert_eq!(site.build(&[]).code, 0);
    let csv = site.page("controls/soa-ISO27001-2022/statement-of-applicability.csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "Control,Title,Applicable,Justification,Implementing documents");
    assert_eq!(
        rows[1],
        "A.5.1,Policies for information security,Yes,,POL-001 Information security policy (Approved)"
    );
    assert_eq!(rows[2], "A.5.2,,Yes,,");
    // A justification a spreadsheet would run as a formula is text.
    assert_eq!(rows[3], "A.7.4,Physical security monitoring,No,'=No premises: fully remote,");
    let soa = site.page("controls/soa-ISO27001-2022/index.html");
    assert!(
        soa.contains("<td><code>A.7.4</code></td><td>Physical security monitoring</td><td>No</td>"),
        "{soa}"
    );
    // The matrix: titles, not applicable is not unmapped, and a document's controls link to it.
    let matrix = site.page("controls/index.html");
    assert!(matrix.contains("<tr id=\"ISO27001-2022--A.5.2\" class=\"unmapped\">"), "{matrix}");
    assert!(matrix.contains("<span class=\"badge\">Not applicable</span>"));
    assert!(
        matrix.contains("href=\"../controls/soa-ISO27001-2022/index.html\">Statement of Applicability</a>")
    );
    let policy = site.page("policies/information-security/index.html");
    assert!(
        policy.contains("href=\"../../controls/index.html#ISO27001-2022--A.5.1\">ISO27001:2022 A.5.1</a>"),
        "{policy}"
    );

    let register = site.page("register.csv");
    let header = "ID,Title,Collection,Kind,Version,Version in force,Status,Stated status,Owner,Approved,Next review,Source,Page";
    assert_eq!(register.lines().next(), Some(header));
    assert!(
        register
            .contains("\nPOL-001,Information security policy,Policies,policy,1.10,1.10,Approved,Approved,"),
        "{register}"
    );
    assert_eq!(register.lines().count(), 4, "a row per document: {register}");
}

#[test]
fn people_in_the_header_and_register_link_to_their_pages() {
    let site = site();
    let page = site.page("sop/release/index.html");
    // Rhea Morgan owns and approves SOP-001; a name the roster lacks stays text.
    assert!(
        page.contains("<a class=\"person\" href=\"../../people/rmorgan/index.html\">Rhea Morgan</a>"),
        "{page}"
    );
    assert!(page.contains("<span class=\"person unknown\">nobody-we-know</span>"), "{page}");
    // A role is no person: not a link, its holders said.
    let policy = site.page("policies/information-security/index.html");
    assert!(policy.contains("<span class=\"person\">Chief Technology Officer</span>"), "{policy}");
    let register = site.page("index.html");
    assert!(register.contains("<a class=\"person\" href=\"people/rmorgan/index.html\">Rhea Morgan</a>"));
    assert!(register.contains("<a class=\"count\" href=\"?status=Non-compliant\""), "{register}");
}

#[test]
fn findings_on_a_page_are_plain_words_with_the_detail_folded_or_as_the_site_says() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let page = site.page("sop/release/index.html");
    let findings =
        &page[page.find("class=\"findings\"").unwrap()..page.find("id=\"document-control\"").unwrap()];
    assert!(findings.contains("for Rhea Morgan, its owner, to resolve"), "{findings}");
    assert!(findings.contains("<span class=\"sev\">Must be fixed:</span>"), "{findings}");
    assert!(
        findings.contains("<details class=\"detail\"><summary>Technical detail</summary><code>"),
        "{findings}"
    );
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    for (shown, summary, list) in [("summary", true, false), ("hidden", false, false)] {
        site.write("charta.toml", &config.replace("[site]\n", &format!("[site]\nfindings = \"{shown}\"\n")));
        assert_eq!(site.build(&[]).code, 0);
        let page = site.page("sop/release/index.html");
        assert_eq!(page.contains("findings-summary"), summary, "{shown}");
        assert_eq!(page.contains("Technical detail"), list, "{shown}");
        // Regression: `hidden` hid the findings on documents' pages only; the findings page,
        // the link to it in every header and register.json's rule ids were still published.
        let hidden = shown == "hidden";
        assert_eq!(site.out().join("report/index.html").exists(), !hidden, "{shown}");
        assert_eq!(page.contains("report/index.html"), !hidden, "{shown}");
        let register: serde_json::Value = serde_json::from_str(&site.page("register.json")).unwrap();
        let listed = register["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| !d["findings"].as_array().unwrap().is_empty());
        assert_eq!(listed, !hidden, "{shown}");
    }
}
