//! Compiles the interface texts of `assets/i18n/` into the program, checked.
//!
//! Both languages must have the same tables, the same keys in each and the same placeholders
//! (`{n}`, `{n:case|cases}`) in each text: anything else fails the build, naming what is
//! missing. The text tables listed in [`TEXT_TABLES`] become enums of typed keys
//! (`Ui::Saved`), so that code asking for a text that does not exist does not compile. The
//! other tables label the vocabulary (`status`, `event kind`), keyed by machine names.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// Tables of interface text: (table, the enum of its keys, what it holds).
const TEXT_TABLES: &[(&str, &str, &str)] = &[
    (
        "ui",
        "Ui",
        "The terminal interface: panes, forms, the status line.",
    ),
    (
        "word",
        "Word",
        "Short words shared by every face: yes, no, provisional.",
    ),
    (
        "cli",
        "Cli",
        "The command line: headers, labels and messages of the commands.",
    ),
    (
        "error",
        "Error",
        "Errors said to the operator, in the status line or by a command.",
    ),
    (
        "report",
        "Report",
        "The monthly report: sheets, titles, headers, definitions.",
    ),
    (
        "doc",
        "Doc",
        "Printed documents: the hand-over slip and the resident's receipt.",
    ),
    (
        "web",
        "Web",
        "The self-service page residents open on their phones.",
    ),
    (
        "serve",
        "Serve",
        "The self-service server, as the desk sees it.",
    ),
    (
        "trust",
        "Trust",
        "Trust between desks and the home, and who may write what: messages and refusals.",
    ),
];

const LANGS: &[(&str, &str)] = &[("zh", "ZH"), ("en", "EN")];

type Tables = BTreeMap<String, BTreeMap<String, String>>;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    build_name();
    let mut langs = Vec::new();
    for (lang, _) in LANGS {
        let path = format!("assets/i18n/{lang}.toml");
        println!("cargo::rerun-if-changed={path}");
        langs.push(load(Path::new(&path)));
    }
    let problems = compare(&langs[0], &langs[1]);
    if !problems.is_empty() {
        panic!(
            "assets/i18n: zh.toml and en.toml disagree:\n  {}",
            problems.join("\n  ")
        );
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("i18n_texts.rs");
    std::fs::write(&out, generate(&langs)).expect("write the generated texts");
}

/// What `liaison --version` says of the build: `commit HASH` when the release build
/// (`cargo xtask dist`) gives `LIAISON_COMMIT`, else `development build`. Read from the
/// environment rather than from git, so that a commit does not rebuild every test binary.
fn build_name() {
    println!("cargo::rerun-if-env-changed=LIAISON_COMMIT");
    let commit = std::env::var("LIAISON_COMMIT").unwrap_or_default();
    let name = if commit.is_empty() {
        "development build".to_string()
    } else {
        let hash = commit.strip_suffix("-modified").unwrap_or(&commit);
        if hash.len() < 7 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            panic!("LIAISON_COMMIT `{commit}` is not a commit hash (with `-modified` at most)");
        }
        format!("commit {commit}")
    };
    println!("cargo::rustc-env=LIAISON_BUILD={name}");
}

fn load(path: &Path) -> Tables {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let raw: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut tables = Tables::new();
    for (name, value) in raw {
        let toml::Value::Table(entries) = value else {
            panic!("{}: `{name}` is not a table", path.display());
        };
        let mut texts = BTreeMap::new();
        for (key, value) in entries {
            let toml::Value::String(s) = value else {
                panic!("{}: [{name}] {key} is not a string", path.display());
            };
            texts.insert(key, s);
        }
        tables.insert(name, texts);
    }
    tables
}

/// The names of the placeholders of a text: `{n}` and `{n:one|other}` both name `n`.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inside = &rest[open + 1..open + close];
        let name = inside.split(':').next().unwrap_or_default();
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            names.insert(name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    names
}

fn compare(zh: &Tables, en: &Tables) -> Vec<String> {
    let mut problems = Vec::new();
    let tables: BTreeSet<&String> = zh.keys().chain(en.keys()).collect();
    for table in tables {
        let (Some(a), Some(b)) = (zh.get(table), en.get(table)) else {
            problems.push(format!("table [{table}] is in one language only"));
            continue;
        };
        for key in a.keys().filter(|k| !b.contains_key(*k)) {
            problems.push(format!("[{table}] {key}: no English text"));
        }
        for key in b.keys().filter(|k| !a.contains_key(*k)) {
            problems.push(format!("[{table}] {key}: no Chinese text"));
        }
        for (key, text) in a {
            if let Some(other) = b.get(key)
                && placeholders(text) != placeholders(other)
            {
                problems.push(format!(
                    "[{table}] {key}: placeholders differ: zh {:?}, en {:?}",
                    placeholders(text),
                    placeholders(other)
                ));
            }
        }
    }
    for (table, _, _) in TEXT_TABLES {
        if !zh.contains_key(*table) {
            problems.push(format!("table [{table}] is missing"));
        }
    }
    problems
}

/// `festival_off` → `FestivalOff`.
fn variant(key: &str) -> String {
    key.split('_')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn generate(langs: &[Tables]) -> String {
    let mut out = String::from("// Generated by build.rs from assets/i18n/*.toml.\n\n");
    for (table, name, doc) in TEXT_TABLES {
        let keys: Vec<&String> = langs[0][*table].keys().collect();
        let _ = writeln!(out, "/// {doc}");
        let _ = writeln!(
            out,
            "///\n/// Keys of the `[{table}]` table of `assets/i18n/`."
        );
        out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
        let _ = writeln!(out, "pub enum {name} {{");
        for key in &keys {
            let _ = writeln!(out, "    {},", variant(key));
        }
        out.push_str("}\n\n");
        let _ = writeln!(out, "impl {name} {{");
        let _ = writeln!(out, "    pub const ALL: &'static [{name}] = &[");
        for key in &keys {
            let _ = writeln!(out, "        {name}::{},", variant(key));
        }
        out.push_str("    ];\n");
        out.push_str("    /// The key spelt as the TOML files spell it, for a key that arrives as data (a\n    /// refusal's reason); `None` when there is no such text.\n");
        out.push_str("    pub fn by_key(key: &str) -> Option<Self> {\n        Self::ALL.iter().copied().find(|k| k.key() == key)\n    }\n");
        out.push_str("    /// The key as the TOML files spell it.\n");
        out.push_str("    pub const fn key(self) -> &'static str {\n        #[allow(unreachable_code)]\n        match self {\n");
        for key in &keys {
            let _ = writeln!(out, "            {name}::{} => {key:?},", variant(key));
        }
        out.push_str("        }\n    }\n}\n\n");
        let _ = writeln!(out, "impl TextKey for {name} {{");
        let _ = writeln!(out, "    const TABLE: &'static str = {table:?};");
        out.push_str("    fn key(self) -> &'static str {\n        self.key()\n    }\n");
        if keys.is_empty() {
            out.push_str(
                "    fn text(self, _: Lang) -> &'static str {\n        match self {}\n    }\n}\n\n",
            );
            continue;
        }
        out.push_str("    fn text(self, lang: Lang) -> &'static str {\n        match lang {\n");
        for (lang, upper) in LANGS {
            let _ = writeln!(
                out,
                "            Lang::{} => {upper}_{}[self as usize],",
                variant(lang),
                table.to_uppercase()
            );
        }
        out.push_str("        }\n    }\n}\n\n");
        for ((_, upper), texts) in LANGS.iter().zip(langs) {
            let _ = writeln!(
                out,
                "const {upper}_{}: [&str; {}] = [",
                table.to_uppercase(),
                keys.len()
            );
            for key in &keys {
                let _ = writeln!(out, "    {:?},", texts[*table][*key]);
            }
            out.push_str("];\n\n");
        }
    }
    // The vocabulary's labels, by table and machine name, sorted for a binary search.
    let text_tables: BTreeSet<&str> = TEXT_TABLES.iter().map(|t| t.0).collect();
    for ((_, upper), texts) in LANGS.iter().zip(langs) {
        let _ = writeln!(out, "const {upper}_VOCAB: &[(&str, &[(&str, &str)])] = &[");
        for (table, labels) in texts {
            if text_tables.contains(table.as_str()) {
                continue;
            }
            // TOML table names use `_` where the vocabulary's names use a space.
            let _ = writeln!(out, "    ({:?}, &[", table.replace('_', " "));
            for (key, label) in labels {
                let _ = writeln!(out, "        ({key:?}, {label:?}),");
            }
            out.push_str("    ]),\n");
        }
        out.push_str("];\n\n");
    }
    out
}
