//! The self-service page (扫码登记) through the real binary, on loopback only: the form
//! served, a submission registered as a `self_service` case (扫码登记), and everything that must be refused
//! (no token, an old token, a huge body, a flood, paths to stored data, markup in every
//! field) refused or inert, with nothing registered and the server still serving.

mod common;

use std::process::Stdio;

use common::served::{Served, TODAY, bin, cases, desk, get, hidden, post, raw};

#[test]
fn the_form_is_served_and_a_submission_is_a_self_service_case_to_confirm() {
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
    assert_eq!(case["source"], "self_service");
    assert_eq!(case["self_registered"], true);
    assert_eq!(case["to_confirm"], true);
    assert_eq!(case["status"], "queued");
    assert_eq!(case["resident"]["phone"], "138****5678");
    assert_eq!(case["content"], "小区路灯坏了三个月\n晚上看不见路");

    // The desk said what happened, without the resident's data.
    let printed = served.printed().join("\n");
    assert!(printed.contains("registered HF-20261117-001"), "{printed}");
    assert!(!printed.contains("王小红") && !printed.contains("13812345678"));

    // Called to a deputy on today's roster: confirmed. The waiting room sees the number and
    // the deputy only.
    for step in ["add", "checkin"] {
        let roster = bin()
            .args(["--db", db.to_str().unwrap(), "--today", TODAY])
            .args(["roster", step, "D01"])
            .output()
            .unwrap();
        assert!(roster.status.success(), "{roster:?}");
    }
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是地址和端口"));
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
    assert!(
        said.contains(&format!("端口 {port} 已被其他程序占用")),
        "{said}"
    );
    // No desk file: refused before listening.
    let out = bin()
        .args(["--db", dir.path().join("none.db").to_str().unwrap()])
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// A POST carrying the form's fields and these extra header lines.
fn post_with(addr: std::net::SocketAddr, headers: &str, body: &str) -> common::served::Answer {
    raw(
        addr,
        format!(
            "POST /submit HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             {headers}Connection: close\r\n\r\n{body}"
        )
        .as_bytes(),
    )
}

#[test]
fn a_post_from_another_sites_page_is_refused_whatever_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let addr = served.addr;
    let token = served.token();
    let form = get(addr, &format!("/{token}"));
    let body = |id: &str| format!("t={token}&n={id}&lang=en&content=%E8%B7%AF%E7%81%AF");
    let id = hidden(&form.body, "n");

    // The wall's token, sent by a page on evil.example (or a sandboxed one: `null`).
    for origin in ["http://evil.example", "null"] {
        let b = body(&id);
        let refused = post_with(
            addr,
            &format!(
                "Host: {addr}\r\nOrigin: {origin}\r\nContent-Length: {}\r\n",
                b.len()
            ),
            &b,
        );
        assert_eq!(refused.status, 403, "{origin}: {}", refused.body);
        assert!(refused.body.contains("其他网站"), "{}", refused.body);
    }
    // A Host that names another server than the Origin's is as foreign.
    let b = body(&id);
    let refused = post_with(
        addr,
        &format!(
            "Host: evil.example\r\nOrigin: http://{addr}\r\nContent-Length: {}\r\n",
            b.len()
        ),
        &b,
    );
    assert_eq!(refused.status, 403);
    assert_eq!(cases(&db).len(), 0, "nothing registered");
    let printed = served.printed().join("\n");
    assert!(
        printed.contains("refused a submission: sent from another site's page"),
        "{printed}"
    );

    // From this server's own page: registered.
    let b = body(&id);
    let done = post_with(
        addr,
        &format!(
            "Host: {addr}\r\nOrigin: http://{addr}\r\nContent-Length: {}\r\n",
            b.len()
        ),
        &b,
    );
    assert_eq!(done.status, 200, "{}", done.body);
    // No Origin at all: left to the token (good: registered; stale: refused).
    let form = get(addr, &format!("/{token}"));
    let b = body(&hidden(&form.body, "n"));
    let done = post_with(
        addr,
        &format!("Host: {addr}\r\nContent-Length: {}\r\n", b.len()),
        &b,
    );
    assert_eq!(done.status, 200, "{}", done.body);
    let b = format!("t=AAAAAAAAAAAAAAAA&n={id}&content=x");
    let stale = post_with(
        addr,
        &format!("Host: {addr}\r\nContent-Length: {}\r\n", b.len()),
        &b,
    );
    assert_eq!(stale.status, 403);
    assert_eq!(cases(&db).len(), 2);
    // The form itself tells the browser to send its origin (not `null`) with the POST.
    assert_eq!(form.header("referrer-policy"), Some("same-origin"));
    assert!(!form.body.contains("no-referrer"));
    assert!(served.stop().success());
}

#[test]
fn a_body_whose_end_is_ambiguous_is_refused_and_registers_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let addr = served.addr;
    let token = served.token();
    let form = get(addr, &format!("/{token}"));
    let body = format!(
        "t={token}&n={}&content=%E8%B7%AF%E7%81%AF",
        hidden(&form.body, "n")
    );
    let n = body.len();
    for headers in [
        format!("Content-Length: {n}\r\nContent-Length: {}\r\n", n + 10),
        format!("Content-Length: {}\r\nContent-Length: {n}\r\n", n - 10),
        format!("Content-Length: {n}, {}\r\n", n - 1),
        format!("Content-Length: {n}\r\nTransfer-Encoding: chunked\r\n"),
        format!("Transfer-Encoding: chunked\r\nContent-Length: {n}\r\n"),
        format!("Content-Length: +{n}\r\n"),
    ] {
        let answer = post_with(addr, &format!("Host: {addr}\r\n{headers}"), &body);
        assert_eq!(answer.status, 400, "{headers:?}: {}", answer.body);
    }
    assert_eq!(cases(&db).len(), 0, "nothing registered");
    // The same length twice says one thing: registered.
    let done = post_with(
        addr,
        &format!("Host: {addr}\r\nContent-Length: {n}\r\nContent-Length: {n}\r\n"),
        &body,
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(cases(&db).len(), 1);
    assert!(served.stop().success());
}

#[cfg(target_os = "linux")]
#[test]
fn forty_slow_connections_from_one_address_leave_another_address_served() {
    use common::served::{connect_from, parse_answer};
    use std::io::{Read, Write};
    use std::net::Ipv4Addr;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let addr = served.addr;
    let token = served.token();
    let one = Ipv4Addr::new(127, 0, 0, 1);
    let two = Ipv4Addr::new(127, 0, 0, 2);

    // One phone (or a script) opens 40 requests and sends half of each head, then nothing.
    let half = format!("GET /{token} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: slow");
    let mut slow: Vec<_> = (0..40)
        .map(|_| {
            let mut s = connect_from(one, addr);
            s.write_all(half.as_bytes()).unwrap();
            s
        })
        .collect();
    // Let the server take them all before the other address comes.
    std::thread::sleep(Duration::from_millis(300));

    let started = Instant::now();
    let mut other = connect_from(two, addr);
    other
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    other
        .write_all(
            format!("GET /{token} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
    let mut bytes = Vec::new();
    let read = other.read_to_end(&mut bytes);
    let took = started.elapsed();
    assert!(
        read.is_ok(),
        "127.0.0.2 not served within a second: {read:?}"
    );
    let answer = parse_answer(&bytes);
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("name=\"content\""));
    assert!(took < Duration::from_secs(1), "{took:?}");

    // The slow ones: beyond the address's share, answered "busy" at once; within it, cut
    // with 408 once the head's deadline passed. None is held for good.
    let mut statuses = Vec::new();
    for s in &mut slow {
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        statuses.push(parse_answer(&bytes).status);
    }
    let busy = statuses.iter().filter(|s| **s == 503).count();
    let cut = statuses.iter().filter(|s| **s == 408).count();
    assert_eq!(busy + cut, 40, "{statuses:?}");
    assert!(busy > 0 && cut > 0, "{statuses:?}");
    // And the address is served again.
    let mut again = connect_from(one, addr);
    again
        .write_all(format!("GET /{token} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    let mut bytes = Vec::new();
    again
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = again.read_to_end(&mut bytes);
    assert_eq!(parse_answer(&bytes).status, 200);
    eprintln!(
        "40 slow connections: {busy} answered busy at once, {cut} cut at the head's deadline; 127.0.0.2 served in {took:?}"
    );
    assert!(served.stop().success());
}

/// Makes the system's random source fail in the child about to run: `getrandom(2)` without
/// flags (what the `getrandom` crate asks for) answers EIO; the non-blocking calls the Rust
/// runtime makes for its hash maps still work. A seccomp filter, set between fork and exec.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn without_random(cmd: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    #[cfg(target_arch = "x86_64")]
    const ARCH: (u32, u32) = (0xc000_003e, 318);
    #[cfg(target_arch = "aarch64")]
    const ARCH: (u32, u32) = (0xc000_00b7, 278);
    const LOAD: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
    const JEQ: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
    const RET: u16 = 0x06; // BPF_RET | BPF_K
    const ERRNO_EIO: u32 = 0x0005_0000 | 5; // SECCOMP_RET_ERRNO | EIO
    const ALLOW: u32 = 0x7fff_0000;
    let op = |code: u16, jt: u8, jf: u8, k: u32| libc::sock_filter { code, jt, jf, k };
    let program = [
        op(LOAD, 0, 0, 4), // seccomp_data.arch
        op(JEQ, 0, 5, ARCH.0),
        op(LOAD, 0, 0, 0), // seccomp_data.nr
        op(JEQ, 0, 3, ARCH.1),
        op(LOAD, 0, 0, 32), // seccomp_data.args[2]: the flags
        op(JEQ, 0, 1, 0),
        op(RET, 0, 0, ERRNO_EIO),
        op(RET, 0, 0, ALLOW),
    ];
    // SAFETY: only prctl(2) between fork and exec, on a program that lives in the closure.
    unsafe {
        cmd.pre_exec(move || {
            let fprog = libc::sock_fprog {
                len: program.len() as u16,
                filter: program.as_ptr().cast_mut(),
            };
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                || libc::prctl(
                    libc::PR_SET_SECCOMP,
                    libc::SECCOMP_MODE_FILTER,
                    &raw const fprog,
                ) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn the_page_does_not_start_when_the_system_random_source_fails() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let mut cmd = bin();
    cmd.args([
        "--db",
        db.to_str().unwrap(),
        "--today",
        TODAY,
        "--lang",
        "en",
    ])
    .args(["serve", "--listen", "127.0.0.1:0"])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    without_random(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let until = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > until {
            let _ = child.kill();
            panic!("serve started without a random source");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("the system's random source failed")
            && said.contains("none was made")
            && !said.contains("panicked"),
        "{said}"
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        !printed.contains("http://"),
        "no address, no code: {printed}"
    );
    eprintln!("serve without a random source said: {said}");
    // The same command with the random source working starts (the filter is what failed it).
    let served = Served::start(&db, TODAY, &[]);
    assert!(served.url.starts_with("http://127.0.0.1:"));
    assert!(served.stop().success());
}
