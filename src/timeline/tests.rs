//! Tests of the timeline: texts read, joined by id, and what branches brought.
use super::*;
use crate::history::testing::committed;

const PATH: &str = "sop/a.md";

fn text(version: &str, body: &str) -> String {
    format!("---\nid: A\nversion: \"{version}\"\napproval_date: 2025-01-10\n---\n{body}\n")
}

fn versions(timeline: &Timeline) -> Vec<Option<&str>> {
    timeline
        .steps
        .iter()
        .map(|s| match &s.said {
            Said::Read(f) => f.version.as_deref(),
            _ => None,
        })
        .collect()
}

#[test]
fn each_compared_text_is_read_once_with_what_it_says_and_a_lone_text_not_at_all() {
    let texts = vec![("2025-01-01", text("1", "One.")), ("2025-02-01", text("2", "Two."))];
    let (_dir, history) = committed(PATH, &texts, None);
    let doc = Document::parse(PATH, 0, texts[1].1.as_str());
    let timeline = Timeline::of(&doc, &history);
    assert_eq!(versions(&timeline), [Some("1"), Some("2")]);
    let Said::Read(first) = &timeline.steps[0].said else { panic!("{timeline:?}") };
    assert_eq!(first.record, record(Some(Date::constant(2025, 1, 10)), std::iter::empty(), Some("1")));
    assert_eq!(first.body, content("One."));

    let (_dir, once) = committed(PATH, &texts[..1], None);
    let timeline = Timeline::of(&doc, &once);
    assert_eq!(timeline.steps.len(), 1);
    assert_eq!(timeline.steps[0].said, Said::NotRead);
}

#[test]
fn a_text_git_cannot_give_says_why() {
    let texts = vec![("2025-01-01", text("1", "One.")), ("2025-02-01", text("2", "Two."))];
    let (_dir, history) = committed(PATH, &texts, Some(0));
    let doc = Document::parse(PATH, 0, texts[1].1.as_str());
    let timeline = Timeline::of(&doc, &history);
    assert!(matches!(&timeline.steps[0].said, Said::Unreadable(why) if why.contains("cannot read")));
    assert_eq!(versions(&timeline)[1], Some("2"));
}

/// The version pages group the timeline the rules read, rather than reading and parsing
/// every committed text again: what the timeline says is what they show.
#[test]
fn the_version_pages_take_their_labels_from_the_timeline() {
    let texts = vec![("2025-01-01", text("1", "One.")), ("2025-02-01", text("2", "Two."))];
    let (_dir, history) = committed(PATH, &texts, None);
    let doc = Document::parse(PATH, 0, texts[1].1.as_str());
    let mut timeline = Timeline::of(&doc, &history);
    for (step, label) in timeline.steps.iter_mut().zip(["A", "B"]) {
        let Said::Read(facts) = &mut step.said else { panic!() };
        facts.version = Some(label.to_owned());
    }
    // An uncommitted edit: the working text is none of the committed ones.
    let working = text("3", "Three.");
    let found = crate::versions::of(&doc, &timeline, &history, &working, crate::history::blob_id(&working));
    let labels: Vec<(&str, &str)> = found.iter().map(|v| (v.label.as_str(), v.text.as_str())).collect();
    assert_eq!(labels, [("A", texts[0].1.as_str()), ("B", texts[1].1.as_str())]);
}

#[test]
fn a_path_keeps_one_documents_history_from_the_last_text_stating_another_id() {
    let other = |id: &str, body: &str| text("1", body).replace("id: A\n", &format!("id: {id}\n"));
    let no_id = text("2", "No id yet.").replace("id: A\n", "");
    // Z, then a text stating no id (taken for A's), then A twice: Z's text is another's.
    let texts = vec![
        ("2025-01-01", other("Z", "Zed.")),
        ("2025-02-01", no_id),
        ("2025-03-01", text("3", "Three.")),
        ("2025-04-01", text("4", "Four.")),
    ];
    let (_dir, history) = committed(PATH, &texts, None);
    let own = |h: &History| {
        Timeline::of_versions(PATH, h.files[PATH].iter(), h, &crate::frontmatter::schema::NO_NAMES)
    };
    let mut timeline = own(&history);
    let earlier = timeline.split_off_earlier_document().expect("Z's text is split off");
    assert_eq!(versions(&timeline), [Some("2"), Some("3"), Some("4")]);
    assert_eq!(earlier.len(), 2, "Z's text, and its removal when the next was committed");
    assert_eq!((earlier[1].commit, earlier[1].blob), (timeline.steps[0].commit, None));
    // One id throughout (or none stated): nothing to split off.
    let (_dir, history) = committed(PATH, &texts[1..], None);
    let mut timeline = own(&history);
    assert_eq!(timeline.split_off_earlier_document(), None);
    assert_eq!(timeline.steps.len(), 3);
}
