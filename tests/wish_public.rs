//! A wish given its wording for the wall after it was registered (issue 25: "a text the
//! operator writes or approves for the wall"), through the real binary: a wish from the
//! phone page has none and is off the wall; `wish public N --text …` puts it on `/wishes`
//! (served on loopback, searched for the resident's data and by the scanner of personal
//! numbers), replaces the wording, `--off` takes it off; a wording with a phone number, an
//! empty one, the same one again and one for a claimed wish are refused and nothing changes.
//! At the home, the wording arrives with the desk's bundle; a forged bundle carrying a
//! wording by a desk that does not own the wish, or one holding a phone number, is refused.

mod common;

use std::path::Path;

use common::served::{Served, TODAY, bin, get, hidden, post};
use common::{approve_cli, desk_key, dump_file, liaison, reseal, written_bundle};
use liaison::domain::numbers_in_text::find_numbers;
use serde_json::{Value, json};

/// Runs the binary on `db`; (succeeded, stdout and stderr).
fn run(db: &Path, lang: &str, args: &[&str]) -> (bool, String) {
    let out = bin()
        .args([
            "--lang",
            lang,
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
        ])
        .args(args)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said.trim().to_string())
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (done, said) = run(db, "zh", args);
    assert!(done, "{args:?}: {said}");
    said
}

/// Refused, saying `says`, and the file unchanged.
fn refused(db: &Path, lang: &str, args: &[&str], says: &str) {
    let before = dump_file(db);
    let (done, said) = run(db, lang, args);
    assert!(!done && said.contains(says), "{args:?}: {said}");
    assert_eq!(dump_file(db), before, "{args:?} wrote something");
}

fn the_wish(db: &Path) -> Value {
    let listed: Vec<Value> = ok(db, &["wish", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
    listed[0].clone()
}

const NUMBER: &str = "HF-W-20261117-001";
const WORDING: &str = "一位独居老人家中水龙头漏水，需要上门修理";

fn public(text: &str) -> Vec<&str> {
    vec!["wish", "public", NUMBER, "--text", text]
}

#[test]
fn a_wish_from_the_phone_goes_on_the_wall_once_the_desk_words_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::served::desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let addr = served.addr;
    let form = get(addr, &format!("/{}", served.token()));
    let fields = [
        ("t", served.token()),
        ("n", hidden(&form.body, "n")),
        ("lang", "zh".to_string()),
        ("kind", "wish".to_string()),
        ("name", "王秀英".to_string()),
        ("phone", "13812345678".to_string()),
        ("address", "和风雅苑3幢201室".to_string()),
        (
            "content",
            "家里厨房水龙头漏水半个月了，一个人修不了".to_string(),
        ),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = post(addr, &fields);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains(NUMBER), "{}", done.body);
    assert!(
        done.body
            .contains("工作人员会核对您的心愿，并写一句不含个人信息的说法放上心愿墙"),
        "the answer says what happens next: {}",
        done.body
    );
    assert_eq!(the_wish(&db)["public"], Value::Null);
    assert!(!get(addr, "/wishes").body.contains(NUMBER));

    // Odd input first: refused with the reason, nothing written, still off the wall.
    let with_phone = "独居老人水龙头漏水，联系13812345678";
    let args = public(with_phone);
    refused(&db, "zh", &args, "上墙文字不能含电话、身份证等个人号码");
    refused(
        &db,
        "en",
        &args,
        "must not hold a phone, ID or other personal number",
    );
    // Digits typed full-width by an IME are digits.
    let args = public("独居老人水龙头漏水，联系１３８１２３４５６７８");
    refused(&db, "en", &args, "personal number");
    let id_number = "老人身份证110101194001011234，需要助行器";
    let args = public(id_number);
    refused(&db, "en", &args, "personal number");
    let args = public("   ");
    refused(&db, "en", &args, "wording for the wall");
    refused(
        &db,
        "en",
        &["wish", "public", NUMBER],
        "--text TEXT, or --off",
    );
    refused(
        &db,
        "zh",
        &["wish", "public", NUMBER, "--text", WORDING, "--off"],
        "二选一",
    );
    refused(
        &db,
        "en",
        &["wish", "public", "HF-W-20261117-009", "--text", WORDING],
        "no wish numbered HF-W-20261117-009",
    );
    refused(
        &db,
        "en",
        &["wish", "public", NUMBER, "--off"],
        "has no wording for the wall",
    );
    let wall = get(addr, "/wishes").body;
    assert!(
        !wall.contains(NUMBER) && !wall.contains("1381234"),
        "{wall}"
    );

    // The desk words it: on the wall at once, by that wording only.
    let said = ok(&db, &public(WORDING));
    assert_eq!(said, format!("{NUMBER} 已上心愿墙：{WORDING}"));
    let wish = the_wish(&db);
    assert_eq!(
        (&wish["public"], &wish["state"], &wish["events"]),
        (&json!(WORDING), &json!("open"), &json!(2))
    );
    let wall = get(addr, "/wishes").body;
    assert!(wall.contains(&format!("<td>{WORDING}</td>")), "{wall}");
    assert!(
        wall.contains(NUMBER) && wall.contains("共 1 个待认领"),
        "{wall}"
    );
    for absent in [
        "王秀英",
        "王**",
        "13812345678",
        "138****5678",
        "和风雅苑",
        "3幢201室",
        "半个月了",
        "一个人修不了",
    ] {
        assert!(!wall.contains(absent), "{absent} on the wall: {wall}");
    }
    let station_phone: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT phone FROM stations WHERE code = 'HF'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let digits = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<String>();
    let found = find_numbers(&wall);
    assert!(
        found
            .iter()
            .all(|f| digits(&f.digits) == digits(&station_phone)),
        "only the station's own phone: {found:?}"
    );

    // The same wording again changes nothing and is refused; a new one replaces it.
    refused(&db, "zh", &public(WORDING), "上墙文字已是这样");
    let better = "一位独居老人家的水龙头坏了，想请人上门修一修";
    ok(&db, &public(better));
    let wall = get(addr, "/wishes").body;
    assert!(wall.contains(better) && !wall.contains(WORDING), "{wall}");

    // Off the wall, and back on.
    let (done, said) = run(&db, "en", &["wish", "public", NUMBER, "--off"]);
    assert!(
        done && said == format!("{NUMBER} is off the wall"),
        "{said}"
    );
    assert_eq!(the_wish(&db)["public"], Value::Null);
    let wall = get(addr, "/wishes").body;
    assert!(!wall.contains(NUMBER) && wall.contains("目前没有待认领的微心愿"));
    ok(&db, &public(WORDING));
    assert!(get(addr, "/wishes").body.contains(WORDING));

    // Claimed, it leaves the wall and takes no wording any more.
    ok(&db, &["wish", "claim", NUMBER, "--volunteer", "孙志远"]);
    assert!(!get(addr, "/wishes").body.contains(NUMBER));
    refused(
        &db,
        "zh",
        &public(better),
        "状态为已认领：只有待认领的微心愿上心愿墙",
    );
    refused(
        &db,
        "en",
        &["wish", "public", NUMBER, "--off"],
        "is claimed: only an open wish is on the wall",
    );
    // The row is the replay of its log (six events: registered, three wordings, off, claim).
    assert_eq!(the_wish(&db)["events"], 6);
    ok(&db, &["check"]);
    assert!(served.stop().success());
}

fn at(h: &Path, db: &str, today: &str, lang: &str, args: &[&str]) -> (bool, String, Vec<u8>) {
    let out = liaison(h)
        .args(["--lang", lang, "--db", db, "--today", today])
        .args(args)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said, out.stdout)
}

fn fine(h: &Path, db: &str, today: &str, args: &[&str]) -> Vec<u8> {
    let (done, said, stdout) = at(h, db, today, "en", args);
    assert!(done, "{db} {args:?}: {said}");
    stdout
}

fn wishes_at(h: &Path, db: &str) -> Vec<Value> {
    String::from_utf8(fine(h, db, "2026-11-20", &["wish", "list", "--json"]))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A `published` event as a desk writes it in `wishes.jsonl`.
fn published_line(id: &str, at: &Value, public: Option<&str>) -> Value {
    let payload = match public {
        Some(p) => json!({ "public": p }).to_string(),
        None => "{}".to_string(),
    };
    json!({
        "id": id,
        "at": at,
        "actor": "forger",
        "kind": "published",
        "payload": payload,
        "epoch": 1,
    })
}

/// A change made to a wire wish by someone holding a desk's key.
type Forgery = Box<dyn FnOnce(&mut Value)>;

/// The time of a wire wish's last event (a forged event no later than the bundle).
fn last_at(w: &Value) -> Value {
    w["events"].as_array().unwrap().last().unwrap()["at"].clone()
}

/// The bundle's `wishes.jsonl` with `f` applied to its first wish.
fn forge(file: &Path, original: &str, f: impl FnOnce(&mut Value)) {
    let mut lines: Vec<Value> = original
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    f(&mut lines[0]);
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(file, text).unwrap();
}

#[test]
fn the_wording_travels_to_the_home_and_a_forged_one_is_refused_whole() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    fine(h, "HF.db", "2026-11-01", &["init", "--station", "HF"]);
    fine(
        h,
        "HF2.db",
        "2026-11-01",
        &["init", "--station", "HF", "--desk", "2"],
    );
    fine(h, "XA.db", "2026-11-01", &["init", "--station", "XA"]);
    approve_cli(h, "XA.db", "HF.db");
    approve_cli(h, "XA.db", "HF2.db");

    // Desk 1 registers a wish without a wording, then words it; the bundle carries both.
    fine(
        h,
        "HF.db",
        "2026-11-02",
        &["case", "add", "--content", "路灯坏了"],
    );
    fine(
        h,
        "HF.db",
        "2026-11-02",
        &["wish", "add", "--content", "书包", "--phone", "13812345678"],
    );
    let number = "HF-W-20261102-001";
    fine(
        h,
        "HF.db",
        "2026-11-02",
        &["wish", "public", number, "--text", "一名小学生需要一个书包"],
    );
    let out = fine(
        h,
        "HF.db",
        "2026-11-02",
        &["bundle", "export", "--out", "usb1"],
    );
    let bundle = written_bundle(h, &out);
    let file = bundle.join("wishes.jsonl");
    let original = std::fs::read_to_string(&file).unwrap();
    assert!(original.contains("\"kind\":\"published\""), "{original}");
    let key = desk_key(&h.join("HF.db"));
    let home_before = dump_file(&h.join("XA.db"));

    // Forged by desk 1's own key: a wording with a phone number; a wording for a wish that
    // its log has claimed (the transition function refuses it).
    let forgeries: Vec<(Forgery, &str)> = vec![
        (
            Box::new(|w: &mut Value| {
                let at = last_at(w);
                w["events"].as_array_mut().unwrap().push(published_line(
                    "0190f3a0-0000-7000-8000-0000000000a1",
                    &at,
                    Some("书包，请打13812345678"),
                ));
            }),
            "holds a personal number",
        ),
        (
            Box::new(|w: &mut Value| {
                let at = last_at(w);
                let events = w["events"].as_array_mut().unwrap();
                let mut claim = published_line("0190f3a0-0000-7000-8000-0000000000a2", &at, None);
                claim["kind"] = json!("claimed");
                events.push(claim);
                events.push(published_line(
                    "0190f3a0-0000-7000-8000-0000000000a3",
                    &at,
                    Some("一名小学生需要文具"),
                ));
            }),
            "only an open wish is on the wall",
        ),
    ];
    for (f, says) in forgeries {
        forge(&file, &original, f);
        reseal(&bundle, &key);
        let (done, said, _) = at(
            h,
            "XA.db",
            "2026-11-03",
            "en",
            &["bundle", "import", bundle.to_str().unwrap()],
        );
        assert!(!done && said.contains(says), "{says}: {said}");
        assert_eq!(dump_file(&h.join("XA.db")), home_before, "{says}");
    }

    // Desk 2 of the same station, with its own valid key, sends desk 1's wish with a new
    // wording: not its wish (its number is desk 1's), refused whole.
    fine(
        h,
        "HF2.db",
        "2026-11-03",
        &["case", "add", "--content", "井盖松动"],
    );
    let out = fine(
        h,
        "HF2.db",
        "2026-11-03",
        &["bundle", "export", "--out", "usb2"],
    );
    let bundle2 = written_bundle(h, &out);
    let key2 = desk_key(&h.join("HF2.db"));
    let mut stolen: Value = serde_json::from_str(original.lines().next().unwrap()).unwrap();
    let stolen_at = last_at(&stolen);
    stolen["events"]
        .as_array_mut()
        .unwrap()
        .push(published_line(
            "0190f3a0-0000-7000-8000-0000000000a4",
            &stolen_at,
            Some("一名中学生需要一台电脑"),
        ));
    let import2 = |wishes: &Value| {
        std::fs::write(bundle2.join("wishes.jsonl"), format!("{wishes}\n")).unwrap();
        reseal(&bundle2, &key2);
        at(
            h,
            "XA.db",
            "2026-11-03",
            "en",
            &["bundle", "import", bundle2.to_str().unwrap()],
        )
    };
    let (done, said, _) = import2(&stolen);
    assert!(
        !done && said.contains("was registered by desk 1 of HF, not by desk 2"),
        "{said}"
    );
    assert_eq!(dump_file(&h.join("XA.db")), home_before);

    // The desk's own bundle, as written, brings the wording to the home.
    std::fs::write(&file, &original).unwrap();
    reseal(&bundle, &key);
    fine(
        h,
        "XA.db",
        "2026-11-03",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    let at_home = wishes_at(h, "XA.db");
    assert_eq!(at_home, wishes_at(h, "HF.db"));
    assert_eq!(at_home[0]["public"], "一名小学生需要一个书包");
    fine(h, "XA.db", "2026-11-03", &["check"]);

    // Now that the home has it, desk 2 may claim or fulfil it but not word it for the wall
    // (only the desk that registered it does), nor pass it off under a number of its own.
    let home_before = dump_file(&h.join("XA.db"));
    let (done, said, _) = import2(&stolen);
    assert!(
        !done && said.contains("may not write `published`"),
        "{said}"
    );
    assert_eq!(dump_file(&h.join("XA.db")), home_before);
    stolen["number"] = json!("HF-W-20261102-2A001");
    let (done, said, _) = import2(&stolen);
    assert!(
        !done && said.contains("its registration names another wish"),
        "{said}"
    );
    assert_eq!(dump_file(&h.join("XA.db")), home_before);

    // The home words no station's wish.
    let before = dump_file(&h.join("XA.db"));
    let (done, said, _) = at(
        h,
        "XA.db",
        "2026-11-03",
        "en",
        &["wish", "public", number, "--off"],
    );
    assert!(
        !done && said.contains("belongs to HF: this desk cannot change it"),
        "{said}"
    );
    assert_eq!(dump_file(&h.join("XA.db")), before);
}
