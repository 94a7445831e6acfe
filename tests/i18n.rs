//! Every interface text the code asks for exists in both languages.

use std::path::Path;

use liaison::i18n::{Lang, Texts};

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

/// The string literal after each occurrence of `marker`, if it is a plain key.
fn keys_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    text.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &text[i + marker.len()..];
            let end = rest.find('"')?;
            let key = &rest[..end];
            (!key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                .then_some(key)
        })
        .collect()
}

#[test]
fn every_ui_key_used_in_the_code_has_both_labels() {
    let mut files = Vec::new();
    sources(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    let mut checked = 0;
    for (path, text) in &files {
        for marker in [
            ".ui(\"",
            "say(\"",
            "key: \"",
            "question: \"",
            "message: \"",
            "=> \"",
            "{ \"",
            "Problem::new(\"",
            "Say(\"",
        ] {
            for key in keys_after(text, marker) {
                // Match arms and blocks return many strings; only keys by their prefixes.
                let keyish = ["field_", "pane_", "checked_", "added_", "removed_"];
                if (marker == "=> \"" || marker == "{ \"")
                    && !keyish.iter().any(|p| key.starts_with(p))
                {
                    continue;
                }
                for lang in Lang::ALL {
                    assert!(
                        Texts::of(*lang).lookup("ui", key).is_some(),
                        "{path}: ui key `{key}` has no {lang} text"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "the scan found only {checked} keys");
}

#[test]
fn the_readme_defines_every_report_figure() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (term, definition) in liaison::report::definitions::DEFINITIONS {
        assert!(
            readme.contains(&format!("| {term} | {definition} |")),
            "README lacks the definition of {term}"
        );
    }
}
