//! Stage 2: what one signature git holds says: made by which key of which person of the roster,
//! and whether it verifies over what it signs, with a key in force that day. SSH signatures
//! (`gpg.format = ssh`, namespace `git`) and OpenPGP ones, verified in-process.

use super::keys::{Key, Keyring, Material};
use crate::history::signatures::Signed;
use jiff::civil::Date;
use pgp::composed::{Deserializable, DetachedSignature, SignedPublicKey};
use pgp::types::KeyDetails;

/// What a signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It verifies, made by this key of this person (index into `Roster::people`).
    Valid { person: usize, fingerprint: String },
    /// It verifies against the key it names, which no person of the roster has.
    UnknownKey { fingerprint: String },
    /// It does not verify: what it signs is not what was signed, or it cannot be read.
    Bad { fingerprint: String, why: String },
    /// Made by a key of the roster that had expired or was revoked by then.
    KeyOutOfForce { person: usize, fingerprint: String, why: String },
}

impl Verdict {
    /// The person whose valid signature this is.
    pub fn signer(&self) -> Option<usize> {
        match self {
            Verdict::Valid { person, .. } => Some(*person),
            _ => None,
        }
    }
}

/// What `signed` says, checked against `keyring`, made no earlier than `day`. A signature is
/// whatever a commit holds: one that makes a parser fail in a way it should not is a bad one,
/// not the end of the run. A key the roster says was last used before `day` is out of force.
pub fn verify(keyring: &Keyring, signed: &Signed, day: Option<Date>) -> Verdict {
    let verdict = verified(keyring, signed, day);
    if let Verdict::Valid { person, fingerprint } = &verdict
        && let Some((until, day)) =
            keyring.keys.iter().find(|k| k.fingerprint == *fingerprint).and_then(|k| k.until).zip(day)
        && day > until
    {
        let why = format!(
            "the roster says the key was last used on {until}, and the commit was made no earlier than {day}"
        );
        return Verdict::KeyOutOfForce { person: *person, fingerprint: fingerprint.clone(), why };
    }
    verdict
}

fn verified(keyring: &Keyring, signed: &Signed, day: Option<Date>) -> Verdict {
    let armored = signed.armored.trim();
    let check = std::panic::AssertUnwindSafe(|| {
        if armored.starts_with("-----BEGIN SSH SIGNATURE-----") {
            ssh(keyring, armored, &signed.data)
        } else {
            openpgp(keyring, armored, &signed.data, day)
        }
    });
    std::panic::catch_unwind(check).unwrap_or_else(|_| bad("", "charta could not read it"))
}

fn bad(fingerprint: &str, why: impl Into<String>) -> Verdict {
    Verdict::Bad { fingerprint: fingerprint.to_owned(), why: why.into() }
}

/// Git signs with SSH keys in the namespace `git`: a signature made for another use (a file
/// signed with `ssh-keygen -Y sign -n file`) proves nothing about a commit.
const NAMESPACE: &str = "git";

fn ssh(keyring: &Keyring, armored: &str, data: &[u8]) -> Verdict {
    let sig = match ssh_key::SshSig::from_pem(armored) {
        Ok(sig) => sig,
        Err(e) => return bad("", format!("a signature of SSH that charta cannot read ({e})")),
    };
    let signer = ssh_key::PublicKey::from(sig.public_key().clone());
    let fingerprint = signer.fingerprint(ssh_key::HashAlg::Sha256).to_string();
    if sig.namespace() != NAMESPACE {
        return bad(&fingerprint, format!("made for `{}`, not for git", sig.namespace()));
    }
    if let Err(e) = signer.verify(NAMESPACE, data, &sig) {
        return bad(&fingerprint, format!("it does not match what it signs ({e})"));
    }
    let owner = keyring
        .keys
        .iter()
        .find(|k| matches!(&k.material, Material::Ssh(p) if p.key_data() == sig.public_key()));
    match owner {
        Some(k) => Verdict::Valid { person: k.person, fingerprint: k.fingerprint.clone() },
        None => Verdict::UnknownKey { fingerprint },
    }
}

fn openpgp(keyring: &Keyring, armored: &str, data: &[u8], day: Option<Date>) -> Verdict {
    let sig = match DetachedSignature::from_string(armored) {
        Ok((sig, _)) => sig,
        Err(e) => return bad("", format!("not an OpenPGP signature charta can read ({e})")),
    };
    let issuers: Vec<String> = sig
        .signature
        .issuer_fingerprint()
        .iter()
        .map(|f| f.to_string().to_uppercase())
        .chain(sig.signature.issuer_key_id().iter().map(|k| hex::encode_upper(k.as_ref())))
        .collect();
    let named = issuers.first().cloned().unwrap_or_default();
    // The roster's key that made it: its primary key or one of its subkeys.
    for k in &keyring.keys {
        let Material::Pgp(key) = &k.material else { continue };
        let made_by = |id: &str| {
            issuers.iter().any(|i| i.ends_with(&id.to_uppercase()) || id.to_uppercase().ends_with(i))
        };
        let primary = made_by(&key.primary_key.fingerprint().to_string());
        let sub = key.public_subkeys.iter().find(|s| made_by(&s.key.fingerprint().to_string()));
        let result = match (primary, sub) {
            (true, _) => sig.verify(&key.primary_key, data),
            (false, Some(sub)) => sig.verify(&sub.key, data),
            (false, None) => continue,
        };
        if let Err(e) = result {
            return bad(&k.fingerprint, format!("it does not match what it signs ({e})"));
        }
        let when = sig.signature.created().map(|t| i64::from(t.as_secs())).or_else(|| day.map(midnight));
        if let Some(why) = when.and_then(|w| out_of_force(key, sub, w)) {
            return Verdict::KeyOutOfForce { person: k.person, fingerprint: k.fingerprint.clone(), why };
        }
        return valid(k);
    }
    Verdict::UnknownKey { fingerprint: named }
}

fn valid(k: &Key) -> Verdict {
    Verdict::Valid { person: k.person, fingerprint: k.fingerprint.clone() }
}

/// The first second of `day`, UTC.
fn midnight(day: Date) -> i64 {
    day.to_zoned(jiff::tz::TimeZone::UTC).map_or(0, |z| z.timestamp().as_second())
}

/// Why the key (a subkey of it, when `sub`) was not in force at `when` (seconds since 1970):
/// revoked by then, or expired. None when it was.
fn out_of_force(
    key: &SignedPublicKey,
    sub: Option<&pgp::composed::SignedPublicSubKey>,
    when: i64,
) -> Option<String> {
    let day = |secs: i64| {
        jiff::Timestamp::from_second(secs).map(|t| t.to_string()[..10].to_owned()).unwrap_or_default()
    };
    let revoked = key
        .details
        .revocation_signatures
        .iter()
        .filter_map(|s| s.created())
        .map(|t| i64::from(t.as_secs()))
        .min();
    if let Some(at) = revoked.filter(|at| *at <= when) {
        return Some(format!("the key was revoked on {}", day(at)));
    }
    // The newest self-signature that says when the key expires.
    let self_signatures =
        key.details.direct_signatures.iter().chain(key.details.users.iter().flat_map(|u| &u.signatures));
    let (created, binding): (i64, Vec<&pgp::packet::Signature>) = match sub {
        Some(s) => (i64::from(s.key.created_at().as_secs()), s.signatures.iter().collect()),
        None => (i64::from(key.primary_key.created_at().as_secs()), self_signatures.collect()),
    };
    let newest = binding
        .iter()
        .filter(|s| s.key_expiration_time().is_some())
        .max_by_key(|s| s.created().map(|t| t.as_secs()));
    let lasts =
        newest.and_then(|s| s.key_expiration_time()).map(|d| i64::from(d.as_secs())).filter(|d| *d > 0)?;
    let expires = created + lasts;
    (expires <= when).then(|| format!("the key expired on {}", day(expires)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey};

    fn signed(key: &PrivateKey, namespace: &str, data: &[u8]) -> Signed {
        let armored = key.sign(namespace, HashAlg::Sha512, data).unwrap().to_pem(LineEnding::LF).unwrap();
        Signed { armored, data: data.to_vec() }
    }

    #[test]
    fn an_ssh_signature_is_valid_for_its_key_only_over_what_it_signed_and_only_for_git() {
        let (mine, other) = (
            PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap(),
            PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap(),
        );
        let fingerprint = mine.public_key().fingerprint(HashAlg::Sha256).to_string();
        let keyring = Keyring {
            keys: vec![Key {
                person: 3,
                material: Material::Ssh(mine.public_key().clone()),
                fingerprint: fingerprint.clone(),
                until: None,
            }],
        };
        let data = b"tree 0123\nauthor A <a@x> 0 +0000\n\nApprove\n";
        assert_eq!(
            verify(&keyring, &signed(&mine, "git", data), None),
            Verdict::Valid { person: 3, fingerprint }
        );
        let theirs = verify(&keyring, &signed(&other, "git", data), None);
        assert!(matches!(theirs, Verdict::UnknownKey { .. }), "{theirs:?}");
        let mut changed = signed(&mine, "git", data);
        changed.data = b"tree 0123\nauthor M <m@x> 0 +0000\n\nApprove\n".to_vec();
        assert!(matches!(verify(&keyring, &changed, None), Verdict::Bad { .. }));
        let file = verify(&keyring, &signed(&mine, "file", data), None);
        assert!(matches!(&file, Verdict::Bad { why, .. } if why.contains("not for git")), "{file:?}");
        let garbage = Signed {
            armored: "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n".into(),
            data: data.to_vec(),
        };
        assert!(matches!(verify(&keyring, &garbage, None), Verdict::Bad { .. }));
        let pgp = Signed {
            armored: "-----BEGIN PGP SIGNATURE-----\n\nnot base64\n-----END PGP SIGNATURE-----\n".into(),
            data: data.to_vec(),
        };
        assert!(matches!(verify(&keyring, &pgp, None), Verdict::Bad { .. }));
    }
}
