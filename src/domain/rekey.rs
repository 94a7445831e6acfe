//! A desk's new key, announced under its old one: a desk that lost a backup stick holding
//! its key makes a new one, and its bundles carry the announcement, signed with the key the
//! home (or the stations, for the home's key) trusted. The announcement alone changes
//! nothing: the new key is still approved by its fingerprint, read out by phone.

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

use super::digest::{hex, unhex};
pub use super::wire::Rekey;

const REKEY_LABEL: &[u8] = b"liaison-new-key-v1\n";

fn rekey_bytes(desk: uuid::Uuid, key: &[u8; 32]) -> Vec<u8> {
    let mut bytes = REKEY_LABEL.to_vec();
    bytes.extend_from_slice(desk.as_bytes());
    bytes.extend_from_slice(key);
    bytes
}

/// Announces `new` as the next key of `desk`, signed with the key it replaces.
pub fn announce(desk: uuid::Uuid, previous: &SigningKey, new: &[u8; 32]) -> Rekey {
    Rekey {
        previous: hex(&previous.verifying_key().to_bytes()),
        key: hex(new),
        signature: hex(&previous.sign(&rekey_bytes(desk, new)).to_bytes()),
    }
}

/// Follows a manifest's chain of announced keys from `trusted` to the key that signed the
/// bundle: `true` when each new key was announced under the one before, starting from
/// `trusted` and ending at `signer`.
pub fn announced_from(
    desk: uuid::Uuid,
    rekeys: &[Rekey],
    trusted: &[u8; 32],
    signer: &[u8; 32],
) -> bool {
    let Some(start) = rekeys
        .iter()
        .position(|r| unhex::<32>(&r.previous) == Some(*trusted))
    else {
        return false;
    };
    let mut current = *trusted;
    for r in &rekeys[start..] {
        let (Some(previous), Some(key), Some(signature)) = (
            unhex::<32>(&r.previous),
            unhex::<32>(&r.key),
            unhex::<64>(&r.signature),
        ) else {
            return false;
        };
        if previous != current {
            return false;
        }
        let Ok(verifying) = VerifyingKey::from_bytes(&previous) else {
            return false;
        };
        if verifying
            .verify_strict(&rekey_bytes(desk, &key), &Signature::from_bytes(&signature))
            .is_err()
        {
            return false;
        }
        current = key;
    }
    current == *signer
}

/// Whether the chain announces `signer` from a key whose fingerprint is `trusted` (a
/// station keeps its home's fingerprint, not its key).
pub fn announced_from_fingerprint(
    desk: uuid::Uuid,
    rekeys: &[Rekey],
    trusted: &super::fingerprint::Fingerprint,
    signer: &[u8; 32],
) -> bool {
    rekeys.iter().any(|r| {
        unhex::<32>(&r.previous).is_some_and(|k| {
            super::fingerprint::Fingerprint::of(&k) == *trusted
                && announced_from(desk, rekeys, &k, signer)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_counts_only_when_announced_under_the_trusted_one() {
        let desk = uuid::Uuid::from_u128(5);
        let k1 = SigningKey::from_bytes(&[1u8; 32]);
        let k2 = SigningKey::from_bytes(&[2u8; 32]);
        let k3 = SigningKey::from_bytes(&[3u8; 32]);
        let p = |k: &SigningKey| k.verifying_key().to_bytes();
        let chain = vec![announce(desk, &k1, &p(&k2)), announce(desk, &k2, &p(&k3))];
        assert!(announced_from(desk, &chain, &p(&k1), &p(&k3)));
        assert!(announced_from(desk, &chain, &p(&k2), &p(&k3)));
        assert!(!announced_from(desk, &chain, &p(&k1), &p(&k2)));
        // Another desk's announcement, or one from an untrusted key, does not count.
        assert!(!announced_from(
            uuid::Uuid::from_u128(6),
            &chain,
            &p(&k1),
            &p(&k3)
        ));
        let thief = SigningKey::from_bytes(&[9u8; 32]);
        let forged = vec![announce(desk, &thief, &p(&k3))];
        assert!(!announced_from(desk, &forged, &p(&k1), &p(&k3)));
        let mut bent = chain.clone();
        bent[1].key = hex(&p(&thief));
        assert!(!announced_from(desk, &bent, &p(&k1), &p(&thief)));
    }
}
