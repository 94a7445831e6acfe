//! Signing a bundle's manifest, and checking a signature.
//!
//! The manifest names every file with its SHA-256, so signing the manifest signs the whole
//! bundle. What is signed is the manifest as this program serialises it without its signature
//! (fields in a fixed order, maps sorted), after a label that keeps these signatures from
//! meaning anything elsewhere. Whether the key is *trusted* (enrolled at the home, pinned at a
//! station) is the importer's question, not this module's.

pub use ed25519_dalek::SigningKey;
use ed25519_dalek::{Signature, Signer as _, VerifyingKey};

use super::{BundleError, Manifest};
use crate::domain::desk::key_fingerprint;
use crate::domain::digest::{hex, unhex};

const LABEL: &[u8] = b"liaison-bundle-manifest-v2\n";

fn signed_bytes(manifest: &Manifest) -> Vec<u8> {
    let mut unsigned = manifest.clone();
    unsigned.signature.clear();
    let mut bytes = LABEL.to_vec();
    bytes.extend(serde_json::to_vec(&unsigned).expect("a manifest always serialises"));
    bytes
}

/// Signs the manifest in place.
pub fn sign(manifest: &mut Manifest, key: &SigningKey) {
    let signature = key.sign(&signed_bytes(manifest));
    manifest.signature = hex(&signature.to_bytes());
}

/// The digest of a signed manifest: of what is signed, with the signature. Two bundles with
/// the same digest carry the same files (the manifest names each file's SHA-256).
pub fn manifest_digest(manifest: &Manifest) -> [u8; 32] {
    use sha2::Digest;
    let mut bytes = signed_bytes(manifest);
    bytes.extend(manifest.signature.as_bytes());
    sha2::Sha256::digest(&bytes).into()
}

/// Checks that the manifest was signed by the key it names; returns that key.
pub fn verify(manifest: &Manifest) -> Result<[u8; 32], BundleError> {
    let who = manifest.signer_label();
    let bad = || BundleError::BadSignature(who.clone());
    let key = unhex::<32>(&manifest.signer.key).ok_or_else(bad)?;
    let signature = unhex::<64>(&manifest.signature).ok_or_else(bad)?;
    let verifying = VerifyingKey::from_bytes(&key).map_err(|_| bad())?;
    verifying
        .verify_strict(&signed_bytes(manifest), &Signature::from_bytes(&signature))
        .map_err(|_| bad())?;
    Ok(key)
}

pub use crate::domain::rekey::{announce, announced_from};

/// The fingerprint of a key given in hex, or `?` for a malformed one.
pub fn key_fingerprint_hex(key: &str) -> String {
    match unhex::<32>(key) {
        Some(k) => key_fingerprint(&k),
        None => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{BundleKind, Signer};

    fn manifest(key: &SigningKey) -> Manifest {
        Manifest {
            format: crate::bundle::FORMAT.into(),
            bundle_version: crate::bundle::BUNDLE_VERSION,
            schema: 5,
            kind: BundleKind::Events,
            station: "HF".into(),
            signer: Signer {
                desk: uuid::Uuid::nil(),
                station: "HF".into(),
                number: 1,
                key: hex(&key.verifying_key().to_bytes()),
            },
            ranges: vec![],
            version: 0,
            for_station: String::new(),
            created_at: "2026-11-17T09:00:00".into(),
            counts: Default::default(),
            sizes: Default::default(),
            rekeys: Vec::new(),
            files: [("events.jsonl".to_string(), "ab".repeat(32))].into(),
            signature: String::new(),
        }
    }

    #[test]
    fn a_signed_manifest_verifies_and_any_change_breaks_it() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let mut m = manifest(&key);
        sign(&mut m, &key);
        assert_eq!(verify(&m).unwrap(), key.verifying_key().to_bytes());

        let mut changed = m.clone();
        changed.files.insert("events.jsonl".into(), "cd".repeat(32));
        assert!(matches!(
            verify(&changed),
            Err(BundleError::BadSignature(_))
        ));

        // Another key named in the manifest: the signature is not that key's.
        let other = SigningKey::from_bytes(&[9u8; 32]);
        let mut forged = m.clone();
        forged.signer.key = hex(&other.verifying_key().to_bytes());
        assert!(verify(&forged).is_err());
        // Re-signed by the other key: it verifies, as that key (trust is the importer's call).
        sign(&mut forged, &other);
        assert_eq!(verify(&forged).unwrap(), other.verifying_key().to_bytes());

        let mut unsigned = m.clone();
        unsigned.signature.clear();
        assert!(verify(&unsigned).is_err());
    }
}
