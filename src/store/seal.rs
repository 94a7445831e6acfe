//! A backup's seal: the SHA-256 of the backup's bytes, signed with the desk's key, written
//! after the database's last page. SQLite reads a file by the page count in its header and
//! never looks past it, so the sealed file is an ordinary database to every program; copied
//! whole, the seal goes with it. A restore that finds this desk's seal over exactly the bytes
//! it copies knows the file is the one `liaison backup` made and checked, unchanged.
//!
//! What a seal proves is that the bytes are the ones a holder of the desk's key sealed: the
//! desk's program, after its own check. The key lives in the desk's file and in its backups,
//! so whoever holds one of those could seal anything; they could as well write a file that
//! passes every check (the checks prove soundness, never authorship) or sign bundles as the
//! desk. Damage, a cut, an edit, another desk's or station's key: the seal does not verify,
//! and the backup gets the whole check.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::error::{Result, StoreError};

/// Starts the seal, so a file's end is told apart from a database page's bytes.
const MAGIC: &[u8; 16] = b"liaison-seal-v1\n";
/// What is signed starts with it, so the signature means nothing elsewhere (a bundle's).
const LABEL: &[u8] = b"liaison-backup-seal-v1\n";
/// Magic, sealed length, key, signature.
const SEAL_LEN: u64 = 16 + 8 + 32 + 64;
/// Bytes read and written at a time while copying.
const CHUNK: usize = 1 << 20;

/// A seal as read from a file's end, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// How many bytes before the seal it covers: the whole database.
    pub len: u64,
    /// The key that signed it.
    pub key: [u8; 32],
    signature: [u8; 64],
}

fn signed_bytes(len: u64, digest: &[u8]) -> Vec<u8> {
    let mut bytes = LABEL.to_vec();
    bytes.extend(len.to_le_bytes());
    bytes.extend(digest);
    bytes
}

fn io(path: &Path, what: &str) -> impl FnOnce(std::io::Error) -> StoreError {
    let context = format!("cannot {what} {}", path.display());
    move |source| StoreError::Io { context, source }
}

/// The length and SHA-256 of a whole file, for [`append_seal`].
pub fn digest_file(path: &Path) -> Result<(u64, [u8; 32])> {
    let mut file = File::open(path).map_err(io(path, "read"))?;
    digest_of(&mut file, path, None)
}

/// Appends the seal of `path`'s first `len` bytes, whose digest is `digest`, signed by `key`.
/// The caller syncs the file after.
pub fn append_seal(path: &Path, (len, digest): (u64, [u8; 32]), key: &SigningKey) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io(path, "seal"))?;
    let signature = key.sign(&signed_bytes(len, &digest));
    let mut seal = MAGIC.to_vec();
    seal.extend(len.to_le_bytes());
    seal.extend(key.verifying_key().to_bytes());
    seal.extend(signature.to_bytes());
    file.seek(SeekFrom::Start(len)).map_err(io(path, "seal"))?;
    file.write_all(&seal).map_err(io(path, "seal"))
}

/// The seal at the end of `path`, if it has one (whether it verifies is [`copy_sealed`]'s).
pub fn read_seal(path: &Path) -> Result<Option<Seal>> {
    let mut file = File::open(path).map_err(io(path, "read"))?;
    let size = file.metadata().map_err(io(path, "read"))?.len();
    if size < SEAL_LEN {
        return Ok(None);
    }
    let mut tail = [0u8; SEAL_LEN as usize];
    file.seek(SeekFrom::Start(size - SEAL_LEN))
        .and_then(|_| file.read_exact(&mut tail))
        .map_err(io(path, "read"))?;
    if &tail[..16] != MAGIC {
        return Ok(None);
    }
    let len = u64::from_le_bytes(tail[16..24].try_into().expect("8 bytes"));
    if len != size - SEAL_LEN {
        return Ok(None);
    }
    Ok(Some(Seal {
        len,
        key: tail[24..56].try_into().expect("32 bytes"),
        signature: tail[56..120].try_into().expect("64 bytes"),
    }))
}

/// Copies the `seal.len` bytes the seal covers from `from` into `to` (an empty file, open),
/// taking their digest on the way: the bytes are read once. True when exactly that many
/// bytes were read and the seal is `trusted`'s signature over their digest; on false, what
/// was written to `to` must not be used.
pub fn copy_sealed(
    from: &Path,
    to: (&mut File, &Path),
    seal: &Seal,
    trusted: &[u8; 32],
) -> Result<bool> {
    if &seal.key != trusted {
        return Ok(false);
    }
    let Ok(verifying) = VerifyingKey::from_bytes(trusted) else {
        return Ok(false);
    };
    let mut source = File::open(from).map_err(io(from, "read"))?.take(seal.len);
    let (copied, digest) = digest_of(&mut source, from, Some(to))?;
    if copied != seal.len {
        return Ok(false);
    }
    let signature = Signature::from_bytes(&seal.signature);
    Ok(verifying
        .verify_strict(&signed_bytes(seal.len, &digest), &signature)
        .is_ok())
}

/// Reads `source` to its end, giving its length and SHA-256, writing what it reads to `copy`.
fn digest_of(
    source: &mut impl Read,
    path: &Path,
    mut copy: Option<(&mut File, &Path)>,
) -> Result<(u64, [u8; 32])> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; CHUNK];
    let mut len = 0u64;
    loop {
        let n = match source.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(path, "read")(e)),
        };
        hasher.update(&buffer[..n]);
        if let Some((file, to)) = copy.as_mut() {
            file.write_all(&buffer[..n]).map_err(io(to, "write"))?;
        }
        len += n as u64;
    }
    Ok((len, hasher.finalize().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed_file(dir: &Path, key: &SigningKey) -> std::path::PathBuf {
        let path = dir.join("b.db");
        let bytes: Vec<u8> = (0..3 * 4096u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        seal_file(&path, key);
        path
    }

    fn seal_file(path: &Path, key: &SigningKey) {
        append_seal(path, digest_file(path).unwrap(), key).unwrap();
    }

    fn copies(path: &Path, dir: &Path, trusted: &[u8; 32]) -> bool {
        let Some(seal) = read_seal(path).unwrap() else {
            return false;
        };
        let to = dir.join("copy");
        let _ = std::fs::remove_file(&to);
        let mut file = File::create(&to).unwrap();
        copy_sealed(path, (&mut file, &to), &seal, trusted).unwrap()
    }

    #[test]
    fn a_sealed_file_verifies_by_its_key_only_and_unchanged_only() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let mine = key.verifying_key().to_bytes();
        let path = sealed_file(d, &key);
        assert!(copies(&path, d, &mine));
        // The copy is the database's bytes, without the seal.
        assert_eq!(std::fs::read(d.join("copy")).unwrap().len(), 3 * 4096);

        let other = SigningKey::from_bytes(&[9u8; 32])
            .verifying_key()
            .to_bytes();
        assert!(!copies(&path, d, &other));

        let whole = std::fs::read(&path).unwrap();
        let mut changed = whole.clone();
        changed[5000] ^= 1;
        std::fs::write(&path, &changed).unwrap();
        assert!(!copies(&path, d, &mine));

        // Cut anywhere: no seal found, or one that does not cover what is there.
        for cut in [1, 60, SEAL_LEN as usize, 4096] {
            std::fs::write(&path, &whole[..whole.len() - cut]).unwrap();
            assert!(!copies(&path, d, &mine), "cut {cut}");
        }
        // The seal moved onto other bytes of the same length.
        let mut swapped = vec![0u8; 3 * 4096];
        swapped.extend(&whole[3 * 4096..]);
        std::fs::write(&path, &swapped).unwrap();
        assert!(!copies(&path, d, &mine));
        // Resealed by another key: verifies only as that key's.
        std::fs::write(&path, &whole[..3 * 4096]).unwrap();
        let theirs = SigningKey::from_bytes(&[9u8; 32]);
        seal_file(&path, &theirs);
        assert!(!copies(&path, d, &mine));
        assert!(copies(&path, d, &other));
    }

    #[test]
    fn a_file_without_a_seal_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plain.db");
        std::fs::write(&path, vec![1u8; 8192]).unwrap();
        assert_eq!(read_seal(&path).unwrap(), None);
        std::fs::write(&path, b"short").unwrap();
        assert_eq!(read_seal(&path).unwrap(), None);
    }
}
