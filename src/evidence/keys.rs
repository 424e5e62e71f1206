//! Stage 2: the signing keys of the roster's people (`keys:`): SSH public keys and OpenPGP
//! public keys, written in the roster or in a file of the repository it names, read and parsed
//! once. A key that cannot be read is `roster/invalid-key`; a key listed twice is
//! `roster/duplicate-key`, and one listed for two people belongs to neither.

use crate::finding::{Finding, Rule};
use crate::roster::Roster;
use crate::source::Span;
use pgp::composed::{Deserializable, SignedPublicKey};
use pgp::types::KeyDetails;
use std::collections::BTreeMap;
use std::path::Path;

/// The largest key file read from the repository.
const MAX_KEY_FILE: u64 = 1 << 20;

/// A public key, as its format has it.
#[derive(Debug)]
pub enum Material {
    Ssh(ssh_key::PublicKey),
    Pgp(Box<SignedPublicKey>),
}

/// A key of one person of the roster.
#[derive(Debug)]
pub struct Key {
    /// Index into `Roster::people`.
    pub person: usize,
    pub material: Material,
    /// `SHA256:...` for an SSH key, the primary key's fingerprint in hexadecimal for OpenPGP.
    pub fingerprint: String,
    /// The last day it was in use, as the roster says.
    pub until: Option<jiff::civil::Date>,
}

/// Every person's keys, each key once.
#[derive(Debug, Default)]
pub struct Keyring {
    pub keys: Vec<Key>,
}

/// How a key file the roster names is read: its text, None when there is no such file.
pub type ReadFile<'a> = &'a dyn Fn(&str) -> Result<Option<String>, String>;

/// A key file under `root`, in the working tree: nothing outside it, no link, at most 1 MiB.
pub fn from_disk(root: &Path) -> impl Fn(&str) -> Result<Option<String>, String> + '_ {
    move |rel: &str| {
        let path = crate::confine::join(root, rel, "roster.yaml's keys").map_err(|e| format!("{e:#}"))?;
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("the file {rel} cannot be read: {e}")),
        };
        if !meta.is_file() {
            return Err(format!("{rel} is not a file"));
        }
        if meta.len() > MAX_KEY_FILE {
            return Err(format!("{rel} is larger than a key file can be (1 MiB)"));
        }
        std::fs::read_to_string(&path).map(Some).map_err(|e| format!("the file {rel} cannot be read: {e}"))
    }
}

impl Keyring {
    /// The keys of `roster` (written in `roster_path`), key files read by `read`; with the
    /// findings about them.
    pub fn read(roster: &Roster, read: ReadFile, roster_path: &str) -> (Keyring, Vec<Finding>) {
        let mut keys: Vec<Key> = Vec::new();
        let mut findings = Vec::new();
        // Each key's fingerprint -> who listed it first, and where.
        let mut first: BTreeMap<String, (usize, Span)> = BTreeMap::new();
        let mut shared: Vec<String> = Vec::new();
        for (person, p) in roster.people.iter().enumerate() {
            for written in &p.keys {
                let span = &written.span;
                let material = match parse(&written.text, read) {
                    Ok(m) => m,
                    Err(why) => {
                        let message = format!("a key of {} ({}) cannot be read: {why}", p.name, p.id);
                        let rule = Rule::RosterInvalidKey;
                        findings.push(Finding::new(rule, roster_path, *span, message).help(rule.fix()));
                        continue;
                    }
                };
                let fingerprint = fingerprint(&material);
                if let Some(&(other, at)) = first.get(&fingerprint) {
                    let whose = if other == person {
                        "this person's, already listed".to_owned()
                    } else {
                        shared.push(fingerprint.clone());
                        let o = &roster.people[other];
                        format!("also the key of {} ({}), so it stands for neither", o.name, o.id)
                    };
                    let message = format!("the key {fingerprint} (line {}) is {whose}", at.line);
                    let rule = Rule::RosterDuplicateKey;
                    findings.push(Finding::new(rule, roster_path, *span, message).help(rule.fix()));
                    continue;
                }
                first.insert(fingerprint.clone(), (person, *span));
                keys.push(Key { person, material, fingerprint, until: written.until });
            }
        }
        keys.retain(|k| !shared.contains(&k.fingerprint));
        (Keyring { keys }, findings)
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A key's fingerprint as charta names it.
fn fingerprint(material: &Material) -> String {
    match material {
        Material::Ssh(k) => k.fingerprint(ssh_key::HashAlg::Sha256).to_string(),
        Material::Pgp(k) => k.primary_key.fingerprint().to_string().to_uppercase(),
    }
}

/// A key as the roster writes it: an SSH public key line, an armored OpenPGP public key block,
/// or the path (inside the repository) of a file holding either, read by `read`.
fn parse(written: &str, read: ReadFile) -> Result<Material, String> {
    let text = written.trim();
    if let Some(material) = parse_text(text)? {
        return Ok(material);
    }
    if !crate::confine::is_inside(text) || text.is_empty() {
        return Err(format!(
            "`{}` is not a public key of SSH or OpenPGP, nor the path of a file inside the repository",
            crate::escape::visible(&first_line(text))
        ));
    }
    // git's own folder holds a CI job's credentials (`.git/config`): nothing of it is read, nor
    // is it said whether a file is there, as no path of charta.toml reaches into it either.
    if text.split(['/', '\\']).any(|name| name.eq_ignore_ascii_case(".git")) {
        return Err(format!(
            "{} is inside `.git`, git's own folder, which holds no file of the repository; name a key file of the repository",
            crate::escape::visible(&first_line(text))
        ));
    }
    let contents =
        read(text)?.ok_or_else(|| format!("the file {text} cannot be read: there is no such file"))?;
    parse_text(contents.trim())?.ok_or_else(|| format!("{text} holds no SSH or OpenPGP public key"))
}

/// A key written out: None when `text` is neither kind (it may be a path). Whatever the roster
/// holds, a parser that fails in a way it should not makes it a key that cannot be read.
fn parse_text(text: &str) -> Result<Option<Material>, String> {
    std::panic::catch_unwind(|| parse_key(text))
        .unwrap_or_else(|_| Err("charta could not read it".to_owned()))
}

fn parse_key(text: &str) -> Result<Option<Material>, String> {
    if text.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----") {
        let (key, _) =
            SignedPublicKey::from_string(text).map_err(|e| format!("not a valid OpenPGP public key: {e}"))?;
        return Ok(Some(Material::Pgp(Box::new(key))));
    }
    let algorithm = text.split_whitespace().next().unwrap_or_default();
    if algorithm.starts_with("ssh-") || algorithm.starts_with("ecdsa-sha2-") || algorithm.starts_with("sk-") {
        let key = ssh_key::PublicKey::from_openssh(text)
            .map_err(|e| format!("not a valid public key of SSH: {e}"))?;
        return Ok(Some(Material::Ssh(key)));
    }
    Ok(None)
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    line.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_a_line_a_block_or_a_file_inside_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let key =
            ssh_key::PrivateKey::random(&mut ssh_key::rand_core::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
        let line = key.public_key().to_openssh().unwrap();
        assert!(matches!(parse(&line, &from_disk(dir.path())), Ok(Material::Ssh(_))));
        std::fs::create_dir(dir.path().join("keys")).unwrap();
        std::fs::write(dir.path().join("keys/bob.pub"), format!("{line}\n")).unwrap();
        assert!(matches!(parse("keys/bob.pub", &from_disk(dir.path())), Ok(Material::Ssh(_))));
        let missing = parse("keys/nobody.pub", &from_disk(dir.path())).unwrap_err();
        assert!(missing.contains("cannot be read"), "{missing}");
        // Nothing outside the repository is read because the roster names it.
        for outside in ["../secret.pub", "/etc/passwd"] {
            let refused = parse(outside, &from_disk(dir.path())).unwrap_err();
            assert!(refused.contains("nor the path of a file inside the repository"), "{refused}");
        }
        // Bug (a hostile pull request): `.git/config`, `.git/objects` and a missing `.git/x`
        // got three answers, each saying what git's folder holds; none is looked at now.
        let never: &dyn Fn(&str) -> Result<Option<String>, String> = &|p| panic!("{p} was read");
        for git in [".git/config", "./.git/objects", ".GIT/x", "sub/.git/config"] {
            let refused = parse(git, never).unwrap_err();
            assert!(refused.contains("inside `.git`"), "{refused}");
        }
        std::fs::write(dir.path().join("keys/notes.txt"), "hello\n").unwrap();
        assert!(
            parse("keys/notes.txt", &from_disk(dir.path()))
                .unwrap_err()
                .contains("holds no SSH or OpenPGP public key")
        );
        let block =
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----";
        assert!(parse(block, &from_disk(dir.path())).unwrap_err().contains("not a valid OpenPGP public key"));
    }
}
