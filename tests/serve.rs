//! The self-service page (扫码登记) through the real binary, on loopback only: the form
//! served, a submission registered as a `mobile` case, and everything that must be refused
//! (no token, an old token, a huge body, a flood, paths to stored data, markup in every
//! field) refused or inert, with nothing registered and the server still serving.

mod common;

use std::process::Stdio;

use common::served::{Served, TODAY, bin, cases, desk, get, hidden, post, raw};

#[test]
fn the_form_is_served_and_a_submission_is_a_mobile_case_to_confirm() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    assert!(
        served.url.starts_with("http://127.0.0.1:"),
        "{}",
        served.url
    );

    let form = get(served.addr, &format!("/{}", served.token()));
    assert_eq!(form.status, 200);
    for field in [
        "name=\"name\"",
        "name=\"phone\"",
        "name=\"address\"",
        "name=\"content\"",
    ] {
        assert!(form.body.contains(field), "{field}");
    }
    assert!(
        form.body.contains("<label for=\"content\">反映内容"),
        "Chinese first"
    );
    assert_eq!(hidden(&form.body, "t"), served.token());
    assert_eq!(form.header("x-frame-options"), Some("DENY"));
    assert_eq!(form.header("x-content-type-options"), Some("nosniff"));
    let csp = form.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert!(!form.body.contains("<script"), "works without script");
    assert!(!form.body.contains("http"), "nothing from elsewhere");
    let english = get(served.addr, &format!("/{}?lang=en", served.token()));
    assert!(english.body.contains("<label for=\"content\">Your opinion"));
    let css = get(served.addr, "/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));

    let fields = [
        ("t", served.token()),
        ("n", hidden(&form.body, "n")),
        ("lang", "zh".into()),
        ("name", "王小红".into()),
        ("phone", "１３８ １２３４ ５６７８".into()),
        ("address", "和风雅苑3幢201室".into()),
        ("content", "小区路灯坏了三个月\r\n晚上看不见路".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = post(served.addr, &fields);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("HF-20261117-001"), "{}", done.body);
    assert!(done.body.contains("<strong>001</strong>"));
    assert!(
        !done.body.contains("王小红") && !done.body.contains("5678"),
        "no echo of data"
    );
    // A second tap of the same form: the same answer, no second case.
    let again = post(served.addr, &fields);
    assert_eq!(again.status, 200);
    assert!(again.body.contains("HF-20261117-001"));

    let listed = cases(&db);
    assert_eq!(listed.len(), 1);
    let case = &listed[0];
    assert_eq!(case["source"], "mobile");
    assert_eq!(case["self_registered"], true);
    assert_eq!(case["to_confirm"], true);
    assert_eq!(case["status"], "queued");
    assert_eq!(case["resident"]["phone"], "138****5678");
    assert_eq!(case["content"], "小区路灯坏了三个月\n晚上看不见路");

    // The desk said what happened, without the resident's data.
    let printed = served.printed().join("\n");
    assert!(printed.contains("registered HF-20261117-001"), "{printed}");
    assert!(!printed.contains("王小红") && !printed.contains("13812345678"));

    // Called to a deputy: confirmed. The waiting room sees the number and the deputy only.
    let call = bin()
        .args(["--db", db.to_str().unwrap(), "--today", TODAY])
        .args(["case", "call", "HF-20261117-001", "--deputy", "D01"])
        .output()
        .unwrap();
    assert!(call.status.success(), "{call:?}");
    assert_eq!(cases(&db)[0]["to_confirm"], false);
    let calls = get(served.addr, "/calls");
    assert_eq!(calls.status, 200);
    assert!(calls.body.contains("请 001 号到"), "{}", calls.body);
    assert!(calls.body.contains("http-equiv=\"refresh\""));
    assert!(!calls.body.contains("王小红") && !calls.body.contains("5678"));
    let check = bin()
        .args(["--db", db.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(check.status.success(), "the replay agrees: {check:?}");
    assert!(served.stop().success());
}

#[test]
fn refusals_register_nothing_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    // Yesterday's page, still open on a phone.
    let yesterday = Served::start(&db, "2026-11-16", &[]);
    let old_form = get(yesterday.addr, &format!("/{}", yesterday.token()));
    let old_token = yesterday.token();
    assert!(yesterday.stop().success());

    let served = Served::start(&db, TODAY, &[]);
    assert_ne!(served.token(), old_token, "a new token each day");
    let addr = served.addr;
    let form = get(addr, &format!("/{}", served.token()));
    let good = |token: &str, id: &str| {
        vec![
            ("t".to_string(), token.to_string()),
            ("n".to_string(), id.to_string()),
            ("lang".to_string(), "en".to_string()),
            ("content".to_string(), "路灯坏了".to_string()),
        ]
    };
    let send = |fields: Vec<(String, String)>| {
        let f: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        post(addr, &f)
    };

    // No token, an old token, another day's page.
    assert_eq!(get(addr, "/").status, 403);
    assert_eq!(send(good("", &hidden(&form.body, "n"))).status, 403);
    let stale = send(good(&old_token, &hidden(&old_form.body, "n")));
    assert_eq!(stale.status, 403);
    assert!(stale.body.contains("expired"), "{}", stale.body);
    assert_eq!(get(addr, &format!("/{old_token}")).status, 403);
    // Paths to stored data.
    for path in [
        "/cases",
        "/../liaison.db",
        "/liaison.db",
        "/%2e%2e/liaison.db",
        "/calls/../x",
    ] {
        let answer = get(addr, path);
        assert_eq!(answer.status, 404, "{path}");
        assert!(!answer.body.contains("SQLite"), "{path}");
    }
    assert_eq!(
        raw(addr, b"DELETE /submit HTTP/1.1\r\nHost: x\r\n\r\n").status,
        405
    );
    // A body of 3 MB: refused from its length, before it is read.
    let huge = format!("content={}", "x".repeat(3 * 1024 * 1024));
    let mut request = format!(
        "POST /submit HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n",
        huge.len()
    )
    .into_bytes();
    request.extend_from_slice(huge.as_bytes());
    assert_eq!(raw(addr, &request).status, 413);
    // Chunked bodies and garbage.
    assert_eq!(
        raw(
            addr,
            b"POST /submit HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        )
        .status,
        411
    );
    assert_eq!(
        raw(addr, b"\x16\x03\x01\x02\x00garbage\r\n\r\n").status,
        400
    );
    assert_eq!(cases(&db).len(), 0, "nothing registered");

    // Markup in every field: inert in the page that keeps the input (the phone is wrong).
    let mut fields = good(&served.token(), &hidden(&form.body, "n"));
    for name in ["name", "phone", "address", "content"] {
        // Within each field's limit, so that it would be kept and shown back.
        let markup = if name == "content" {
            "\"><script>alert(1)</script><img src=x onerror=alert(2)>"
        } else {
            "\"><img src=x onerror=alert(2)>"
        };
        fields.retain(|(k, _)| k != name);
        fields.push((name.to_string(), format!("{name}{markup}")));
    }
    let kept = send(fields.clone());
    assert_eq!(kept.status, 422);
    assert!(!kept.body.contains("<script") && !kept.body.contains("<img"));
    assert!(
        kept.body.contains("content&quot;&gt;&lt;script&gt;"),
        "kept, escaped"
    );
    assert!(
        kept.body.contains("value=\"name&quot;&gt;&lt;img"),
        "kept, escaped"
    );
    assert!(!kept.body.contains("id=\"name-error\""), "{}", kept.body);
    assert_eq!(cases(&db).len(), 0, "nothing registered");
    // With a good phone it registers, stored as text, and nothing echoes it as markup.
    fields.retain(|(k, _)| k != "phone");
    fields.push(("phone".into(), "13812345678".into()));
    let done = send(fields);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(!done.body.contains("<script"));
    let listed = cases(&db);
    assert_eq!(listed.len(), 1);
    assert!(listed[0]["content"].as_str().unwrap().contains("<script>"));

    // Still serving.
    assert_eq!(get(addr, &format!("/{}", served.token())).status, 200);
    assert!(served.stop().success());
}

#[test]
fn a_flood_from_one_address_is_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let token = served.token();
    let mut statuses = Vec::new();
    for i in 0..100 {
        let id = format!("FLOODFORM{:07}", i)
            .replace('0', "A")
            .replace('1', "B")
            .replace('8', "C")
            .replace('9', "D");
        let answer = post(
            served.addr,
            &[("t", &token), ("n", &id), ("content", "同样的内容")],
        );
        if answer.status == 429 {
            assert!(answer.header("retry-after").is_some());
        }
        statuses.push(answer.status);
    }
    let registered = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(registered + refused, 100, "{statuses:?}");
    assert!((1..=6).contains(&registered), "{registered} registered");
    assert_eq!(cases(&db).len(), registered);
    assert_eq!(
        get(served.addr, &format!("/{token}")).status,
        200,
        "still serving"
    );
    assert!(served.stop().success());
}

#[test]
fn a_new_token_refuses_the_old_one_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let mut served = Served::start(&db, TODAY, &[]);
    let old = served.token();
    let form = get(served.addr, &format!("/{old}"));
    served.type_line("new");
    let url = served.wait_for_url();
    let new = url.rsplit('/').next().unwrap().to_string();
    assert_ne!(new, old);
    let stale = post(
        served.addr,
        &[
            ("t", &old),
            ("n", &hidden(&form.body, "n")),
            ("content", "x"),
        ],
    );
    assert_eq!(stale.status, 403);
    assert_eq!(get(served.addr, &format!("/{new}")).status, 200);
    assert_eq!(cases(&db).len(), 0);
    // Restarting the desk the same day keeps the day's code (a printed one stays good)...
    assert!(served.stop().success());
    let again = Served::start(&db, TODAY, &[]);
    assert_eq!(again.token(), new);
    assert!(again.stop().success());
    // ...unless asked for a new one.
    let renewed = Served::start(&db, TODAY, &["--new-token"]);
    assert_ne!(renewed.token(), new);
}

#[test]
fn serve_listens_only_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let out = bin()
        .args([
            "--db",
            db.to_str().unwrap(),
            "serve",
            "--listen",
            "not-an-address",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an address"));
    // A port another program holds is named, with the remedy.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = bin()
        .args(["--db", db.to_str().unwrap(), "serve", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains(&format!("port {port} is taken")), "{said}");
    // No desk file: refused before listening.
    let out = bin()
        .args(["--db", dir.path().join("none.db").to_str().unwrap()])
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
}
