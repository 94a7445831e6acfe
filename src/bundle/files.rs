//! Writing a bundle directory atomically and reading one back with every check.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;

pub use crate::domain::digest::sha256_hex;

use super::{BUNDLE_VERSION, BundleError, FORMAT, Manifest, sign};
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
    mut manifest: Manifest,
    files: &[(&str, String)],
    key: &SigningKey,
) -> Result<PathBuf, BundleError> {
    if !parent.is_dir() {
        std::fs::create_dir_all(parent).map_err(io(format!(
            "cannot create the directory {} for the bundle",
            parent.display()
        )))?;
    }
    manifest.counts = files
        .iter()
        .map(|(n, text)| (n.to_string(), text.lines().count() as u64))
        .collect();
    manifest.files = files
        .iter()
        .map(|(n, text)| (n.to_string(), sha256_hex(text.as_bytes())))
        .collect();
    sign::sign(&mut manifest, key);
    // The same range may be written twice (after a restore, or with --all): the later
    // bundle takes the next free name beside the earlier one, which stays as it was.
    let base = manifest.name();
    let (name, target) = (1..)
        .map(|n| {
            let name = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            let target = parent.join(&name);
            (name, target)
        })
        .find(|(_, target)| !target.exists())
        .expect("some name is free");
    let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let result = (|| {
        crate::platform::create_private_dir(&partial)
            .map_err(io(format!("cannot create {}", partial.display())))?;
        for (file, text) in files {
            write_synced(&partial.join(file), text.as_bytes())?;
        }
        let json = serde_json::to_string_pretty(&manifest).expect("a manifest always serialises");
        write_synced(&partial.join("manifest.json"), json.as_bytes())?;
        std::fs::rename(&partial, &target).map_err(io(format!(
            "cannot move the bundle into place at {}",
            target.display()
        )))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    result.map(|()| target)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    // Bundles carry residents' names and phones: private to the desk's user.
    crate::platform::write_private_new(path, bytes)
        .map_err(io(format!("cannot write {}", path.display())))
}

/// A bundle read from disk, signed by the key it names, whose every file matched its
/// checksum and count.
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: Manifest,
    /// The key that signed it.
    pub key: [u8; 32],
    pub files: BTreeMap<String, String>,
}

/// Reads and checks a bundle: manifest, format and versions, the signature (by the key the
/// manifest names: whether that key is trusted is the importer's question), every file's
/// presence, checksum and line count, and no stray files.
pub fn read(path: &Path) -> Result<Verified, BundleError> {
    let manifest_path = path.join("manifest.json");
    let text = match std::fs::read(&manifest_path) {
        Ok(bytes) => {
            String::from_utf8(bytes).map_err(|_| BundleError::BadManifest("not UTF-8".into()))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(BundleError::NoManifest(path.display().to_string()));
        }
        Err(e) => return Err(io(format!("cannot read {}", manifest_path.display()))(e)),
    };
    // Versions first, before the rest of the manifest is trusted to have today's shape.
    let raw: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| BundleError::BadManifest(e.to_string()))?;
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
    if version < BUNDLE_VERSION {
        return Err(BundleError::TooOld { found: version });
    }
    if version != BUNDLE_VERSION || schema > SCHEMA_VERSION {
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
    let mut files = BTreeMap::new();
    for (name, expected) in &manifest.files {
        let safe = !name.contains(['/', '\\']) && !name.starts_with('.');
        if !safe {
            return Err(BundleError::BadManifest(format!("file name `{name}`")));
        }
        let bytes = match std::fs::read(path.join(name)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(BundleError::MissingFile(name.clone()));
            }
            Err(e) => return Err(io(format!("cannot read {name}"))(e)),
        };
        if sha256_hex(&bytes) != *expected {
            return Err(BundleError::Checksum { file: name.clone() });
        }
        let text =
            String::from_utf8(bytes).map_err(|_| BundleError::Checksum { file: name.clone() })?;
        let found = text.lines().count() as u64;
        let expected = manifest.counts.get(name).copied().unwrap_or(u64::MAX);
        if found != expected {
            return Err(BundleError::Count {
                file: name.clone(),
                found,
                expected,
            });
        }
        files.insert(name.clone(), text);
    }
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
    Ok(Verified {
        manifest,
        key,
        files,
    })
}
