//! The self-service page in a real browser: headless Chromium at a phone's viewport (390×844),
//! driven through WebDriver by Debian's `chromium-driver`, fills the form in Chinese, submits,
//! and reads the case number back; the desk's file then holds that case as a `mobile` one.
//!
//! It needs `chromium` and `chromedriver` on the PATH, so it is ignored in a plain
//! `cargo test`; CI installs both and runs it with `--include-ignored`. Everything stays on
//! loopback: the desk listens on 127.0.0.1 and so does the driver.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::served::{Served, TODAY, cases, desk};
use serde_json::{Value, json};

/// The key W3C WebDriver names an element reference by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

#[test]
#[ignore = "needs chromium and chromium-driver (CI installs them)"]
fn a_phone_browser_fills_the_form_and_reads_its_number_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let driver = Driver::start();
    let session = driver.phone_session(&dir.path().join("profile"));

    session.go(&served.url);
    let title = session.title();
    assert!(
        title
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "Chinese first: {title}"
    );
    // Laid out for the phone: nothing wider than its screen.
    let wide = session.script("return document.documentElement.scrollWidth");
    assert!(wide.as_u64().unwrap() <= 390, "page is {wide} px wide");
    let content = session.find("#content");
    let rect = session.rect(&content);
    assert!(
        rect.0 >= 280.0 && rect.0 <= 390.0,
        "the opinion box fills the phone's width: {rect:?}"
    );

    session.type_into(&session.find("#name"), "王小红");
    session.type_into(&session.find("#phone"), "１３８ １２３４ ５６７８");
    session.type_into(&session.find("#address"), "和风雅苑3幢201室");
    session.type_into(&content, "小区路灯坏了三个月，晚上看不见路");
    session.click(&session.find("button[type=submit]"));

    let number = session.wait_for_text(".number strong");
    assert_eq!(number, "001", "the queue number is shown large");
    let page = session.text("body");
    assert!(page.contains("HF-20261117-001"), "{page}");
    assert!(!page.contains("王小红"), "no echo of the resident's data");

    let listed = cases(&db);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["number"], "HF-20261117-001");
    assert_eq!(listed[0]["source"], "self_service");
    assert_eq!(listed[0]["resident"]["name"], "王小红");
    assert_eq!(listed[0]["resident"]["phone"], "138****5678");
    assert_eq!(listed[0]["to_confirm"], true);

    // A refusal keeps what was typed, with the problem next to its field.
    session.go(&served.url);
    session.type_into(&session.find("#name"), "李四");
    session.type_into(&session.find("#phone"), "12345");
    session.type_into(&session.find("#content"), "楼道堆物");
    session.click(&session.find("button[type=submit]"));
    let problem = session.wait_for_text("#phone-error");
    assert!(!problem.is_empty());
    assert_eq!(session.value(&session.find("#content")), "楼道堆物");
    assert_eq!(cases(&db).len(), 1, "nothing registered");
    session.close();
    drop(served);
}

/// A running `chromedriver` on a free loopback port; ended when dropped.
struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver on the PATH (Debian: apt-get install chromium-driver)");
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || for _ in BufReader::new(out).lines() {});
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let driver = Driver { child, addr };
        let until = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(status) = driver.try_call("GET", "/status", None)
                && status["value"]["ready"] == true
            {
                return driver;
            }
            assert!(Instant::now() < until, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A headless Chromium emulating a 390×844 phone.
    fn phone_session(&self, profile: &std::path::Path) -> Session<'_> {
        // A fresh profile, and none of the browser's own traffic: the machine has no network
        // beyond loopback, and the test must not depend on it.
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--lang=zh-CN", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", profile.display())],
                "mobileEmulation": {
                    "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0},
                    "userAgent": "Mozilla/5.0 (Linux; Android 14) Mobile"
                }
            }
        }}});
        let answer = self.call("POST", "/session", Some(capabilities));
        let id = answer["value"]["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        Session { driver: self, id }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let answer = self.try_call(method, path, body).unwrap();
        assert!(
            answer["value"].get("error").is_none(),
            "{method} {path}: {answer}"
        );
        answer
    }

    /// One WebDriver command: a plain HTTP/1.1 request with its JSON body.
    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> std::io::Result<Value> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )?;
        // The driver keeps the connection open whatever we ask: read by the length it gives.
        let mut reader = BufReader::new(stream);
        let mut length = None;
        let mut chunked = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("the driver hung up"));
            }
            let line = line.trim_end().to_ascii_lowercase();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("content-length:") {
                length = n.trim().parse::<usize>().ok();
            }
            chunked |= line.starts_with("transfer-encoding:") && line.contains("chunked");
        }
        let body = if chunked {
            let mut rest = Vec::new();
            reader.read_to_end(&mut rest)?;
            unchunk(&String::from_utf8_lossy(&rest))
        } else {
            let mut bytes = vec![0; length.unwrap_or(0)];
            reader.read_exact(&mut bytes)?;
            String::from_utf8_lossy(&bytes).into_owned()
        };
        serde_json::from_str(&body).map_err(std::io::Error::other)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A chunked HTTP body made whole.
fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// One browser window.
struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl Session<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.id);
        self.driver.call(method, &path, body)["value"].take()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn title(&self) -> String {
        self.call("GET", "/title", None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn try_find(&self, css: &str) -> Option<String> {
        let path = format!("/session/{}/element", self.id);
        let body = json!({"using": "css selector", "value": css});
        let answer = self.driver.try_call("POST", &path, Some(body)).ok()?;
        answer["value"][ELEMENT].as_str().map(str::to_string)
    }

    fn find(&self, css: &str) -> String {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no element {css}"))
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn text(&self, css: &str) -> String {
        let element = self.find(css);
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn value(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/property/value"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    /// (width, height) of an element in CSS pixels.
    fn rect(&self, element: &str) -> (f64, f64) {
        let rect = self.call("GET", &format!("/element/{element}/rect"), None);
        (
            rect["width"].as_f64().unwrap(),
            rect["height"].as_f64().unwrap(),
        )
    }

    /// The text of the first `css` element once the next page has it.
    fn wait_for_text(&self, css: &str) -> String {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if self.try_find(css).is_some() {
                return self.text(css);
            }
            assert!(Instant::now() < until, "no {css} after submitting");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn close(self) {
        self.driver
            .call("DELETE", &format!("/session/{}", self.id), None);
    }
}
