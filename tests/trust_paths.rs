//! The legitimate paths of the trust model, through the real binary: approvals typed as read
//! out, the laptop's case followed up at the fixed desk, two desks on one case offline, a
//! stolen laptop retired and its cases taken over, a new key, a reinstalled home, a large
//! export in parts.

mod common;

use std::path::Path;

use common::{approve_cli, fingerprint_of, liaison, trust_home_cli, written_bundle};

fn run(h: &Path, db: &str, today: &str, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--lang", "en", "--db", db, "--today", today];
    all.extend_from_slice(args);
    let out = liaison(h).args(&all).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let (success, out, err) = run(h, db, today, args);
    assert!(success, "{db} {args:?}: {err}{out}");
    out
}

fn refused(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let (success, out, err) = run(h, db, today, args);
    assert!(!success, "{db} {args:?} went through: {out}");
    format!("{out}{err}")
}

fn export(h: &Path, db: &str, today: &str) -> String {
    let out = ok(h, db, today, &["bundle", "export", "--out", "usb"]);
    written_bundle(h, out.as_bytes())
        .to_string_lossy()
        .into_owned()
}

fn import(h: &Path, db: &str, today: &str, bundle: &str) -> String {
    ok(h, db, today, &["bundle", "import", bundle])
}

/// The home's reference data, down to each of `desks`.
fn down(h: &Path, today: &str, desks: &[&str]) -> Vec<String> {
    let out = ok(h, "home.db", today, &["bundle", "export", "--out", "down"]);
    let b = written_bundle(h, out.as_bytes())
        .to_string_lossy()
        .into_owned();
    desks.iter().map(|d| import(h, d, today, &b)).collect()
}

fn status_of(h: &Path, db: &str, number: &str) -> String {
    common::cases_json(h, db, "2026-11-30")
        .into_iter()
        .find(|c| c["number"] == number)
        .map(|c| c["status"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{number} not at {db}"))
}

/// The home, HF's fixed desk 1 and laptop desk 2, approved; both trust the home.
fn station(h: &Path) {
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    ok(h, "hf1.db", "2026-11-01", &["init", "--station", "HF"]);
    let home = fingerprint_of(&h.join("home.db"));
    // The laptop is set up with the home's fingerprint, read out on the phone.
    let said = ok(
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
    assert!(said.contains("trusted the home's key"), "{said}");
    trust_home_cli(h, "hf1.db", "home.db");
    approve_cli(h, "home.db", "hf1.db");
    approve_cli(h, "home.db", "hf2.db");
}

/// Registered on the laptop at the 议事亭, handed to a unit.
fn laptop_case(h: &Path, today: &str, content: &str) -> String {
    let number = ok(
        h,
        "hf2.db",
        today,
        &[
            "case",
            "add",
            "--content",
            content,
            "--source",
            "mobile",
            "--name",
            "孙八",
        ],
    )
    .trim()
    .to_string();
    ok(
        h,
        "hf2.db",
        today,
        &[
            "case",
            "classify",
            &number,
            "--category",
            "03",
            "--nature",
            "help",
            "--level",
            "street",
        ],
    );
    number
}

#[test]
fn approvals_take_the_whole_fingerprint_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    ok(h, "hf1.db", "2026-11-01", &["init", "--station", "HF"]);
    let fp = fingerprint_of(&h.join("hf1.db"));
    let shown = ok(h, "hf1.db", "2026-11-01", &["desk"]);
    assert!(
        shown.contains(&fp),
        "the desk shows its fingerprint: {shown}"
    );
    assert_eq!(fp.split(' ').count(), 8);
    let digits: String = fp.chars().filter(char::is_ascii_digit).collect();
    for (typed, says) in [
        (&digits[..20], "a fingerprint has 40 digits; 20 were typed"),
        (&digits[..39], "a fingerprint has 40 digits; 39 were typed"),
        ("3f2a 9c01 77be 0d4e", "`f` is not a digit"),
    ] {
        let said = refused(
            h,
            "home.db",
            "2026-11-01",
            &["desk", "approve", "HF", "1", "--fingerprint", typed],
        );
        assert!(said.contains(says), "{typed}: {said}");
    }
    // Chinese by default.
    let out = liaison(h)
        .args([
            "--db",
            "home.db",
            "desk",
            "approve",
            "HF",
            "1",
            "--fingerprint",
            "123",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("指纹有 40 位数字，这里输入了 3 位"), "{said}");
    // Only at the home; only a station of it.
    let said = refused(
        h,
        "hf1.db",
        "2026-11-01",
        &["desk", "approve", "HF", "1", "--fingerprint", &digits],
    );
    assert!(
        said.contains("desks are approved, refused and retired at the home"),
        "{said}"
    );
    let said = refused(
        h,
        "home.db",
        "2026-11-01",
        &["desk", "approve", "XX", "1", "--fingerprint", &digits],
    );
    assert!(
        said.contains("`XX` is not one of this home's stations"),
        "{said}"
    );
    // Typed with full-width digits and odd spacing, as an IME types them: the same.
    let wide: String = digits
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let w = char::from_u32('０' as u32 + c.to_digit(10).unwrap()).unwrap();
            if i % 7 == 6 {
                format!("{w}\u{3000}")
            } else {
                w.to_string()
            }
        })
        .collect();
    let said = ok(
        h,
        "home.db",
        "2026-11-01",
        &["desk", "approve", "HF", "1", "--fingerprint", &wide],
    );
    assert!(
        said.contains(&format!("approved HF desk 1 (fingerprint {fp})")),
        "{said}"
    );
    let listed = ok(h, "home.db", "2026-11-01", &["desk", "list"]);
    assert!(
        listed.contains(&format!("fingerprint {fp} approved ahead")),
        "{listed}"
    );
    // Changed one's mind before any bundle came: refused, then approved again.
    let said = ok(
        h,
        "home.db",
        "2026-11-01",
        &["desk", "refuse", "HF", "1", "--fingerprint", &digits],
    );
    assert!(said.contains("refused the desk with fingerprint"), "{said}");
    let listed = ok(h, "home.db", "2026-11-01", &["desk", "list"]);
    assert!(
        listed.contains(&format!("HF desk 1: fingerprint {fp} refused")),
        "{listed}"
    );
    ok(
        h,
        "home.db",
        "2026-11-01",
        &["desk", "approve", "HF", "1", "--fingerprint", &digits],
    );
    // Once its bundle came, refusing it is retiring it.
    ok(
        h,
        "hf1.db",
        "2026-11-17",
        &["case", "add", "--content", "一"],
    );
    let b = export(h, "hf1.db", "2026-11-17");
    import(h, "home.db", "2026-11-17", &b);
    let said = refused(
        h,
        "home.db",
        "2026-11-17",
        &["desk", "refuse", "HF", "1", "--fingerprint", &digits],
    );
    assert!(
        said.contains("HF desk 1 is approved: to take no more of its bundles, retire it"),
        "{said}"
    );
    let listed = ok(h, "home.db", "2026-11-17", &["desk", "list"]);
    assert!(
        listed.contains("approved") && listed.contains("A1"),
        "{listed}"
    );
    let said = refused(
        h,
        "home.db",
        "2026-11-01",
        &["desk", "trust-home", "--fingerprint", &digits],
    );
    assert!(
        said.contains("`desk trust-home` is for a station's desk"),
        "{said}"
    );
    let said = refused(
        h,
        "x.db",
        "2026-11-01",
        &["init", "--station", "XA", "--home-key", &digits],
    );
    assert!(
        said.contains("`desk trust-home` is for a station's desk"),
        "{said}"
    );
    assert!(!h.join("x.db").exists());
}

/// The fixed desk follows up the laptop's case (the home sends each station's open cases
/// down with the reference data); the laptop, offline, records a reply of its own: the one
/// that arrives second no longer fits and is held, shown at both desks with what to do.
#[test]
fn the_laptops_case_is_followed_up_at_the_fixed_desk() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    let number = laptop_case(h, "2026-11-17", "亭子边路灯不亮");
    let b = export(h, "hf2.db", "2026-11-17");
    import(h, "home.db", "2026-11-17", &b);
    let said = down(h, "2026-11-18", &["hf1.db"]);
    assert!(
        said[0].contains("this station's cases at the home: 2 events (1 new case)"),
        "{said:?}"
    );
    // Desk 1 records the unit's reply and the call-back on desk 2's case.
    ok(
        h,
        "hf1.db",
        "2026-11-20",
        &["case", "reply", &number, "--text", "已修复"],
    );
    ok(
        h,
        "hf1.db",
        "2026-11-21",
        &[
            "case",
            "callback",
            &number,
            "--satisfaction",
            "satisfied",
            "--resolved",
            "yes",
        ],
    );
    // It is not desk 1's to hand over.
    let said = refused(
        h,
        "hf1.db",
        "2026-11-21",
        &["case", "transfer", &number, "--desk", "1"],
    );
    assert!(
        said.contains(&format!(
            "{number} belongs to HF desk 2: only that desk may record `transferred`"
        )),
        "{said}"
    );
    // Meanwhile the laptop, offline, records a reply of its own.
    ok(
        h,
        "hf2.db",
        "2026-11-21",
        &["case", "reply", &number, "--text", "单位说下周修"],
    );
    let b1 = export(h, "hf1.db", "2026-11-21");
    let said = import(h, "home.db", "2026-11-22", &b1);
    assert!(said.contains("2 events (0 new cases)"), "{said}");
    assert_eq!(status_of(h, "home.db", &number), "closed");
    let b2 = export(h, "hf2.db", "2026-11-21");
    let said = import(h, "home.db", "2026-11-22", &b2);
    assert!(said.contains("1 held aside"), "{said}");
    ok(h, "home.db", "2026-11-22", &["check"]);
    // Both desks hear of it with the next reference data, and the case closes at the laptop.
    down(h, "2026-11-23", &["hf1.db", "hf2.db"]);
    for desk in ["hf1.db", "hf2.db"] {
        let status = ok(h, desk, "2026-11-23", &["bundle", "status"]);
        assert!(
            status.contains("the home holds aside 1 event of this station")
                && status.contains(&number)
                && status.contains("record it again here if it still applies"),
            "{desk}: {status}"
        );
        ok(h, desk, "2026-11-23", &["check"]);
    }
    assert_eq!(status_of(h, "hf2.db", &number), "closed");
}

/// A stolen laptop: retired at the home, its later bundles refused; a new laptop, approved,
/// takes over its open case by a transfer the home makes, and follows it through.
#[test]
fn a_reinstalled_desk_takes_over_a_retired_desks_cases() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    let number = laptop_case(h, "2026-11-17", "亭子边井盖松动");
    let b = export(h, "hf2.db", "2026-11-17");
    import(h, "home.db", "2026-11-17", &b);
    // The laptop is stolen. The home takes nothing of it after what it has.
    let said = ok(h, "home.db", "2026-11-18", &["desk", "retire", "HF", "2"]);
    assert!(
        said.contains("retired HF desk 2: its events up to A2 count"),
        "{said}"
    );
    ok(
        h,
        "hf2.db",
        "2026-11-19",
        &["case", "note", &number, "--text", "小偷写的"],
    );
    let stolen = export(h, "hf2.db", "2026-11-19");
    let before = common::dump_file(&h.join("home.db"));
    let said = refused(h, "home.db", "2026-11-19", &["bundle", "import", &stolen]);
    assert!(
        said.contains("HF desk 2 is retired: the home takes its events up to A2 only, and events.jsonl line 1 is A3"),
        "{said}"
    );
    assert_eq!(common::dump_file(&h.join("home.db")), before);
    // A limit before what the home applied already is refused: applied events stay.
    let before = common::dump_file(&h.join("home.db"));
    let said = refused(
        h,
        "home.db",
        "2026-11-19",
        &["desk", "retire", "HF", "2", "--after", "A1"],
    );
    assert!(
        said.contains("HF desk 2's events up to A2 are applied here already, past A1"),
        "{said}"
    );
    assert_eq!(common::dump_file(&h.join("home.db")), before);
    // Only the home may hand a retired desk's case over; the fixed desk may not.
    down(h, "2026-11-19", &["hf1.db"]);
    let said = refused(
        h,
        "hf1.db",
        "2026-11-19",
        &["case", "transfer", &number, "--desk", "1"],
    );
    assert!(said.contains("belongs to HF desk 2"), "{said}");
    // In Chinese the owner is named as the desk pages name it, no English inside.
    let zh = liaison(h)
        .args(["--lang", "zh", "--db", "hf1.db", "--today", "2026-11-19"])
        .args(["case", "transfer", &number, "--desk", "1"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&zh.stderr);
    assert!(!zh.status.success());
    assert!(said.contains("属于 HF 2 号终端"), "{said}");
    assert!(!said.contains(" desk "), "{said}");
    // A new laptop, desk 3, approved; the home gives it the case.
    ok(
        h,
        "hf3.db",
        "2026-11-19",
        &[
            "init",
            "--station",
            "HF",
            "--desk",
            "3",
            "--home-key",
            &fingerprint_of(&h.join("home.db")),
        ],
    );
    approve_cli(h, "home.db", "hf3.db");
    // The home knows a desk by its bundles: approved ahead, desk 3 is a fingerprint there.
    let said = refused(
        h,
        "home.db",
        "2026-11-19",
        &["case", "transfer", &number, "--desk", "3"],
    );
    assert!(
        said.contains("cannot go to HF desk 3 yet: the home knows a desk by its first bundle"),
        "{said}"
    );
    // The new laptop has written nothing yet: its export introduces it.
    let said = ok(
        h,
        "hf3.db",
        "2026-11-19",
        &["bundle", "export", "--out", "usb"],
    );
    assert!(said.contains("-introduction (no events yet"), "{said}");
    let intro = written_bundle(h, said.as_bytes())
        .to_string_lossy()
        .into_owned();
    let said = import(h, "home.db", "2026-11-19", &intro);
    assert!(
        said.contains("the first bundle of HF desk 3 (approved ahead")
            && said.contains("HF desk 3 is known here now (its bundle holds no events yet)"),
        "{said}"
    );
    let said = import(h, "home.db", "2026-11-19", &intro);
    assert!(
        said.contains("nothing to do: the introduction of HF desk 3"),
        "{said}"
    );
    let said = refused(
        h,
        "home.db",
        "2026-11-19",
        &["case", "transfer", &number, "--desk", "4"],
    );
    assert!(
        said.contains("can go only to an approved desk of its station"),
        "{said}"
    );
    let said = ok(
        h,
        "home.db",
        "2026-11-19",
        &["case", "transfer", &number, "--desk", "3"],
    );
    assert!(said.contains("transferred"), "{said}");
    down(h, "2026-11-20", &["hf3.db", "hf1.db"]);
    // Desk 3 owns it now: it follows it through, and could hand it on.
    ok(
        h,
        "hf3.db",
        "2026-11-21",
        &["case", "reply", &number, "--text", "已加固"],
    );
    let said = ok(
        h,
        "hf3.db",
        "2026-11-21",
        &[
            "case",
            "callback",
            &number,
            "--satisfaction",
            "very_satisfied",
            "--resolved",
            "yes",
        ],
    );
    assert!(said.contains("closed"), "{said}");
    let said = refused(
        h,
        "hf1.db",
        "2026-11-21",
        &["case", "transfer", &number, "--desk", "1"],
    );
    assert!(said.contains("belongs to HF desk 3"), "{said}");
    let b3 = export(h, "hf3.db", "2026-11-21");
    let said = import(h, "home.db", "2026-11-22", &b3);
    assert!(said.contains("2 events (0 new cases)"), "{said}");
    assert_eq!(status_of(h, "home.db", &number), "closed");
    let shown = ok(h, "home.db", "2026-11-22", &["case", "show", &number]);
    assert!(
        shown.contains("to desk 3") && !shown.contains("小偷写的"),
        "{shown}"
    );
    ok(h, "home.db", "2026-11-22", &["check"]);
    // The desks hear of the case again with the next reference data: it changed hands after
    // its first events, which are no less good for that.
    down(h, "2026-11-23", &["hf1.db", "hf3.db"]);
    assert_eq!(status_of(h, "hf1.db", &number), "closed");
    // The fixed desk hands one of its own cases to the new laptop, then sends everything
    // again (`--all`, as some remedies ask): its registration, from before the hand-over,
    // still stands.
    let own = ok(
        h,
        "hf1.db",
        "2026-11-23",
        &["case", "add", "--content", "交给新电脑跟进"],
    )
    .trim()
    .to_string();
    ok(
        h,
        "hf1.db",
        "2026-11-23",
        &["case", "transfer", &own, "--desk", "3"],
    );
    import(
        h,
        "home.db",
        "2026-11-23",
        &export(h, "hf1.db", "2026-11-23"),
    );
    ok(
        h,
        "hf1.db",
        "2026-11-24",
        &["case", "note", &own, "--text", "已告知居民由流动点跟进"],
    );
    let out = ok(
        h,
        "hf1.db",
        "2026-11-24",
        &["bundle", "export", "--all", "--out", "again"],
    );
    let again = written_bundle(h, out.as_bytes())
        .to_string_lossy()
        .into_owned();
    let said = import(h, "home.db", "2026-11-24", &again);
    assert!(said.contains("1 event (0 new cases)"), "{said}");
    down(h, "2026-11-25", &["hf1.db", "hf3.db"]);
    ok(h, "home.db", "2026-11-25", &["check"]);
    // A purge erases the cases its desk owns now: the fixed desk leaves the case desk 2
    // registered and desk 3 took over; desk 3, which it was transferred to, erases it.
    let shown = |db: &str| ok(h, db, "2026-11-25", &["case", "show", &number]);
    assert!(shown("hf1.db").contains("孙八") && shown("hf3.db").contains("孙八"));
    ok(
        h,
        "hf1.db",
        "2026-11-25",
        &["purge", "--before", "2026-11-25", "--yes"],
    );
    assert!(shown("hf1.db").contains("孙八"), "{}", shown("hf1.db"));
    let said = ok(
        h,
        "hf3.db",
        "2026-11-25",
        &["purge", "--before", "2026-11-25", "--yes"],
    );
    assert!(said.contains("of 1 case from"), "{said}");
    assert!(!shown("hf3.db").contains("孙八"), "{}", shown("hf3.db"));
}

/// A desk whose backup stick (with its key) was lost makes a new key, announced under the
/// old one; the home takes it once it has checked the new fingerprint, and refuses the old
/// key from then on.
#[test]
fn a_new_key_is_announced_then_approved_and_the_old_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    ok(
        h,
        "hf1.db",
        "2026-11-17",
        &["case", "add", "--content", "换钥匙前"],
    );
    import(
        h,
        "home.db",
        "2026-11-17",
        &export(h, "hf1.db", "2026-11-17"),
    );
    // The copy on the lost stick.
    ok(h, "hf1.db", "2026-11-17", &["backup", "lost-stick.db"]);
    let old = fingerprint_of(&h.join("hf1.db"));
    let said = ok(h, "hf1.db", "2026-11-18", &["desk", "rekey", "--yes"]);
    let new = fingerprint_of(&h.join("hf1.db"));
    assert_ne!(old, new);
    assert!(
        said.contains(&format!("new key fingerprint: {new} (was {old})"))
            && said.contains(&format!("liaison desk approve HF 1 --fingerprint {new}")),
        "{said}"
    );
    ok(
        h,
        "hf1.db",
        "2026-11-18",
        &["case", "add", "--content", "换钥匙后"],
    );
    let b = export(h, "hf1.db", "2026-11-18");
    let said = refused(h, "home.db", "2026-11-18", &["bundle", "import", &b]);
    assert!(
        said.contains(&format!(
            "waits for approval: HF desk 1 announces a new key under its old one ({old}), new fingerprint {new}"
        )),
        "{said}"
    );
    let said = ok(
        h,
        "home.db",
        "2026-11-18",
        &["desk", "approve", "HF", "1", "--fingerprint", &new],
    );
    assert!(
        said.contains(&format!("took HF desk 1's new key {new}"))
            && said.contains("1 event (1 new case)"),
        "{said}"
    );
    // Whoever holds the lost copy writes in the desk's name with the old key: refused.
    ok(
        h,
        "lost-stick.db",
        "2026-11-19",
        &["case", "add", "--content", "拿旧钥匙写的"],
    );
    let forged = export(h, "lost-stick.db", "2026-11-19");
    let said = refused(h, "home.db", "2026-11-19", &["bundle", "import", &forged]);
    assert!(
        said.contains(&format!(
            "fingerprint {old}) other than the one the home approved for it ({new})"
        )),
        "{said}"
    );
    // The desk's next bundle goes in as any other.
    ok(
        h,
        "hf1.db",
        "2026-11-19",
        &["case", "add", "--content", "之后"],
    );
    let said = import(
        h,
        "home.db",
        "2026-11-19",
        &export(h, "hf1.db", "2026-11-19"),
    );
    assert!(said.contains("1 event (1 new case)"), "{said}");
    // A backup from before the new key, restored: the desk keeps its new key.
    std::fs::copy(h.join("lost-stick.db"), h.join("old-backup.db")).unwrap();
    ok(
        h,
        "hf1.db",
        "2026-11-20",
        &["restore", "old-backup.db", "--yes"],
    );
    assert_eq!(fingerprint_of(&h.join("hf1.db")), new);
    ok(
        h,
        "hf1.db",
        "2026-11-20",
        &["case", "add", "--content", "还原之后"],
    );
    let said = import(
        h,
        "home.db",
        "2026-11-20",
        &export(h, "hf1.db", "2026-11-20"),
    );
    assert!(said.contains("1 event (1 new case)"), "{said}");
}

/// A reinstalled home has a new key: the stations refuse its bundles, naming the remedy;
/// once an operator typed its new fingerprint (an event of the trust log), they take them.
#[test]
fn a_reinstalled_home_is_trusted_again_by_its_new_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    down(h, "2026-11-17", &["hf1.db"]);
    std::fs::rename(h.join("home.db"), h.join("old-home.db")).unwrap();
    ok(h, "home.db", "2026-11-18", &["init", "--station", "XA"]);
    let out = ok(
        h,
        "home.db",
        "2026-11-18",
        &["bundle", "export", "--out", "down2"],
    );
    let b = written_bundle(h, out.as_bytes())
        .to_string_lossy()
        .into_owned();
    let said = refused(h, "hf1.db", "2026-11-18", &["bundle", "import", &b]);
    let new = fingerprint_of(&h.join("home.db"));
    assert!(
        said.contains(&format!(
            "fingerprint {new}) other than the key of the home XA this desk trusts"
        )) && said.contains("liaison desk trust-home --fingerprint"),
        "{said}"
    );
    ok(h, "hf1.db", "2026-11-18", &["backup", "before-trust.db"]);
    let said = ok(
        h,
        "hf1.db",
        "2026-11-18",
        &["desk", "trust-home", "--fingerprint", &new],
    );
    assert!(
        said.contains(&format!("trusted the key of the home XA: {new}")),
        "{said}"
    );
    let said = import(h, "hf1.db", "2026-11-18", &b);
    assert!(said.contains("applied the home's reference data"), "{said}");
    let shown = ok(h, "hf1.db", "2026-11-18", &["desk"]);
    assert!(
        shown.contains(&format!("home     {new} (the home's key, confirmed)")),
        "{shown}"
    );
    let conn = rusqlite::Connection::open(h.join("hf1.db")).unwrap();
    let trusted: i64 = conn
        .query_row(
            "SELECT count(*) FROM trust_log WHERE what = 'trusted_home'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trusted, 2, "each trust of a home is recorded");
    drop(conn);
    // A backup from before, restored: the home typed last is still the one trusted.
    ok(
        h,
        "hf1.db",
        "2026-11-19",
        &["restore", "before-trust.db", "--yes"],
    );
    let shown = ok(h, "hf1.db", "2026-11-19", &["desk"]);
    assert!(
        shown.contains(&format!("home     {new} (the home's key, confirmed)")),
        "{shown}"
    );
}

/// A large export in parts of a stated size, each a bundle of its own; the home takes the
/// folder whole.
#[test]
fn a_large_export_goes_in_parts_of_the_size_asked() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    for i in 0..40 {
        ok(
            h,
            "hf1.db",
            "2026-11-17",
            &[
                "case",
                "add",
                "--content",
                &format!("第{i}件：{}", "楼道灯坏了".repeat(20)),
            ],
        );
    }
    let out = ok(
        h,
        "hf1.db",
        "2026-11-17",
        &["bundle", "export", "--out", "parts", "--part-size", "8K"],
    );
    let parts: Vec<&str> = out.lines().filter(|l| l.starts_with("wrote ")).collect();
    assert!(parts.len() >= 3, "{out}");
    for p in std::fs::read_dir(h.join("parts")).unwrap() {
        let p = p.unwrap().path();
        let size: u64 = std::fs::read_dir(&p)
            .unwrap()
            .filter(|f| f.as_ref().unwrap().file_name() != "manifest.json")
            .map(|f| f.unwrap().metadata().unwrap().len())
            .sum();
        assert!(size <= 8 * 1024, "{}: {size}", p.display());
    }
    let said = refused(
        h,
        "hf1.db",
        "2026-11-17",
        &["bundle", "export", "--out", "x", "--part-size", "100"],
    );
    assert!(said.contains("a part is at least 4K"), "{said}");
    let said = ok(h, "home.db", "2026-11-17", &["bundle", "import", "parts"]);
    assert!(said.contains("0 waiting, 0 refused"), "{said}");
    assert_eq!(common::case_numbers(h, "home.db").len(), 40);
}

/// A digit misheard on the phone while the desk's bundle waits: the approval is taken (it may
/// be the genuine desk's, the waiting bundle a stranger's), but the home says that a bundle of
/// that desk waits with other digits; the bundle keeps waiting; the wrong approval is taken
/// back and the right one applies what waited.
#[test]
fn a_misheard_fingerprint_is_pointed_out_and_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    ok(h, "hf1.db", "2026-11-01", &["init", "--station", "HF"]);
    ok(
        h,
        "hf1.db",
        "2026-11-02",
        &["case", "add", "--content", "路灯不亮"],
    );
    let b = export(h, "hf1.db", "2026-11-02");
    let said = refused(h, "home.db", "2026-11-02", &["bundle", "import", &b]);
    assert!(said.contains("waits for approval"), "{said}");
    let fp = fingerprint_of(&h.join("hf1.db"));
    let digits: String = fp.chars().filter(char::is_ascii_digit).collect();
    let last = digits.chars().last().unwrap().to_digit(10).unwrap();
    let misheard = format!("{}{}", &digits[..39], (last + 1) % 10);
    let said = ok(
        h,
        "home.db",
        "2026-11-02",
        &["desk", "approve", "HF", "1", "--fingerprint", &misheard],
    );
    assert!(
        said.contains(&format!(
            "note: a bundle that says it comes from HF desk 1 waits with another fingerprint, {fp}"
        )),
        "{said}"
    );
    let listed = ok(h, "home.db", "2026-11-02", &["desk", "list"]);
    assert!(listed.contains("1 bundle waits for approval"), "{listed}");
    assert!(!ok(h, "home.db", "2026-11-02", &["cases"]).contains("路灯不亮"));
    ok(
        h,
        "home.db",
        "2026-11-02",
        &["desk", "refuse", "HF", "1", "--fingerprint", &misheard],
    );
    let said = ok(
        h,
        "home.db",
        "2026-11-02",
        &["desk", "approve", "HF", "1", "--fingerprint", &digits],
    );
    assert!(
        said.contains("applied HF desk 1 A1–A1") && !said.contains("note:"),
        "{said}"
    );
    assert!(ok(h, "home.db", "2026-11-02", &["cases"]).contains("路灯不亮"));
}

/// The same at a station: the home's fingerprint misheard while its reference data waits.
/// The typed key is trusted (it may be the genuine home's, the waiting bundle a stranger's),
/// the waiting bundle goes, and the desk names its fingerprint with the remedy; typed again
/// rightly, the stick imports.
#[test]
fn a_misheard_home_fingerprint_is_pointed_out_with_the_remedy() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    ok(h, "hf1.db", "2026-11-01", &["init", "--station", "HF"]);
    let out = ok(
        h,
        "home.db",
        "2026-11-02",
        &["bundle", "export", "--out", "down"],
    );
    let b = written_bundle(h, out.as_bytes())
        .to_string_lossy()
        .into_owned();
    let said = refused(h, "hf1.db", "2026-11-02", &["bundle", "import", &b]);
    assert!(
        said.contains("has not confirmed the key of its home XA"),
        "{said}"
    );
    let fp = fingerprint_of(&h.join("home.db"));
    let digits: String = fp.chars().filter(char::is_ascii_digit).collect();
    let last = digits.chars().last().unwrap().to_digit(10).unwrap();
    let misheard = format!("{}{}", &digits[..39], (last + 1) % 10);
    let said = ok(
        h,
        "hf1.db",
        "2026-11-02",
        &["desk", "trust-home", "--fingerprint", &misheard],
    );
    assert!(
        said.contains(&format!(
            "deleted 1 waiting bundle signed with another key ({fp}): if that is the \
             fingerprint the home read out, a digit was misheard"
        )) && said.contains("`liaison desk trust-home --fingerprint DIGITS`"),
        "{said}"
    );
    // The stick, imported again, names the remedy once more.
    let said = refused(h, "hf1.db", "2026-11-02", &["bundle", "import", &b]);
    assert!(
        said.contains("liaison desk trust-home --fingerprint"),
        "{said}"
    );
    let said = ok(
        h,
        "hf1.db",
        "2026-11-02",
        &["desk", "trust-home", "--fingerprint", &digits],
    );
    assert!(!said.contains("deleted"), "{said}");
    let said = import(h, "hf1.db", "2026-11-02", &b);
    assert!(said.contains("applied the home's reference data"), "{said}");
    ok(h, "hf1.db", "2026-11-02", &["check"]);
}

/// The home's reference data goes down one bundle per station: each carries its own
/// station's open cases with their residents, and no other station's; a station's folder
/// import takes its own and leaves the others alone.
#[test]
fn each_station_gets_its_own_cases_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    station(h);
    ok(
        h,
        "xy1.db",
        "2026-11-01",
        &[
            "init",
            "--station",
            "XY1",
            "--home-key",
            &fingerprint_of(&h.join("home.db")),
        ],
    );
    approve_cli(h, "home.db", "xy1.db");
    ok(
        h,
        "hf1.db",
        "2026-11-17",
        &[
            "case",
            "add",
            "--content",
            "楼道灯坏",
            "--name",
            "王小红",
            "--phone",
            "13812345678",
        ],
    );
    ok(
        h,
        "xy1.db",
        "2026-11-17",
        &[
            "case",
            "add",
            "--content",
            "花园积水",
            "--name",
            "周九",
            "--phone",
            "13698765432",
        ],
    );
    for desk in ["hf1.db", "xy1.db"] {
        import(h, "home.db", "2026-11-17", &export(h, desk, "2026-11-17"));
    }
    let out = ok(
        h,
        "home.db",
        "2026-11-18",
        &["bundle", "export", "--out", "down"],
    );
    assert!(
        out.contains(
            "-reference-000001-HF (the home's reference data with HF's cases: for HF's desks only)"
        ),
        "{out}"
    );
    let folder = |station: &str| {
        std::fs::read_dir(h.join("down"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(&format!("-{station}")))
            .unwrap()
    };
    let text = |station: &str| -> String {
        std::fs::read_dir(folder(station))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    };
    let (hf, xy1) = (text("HF"), text("XY1"));
    assert!(hf.contains("13812345678") && hf.contains("王小红"));
    assert!(!hf.contains("13698765432") && !hf.contains("周九"));
    assert!(xy1.contains("13698765432") && xy1.contains("周九"));
    assert!(!xy1.contains("13812345678") && !xy1.contains("王小红"));
    // A station's desk, given the whole folder, takes its own bundle only.
    let said = ok(h, "xy1.db", "2026-11-18", &["bundle", "import", "down"]);
    assert!(
        said.contains("-XY1: applied the home's reference data, version 1")
            && said.contains("-HF: left alone: the home's reference data for HF, for that station"),
        "{said}"
    );
    // Named directly, another station's bundle is refused, and nothing changes.
    let before = common::dump_file(&h.join("hf2.db"));
    let said = refused(
        h,
        "hf2.db",
        "2026-11-18",
        &["bundle", "import", &folder("XY1").to_string_lossy()],
    );
    assert!(said.contains("it is the reference data for XY1"), "{said}");
    assert_eq!(common::dump_file(&h.join("hf2.db")), before);
    import(h, "hf2.db", "2026-11-18", &folder("HF").to_string_lossy());
    assert_eq!(status_of(h, "hf2.db", "HF-20261117-001"), "queued");
}
