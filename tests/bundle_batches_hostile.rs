//! A station's bundle imported in batches, under attack by whoever holds the desk's file (and
//! so its key): a line refused in a later batch, after earlier batches were merged, leaves
//! the home's file exactly as it was, and the genuine bundle then goes in.

mod common;

use std::path::{Path, PathBuf};

use common::{approve_cli, desk_key, dump_file, liaison, reseal, written_bundle};

/// HF desk 1 with `demo --cases 1500` (about 6,500 events: four batches), its `--all`
/// bundle, and the home XA with the desk approved.
struct World {
    _dir: tempfile::TempDir,
    h: PathBuf,
    bundle: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let h = dir.path().to_path_buf();
        let run = |db: &str, today: &str, args: &[&str]| {
            let mut all = vec!["--lang", "en", "--db", db, "--today", today];
            all.extend_from_slice(args);
            liaison(&h).args(&all).assert().success()
        };
        run("HF.db", "2026-11-17", &["demo", "--cases", "1500"]);
        let out = run(
            "HF.db",
            "2026-11-18",
            &["bundle", "export", "--all", "--out", "usb"],
        );
        let bundle = written_bundle(&h, &out.get_output().stdout);
        run("home.db", "2026-11-01", &["init", "--station", "XA"]);
        approve_cli(&h, "home.db", "HF.db");
        World {
            _dir: dir,
            h,
            bundle,
        }
    }

    /// A copy of the bundle with `edit` made to its events (one JSON value a line), sealed
    /// again with the desk's key.
    fn forged(&self, name: &str, edit: impl FnOnce(&mut Vec<serde_json::Value>)) -> PathBuf {
        let target = self.h.join(name).join(self.bundle.file_name().unwrap());
        std::fs::create_dir_all(&target).unwrap();
        for e in std::fs::read_dir(&self.bundle).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), target.join(e.file_name())).unwrap();
        }
        let text = std::fs::read_to_string(target.join("events.jsonl")).unwrap();
        let mut events: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(events.len() > 3 * 2_000, "{} events", events.len());
        edit(&mut events);
        let mut out = String::new();
        for e in &events {
            out.push_str(&serde_json::to_string(e).unwrap());
            out.push('\n');
        }
        std::fs::write(target.join("events.jsonl"), out).unwrap();
        reseal(&target, &desk_key(&self.h.join("HF.db")));
        target
    }

    fn import(&self, bundle: &Path) -> (bool, String) {
        let out = liaison(&self.h)
            .args(["--lang", "en", "--db", "home.db", "--today", "2026-11-18"])
            .args(["bundle", "import", &bundle.to_string_lossy()])
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!said.contains("panicked"), "{said}");
        (out.status.success(), said)
    }

    /// The forged bundle is refused with `expected` in its message and the home's file as it
    /// was, every table; then the genuine bundle goes in whole.
    fn refused_then_genuine(&self, forged: &Path, expected: &str) {
        let before = dump_file(&self.h.join("home.db"));
        let (ok, said) = self.import(forged);
        assert!(!ok, "applied: {said}");
        assert!(said.contains(expected), "{said}");
        assert_eq!(dump_file(&self.h.join("home.db")), before, "{said}");
        let (ok, said) = self.import(&self.bundle);
        assert!(ok && said.contains("6491 events"), "{said}");
    }
}

#[test]
fn a_line_refused_in_the_last_batch_undoes_the_batches_before() {
    let w = World::new();
    // Line 6001, in the fourth batch: dated after the bundle was written.
    let forged = w.forged("late", |events| {
        let e = &mut events[6000];
        e["at"] = "2027-01-05T10:00:00".into();
        e.as_object_mut().unwrap().remove("digest");
    });
    w.refused_then_genuine(&forged, "events.jsonl, line 6001");
}

#[test]
fn an_id_reused_in_a_later_batch_with_other_content_is_refused() {
    let w = World::new();
    // Line 5001 takes line 10's id: line 10 was merged three batches before.
    let forged = w.forged("reused", |events| {
        let id = events[9]["id"].clone();
        let e = &mut events[5000];
        e["id"] = id.clone();
        e.as_object_mut().unwrap().remove("digest");
    });
    let id = serde_json::from_str::<serde_json::Value>(
        std::fs::read_to_string(forged.join("events.jsonl"))
            .unwrap()
            .lines()
            .nth(9)
            .unwrap(),
    )
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    w.refused_then_genuine(&forged, &id);
}

#[test]
fn a_line_longer_than_any_desk_writes_is_refused_unread() {
    let w = World::new();
    // A case registered in the third batch, with 8 MiB of text: within the signed size, but
    // no desk writes a line that long, and the reader would hold it whole.
    let mut at = 0;
    let forged = w.forged("long", |events| {
        at = 4000
            + events[4000..]
                .iter()
                .position(|e| e["kind"] == "registered")
                .unwrap();
        let e = &mut events[at];
        e["payload"]["content"] = "长".repeat((8 << 20) / 3).into();
        e.as_object_mut().unwrap().remove("digest");
    });
    w.refused_then_genuine(
        &forged,
        &format!(
            "events.jsonl in the bundle has a line {} longer than the 1048576 bytes",
            at + 1
        ),
    );
}

/// A file the bundle may not carry is refused from the manifest, never opened: here a pipe
/// stands where the signed `units.jsonl` should be (a large file there would be read whole
/// before the refusal).
#[cfg(unix)]
#[test]
fn a_file_a_desk_may_not_send_is_refused_unopened() {
    let w = World::new();
    let forged = w.forged("units", |_| {});
    std::fs::write(forged.join("units.jsonl"), "{}\n").unwrap();
    reseal(&forged, &desk_key(&w.h.join("HF.db")));
    std::fs::remove_file(forged.join("units.jsonl")).unwrap();
    let fifo = std::ffi::CString::new(forged.join("units.jsonl").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    w.refused_then_genuine(
        &forged,
        "units.jsonl: a station desk's bundle carries no reference data",
    );
}
