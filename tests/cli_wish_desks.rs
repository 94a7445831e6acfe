//! 微心愿 between the desks of one station (issue 25): a wish registered at desk 1 goes up,
//! comes down to desk 2 with the home's reference data, is claimed there, goes up again and
//! down to desk 1; a member claims another at the home and the desks hear of it; only the
//! desk that registered a wish withdraws it. Forged bundles are refused whole and change
//! nothing: a wish event in another station's bundle, a sister desk's withdrawal, an event in
//! the home's copy naming a desk it does not list, and a bundle from a key never approved.

mod common;

use std::path::{Path, PathBuf};

use common::{approve_cli, desk_key, dump_file, fingerprint_of, liaison, reseal, trust_home_cli};
use serde_json::Value;

fn run(h: &Path, db: &str, today: &str, args: &[&str]) -> (bool, String) {
    let out = liaison(h)
        .args(["--lang", "en", "--db", db, "--today", today])
        .args(args)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

fn ok(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let (done, said) = run(h, db, today, args);
    assert!(done, "{db} {args:?}: {said}");
    said
}

fn refused(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let before = dump_file(&h.join(db));
    let (done, said) = run(h, db, today, args);
    assert!(!done, "{db} {args:?} went through: {said}");
    assert_eq!(dump_file(&h.join(db)), before, "{db} {args:?} changed");
    said
}

/// The bundles a `bundle export` wrote, by their names.
fn written(h: &Path, said: &str) -> Vec<PathBuf> {
    said.lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(|p| h.join(p.split(' ').next().unwrap()))
        .collect()
}

/// A station desk's bundle, up to the home.
fn up(h: &Path, desk: &str, today: &str, out: &str) -> PathBuf {
    let said = ok(h, desk, today, &["bundle", "export", "--out", out]);
    let bundle = written(h, &said).pop().expect("a bundle");
    ok(
        h,
        "home.db",
        today,
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    bundle
}

/// The home's reference data for HF, written into `out`.
fn down_bundle(h: &Path, today: &str, out: &str) -> PathBuf {
    let said = ok(h, "home.db", today, &["bundle", "export", "--out", out]);
    written(h, &said)
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("-HF"))
        .expect("HF's reference bundle")
}

/// The home's reference data, down to each of `desks`.
fn down(h: &Path, today: &str, out: &str, desks: &[&str]) {
    let bundle = down_bundle(h, today, out);
    for d in desks {
        let said = ok(h, d, today, &["bundle", "import", bundle.to_str().unwrap()]);
        assert!(said.contains("applied the home's reference data"), "{said}");
    }
}

fn wishes(h: &Path, db: &str) -> Vec<Value> {
    ok(h, db, "2026-11-30", &["wish", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn wish(h: &Path, db: &str, number: &str) -> Value {
    wishes(h, db)
        .into_iter()
        .find(|w| w["number"] == number)
        .unwrap_or_else(|| panic!("{number} not at {db}"))
}

/// The home, HF's fixed desk 1 and laptop desk 2, approved; both trust the home.
fn station(h: &Path) {
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    ok(h, "hf1.db", "2026-11-01", &["init", "--station", "HF"]);
    let home = fingerprint_of(&h.join("home.db"));
    ok(
        h,
        "hf2.db",
        "2026-11-01",
        &[
            "init",
            "--station",
            "HF",
            "--desk",
            "2",
            "--home-key",
            &home,
        ],
    );
    trust_home_cli(h, "hf1.db", "home.db");
    approve_cli(h, "home.db", "hf1.db");
    approve_cli(h, "home.db", "hf2.db");
}

fn add_wish(h: &Path, db: &str, today: &str, content: &str) -> String {
    ok(
        h,
        db,
        today,
        &[
            "wish",
            "add",
            "--content",
            content,
            "--name",
            "钱桂英",
            "--phone",
            "13812345678",
        ],
    )
    .trim()
    .to_string()
}

#[test]
fn a_wish_registered_at_desk_1_is_claimed_at_desk_2_and_at_the_home() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    let frame = add_wish(h, "hf1.db", "2026-11-02", "助行器");
    assert_eq!(frame, "HF-W-20261102-001");
    up(h, "hf1.db", "2026-11-02", "up1");
    assert_eq!(wish(h, "home.db", &frame)["state"], "open");

    // Desk 2 hears of it with the reference data, masked as desk 1 shows it.
    down(h, "2026-11-03", "down1", &["hf2.db"]);
    let at_2 = wish(h, "hf2.db", &frame);
    assert_eq!(at_2, wish(h, "hf1.db", &frame));
    assert_eq!(at_2["resident"]["phone"], "138****5678");
    // Desk 2 may claim it, not withdraw it: that is desk 1's.
    let said = refused(
        h,
        "hf2.db",
        "2026-11-03",
        &["wish", "withdraw", &frame, "--reason", "搬走了"],
    );
    assert!(
        said.contains("was registered at HF desk 1: only that desk withdraws it"),
        "{said}"
    );
    // Nor word it for the wall: that is desk 1's too.
    let said = refused(
        h,
        "hf2.db",
        "2026-11-03",
        &["wish", "public", &frame, "--text", "一位老人需要助行器"],
    );
    assert!(said.contains("words it for the wall"), "{said}");
    assert_eq!(wish(h, "hf2.db", &frame), at_2);
    ok(
        h,
        "hf2.db",
        "2026-11-03",
        &["wish", "claim", &frame, "--by", "D02"],
    );
    // Its claim goes up with desk 2's bundle, and the home takes it.
    up(h, "hf2.db", "2026-11-03", "up2");
    let at_home = wish(h, "home.db", &frame);
    assert_eq!(at_home["state"], "claimed");
    assert_eq!(at_home["member"], "D02");
    // Desk 1 gets it back with the next reference data.
    down(h, "2026-11-04", "down2", &["hf1.db", "hf2.db"]);
    assert_eq!(wish(h, "hf1.db", &frame)["member"], "D02");
    assert_eq!(wish(h, "hf1.db", &frame), wish(h, "hf2.db", &frame));

    // A member claims a second wish at the home; both desks hear of it; desk 1 records it
    // fulfilled and the home sees that.
    let bag = add_wish(h, "hf1.db", "2026-11-05", "书包");
    up(h, "hf1.db", "2026-11-05", "up3");
    ok(
        h,
        "home.db",
        "2026-11-05",
        &["wish", "claim", &bag, "--by", "R11"],
    );
    // The home claims, it does not withdraw.
    let said = refused(
        h,
        "home.db",
        "2026-11-05",
        &["wish", "withdraw", &bag, "--reason", "不需要了"],
    );
    assert!(
        said.contains(&format!("wish {bag} belongs to HF")),
        "{said}"
    );
    down(h, "2026-11-06", "down3", &["hf1.db", "hf2.db"]);
    for desk in ["hf1.db", "hf2.db"] {
        let w = wish(h, desk, &bag);
        assert_eq!(
            (&w["state"], &w["member"]),
            (&"claimed".into(), &"R11".into())
        );
    }
    ok(
        h,
        "hf1.db",
        "2026-11-07",
        &["wish", "fulfil", &bag, "--note", "已送到"],
    );
    ok(
        h,
        "hf2.db",
        "2026-11-07",
        &["wish", "fulfil", &frame, "--note", "已装好"],
    );
    up(h, "hf1.db", "2026-11-07", "up4");
    up(h, "hf2.db", "2026-11-07", "up5");
    down(h, "2026-11-08", "down4", &["hf1.db", "hf2.db"]);
    let home = wishes(h, "home.db");
    assert_eq!(home.len(), 2);
    assert!(home.iter().all(|w| w["state"] == "fulfilled"), "{home:?}");
    assert_eq!(home, wishes(h, "hf1.db"));
    assert_eq!(home, wishes(h, "hf2.db"));
    for db in ["home.db", "hf1.db", "hf2.db"] {
        ok(h, db, "2026-11-08", &["check"]);
    }

    // Months later a new desk 3 gets no finished wish with the reference data (only open ones
    // and those changed in the last 92 days go down), and every one in a recovery bundle.
    let home_fp = fingerprint_of(&h.join("home.db"));
    ok(
        h,
        "hf3.db",
        "2027-03-01",
        &[
            "init",
            "--station",
            "HF",
            "--desk",
            "3",
            "--home-key",
            &home_fp,
        ],
    );
    down(h, "2027-03-01", "down5", &["hf3.db"]);
    assert!(wishes(h, "hf3.db").is_empty());
    let said = ok(
        h,
        "home.db",
        "2027-03-01",
        &["bundle", "export", "--for", "HF", "--out", "rec"],
    );
    let recovery = written(h, &said).pop().unwrap();
    let said = ok(
        h,
        "hf3.db",
        "2027-03-01",
        &["bundle", "import", recovery.to_str().unwrap()],
    );
    assert!(
        said.contains("this station's wishes at the home: 6 events"),
        "{said}"
    );
    assert_eq!(wishes(h, "hf3.db"), home);
    ok(h, "hf3.db", "2027-03-01", &["check"]);

    // Retention: desk 2 does not purge desk 1's wishes (their owner does, and its purge
    // reaches desk 2 through the home).
    ok(
        h,
        "hf2.db",
        "2027-03-01",
        &["purge", "--before", "2027-01-01", "--yes"],
    );
    assert_eq!(wish(h, "hf2.db", &frame)["resident"]["name"], "钱**");
    ok(
        h,
        "hf1.db",
        "2027-03-01",
        &["purge", "--before", "2027-01-01", "--yes"],
    );
    up(h, "hf1.db", "2027-03-01", "up6");
    down(h, "2027-03-02", "down6", &["hf2.db"]);
    for db in ["home.db", "hf1.db", "hf2.db"] {
        let w = wish(h, db, &frame);
        assert_eq!(
            (&w["purged"], &w["resident"]["name"]),
            (&true.into(), &Value::Null),
            "{db}"
        );
    }
}

#[test]
fn two_desks_claiming_one_wish_at_once_block_neither_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    let frame = add_wish(h, "hf1.db", "2026-11-02", "助行器");
    up(h, "hf1.db", "2026-11-02", "up1");
    down(h, "2026-11-03", "down1", &["hf2.db"]);
    ok(
        h,
        "hf1.db",
        "2026-11-04",
        &["wish", "claim", &frame, "--by", "D02"],
    );
    ok(
        h,
        "hf2.db",
        "2026-11-04",
        &["wish", "claim", &frame, "--by", "R11"],
    );
    ok(
        h,
        "hf2.db",
        "2026-11-04",
        &["case", "add", "--content", "路灯坏了"],
    );
    up(h, "hf1.db", "2026-11-04", "up2");
    // Desk 2's bundle goes in (its case with it); its late claim is left out at the home.
    up(h, "hf2.db", "2026-11-04", "up3");
    assert_eq!(common::cases_json(h, "home.db", "2026-11-30").len(), 1);
    assert_eq!(wish(h, "home.db", &frame)["member"], "D02");
    let bundle = down_bundle(h, "2026-11-05", "down2");
    let said = ok(
        h,
        "hf2.db",
        "2026-11-05",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    assert!(said.contains("1 wish event left out here"), "{said}");
    // Desk 2 keeps its own claim in its log (nothing saved is lost).
    assert_eq!(wish(h, "hf2.db", &frame)["member"], "R11");
}

/// Rewrites one line of a bundle's `wishes.jsonl` with `f` and signs the bundle again with
/// `db`'s key (a forger who holds that desk's key).
fn forge(h: &Path, bundle: &Path, db: &str, f: impl Fn(&mut Value)) {
    let file = bundle.join("wishes.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    f(&mut lines[0]);
    let out: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, out).unwrap();
    reseal(bundle, &desk_key(&h.join(db)));
}

#[test]
fn forged_wish_bundles_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    ok(h, "xy.db", "2026-11-01", &["init", "--station", "XY1"]);
    approve_cli(h, "home.db", "xy.db");
    let frame = add_wish(h, "hf1.db", "2026-11-02", "助行器");
    up(h, "hf1.db", "2026-11-02", "up1");
    down(h, "2026-11-03", "down1", &["hf2.db"]);
    ok(
        h,
        "hf2.db",
        "2026-11-03",
        &["wish", "claim", &frame, "--by", "D02"],
    );
    let said = ok(
        h,
        "hf2.db",
        "2026-11-03",
        &["bundle", "export", "--out", "up2"],
    );
    let hf2_bundle = written(h, &said).pop().unwrap();
    let hf2_wishes = std::fs::read_to_string(hf2_bundle.join("wishes.jsonl")).unwrap();

    // XY1's desk sends HF's wish with desk 2's claim, under its own key.
    ok(
        h,
        "xy.db",
        "2026-11-03",
        &["wish", "add", "--content", "书包"],
    );
    let said = ok(
        h,
        "xy.db",
        "2026-11-03",
        &["bundle", "export", "--out", "xy"],
    );
    let xy_bundle = written(h, &said).pop().unwrap();
    std::fs::write(xy_bundle.join("wishes.jsonl"), &hf2_wishes).unwrap();
    reseal(&xy_bundle, &desk_key(&h.join("xy.db")));
    let said = refused(
        h,
        "home.db",
        "2026-11-03",
        &["bundle", "import", xy_bundle.to_str().unwrap()],
    );
    assert!(
        said.contains("a desk sends only its own station's wishes"),
        "{said}"
    );

    // Desk 2 turns its claim into a withdrawal of desk 1's wish.
    let pristine = std::fs::read_to_string(hf2_bundle.join("wishes.jsonl")).unwrap();
    forge(h, &hf2_bundle, "hf2.db", |w| {
        let events = w["events"].as_array_mut().unwrap();
        let claim = events.last_mut().unwrap();
        claim["kind"] = "withdrawn".into();
        claim["payload"] = r#"{"reason":"搬走了"}"#.into();
    });
    let said = refused(
        h,
        "home.db",
        "2026-11-03",
        &["bundle", "import", hf2_bundle.to_str().unwrap()],
    );
    assert!(said.contains("may not write `withdrawn`"), "{said}");
    // As it was written, it goes in.
    std::fs::write(hf2_bundle.join("wishes.jsonl"), pristine).unwrap();
    reseal(&hf2_bundle, &desk_key(&h.join("hf2.db")));
    ok(
        h,
        "home.db",
        "2026-11-03",
        &["bundle", "import", hf2_bundle.to_str().unwrap()],
    );
    assert_eq!(wish(h, "home.db", &frame)["member"], "D02");

    // The home's copy for HF, its claim said to be by XY1's desk (which it does not list).
    let xy_uuid = liaison::store::Store::open(&h.join("xy.db"))
        .unwrap()
        .desk_identity()
        .unwrap()
        .uuid
        .to_string();
    let bundle = down_bundle(h, "2026-11-04", "down2");
    forge(h, &bundle, "home.db", |w| {
        let events = w["events"].as_array_mut().unwrap();
        events.last_mut().unwrap()["desk"] = xy_uuid.clone().into();
    });
    let said = refused(
        h,
        "hf1.db",
        "2026-11-04",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    assert!(
        said.contains("names no desk that desks.jsonl lists"),
        "{said}"
    );
    // A wish of another station in HF's copy.
    let bundle = down_bundle(h, "2026-11-04", "down3");
    forge(h, &bundle, "home.db", |w| w["station"] = "XY1".into());
    let said = refused(
        h,
        "hf1.db",
        "2026-11-04",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    assert!(said.contains("carries only theirs"), "{said}");

    // A desk the home never approved: its bundle waits, and its wish is not at the home.
    ok(
        h,
        "hf3.db",
        "2026-11-01",
        &["init", "--station", "HF", "--desk", "3"],
    );
    let stranger = add_wish(h, "hf3.db", "2026-11-04", "修水龙头");
    let said = ok(
        h,
        "hf3.db",
        "2026-11-04",
        &["bundle", "export", "--out", "up3"],
    );
    let bundle = written(h, &said).pop().unwrap();
    let before = wishes(h, "home.db");
    let (_, said) = run(
        h,
        "home.db",
        "2026-11-04",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    assert!(said.contains("waits for approval"), "{said}");
    assert_eq!(wishes(h, "home.db"), before);
    assert!(!before.iter().any(|w| w["number"] == stranger.as_str()));
}
