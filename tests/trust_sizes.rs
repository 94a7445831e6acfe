//! The sizes a stranger's signed manifest declares, added up to see whether its bundle fits
//! the room kept for bundles that wait: sizes whose sum passes 2^64 are refused as too large,
//! never summed past the end (a panic in a build that checks arithmetic).

mod common;

use common::{dump_file, liaison};
use liaison::bundle::sign::SigningKey;
use liaison::bundle::wire::WireEvent;
use liaison::bundle::{BUNDLE_VERSION, BundleKind, EpochRange, FORMAT, Manifest, Signer};
use liaison::domain::digest::hex;
use uuid::Uuid;

#[test]
fn sizes_past_two_to_the_64_are_too_large_to_wait() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    liaison(h)
        .args(["--lang", "en", "--db", "home.db", "--today", "2026-11-01"])
        .args(["init", "--station", "XA"])
        .assert()
        .success();
    let key = SigningKey::from_bytes(&[7; 32]);
    let desk = Uuid::from_u128(0x7777);
    let event = WireEvent {
        id: Uuid::from_u128(1),
        case_id: Uuid::from_u128(2),
        at: "2026-11-18T10:00:00".into(),
        actor: "小王".into(),
        kind: "registered".into(),
        payload: serde_json::json!({}),
        desk,
        epoch: 1,
        seq: 1,
        digest: None,
    };
    let m = Manifest {
        format: FORMAT.into(),
        bundle_version: BUNDLE_VERSION,
        schema: liaison::store::SCHEMA_VERSION,
        kind: BundleKind::Events,
        station: "HF".into(),
        signer: Signer {
            desk,
            station: "HF".into(),
            number: 3,
            key: hex(&key.verifying_key().to_bytes()),
        },
        ranges: vec![EpochRange {
            epoch: 1,
            from: 1,
            to: 1,
        }],
        version: 0,
        for_station: String::new(),
        created_at: "2026-11-18T10:05:00".into(),
        counts: Default::default(),
        files: Default::default(),
        sizes: Default::default(),
        rekeys: Vec::new(),
        signature: String::new(),
    };
    let files = [
        ("events.jsonl", liaison::bundle::wire::lines(&[event])),
        ("residents.jsonl", String::new()),
        ("roster.jsonl", String::new()),
        ("activities.jsonl", String::new()),
    ];
    let bundle = liaison::bundle::files::write(&h.join("usb"), m, &files, &key).unwrap();
    // Two sizes of 2^63 each, signed: their sum is 2^64.
    let path = bundle.join("manifest.json");
    let mut m: Manifest = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for name in ["events.jsonl", "residents.jsonl"] {
        m.sizes.insert(name.into(), 1 << 63);
    }
    liaison::bundle::sign::sign(&mut m, &key);
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();

    let before = dump_file(&h.join("home.db"));
    let out = liaison(h)
        .args(["--lang", "en", "--db", "home.db", "--today", "2026-11-18"])
        .args(["bundle", "import", &bundle.to_string_lossy()])
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("so this one was not kept"), "{said}");
    assert_eq!(dump_file(&h.join("home.db")), before, "{said}");
}
