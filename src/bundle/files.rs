//! Writing a bundle directory atomically and reading one back with every check.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;

use crate::domain::digest::hex;
pub use crate::domain::digest::sha256_hex;

pub use super::stream::Contents;
use super::{BUNDLE_VERSION, BundleError, FORMAT, Manifest, OLDEST_BUNDLE_VERSION, sign};
use crate::domain::trust::{NotAFile, Refusal};
use crate::platform::Opened;
use crate::store::SCHEMA_VERSION;

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BundleError {
    let context = context.into();
    move |source| BundleError::Io { context, source }
}

/// Writes `files` and their manifest, signed with `key`, into `parent/<name>` (creating
/// `parent` when missing): first under a temporary name, every file synced, then renamed.
/// Returns the bundle's path.
pub fn write(
    parent: &Path,
    manifest: Manifest,
    files: &[(&str, String)],
    key: &SigningKey,
) -> Result<PathBuf, BundleError> {
    let mut draft = Draft::new(parent)?;
    for (name, text) in files {
        let mut file = draft.file(name)?;
        file.write_text(text)?;
        draft.close(file)?;
    }
    draft.finish(manifest, key)
}

/// A bundle being written file by file, line by line, under a temporary name: each file's
/// checksum, size and line count are taken as it is written, so nothing is held whole.
/// Dropped unfinished, it removes what it wrote.
pub struct Draft {
    parent: PathBuf,
    partial: PathBuf,
    counts: BTreeMap<String, u64>,
    hashes: BTreeMap<String, String>,
    sizes: BTreeMap<String, u64>,
    done: bool,
}

/// One file of a [`Draft`], written a line at a time.
pub struct DraftFile {
    name: String,
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
    hasher: sha2::Sha256,
    lines: u64,
    bytes: u64,
}

impl DraftFile {
    /// Appends one JSON line.
    pub fn line<T: serde::Serialize>(&mut self, item: &T) -> Result<u64, BundleError> {
        let mut text = serde_json::to_string(item).expect("wire types always serialise");
        text.push('\n');
        self.write_text(&text)?;
        Ok(text.len() as u64)
    }

    fn write_text(&mut self, text: &str) -> Result<(), BundleError> {
        use sha2::Digest;
        use std::io::Write;
        self.out
            .write_all(text.as_bytes())
            .map_err(io(format!("cannot write {}", self.path.display())))?;
        self.hasher.update(text.as_bytes());
        self.lines += text.bytes().filter(|b| *b == b'\n').count() as u64;
        if !text.is_empty() && !text.ends_with('\n') {
            // `str::lines` counts a last line without its newline.
            self.lines += 1;
        }
        self.bytes += text.len() as u64;
        Ok(())
    }
}

impl Draft {
    /// Starts a bundle in `parent` (created when missing).
    pub fn new(parent: &Path) -> Result<Self, BundleError> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        if !parent.is_dir() {
            std::fs::create_dir_all(parent).map_err(io(format!(
                "cannot create the directory {} for the bundle",
                parent.display()
            )))?;
        }
        let partial = parent.join(format!(
            ".liaison-bundle.partial-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        crate::platform::create_private_dir(&partial)
            .map_err(io(format!("cannot create {}", partial.display())))?;
        Ok(Self {
            parent: parent.to_path_buf(),
            partial,
            counts: BTreeMap::new(),
            hashes: BTreeMap::new(),
            sizes: BTreeMap::new(),
            done: false,
        })
    }

    /// Opens the file `name` of the bundle, new.
    pub fn file(&mut self, name: &str) -> Result<DraftFile, BundleError> {
        use sha2::Digest;
        let path = self.partial.join(name);
        let file = crate::platform::create_private_file(&path)
            .map_err(io(format!("cannot write {}", path.display())))?;
        Ok(DraftFile {
            name: name.to_string(),
            path,
            out: std::io::BufWriter::new(file),
            hasher: sha2::Sha256::new(),
            lines: 0,
            bytes: 0,
        })
    }

    /// Flushes and syncs a file, noting its checksum, size and line count for the manifest.
    pub fn close(&mut self, file: DraftFile) -> Result<(), BundleError> {
        use sha2::Digest;
        let DraftFile {
            name,
            path,
            out,
            hasher,
            lines,
            bytes,
        } = file;
        let handle = out
            .into_inner()
            .map_err(|e| io(format!("cannot write {}", path.display()))(e.into_error()))?;
        handle
            .sync_all()
            .map_err(io(format!("cannot write {}", path.display())))?;
        self.hashes.insert(name.clone(), hex(&hasher.finalize()));
        self.counts.insert(name.clone(), lines);
        self.sizes.insert(name, bytes);
        Ok(())
    }

    /// Signs the manifest over the files closed, writes it, and moves the bundle into place.
    pub fn finish(
        mut self,
        mut manifest: Manifest,
        key: &SigningKey,
    ) -> Result<PathBuf, BundleError> {
        manifest.counts = std::mem::take(&mut self.counts);
        manifest.files = std::mem::take(&mut self.hashes);
        manifest.sizes = std::mem::take(&mut self.sizes);
        sign::sign(&mut manifest, key);
        let json = serde_json::to_string_pretty(&manifest).expect("a manifest always serialises");
        write_synced(&self.partial.join("manifest.json"), json.as_bytes())?;
        // The same range may be written twice (after a restore, or with --all): the later
        // bundle takes the next free name beside the earlier one, which stays as it was.
        let base = manifest.name();
        let target = (1..)
            .map(|n| {
                let name = if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                };
                self.parent.join(name)
            })
            .find(|target| !target.exists())
            .expect("some name is free");
        std::fs::rename(&self.partial, &target).map_err(io(format!(
            "cannot move the bundle into place at {}",
            target.display()
        )))?;
        self.done = true;
        Ok(target)
    }
}

impl Drop for Draft {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.partial);
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    // Bundles carry residents' names and phones: private to the desk's user.
    crate::platform::write_private_new(path, bytes)
        .map_err(io(format!("cannot write {}", path.display())))
}

/// A bundle read from disk, signed by the key it names, whose every file matched its
/// checksum and count. Its rows are read with [`Verified::parse`].
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: Manifest,
    /// The key that signed it.
    pub key: [u8; 32],
    pub contents: Contents,
}

/// The largest manifest read: a manifest lists a few files.
const MANIFEST_LIMIT: u64 = 4 * 1024 * 1024;
/// The largest file read from a bundle whose (older) manifest declares no sizes.
pub const UNDECLARED_LIMIT: u64 = 1024 * 1024 * 1024;

/// Reads and checks a bundle: manifest, format and versions, the signature (by the key the
/// manifest names: whether that key is trusted is the importer's question), every file's
/// presence, size, checksum and line count, and no stray files.
pub fn read(path: &Path) -> Result<Verified, BundleError> {
    let (manifest, key) = read_manifest(path)?;
    read_files(path, manifest, key)
}

/// Reads `manifest.json` as a file from a stick is read (see [`read_regular`]), checks its
/// format and versions, and verifies its signature; returns it with the key that signed it.
/// Nothing else of the bundle is read: a stranger's bundle can be set aside before its files
/// are.
pub fn read_manifest(path: &Path) -> Result<(Manifest, [u8; 32]), BundleError> {
    let bytes = match read_regular(path, "manifest.json", None, MANIFEST_LIMIT) {
        Err(BundleError::MissingFile(_)) => {
            return Err(BundleError::NoManifest(path.display().to_string()));
        }
        other => other?,
    };
    let text =
        String::from_utf8(bytes).map_err(|_| BundleError::BadManifest("not UTF-8".into()))?;
    parse_manifest(&text)
}

/// A manifest's text: format, versions, shape and signature.
pub fn parse_manifest(text: &str) -> Result<(Manifest, [u8; 32]), BundleError> {
    // Versions first, before the rest of the manifest is trusted to have today's shape.
    let raw: serde_json::Value =
        serde_json::from_str(text).map_err(|e| BundleError::BadManifest(e.to_string()))?;
    let format = raw
        .get("format")
        .and_then(|f| f.as_str())
        .unwrap_or_default();
    if format != FORMAT {
        return Err(BundleError::Foreign(format.to_string()));
    }
    let version = raw
        .get("bundle_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0) as u32;
    let schema = raw
        .get("schema")
        .and_then(|v| v.as_i64())
        .unwrap_or(i64::MAX);
    if version < OLDEST_BUNDLE_VERSION {
        return Err(BundleError::TooOld { found: version });
    }
    if version > BUNDLE_VERSION || schema > SCHEMA_VERSION {
        // Who updates: a desk's events go up to the home, the home's bundles down.
        let to_home = raw.get("kind").and_then(|k| k.as_str()) == Some("events");
        return Err(BundleError::TooNew {
            found: version,
            schema,
            known: SCHEMA_VERSION,
            to_home,
        });
    }
    let manifest: Manifest =
        serde_json::from_value(raw).map_err(|e| BundleError::BadManifest(e.to_string()))?;
    let key = sign::verify(&manifest)?;
    for name in manifest.files.keys() {
        let safe = !name.contains(['/', '\\', ':', '\0'])
            && !name.starts_with('.')
            && name != "manifest.json";
        if !safe {
            return Err(BundleError::BadManifest(format!("file name `{name}`")));
        }
        // Since layout 3 every file's size is signed: it is read that far and no further.
        if manifest.bundle_version >= 3 && !manifest.sizes.contains_key(name) {
            return Err(Refusal::SizeMissing { file: name.clone() }.into());
        }
    }
    if let Some(stray) = manifest
        .sizes
        .keys()
        .find(|n| !manifest.files.contains_key(*n))
    {
        return Err(BundleError::BadManifest(format!("a size for `{stray}`")));
    }
    Ok((manifest, key))
}

/// The files of a bundle whose manifest was read and verified, checked in a first pass that
/// keeps nothing of them (see [`super::stream`]): they stay in the folder, read again as
/// they are parsed.
pub fn read_files(path: &Path, manifest: Manifest, key: [u8; 32]) -> Result<Verified, BundleError> {
    no_stray_files(path, &manifest)?;
    for name in manifest.files.keys() {
        super::stream::check_file(path, name, &manifest, UNDECLARED_LIMIT)?;
    }
    Ok(Verified {
        manifest,
        key,
        contents: Contents::Folder(path.to_path_buf()),
    })
}

/// The files of a bundle read whole (a bundle kept aside to wait), none of an undeclared
/// size read past `limit` bytes.
pub fn read_files_within(
    path: &Path,
    manifest: Manifest,
    key: [u8; 32],
    limit: u64,
) -> Result<Verified, BundleError> {
    no_stray_files(path, &manifest)?;
    let mut files = BTreeMap::new();
    for name in manifest.files.keys() {
        let declared = manifest.sizes.get(name).copied();
        let bytes = read_regular(path, name, declared, limit)?;
        files.insert(name.clone(), bytes);
    }
    check_contents(manifest, key, files)
}

/// Every file in the folder is one the manifest lists (listing names reads nothing).
fn no_stray_files(path: &Path, manifest: &Manifest) -> Result<(), BundleError> {
    for entry in std::fs::read_dir(path).map_err(io(format!("cannot read {}", path.display())))? {
        let name = entry
            .map_err(io("cannot list the bundle"))?
            .file_name()
            .to_string_lossy()
            .to_string();
        if name != "manifest.json" && !manifest.files.contains_key(&name) {
            return Err(BundleError::UnlistedFile(name));
        }
    }
    Ok(())
}

/// Checks the files' contents against the manifest: checksum, then text, then line count.
fn check_contents(
    manifest: Manifest,
    key: [u8; 32],
    raw: BTreeMap<String, Vec<u8>>,
) -> Result<Verified, BundleError> {
    let mut files = BTreeMap::new();
    for (name, bytes) in raw {
        let expected = manifest
            .files
            .get(&name)
            .ok_or_else(|| BundleError::UnlistedFile(name.clone()))?;
        if sha256_hex(&bytes) != *expected {
            return Err(BundleError::Checksum { file: name });
        }
        let text = String::from_utf8(bytes).map_err(|_| Refusal::NotUtf8 { file: name.clone() })?;
        let found = text.lines().count() as u64;
        let expected = manifest.counts.get(&name).copied().unwrap_or(u64::MAX);
        if found != expected {
            return Err(BundleError::Count {
                file: name,
                found,
                expected,
            });
        }
        files.insert(name, text);
    }
    if let Some(missing) = manifest.files.keys().find(|n| !files.contains_key(*n)) {
        return Err(BundleError::MissingFile(missing.clone()));
    }
    Ok(Verified {
        manifest,
        key,
        contents: Contents::Kept(files),
    })
}

/// A bundle kept in a store (its manifest's text and its files' texts), checked again as if
/// it had just been read from a stick.
pub fn verify_kept(
    manifest_text: &str,
    files: BTreeMap<String, String>,
) -> Result<Verified, BundleError> {
    let (manifest, key) = parse_manifest(manifest_text)?;
    let raw = files
        .into_iter()
        .map(|(n, t)| (n, t.into_bytes()))
        .collect();
    check_contents(manifest, key, raw)
}

/// Reads one file of a bundle as a file from a stick must be read: opened without following
/// a link and without blocking (a FIFO or a device never stalls the import), judged on the
/// open handle to be a regular file, of the size the signed manifest declares, and read no
/// further than that. Without a declared size (an older layout) the file is read only up to
/// `limit`.
fn read_regular(
    dir: &Path,
    name: &str,
    declared: Option<u64>,
    limit: u64,
) -> Result<Vec<u8>, BundleError> {
    use std::io::Read;
    let (file, wanted) = open_regular(dir, name, declared, limit)?;
    let mut bytes = Vec::with_capacity(wanted.min(limit) as usize);
    file.take(wanted)
        .read_to_end(&mut bytes)
        .map_err(io(format!("cannot read {name}")))?;
    if bytes.len() as u64 != wanted {
        // The file shrank between the check and the read.
        return Err(Refusal::SizeDiffers {
            file: name.to_string(),
            found: bytes.len() as u64,
            declared: wanted,
        }
        .into());
    }
    Ok(bytes)
}

/// Opens one file of a bundle as [`read_regular`] reads it; returns it with the bytes to
/// read of it (its declared size, or its size up to `limit`). A missing file is
/// [`BundleError::MissingFile`].
pub(super) fn open_regular(
    dir: &Path,
    name: &str,
    declared: Option<u64>,
    limit: u64,
) -> Result<(std::fs::File, u64), BundleError> {
    let path = dir.join(name);
    let not_a_file = |found| -> BundleError {
        Refusal::NotAFile {
            file: name.to_string(),
            found,
        }
        .into()
    };
    let opened = match crate::platform::open_no_follow(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(BundleError::MissingFile(name.to_string()));
        }
        other => other.map_err(io(format!("cannot read {name}")))?,
    };
    let (file, size) = match opened {
        Opened::File(file, size) => (file, size),
        Opened::Link => return Err(not_a_file(NotAFile::Link)),
        Opened::Fifo => return Err(not_a_file(NotAFile::Fifo)),
        Opened::Device => return Err(not_a_file(NotAFile::Device)),
        Opened::Directory => return Err(not_a_file(NotAFile::Directory)),
        Opened::Other => return Err(not_a_file(NotAFile::Other)),
    };
    let wanted = match declared {
        Some(declared) if declared != size => {
            return Err(Refusal::SizeDiffers {
                file: name.to_string(),
                found: size,
                declared,
            }
            .into());
        }
        Some(declared) => declared,
        None if size > limit => {
            return Err(Refusal::TooLarge {
                file: name.to_string(),
                size,
                limit,
            }
            .into());
        }
        None => size,
    };
    Ok((file, wanted))
}
