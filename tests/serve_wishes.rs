//! 微心愿 on the self-service server, through the real binary on loopback: the wish wall
//! (`/wishes`) shows open wishes by their approved public wording only, searched for the
//! residents' names, phones, addresses and private content (and by the project's scanner
//! of personal numbers); a wish without a public wording and a fulfilled one are absent.
//! A resident registers a wish from the phone (the form's choice 意见建议 / 微心愿): a wish
//! with no public wording, off the wall until the desk approves one.

mod common;

use std::path::Path;

use common::served::{Served, TODAY, bin, cases, desk, get, hidden, post};
use liaison::domain::numbers_in_text::find_numbers;

fn run(db: &Path, today: &str, args: &[&str]) -> String {
    let out = bin()
        .args(["--db", db.to_str().unwrap(), "--today", today])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn the_wall_shows_open_wishes_by_their_public_wording_and_nothing_personal() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let on_wall = run(
        &db,
        "2026-11-10",
        &[
            "wish",
            "add",
            "--content",
            "王秀英独居，厨房水龙头漏水半个月了，儿子在外地",
            "--public",
            "一位独居老人家中水龙头漏水，需要上门修理",
            "--name",
            "王秀英",
            "--phone",
            "13812345678",
            "--address",
            "和风雅苑3幢201室",
        ],
    );
    assert_eq!(on_wall, "HF-W-20261110-001");
    let unapproved = run(
        &db,
        "2026-11-12",
        &[
            "wish",
            "add",
            "--content",
            "孩子上学缺一个书包",
            "--name",
            "李明",
            "--phone",
            "13900001111",
            "--address",
            "清风里5号",
        ],
    );
    let fulfilled = run(
        &db,
        "2026-11-12",
        &[
            "wish",
            "add",
            "--content",
            "九十岁老人需要一副助行器",
            "--public",
            "一位高龄老人需要一副助行器",
            "--name",
            "赵桂兰",
            "--phone",
            "13700002222",
        ],
    );
    run(
        &db,
        "2026-11-13",
        &["wish", "claim", &fulfilled, "--volunteer", "孙志远"],
    );
    run(
        &db,
        "2026-11-14",
        &["wish", "fulfil", &fulfilled, "--note", "孙志远送去助行器"],
    );

    let served = Served::start(&db, TODAY, &[]);
    let wall = get(served.addr, "/wishes");
    assert_eq!(wall.status, 200, "{}", wall.body);
    let body = &wall.body;
    assert!(body.contains("微心愿墙"), "Chinese first: {body}");
    assert!(
        body.contains("<td>一位独居老人家中水龙头漏水，需要上门修理</td>"),
        "{body}"
    );
    assert!(
        body.contains("HF-W-20261110-001"),
        "the number to claim it by"
    );
    assert!(
        body.contains("<td>2026-11-10</td>"),
        "the day it was registered"
    );
    assert!(body.contains("共 1 个待认领"), "{body}");
    let (station, station_phone): (String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT name, phone FROM stations WHERE code = 'HF'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        body.contains(&format!("<td>{station}</td>")),
        "the community: {body}"
    );

    // Nothing personal, nor the private content; neither the unapproved nor the fulfilled.
    for absent in [
        "王秀英",
        "王**",
        "13812345678",
        "138****5678",
        "和风雅苑",
        "3幢201室",
        "儿子在外地",
        "厨房水龙头漏水半个月了",
        unapproved.as_str(),
        "书包",
        "李明",
        "清风里",
        "13900001111",
        fulfilled.as_str(),
        "助行器",
        "赵桂兰",
        "孙志远",
    ] {
        assert!(!body.contains(absent), "{absent} on the wall: {body}");
    }
    // The scanner of personal numbers finds only the station's own public phone.
    let digits = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<String>();
    let found = find_numbers(body);
    assert!(
        found
            .iter()
            .all(|f| digits(&f.digits) == digits(&station_phone)),
        "{found:?}"
    );

    // Printable: the stylesheet has an A4 print layout; the page works without script and
    // loads nothing from elsewhere.
    let css = get(served.addr, "/style.css");
    assert!(
        css.body.contains("@media print") && css.body.contains("size: A4"),
        "{}",
        css.body
    );
    assert!(
        !body.contains("<script") && !body.contains("http"),
        "{body}"
    );

    let english = get(served.addr, "/wishes?lang=en");
    assert!(english.body.contains("Wish wall"), "{}", english.body);
    assert!(english.body.contains("1 waiting to be taken up"));

    // Once claimed, the wish leaves the wall.
    run(
        &db,
        TODAY,
        &["wish", "claim", &on_wall, "--volunteer", "钱多"],
    );
    let after = get(served.addr, "/wishes");
    assert!(!after.body.contains(&on_wall), "{}", after.body);
    assert!(
        after.body.contains("目前没有待认领的微心愿"),
        "{}",
        after.body
    );
    assert!(served.stop().success());
}

fn wishes_json(db: &Path) -> Vec<serde_json::Value> {
    run(db, TODAY, &["wish", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_wish_registered_on_the_phone_waits_off_the_wall_for_the_desk() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let addr = served.addr;
    let form = get(addr, &format!("/{}", served.token()));
    assert_eq!(form.status, 200);
    for choice in [
        "<legend>您要登记的是</legend>",
        "value=\"opinion\" aria-describedby=\"kind-opinion-help\" checked>",
        "<label for=\"kind-opinion\">意见建议</label>",
        "<label for=\"kind-wish\">微心愿</label>",
    ] {
        assert!(form.body.contains(choice), "{choice}: {}", form.body);
    }
    let english = get(addr, &format!("/{}?lang=en", served.token()));
    assert!(english.body.contains("A small wish"), "{}", english.body);

    let with = |kind: &str, phone: &str| {
        vec![
            ("t".to_string(), served.token()),
            ("n".to_string(), hidden(&form.body, "n")),
            ("lang".to_string(), "zh".to_string()),
            ("kind".to_string(), kind.to_string()),
            ("name".to_string(), "王秀英".to_string()),
            ("phone".to_string(), phone.to_string()),
            ("address".to_string(), "和风雅苑3幢201室".to_string()),
            (
                "content".to_string(),
                "家里水龙头漏水，一个人修不了".to_string(),
            ),
        ]
    };
    let send = |fields: Vec<(String, String)>| {
        let f: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        post(addr, &f)
    };

    // A kind the form does not offer, and a wrong phone: nothing registered; the choice kept.
    assert_eq!(send(with("case", "13812345678")).status, 400);
    let wrong = send(with("wish", "12345"));
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(
        wrong
            .body
            .contains("value=\"wish\" aria-describedby=\"kind-wish-help\" checked>"),
        "{}",
        wrong.body
    );
    assert!(wishes_json(&db).is_empty() && cases(&db).is_empty());

    let done = send(with("wish", "13812345678"));
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("微心愿已登记"), "{}", done.body);
    assert!(done.body.contains("HF-W-20261117-001"), "{}", done.body);
    assert!(
        !done.body.contains("王秀英") && !done.body.contains("5678"),
        "no echo of data"
    );
    // A second tap: the same answer, no second wish.
    let again = send(with("wish", "13812345678"));
    assert!(again.body.contains("HF-W-20261117-001"), "{}", again.body);

    let listed = wishes_json(&db);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let wish = &listed[0];
    assert_eq!(wish["number"], "HF-W-20261117-001");
    assert_eq!(wish["state"], "open");
    assert_eq!(wish["public"], serde_json::Value::Null, "{wish}");
    assert_eq!(wish["content"], "家里水龙头漏水，一个人修不了");
    assert_eq!(wish["resident"]["name"], "王**");
    assert_eq!(wish["resident"]["phone"], "138****5678");
    assert_eq!(wish["resident"]["address"], "和风雅苑3幢201室");
    assert!(cases(&db).is_empty(), "a wish is not a case");
    let printed = served.printed().join("\n");
    assert!(printed.contains("HF-W-20261117-001"), "{printed}");
    assert!(!printed.contains("王秀英") && !printed.contains("13812345678"));

    // No approved wording yet: not on the wall.
    let wall = get(addr, "/wishes");
    assert!(!wall.body.contains("HF-W-20261117-001"), "{}", wall.body);
    assert!(!wall.body.contains("水龙头"), "{}", wall.body);

    // An opinion from the same page is still a case.
    let form = get(addr, &format!("/{}", served.token()));
    let mut opinion = with("opinion", "13812345678");
    opinion[1].1 = hidden(&form.body, "n");
    assert_eq!(send(opinion).status, 200);
    assert_eq!(cases(&db).len(), 1);
    assert_eq!(wishes_json(&db).len(), 1);
    let check = bin()
        .args(["--db", db.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(check.status.success(), "the replay agrees: {check:?}");
    assert!(served.stop().success());
}

/// Issue 25's walk, through the real binary: a resident's wish sent from the phone page,
/// worded for the wall at the desk, claimed by a deputy, fulfilled, and then in the month's
/// report pack and in that deputy's duty record, each figure against the one wish the test
/// made (and nothing else in the file).
#[test]
fn a_wish_from_the_phone_is_claimed_fulfilled_and_counted_in_the_report_and_the_duty_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
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
        ("content", "一个人住，厨房水龙头漏水一个月了".to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = post(addr, &fields);
    assert_eq!(done.status, 200, "{}", done.body);
    let number = "HF-W-20261117-001";
    assert!(done.body.contains(number), "{}", done.body);

    // Off the wall until the desk words it; on it by that wording only; off it once claimed.
    assert!(!get(addr, "/wishes").body.contains(number));
    let wording = "一位独居老人家中厨房水龙头漏水，需要懂水电的志愿者上门修理";
    run(&db, TODAY, &["wish", "public", number, "--text", wording]);
    let wall = get(addr, "/wishes").body;
    assert!(wall.contains(number) && wall.contains(wording), "{wall}");
    for personal in ["王秀英", "13812345678", "5678", "3幢201", "一个月了"] {
        assert!(!wall.contains(personal), "{personal} on the wall: {wall}");
    }
    run(&db, "2026-11-18", &["wish", "claim", number, "--by", "D02"]);
    assert!(!get(addr, "/wishes").body.contains(number));
    run(
        &db,
        "2026-11-21",
        &["wish", "fulfil", number, "--note", "换了新水龙头"],
    );
    drop(served);

    // The month's pack: one registered, one claimed, one fulfilled, 4 days from 11-17 to 11-21.
    let out = dir.path().join("pack");
    run(
        &db,
        "2026-12-01",
        &[
            "report",
            "--month",
            "2026-11",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let wishes = std::fs::read_to_string(out.join("wishes.csv")).unwrap();
    for line in [
        "微心愿：登记,1",
        "微心愿：认领,1",
        "微心愿：圆梦,1",
        "微心愿：圆梦天数中位数,4.0",
    ] {
        assert!(wishes.lines().any(|l| l == line), "{line}?\n{wishes}");
    }
    // December's pack has none of it.
    let december = dir.path().join("december");
    run(
        &db,
        "2026-12-01",
        &[
            "report",
            "--month",
            "2026-12",
            "--format",
            "csv",
            "--out",
            december.to_str().unwrap(),
        ],
    );
    let none = std::fs::read_to_string(december.join("wishes.csv")).unwrap();
    assert!(none.lines().any(|l| l == "微心愿：圆梦,0"), "{none}");

    // The duty record: D02 fulfilled it, nobody else did.
    let duty = run(&db, "2026-12-01", &["duty", "--year", "2026", "--json"]);
    let fulfilled: Vec<(String, u64)> = duty
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| {
            (
                v["record"]["member"].as_str().unwrap().to_string(),
                v["record"]["wishes_fulfilled"].as_u64().unwrap(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(fulfilled, vec![("D02".to_string(), 1)]);
    assert!(cases(&db).is_empty(), "a wish is not a case");
}
