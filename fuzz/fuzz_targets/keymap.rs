//! `Keymap::parse` (a keymap TOML file) and `Keymap::load` with config overrides.
//!
//! Input: a keymap file; it is also read as config overrides, one `command = key, key` a line.
#![no_main]

use std::collections::BTreeMap;

use liaison::tui::keymap::{Context, Key, Keymap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(map) = Keymap::parse(text) {
        for bindings in map.all().values() {
            for b in bindings {
                for key in &b.keys {
                    assert_eq!(key.to_string().parse::<Key>().as_ref(), Ok(key));
                }
            }
        }
        for (i, &c) in Context::ALL.iter().enumerate() {
            let stack = &Context::ALL[i..];
            let _ = map.hints(c, stack);
            let visible = map.visible(stack);
            for (_, command, keys) in &visible {
                for key in keys {
                    assert!(
                        map.lookup(stack, *key).is_some(),
                        "{key} for {command} unreachable"
                    );
                }
            }
        }
    }
    let overrides: BTreeMap<String, Vec<String>> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(name, keys)| {
            (
                name.trim().to_string(),
                keys.split(',').map(|k| k.trim().to_string()).collect(),
            )
        })
        .collect();
    if !overrides.is_empty() {
        let map = Keymap::load(&overrides);
        let _ = map.visible(Context::ALL);
    }
});
