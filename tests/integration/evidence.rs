//! Issue 29, approval evidence from the code chain: commits signed at test time with SSH keys
//! made at test time (nothing secret is committed), and what `[evidence]` says of them: a
//! proven approval, one the author signed instead of the approver, a key no one in the roster
//! holds, a commit changed after it was signed; the same verdicts after `git gc` and in a
//! fresh clone.

use crate::history::{V1, V2, policy};
use crate::rules::{check_json, found};
use crate::support::Repo;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey};

const PATH: &str = "policies/access.md";

/// A new SSH signing key.
fn key() -> PrivateKey {
    PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap()
}

fn public(key: &PrivateKey) -> String {
    key.public_key().to_openssh().unwrap()
}

/// The roster of the fixture with these keys for alice and bob.
fn roster(alice: &PrivateKey, bob: &PrivateKey) -> String {
    format!(
        "people:\n  - id: alice\n    name: Alice Author\n    roles: [Policy Author]\n    keys:\n      - {}\n  \
         - id: bob\n    name: Bob Boss\n    roles: [CEO]\n    keys: [\"{}\"]\n",
        public(alice),
        public(bob)
    )
}

/// How a commit is signed: the armored signature of its bytes.
type Signer<'a> = &'a dyn Fn(&[u8]) -> String;

/// An SSH key's signer, as `git commit -S` with `gpg.format = ssh` signs.
fn ssh(key: &PrivateKey) -> impl Fn(&[u8]) -> String + '_ {
    |bytes| key.sign("git", HashAlg::Sha512, bytes).unwrap().to_pem(LineEnding::LF).unwrap()
}

/// Commit `files` on HEAD as `author` on `date`, signed with `key` when given; `tamper`
/// changes the commit after it was signed (as a forged history would).
fn commit(
    r: &Repo,
    (date, author, message): (&str, &str, &str),
    files: &[(&str, &str)],
    key: Option<&PrivateKey>,
    tamper: bool,
) -> git2::Oid {
    match key {
        Some(key) => commit_signed(r, (date, author, message), files, Some(&ssh(key)), tamper),
        None => commit_signed(r, (date, author, message), files, None, tamper),
    }
}

/// [`commit`], with any signer.
fn commit_signed(
    r: &Repo,
    (date, author, message): (&str, &str, &str),
    files: &[(&str, &str)],
    key: Option<Signer>,
    tamper: bool,
) -> git2::Oid {
    for (path, text) in files {
        r.site.write(path, text);
    }
    let mut index = r.repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = r.repo.find_tree(index.write_tree().unwrap()).unwrap();
    let day: jiff::civil::Date = date.parse().unwrap();
    let seconds = day.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp().as_second();
    let email = format!("{}@example.org", author.to_lowercase());
    let sig = git2::Signature::new(author, &email, &git2::Time::new(seconds, 0)).unwrap();
    let parent = r.repo.head().ok().and_then(|h| h.target()).map(|p| r.repo.find_commit(p).unwrap());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let content = r.repo.commit_create_buffer(&sig, &sig, message, &tree, &parents).unwrap();
    let content = content.as_str().unwrap().to_owned();
    let oid = match key {
        Some(key) => {
            let armored = key(content.as_bytes());
            let signed = if tamper { content.replace(message, "Something else") } else { content };
            r.repo.commit_signed(&signed, &armored, None).unwrap()
        }
        None => r.repo.commit(None, &sig, &sig, message, &tree, &parents).unwrap(),
    };
    r.repo.reference("refs/heads/main", oid, true, message).unwrap();
    r.repo.set_head("refs/heads/main").unwrap();
    oid
}

/// Version 1.0 of the access policy, approved by bob, committed by `author` and signed with
/// `key` (then changed, with `tamper`).
fn first_issue(r: &Repo, author: &str, key: &PrivateKey, tamper: bool) -> git2::Oid {
    let files = [(PATH, policy("1.0", "2025-01-10", V1, "Eight."))];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    commit(r, ("2025-01-10", author, "Approve 1.0"), &files, Some(key), tamper)
}

/// The fixture with `[evidence]` asking for both kinds of evidence.
fn repository(alice: &PrivateKey, bob: &PrivateKey) -> Repo {
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write(
        "charta.toml",
        &format!("{config}\n[evidence]\nsigned_commits = true\nproven_approvals = true\n"),
    );
    r.site.write("roster.yaml", &roster(alice, bob));
    r
}

/// The `evidence/*` findings of a check about the access policy (the fixture's other policy is
/// committed alongside it), and the `roster/*` findings.
fn evidence(r: &Repo) -> Vec<String> {
    let (_, json) = check_json(&r.site);
    let messages: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("evidence/") && f["path"] == PATH)
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    let others: Vec<String> = found(&json).into_iter().filter(|f| f.starts_with("roster/")).collect();
    messages.into_iter().chain(others).collect()
}

#[test]
fn an_approval_the_approver_signed_is_proven() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    let oid = first_issue(&r, "Bob", &bob, false);
    assert_eq!(evidence(&r), Vec::<String>::new());
    // The page, register.json and the JSON report say what was verified.
    let fingerprint = bob.public_key().fingerprint(HashAlg::Sha256).to_string();
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/access/index.html");
    let said = format!(
        "Proven: signed by Bob Boss with the key {fingerprint}, on the commit that recorded the approval; the signature verifies over it."
    );
    assert!(page.contains(&said), "{page}");
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let entry = register["documents"].as_array().unwrap().iter().find(|d| d["path"] == PATH).unwrap();
    let want = serde_json::json!({
        "state": "proven", "by": "Bob Boss", "fingerprint": fingerprint, "via": "commit",
        "signed": oid.to_string(), "commit": oid.to_string(), "date": "2025-01-10"
    });
    assert_eq!(entry["approval_evidence"], want, "{entry:#}");
    let (_, json) = check_json(&r.site);
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/register.schema.json")).unwrap();
    let errors: Vec<String> =
        jsonschema::validator_for(&schema).unwrap().iter_errors(&register).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let approval = json["approvals"].as_array().unwrap().iter().find(|a| a["path"] == PATH).unwrap();
    assert_eq!(approval["state"], "proven");
    assert_eq!(approval["document"], "POL-009");
    assert_eq!(approval["fingerprint"], fingerprint.as_str());
}

/// Each approval of a document's history is proven or claimed by its own commit: version 1.0's
/// page and entry keep the approver's signature when version 1.1, committed by its author
/// alone, claims its approval.
#[test]
fn each_version_shows_the_evidence_of_its_own_approval() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    let first = first_issue(&r, "Bob", &bob, false);
    let text = policy("1.1", "2025-06-01", V2, "Twelve.");
    let second = commit(&r, ("2025-06-01", "Alice", "Approve 1.1"), &[(PATH, &text)], Some(&alice), false);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let entry = register["documents"].as_array().unwrap().iter().find(|d| d["path"] == PATH).unwrap();
    let states: Vec<(&str, &str, &str)> = entry["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let e = &v["approval_evidence"];
            (v["label"].as_str().unwrap(), e["state"].as_str().unwrap(), e["commit"].as_str().unwrap())
        })
        .collect();
    let (first, second) = (first.to_string(), second.to_string());
    assert_eq!(states, [("1.0", "proven", first.as_str()), ("1.1", "claimed", second.as_str())]);
    assert_eq!(entry["approval_evidence"]["state"], "claimed");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/register.schema.json")).unwrap();
    let errors: Vec<String> =
        jsonschema::validator_for(&schema).unwrap().iter_errors(&register).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The archived page of 1.0 says what was verified of its approval; the current page says
    // 1.1's is claimed, and its versions table marks each.
    let archived = r.site.page("policies/access/v1.0/index.html");
    assert!(archived.contains("Proven: signed by Bob Boss with the key"), "{archived}");
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("Claimed, not proven by a signature"), "{page}");
    assert!(
        page.contains("proven</span>") && page.contains("<span class=\"proof claimed\">claimed</span>"),
        "{page}"
    );
    // The JSON report lists both approvals, the current one last.
    let (_, json) = check_json(&r.site);
    let approvals: Vec<(&str, &str, bool, &str)> = json["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["path"] == PATH)
        .map(|a| {
            let version = a["version"].as_str().unwrap();
            (
                version,
                a["approval_date"].as_str().unwrap(),
                a["current"].as_bool().unwrap(),
                a["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(approvals, [("1.0", "2025-01-10", false, "proven"), ("1.1", "2025-06-01", true, "claimed")]);
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn an_approval_the_author_signed_instead_of_the_approver_is_unproven() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    first_issue(&r, "Alice", &alice, false);
    let found = evidence(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("evidence/unproven-approval no approver (bob) signed the approval"),
        "{found:#?}"
    );
    assert!(found[0].contains("is signed by Alice Author, not an approver"), "{found:#?}");
    let run = r.site.build(&[]);
    assert!(run.stderr.contains("built"), "{}", run.stderr);
    let page = r.site.page("policies/access/index.html");
    assert!(
        page.contains("Claimed, not proven by a signature: no approver (bob) signed the approval"),
        "{page}"
    );
    // An annotated tag the approver signed on that commit proves it.
    let head = r.repo.head().unwrap().target().unwrap();
    let sig = git2::Signature::now("Bob", "bob@example.org").unwrap();
    let object = r.repo.find_object(head, None).unwrap();
    let unsigned = format!(
        "object {head}\ntype commit\ntag approved-1.0\ntagger {} <{}> {} +0000\n\nApproved.\n",
        sig.name().unwrap(),
        sig.email().unwrap(),
        sig.when().seconds()
    );
    let armored =
        bob.sign("git", HashAlg::Sha512, unsigned.as_bytes()).unwrap().to_pem(LineEnding::LF).unwrap();
    let tag = r
        .repo
        .odb()
        .unwrap()
        .write(git2::ObjectType::Tag, format!("{unsigned}{armored}").as_bytes())
        .unwrap();
    r.repo.reference("refs/tags/approved-1.0", tag, false, "tag").unwrap();
    drop(object);
    assert_eq!(evidence(&r), Vec::<String>::new());
}

#[test]
fn a_change_signed_by_a_key_no_one_in_the_roster_holds_is_unsigned() {
    let (alice, bob, stranger) = (key(), key(), key());
    let r = repository(&alice, &bob);
    first_issue(&r, "Bob", &bob, false);
    commit(
        &r,
        ("2025-05-30", "Bob", "Approve 1.1"),
        &[(PATH, &policy("1.1", "2025-05-30", V2, "Twelve."))],
        Some(&stranger),
        false,
    );
    let found = evidence(&r);
    let fingerprint = stranger.public_key().fingerprint(HashAlg::Sha256).to_string();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with(
            "evidence/unsigned-change 1 commit that changed it is not signed by a person of the roster:"
        ),
        "{found:#?}"
    );
    assert!(
        found[0].contains(&format!("signed by {fingerprint}, a key of no one in the roster")),
        "{found:#?}"
    );
    assert!(found[1].starts_with("evidence/unproven-approval"), "{found:#?}");
    // Then a commit not signed at all: the one finding names both.
    let edited = policy("1.1", "2025-05-30", V2, "Twelve, and more.");
    commit(&r, ("2025-06-02", "Mallory", "Tweak"), &[(PATH, &edited)], None, false);
    let found = evidence(&r);
    assert!(
        found[0].starts_with("evidence/unsigned-change 2 commits that changed it are not signed"),
        "{found:#?}"
    );
    assert!(found[0].ends_with("by Mallory <mallory@example.org> (unsigned)"), "{found:#?}");
}

#[test]
fn a_commit_changed_after_it_was_signed_has_a_bad_signature() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    first_issue(&r, "Bob", &bob, true);
    let found = evidence(&r);
    assert!(
        found.iter().any(|f| f.starts_with(
            "evidence/bad-signature 1 commit that changed it carries a signature that does not verify"
        )),
        "{found:#?}"
    );
    // Not proven either: a signature that does not verify proves nothing.
    assert!(
        found.iter().any(|f| f.starts_with("evidence/unproven-approval") && f.contains("does not verify")),
        "{found:#?}"
    );
}

#[test]
fn a_key_listed_for_two_people_is_a_roster_finding_and_proves_nothing() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    r.site.write("roster.yaml", &roster(&bob, &bob));
    first_issue(&r, "Bob", &bob, false);
    let found = evidence(&r);
    assert!(found.contains(&"roster/duplicate-key roster.yaml:10".to_owned()), "{found:#?}");
    assert!(found.iter().any(|f| f.starts_with("evidence/unproven-approval")), "{found:#?}");
}

#[test]
fn the_verdicts_are_the_same_after_git_gc_and_in_a_fresh_clone() {
    let (alice, bob, stranger) = (key(), key(), key());
    let r = repository(&alice, &bob);
    first_issue(&r, "Bob", &bob, false);
    commit(
        &r,
        ("2025-05-30", "Alice", "1.1"),
        &[(PATH, &policy("1.1", "2025-05-30", V2, "Twelve."))],
        Some(&stranger),
        false,
    );
    let before = evidence(&r);
    assert_eq!(before.len(), 2, "{before:#?}");
    let git = |args: &[&str], dir: &std::path::Path| {
        let out = std::process::Command::new("git").args(args).current_dir(dir).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["gc", "--aggressive", "--prune=now", "--quiet"], r.site.root());
    assert_eq!(evidence(&r), before, "after git gc");
    let clone = tempfile::tempdir().unwrap();
    let root = r.site.root().to_str().unwrap();
    git(&["clone", "--quiet", root, "copy"], clone.path());
    let copy = clone.path().join("copy");
    for file in ["charta.toml", "roster.yaml"] {
        assert!(copy.join(file).exists(), "{file} is committed");
    }
    let report = crate::support::charta(&[
        "check",
        "--root",
        copy.to_str().unwrap(),
        "--today",
        "2026-03-01",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .filter(|r| r.starts_with("evidence/"))
        .collect();
    let want: Vec<&str> = before.iter().map(|f| f.split(' ').next().unwrap()).collect();
    assert_eq!(rules, want);
}

/// An OpenPGP key made at test time, with a signing subkey (as `gpg --quick-gen-key` makes one
/// by default), and its public key block.
fn openpgp_key() -> (pgp::composed::SignedSecretKey, String) {
    use pgp::composed::{KeyType, SecretKeyParamsBuilder, SignedPublicKey, SubkeyParamsBuilder};
    let mut rng = rand08::thread_rng();
    let sub = SubkeyParamsBuilder::default().key_type(KeyType::Ed25519Legacy).can_sign(true).build().unwrap();
    let params = SecretKeyParamsBuilder::default()
        .key_type(KeyType::Ed25519Legacy)
        .can_certify(true)
        .primary_user_id("Bob Boss <bob@example.org>".into())
        .subkeys(vec![sub])
        .build()
        .unwrap();
    let secret = params.generate(&mut rng).unwrap();
    let public = SignedPublicKey::from(secret.clone()).to_armored_string(Default::default()).unwrap();
    (secret, public)
}

/// A signer with an OpenPGP (sub)key, as `git commit -S` signs with gpg.
fn openpgp_signer(key: &impl pgp::types::SigningKey) -> impl Fn(&[u8]) -> String + '_ {
    move |bytes| {
        let sig = pgp::composed::DetachedSignature::sign_binary_data(
            rand08::thread_rng(),
            key,
            &pgp::types::Password::empty(),
            pgp::crypto::hash::HashAlgorithm::Sha256,
            bytes,
        )
        .unwrap();
        sig.to_armored_string(Default::default()).unwrap()
    }
}

/// The fixture with bob's OpenPGP key `public` in a file the roster names, and version 1.0
/// committed by bob, signed by `sign`.
fn openpgp_first_issue(public: &str, sign: Signer) -> Repo {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    r.site.write("keys/bob.asc", public);
    r.site.write("roster.yaml", &roster(&alice, &bob).replace("    keys: [", "    keys: [keys/bob.asc, "));
    let files = [(PATH, policy("1.0", "2025-01-10", V1, "Eight."))];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    commit_signed(&r, ("2025-01-10", "Bob", "Approve 1.0"), &files, Some(sign), false);
    r
}

#[test]
fn an_approval_signed_with_the_approvers_openpgp_subkey_is_proven() {
    let (secret, public) = openpgp_key();
    let sign = openpgp_signer(&secret.secret_subkeys[0].key);
    let r = openpgp_first_issue(&public, &sign);
    assert_eq!(evidence(&r), Vec::<String>::new());
    // The same signature over another commit does not verify.
    commit_signed(
        &r,
        ("2025-01-11", "Bob", "Approve 1.0 again"),
        &[(PATH, "---\nid: POL-009\n---\nChanged.\n")],
        Some(&sign),
        true,
    );
    let found = evidence(&r);
    assert!(found.iter().any(|f| f.starts_with("evidence/bad-signature")), "{found:#?}");
}

/// A change that reached the release branch by a merge from `staging` is promoted; one
/// committed straight onto it is `evidence/unpromoted-change`; a release branch the clone does
/// not have is said once, at charta.toml.
#[test]
fn a_change_pushed_straight_to_the_release_branch_is_unpromoted() {
    let r = Repo::new();
    let base = r.commit("2025-01-01", "Alice", "Base", &[]);
    let release = r.repo.head().unwrap().shorthand().unwrap().to_owned();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let evidence_config =
        format!("{config}\n[evidence]\nrelease_branch = \"{release}\"\npromote_from = [\"staging\"]\n");
    r.site.write("charta.toml", &evidence_config);
    let staged = r.commit_on(
        &[base],
        false,
        "2025-01-10",
        "Alice",
        "1.0",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))],
    );
    r.repo.branch("staging", &r.repo.find_commit(staged).unwrap(), true).unwrap();
    r.commit_on(&[base, staged], true, "2025-01-12", "Bob", "Merge branch 'staging'", &[]);
    assert_eq!(evidence(&r), Vec::<String>::new());
    r.commit("2025-02-01", "Mallory", "Hotfix", &[(PATH, &policy("1.0", "2025-01-10", V1, "Nine."))]);
    let found = evidence(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    let want = format!(
        "evidence/unpromoted-change 1 commit that changed it reached `{release}` other than by a merge from `staging`:"
    );
    assert!(found[0].starts_with(&want), "{found:#?}");
    assert!(found[0].ends_with("by Mallory <mallory@example.org> (committed onto it)"), "{found:#?}");
    // A release branch this clone does not have.
    r.site.write("charta.toml", &evidence_config.replace(&format!("\"{release}\""), "\"live\""));
    let (_, json) = check_json(&r.site);
    let at_config: Vec<(&str, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "charta.toml")
        .map(|f| (f["message"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(at_config.len(), 1, "{json:#}");
    assert!(
        at_config[0]
            .0
            .starts_with("the release branch `live` is in this clone neither as a branch nor as a remote's")
    );
    // At the line that names it.
    let line = evidence_config.lines().position(|l| l.starts_with("release_branch")).unwrap() + 1;
    assert_eq!(at_config[0].1, line as u64);
}

/// Bug (a cold try of team histories): an octopus merge onto the release branch was asked
/// only whether its second parent came from `staging`: a change of a third parent's branch,
/// from nowhere allowed, passed as promoted.
#[test]
fn an_octopus_merge_promotes_only_if_every_merged_branch_is_allowed() {
    let r = Repo::new();
    let base = r.commit("2025-01-01", "Alice", "Base", &[]);
    let release = r.repo.head().unwrap().shorthand().unwrap().to_owned();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write(
        "charta.toml",
        &format!("{config}\n[evidence]\nrelease_branch = \"{release}\"\npromote_from = [\"staging\"]\n"),
    );
    let other = policy("1.0", "2025-01-10", V1, "Other.").replace("POL-009", "POL-010");
    let staged =
        r.commit_on(&[base], false, "2025-01-10", "Alice", "other", &[("policies/other.md", &other)]);
    r.repo.branch("staging", &r.repo.find_commit(staged).unwrap(), true).unwrap();
    std::fs::remove_file(r.site.root().join("policies/other.md")).unwrap();
    let text = policy("1.0", "2025-01-10", V1, "Eight.");
    let rogue = r.commit_on(&[base], false, "2025-01-11", "Mallory", "rogue", &[(PATH, &text)]);
    r.commit_on(&[base, staged, rogue], true, "2025-01-12", "Bob", "Merge", &[("policies/other.md", &other)]);
    let found = evidence(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("evidence/unpromoted-change"), "{found:#?}");
}

/// `verify_signatures` alone: an unsigned commit is not asked to be signed, but a signature that
/// is there must verify.
#[test]
fn with_verify_signatures_alone_only_a_signature_that_does_not_verify_is_reported() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let config =
        config.replace("signed_commits = true\nproven_approvals = true\n", "verify_signatures = true\n");
    r.site.write("charta.toml", &config);
    commit(
        &r,
        ("2025-01-10", "Alice", "1.0"),
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))],
        None,
        false,
    );
    assert_eq!(evidence(&r), Vec::<String>::new());
    commit(
        &r,
        ("2025-02-10", "Bob", "1.1"),
        &[(PATH, &policy("1.1", "2025-02-10", V2, "Ten."))],
        Some(&bob),
        true,
    );
    let found = evidence(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("evidence/bad-signature"), "{found:#?}");
}

/// An OpenPGP key made 30 days ago that expired a day after (its self-signature says so), and
/// its public key block.
fn expired_openpgp_key() -> (pgp::composed::SignedSecretKey, String) {
    use pgp::composed::{KeyType, SecretKeyParamsBuilder, SignedPublicKey};
    use pgp::crypto::hash::HashAlgorithm;
    use pgp::packet::{SignatureConfig, SignatureType, Subpacket, SubpacketData};
    use pgp::types::{Duration, KeyDetails, Password, Tag, Timestamp};
    let month_ago = Timestamp::from_secs(Timestamp::now().as_secs() - 30 * 86_400);
    let params = SecretKeyParamsBuilder::default()
        .key_type(KeyType::Ed25519Legacy)
        .can_certify(true)
        .can_sign(true)
        .created_at(month_ago)
        .primary_user_id("Bob Boss <bob@example.org>".into())
        .build()
        .unwrap();
    let secret = params.generate(rand08::thread_rng()).unwrap();
    let mut public = SignedPublicKey::from(secret.clone());
    // A newer self-signature saying the key lasts one day from its creation.
    let mut config = SignatureConfig::v4(
        SignatureType::CertPositive,
        secret.primary_key.algorithm(),
        HashAlgorithm::Sha256,
    );
    config.hashed_subpackets = vec![
        Subpacket::regular(SubpacketData::SignatureCreationTime(Timestamp::from_secs(
            month_ago.as_secs() + 60,
        )))
        .unwrap(),
        Subpacket::regular(SubpacketData::KeyExpirationTime(Duration::from_secs(86_400))).unwrap(),
        Subpacket::regular(SubpacketData::IssuerFingerprint(secret.primary_key.fingerprint())).unwrap(),
    ];
    let user = public.details.users[0].id.clone();
    let signature = config
        .sign_certification(
            &secret.primary_key,
            secret.primary_key.public_key(),
            &Password::empty(),
            Tag::UserId,
            &user,
        )
        .unwrap();
    public.details.users[0].signatures.push(signature);
    (secret, public.to_armored_string(Default::default()).unwrap())
}

#[test]
fn a_commit_signed_with_an_expired_key_is_reported_and_proves_nothing() {
    let (secret, public) = expired_openpgp_key();
    let sign = openpgp_signer(&secret.primary_key);
    let r = openpgp_first_issue(&public, &sign);
    let found = evidence(&r);
    assert!(
        found.iter().any(|f| f.starts_with("evidence/revoked-key 1 commit that changed it:")
            && f.contains("the key expired on")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|f| f.starts_with("evidence/unproven-approval") && f.contains("out of force")),
        "{found:#?}"
    );
}

/// Bug (a review of the days commits state): a key's signature was judged at its commit's author
/// date, which whoever holds the key writes. A key the roster says was last used on 2025-01-09
/// signed an approval dated 2025-01-08, committed after a commit of 2025-01-10 on the line: it
/// was "proven". A commit is made no earlier than the commits before it on the line.
#[test]
fn a_retired_key_signing_a_commit_dated_back_before_its_last_day_proves_nothing() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    let roster = format!(
        "people:\n  - id: alice\n    name: Alice Author\n    roles: [Policy Author]\n    keys: [\"{}\"]\n  \
         - id: bob\n    name: Bob Boss\n    roles: [CEO]\n    keys:\n      - key: {}\n        until: 2025-01-09\n",
        public(&alice),
        public(&bob)
    );
    r.site.write("roster.yaml", &roster);
    commit(&r, ("2025-01-10", "Alice", "Notes"), &[("policies/notes.md", "# Notes\n")], Some(&alice), false);
    let files = [(PATH, policy("1.0", "2025-01-08", V1, "Eight."))];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    commit(&r, ("2025-01-08", "Bob", "Approve 1.0"), &files, Some(&bob), false);
    let found = evidence(&r);
    assert!(
        found.iter().any(|f| f.starts_with("evidence/revoked-key")
            && f.contains("the roster says the key was last used on 2025-01-09, and the commit was made no earlier than 2025-01-10")),
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.starts_with("evidence/unproven-approval")), "{found:#?}");
}

/// An SSH key has no expiry of its own: the roster's `until` is the last day its holder used
/// it (lost, replaced). A commit signed with it later proves nothing; one signed before still
/// does.
#[test]
fn a_commit_signed_with_a_key_after_the_roster_says_it_was_last_used_is_reported_and_proves_nothing() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    let retired = |until: &str| {
        format!(
            "people:\n  - id: alice\n    name: Alice Author\n    roles: [Policy Author]\n    keys: [\"{}\"]\n  \
             - id: bob\n    name: Bob Boss\n    roles: [CEO]\n    keys:\n      - key: {}\n        until: {until}\n",
            public(&alice),
            public(&bob)
        )
    };
    r.site.write("roster.yaml", &retired("2025-01-09"));
    first_issue(&r, "Bob", &bob, false);
    let found = evidence(&r);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("evidence/revoked-key 1 commit that changed it:")
            && found[0].contains(
                "the roster says the key was last used on 2025-01-09, and the commit was made no earlier than 2025-01-10"
            ),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("evidence/unproven-approval") && found[1].contains("out of force"),
        "{found:#?}"
    );
    // Used until the day of the commit: in force then.
    r.site.write("roster.yaml", &retired("2025-01-10"));
    assert_eq!(evidence(&r), Vec::<String>::new());
    // A date that is not one names the line.
    r.site.write("roster.yaml", &retired("soon"));
    let run = crate::support::charta(&["check", "--root", r.site.root().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("line 11: `soon` is not a date (write YYYY-MM-DD)"), "{}", run.stderr);
    // A key that cannot be read is found at its own line in either form.
    r.site.write("roster.yaml", &retired("2025-01-10").replace("key: ssh-ed25519", "key: ssh-ed25519 AAAA"));
    let found = evidence(&r);
    assert!(found.contains(&"roster/invalid-key roster.yaml:10".to_owned()), "{found:#?}");
}

/// Merge `feature` into main as `author` on `date`, the merge signed by `sign` (a forge signs
/// the merges made on its web pages with its own key). The working tree is `feature`'s.
fn merge_signed(r: &Repo, (date, author): (&str, &str), feature: git2::Oid, sign: Signer) -> git2::Oid {
    let day: jiff::civil::Date = date.parse().unwrap();
    let seconds = day.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp().as_second();
    let email = format!("{}@example.org", author.to_lowercase());
    let sig = git2::Signature::new(author, &email, &git2::Time::new(seconds, 0)).unwrap();
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    let theirs = r.repo.find_commit(feature).unwrap();
    let tree = theirs.tree().unwrap();
    let content =
        r.repo.commit_create_buffer(&sig, &sig, "Merge pull request #7", &tree, &[&head, &theirs]).unwrap();
    let content = content.as_str().unwrap().to_owned();
    let oid = r.repo.commit_signed(&content, &sign(content.as_bytes()), None).unwrap();
    r.repo.reference("refs/heads/main", oid, true, "merge").unwrap();
    oid
}

/// A pull request the author signed, merged on the forge's web page by the approver: the forge
/// signs the merge with its own key, and with `[evidence] forge` naming the forge's roster
/// entry, that merge proves the approval it brings. Without it, or when the merge is signed
/// by someone else's key (its author line is text anyone writes), it does not.
#[test]
fn a_merge_the_approver_made_on_the_forge_proves_the_approval_only_with_forge_set() {
    let (alice, bob, forge) = (key(), key(), key());
    let r = repository(&alice, &bob);
    let roster = format!(
        "{}  - id: github\n    name: GitHub\n    keys: [\"{}\"]\n",
        roster(&alice, &bob).replace("name: Bob Boss\n", "name: Bob Boss\n    email: bob@example.org\n"),
        public(&forge)
    );
    r.site.write("roster.yaml", &roster);
    first_issue(&r, "Bob", &bob, false);
    let base = r.repo.head().unwrap().target().unwrap();
    let text = policy("1.1", "2025-06-01", V2, "Twelve.");
    let feature = commit(&r, ("2025-05-30", "Alice", "Propose 1.1"), &[(PATH, &text)], Some(&alice), false);
    r.repo.reference("refs/heads/main", base, true, "back to main").unwrap();
    let merge = merge_signed(&r, ("2025-06-01", "Bob"), feature, &ssh(&forge));
    let unproven = evidence(&r);
    assert_eq!(unproven.len(), 1, "{unproven:#?}");
    assert!(unproven[0].starts_with("evidence/unproven-approval"), "{unproven:#?}");
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &config.replace("[evidence]\n", "[evidence]\nforge = \"github\"\n"));
    assert_eq!(evidence(&r), Vec::<String>::new());
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fingerprint = forge.public_key().fingerprint(HashAlg::Sha256).to_string();
    let page = r.site.page("policies/access/index.html");
    let said = format!(
        "Proven: signed by the forge with the key {fingerprint}, on the merge that recorded the approval, which Bob Boss made on the forge; the signature verifies over it."
    );
    assert!(page.contains(&said), "{page}");
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let entry = register["documents"].as_array().unwrap().iter().find(|d| d["path"] == PATH).unwrap();
    assert_eq!(entry["approval_evidence"]["via"], "merge");
    assert_eq!(entry["approval_evidence"]["commit"], merge.to_string());
    // The same merge signed by the author, who is not the forge, proves nothing.
    r.repo.reference("refs/heads/main", base, true, "again").unwrap();
    merge_signed(&r, ("2025-06-01", "Bob"), feature, &ssh(&alice));
    let found = evidence(&r);
    assert!(found.iter().any(|f| f.starts_with("evidence/unproven-approval")), "{found:#?}");
    // A forge the roster does not list is an error that says what to add.
    r.site.write("charta.toml", &config.replace("[evidence]\n", "[evidence]\nforge = \"gitlab\"\n"));
    let run = crate::support::charta(&["check", "--root", r.site.root().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("[evidence] forge = \"gitlab\" is no one in the roster"), "{}", run.stderr);
}

/// A pull request that adds its author's key to the approver's roster entry and signs the
/// approval with it: with the keys read from the checkout, that proves the approval; with
/// `keys_from` (or `--keys-from`) naming the target branch, the key is no one's until merged.
#[test]
fn a_key_a_pull_request_adds_to_the_approvers_entry_proves_nothing_with_keys_from_the_target_branch() {
    let (alice, bob, mallory) = (key(), key(), key());
    let r = repository(&alice, &bob);
    let trusted = first_issue(&r, "Bob", &bob, false);
    r.repo.branch("trusted", &r.repo.find_commit(trusted).unwrap(), false).unwrap();
    let forged = roster(&alice, &bob).replace(
        &format!("keys: [\"{}\"]", public(&bob)),
        &format!("keys: [\"{}\", \"{}\"]", public(&bob), public(&mallory)),
    );
    let text = policy("1.1", "2025-06-01", V2, "Twelve.");
    commit(
        &r,
        ("2025-06-01", "Mallory", "Approve 1.1"),
        &[(PATH, &text), ("roster.yaml", &forged)],
        Some(&mallory),
        false,
    );
    assert_eq!(evidence(&r), Vec::<String>::new(), "the checkout's roster says the key is bob's");
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &config.replace("[evidence]\n", "[evidence]\nkeys_from = \"trusted\"\n"));
    let found = evidence(&r);
    let rules: Vec<&str> = found.iter().map(|f| f.split(' ').next().unwrap()).collect();
    assert_eq!(rules, ["evidence/unsigned-change", "evidence/unproven-approval"], "{found:#?}");
    assert!(found[0].contains("a key of no one in the roster"), "{found:#?}");
    // The same from the command line, whatever charta.toml says.
    r.site.write("charta.toml", &config);
    let report = r.site.root().join("report.json");
    let root = r.site.root().to_str().unwrap();
    let args = [
        "check",
        "--root",
        root,
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
        "--keys-from",
        "trusted",
    ];
    let run = crate::support::charta(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(json["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "evidence/unproven-approval"));
    // A branch the clone does not have is an error that says what to fetch.
    let run = crate::support::charta(&["check", "--root", root, "--keys-from", "origin/main"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("this clone has no branch `origin/main`"), "{}", run.stderr);
}

/// Regression: a Markdown file without front matter got no rule at all, so a team that asks
/// for signed commits heard nothing of one changed by an unsigned commit. The commits that
/// change any file of a collection are checked; there is no approval to prove.
#[test]
fn a_document_without_front_matter_changed_by_an_unsigned_commit_is_reported() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    first_issue(&r, "Bob", &bob, false);
    let plain = "policies/plain.md";
    commit(
        &r,
        ("2025-02-01", "Alice", "Notes"),
        &[(plain, "# Plain notes\n\nNo front matter.\n")],
        None,
        false,
    );
    let (_, json) = check_json(&r.site);
    let found: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == plain && f["rule"].as_str().unwrap().starts_with("evidence/"))
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["evidence/unsigned-change"], "{json:#}");
}

/// Bug (found by a cold review): a version that only restated the approval before it (its text
/// changed a month later, its version raised, the approval date kept) was shown "✔ proven,
/// signed by Bob" by the signature of the approval it restated, though nobody approved or
/// signed its text. It has no approval of its own to prove.
#[test]
fn a_version_that_only_restates_an_earlier_approval_shows_no_proof() {
    let (alice, bob) = (key(), key());
    let r = repository(&alice, &bob);
    first_issue(&r, "Bob", &bob, false);
    let text = policy("1.1", "2025-01-10", V1, "Weaker.");
    commit(&r, ("2025-02-10", "Alice", "Weaken"), &[(PATH, &text)], Some(&alice), false);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let entry = register["documents"].as_array().unwrap().iter().find(|d| d["path"] == PATH).unwrap();
    let states: Vec<(&str, &serde_json::Value)> = entry["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["label"].as_str().unwrap(), &v["approval_evidence"]["state"]))
        .collect();
    assert_eq!(states, [("1.0", &serde_json::json!("proven")), ("1.1", &serde_json::Value::Null)]);
    assert!(entry["approval_evidence"].is_null(), "{entry}");
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("records no approval of its own") && !page.contains("Proven: signed by"), "{page}");
}
