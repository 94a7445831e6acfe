//! `bundle::files::read`: a bundle directory from a USB stick.
//!
//! Input: `manifest.json` text, NUL, a file name, NUL, that file's text. The file is written
//! beside the manifest in a scratch directory. In the manifest text `$SHA` is replaced by the
//! SHA-256 of the data file and `$COUNT` by its line count, and a manifest whose `signature`
//! is `$SIGN` is signed with a fixed key (its signer's key set to match), so the fuzzer can get past the checksum and the
//! signature and reach the later checks.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use liaison::bundle::files::{read, sha256_hex};
use liaison::bundle::wire::{
    self, WireActivity, WireDesk, WireEvent, WireNotice, WireResident, WireRoster,
};
use liaison::bundle::sign::{SigningKey, sign, verify};
use liaison::bundle::{BUNDLE_VERSION, FORMAT, Manifest};
use liaison::domain::category::{Category, Unit};
use liaison::domain::member::Member;
use liaison::domain::station::Station;
use liaison::store::SCHEMA_VERSION;
use liaison_fuzz::split_nul;
use libfuzzer_sys::fuzz_target;

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        base.join(format!("liaison-fuzz-bundle-{}", std::process::id()))
    })
}

/// A name we can safely create inside the scratch directory.
fn safe_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name != "."
        && name != ".."
        && name != "manifest.json"
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fuzz_target!(|data: &[u8]| {
    let (manifest, rest) = split_nul(data);
    let (name, file) = split_nul(rest);
    let name = std::str::from_utf8(name)
        .ok()
        .filter(|n| safe_name(n))
        .unwrap_or("events.jsonl");
    let lines = String::from_utf8_lossy(file).lines().count();
    let manifest = String::from_utf8_lossy(manifest)
        .replace("$SHA", &sha256_hex(file))
        .replace("$COUNT", &lines.to_string());
    let manifest = match serde_json::from_str::<Manifest>(&manifest) {
        Ok(mut m) if m.signature == "$SIGN" => {
            let key = SigningKey::from_bytes(&[7; 32]);
            m.signer.key = liaison::domain::digest::hex(&key.verifying_key().to_bytes());
            sign(&mut m, &key);
            serde_json::to_string(&m).expect("a manifest serialises")
        }
        _ => manifest,
    };

    let dir = scratch();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("scratch directory");
    std::fs::write(dir.join("manifest.json"), manifest.as_bytes()).unwrap();
    std::fs::write(dir.join(name), file).unwrap();

    let Ok(v) = read(dir) else {
        return;
    };
    let m = &v.manifest;
    assert_eq!(m.format, FORMAT);
    assert_eq!(m.bundle_version, BUNDLE_VERSION);
    assert!(m.schema <= SCHEMA_VERSION);
    assert_eq!(verify(m).expect("read verified the signature"), v.key);
    let _ = m.name();
    // Every listed file was read and matched; nothing unlisted got in.
    assert_eq!(
        v.files.keys().collect::<Vec<_>>(),
        m.files.keys().collect::<Vec<_>>()
    );
    for (n, text) in &v.files {
        assert_eq!(sha256_hex(text.as_bytes()), m.files[n]);
        assert_eq!(Some(&(text.lines().count() as u64)), m.counts.get(n));
        assert!(n == name, "read a file {n:?} that was never written");
        // Then the import parses it by name.
        let _ = match n.as_str() {
            "events.jsonl" => wire::parse::<WireEvent>(n, text).map(drop),
            "residents.jsonl" => wire::parse::<WireResident>(n, text).map(drop),
            "desks.jsonl" => wire::parse::<WireDesk>(n, text).map(drop),
            "units.jsonl" => wire::parse::<Unit>(n, text).map(drop),
            "categories.jsonl" => wire::parse::<Category>(n, text).map(drop),
            "members.jsonl" => wire::parse::<Member>(n, text).map(drop),
            "roster.jsonl" => wire::parse::<WireRoster>(n, text).map(drop),
            "activities.jsonl" => wire::parse::<WireActivity>(n, text).map(drop),
            "holidays.jsonl" => wire::parse::<WireNotice>(n, text).map(drop),
            "stations.jsonl" => wire::parse::<Station>(n, text).map(drop),
            "settings.jsonl" => wire::parse::<(String, String)>(n, text).map(drop),
            _ => Ok(()),
        };
    }
});
