//! (context, key) → command. Defaults come from `assets/keymap.toml`; the config file's
//! `[keys]` table overrides them; conflicts and mistakes are reported, never fatal.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Command;
use crate::machine_names;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

machine_names! {
    /// Where a binding applies. The active contexts form a stack, most specific first.
    pub enum Context: "key context" {
        App = "app",
        Main = "main",
        List = "list",
        Duty = "duty",
        Queue = "queue",
        ClassifyList = "classify_list",
        Board = "board",
        Form = "form",
        Text = "text",
        Detail = "detail",
        Help = "help",
        Confirm = "confirm",
        Intake = "intake",
        Search = "search",
        Units = "units",
        Wishes = "wishes",
        /// Read-only views: recurring matters, statistics, duty records, projects.
        Browse = "browse",
        /// The self-service page (扫码登记).
        SelfService = "self_service",
    }
}

// F1 names each context in the desk's language.
crate::labelled!(key_contexts_have_both_labels: Context);

impl Context {
    /// Contexts where plain characters are typed into a field, so letters cannot be keys.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Form | Context::Text)
    }
}

/// A key with its modifiers, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyName,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyName {
    F(u8),
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
}

impl Key {
    pub const fn plain(code: KeyName) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A plain letter: swallowed by a Chinese IME, so never the only way to a command.
    pub fn is_plain_letter(&self) -> bool {
        matches!(self.code, KeyName::Char(c) if c.is_alphabetic()) && !self.ctrl && !self.alt
    }

    /// The key a full-width character stands for (`２` is the key 2): a Chinese IME in
    /// full-width mode sends those for the digits and letters of the keyboard.
    pub fn half_width(mut self) -> Key {
        if let KeyName::Char(c) = self.code {
            self.code = KeyName::Char(crate::domain::text::half_width(c));
        }
        self
    }

    /// From a terminal key event; `None` for keys we never bind (media keys, modifiers).
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let m = event.modifiers;
        let mut key = Key {
            code: KeyName::Enter,
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: m.contains(KeyModifiers::SHIFT),
        };
        key.code = match event.code {
            KeyCode::F(n) => KeyName::F(n),
            KeyCode::Char(' ') => KeyName::Char(' '),
            KeyCode::Char(c) => {
                // The character already carries the case; Ctrl chords are case-insensitive.
                key.shift = false;
                KeyName::Char(if key.ctrl || key.alt {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::Enter => KeyName::Enter,
            KeyCode::Esc => KeyName::Esc,
            KeyCode::Tab => KeyName::Tab,
            KeyCode::BackTab => {
                key.shift = true;
                KeyName::Tab
            }
            KeyCode::Backspace => KeyName::Backspace,
            KeyCode::Delete => KeyName::Delete,
            KeyCode::Insert => KeyName::Insert,
            KeyCode::Home => KeyName::Home,
            KeyCode::End => KeyName::End,
            KeyCode::PageUp => KeyName::PageUp,
            KeyCode::PageDown => KeyName::PageDown,
            KeyCode::Up => KeyName::Up,
            KeyCode::Down => KeyName::Down,
            KeyCode::Left => KeyName::Left,
            KeyCode::Right => KeyName::Right,
            _ => return None,
        };
        // Some terminals send Ctrl-J for Enter's sibling and Ctrl-I for Tab; keep them apart
        // from the chords we bind by leaving them as characters with Ctrl.
        Some(key)
    }
}

impl FromStr for Key {
    type Err = String;

    fn from_str(s: &str) -> Result<Key, String> {
        let mut key = Key::plain(KeyName::Enter);
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") {
                key.ctrl = true;
            } else if lower.starts_with("alt-") {
                key.alt = true;
            } else if lower.starts_with("shift-") && rest.len() > "shift-".len() {
                key.shift = true;
            } else {
                break;
            }
            rest = &rest[rest.find('-').expect("prefix has a dash") + 1..];
        }
        let lower = rest.to_ascii_lowercase();
        key.code = match lower.as_str() {
            "enter" | "return" => KeyName::Enter,
            "esc" | "escape" => KeyName::Esc,
            "tab" => KeyName::Tab,
            "backtab" => {
                key.shift = true;
                KeyName::Tab
            }
            "backspace" => KeyName::Backspace,
            "delete" | "del" => KeyName::Delete,
            "insert" | "ins" => KeyName::Insert,
            "home" => KeyName::Home,
            "end" => KeyName::End,
            "pageup" | "pgup" => KeyName::PageUp,
            "pagedown" | "pgdn" => KeyName::PageDown,
            "up" => KeyName::Up,
            "down" => KeyName::Down,
            "left" => KeyName::Left,
            "right" => KeyName::Right,
            "space" => KeyName::Char(' '),
            f if f.starts_with('f')
                && f.len() > 1
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyName::F(n),
                    _ => return Err(format!("`{s}`: function keys are F1 to F12")),
                }
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyName::Char(if key.ctrl || key.alt {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }),
                    _ => return Err(format!("`{s}` is not a key name")),
                }
            }
        };
        if matches!(key.code, KeyName::Char(_)) && !key.ctrl && !key.alt && key.shift {
            return Err(format!(
                "`{s}`: write the character itself instead of Shift-"
            ));
        }
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyName::F(n) => write!(f, "F{n}"),
            KeyName::Char(' ') => f.write_str("Space"),
            KeyName::Char(c) if self.ctrl || self.alt => write!(f, "{}", c.to_ascii_uppercase()),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::Enter => f.write_str("Enter"),
            KeyName::Esc => f.write_str("Esc"),
            KeyName::Tab => f.write_str("Tab"),
            KeyName::Backspace => f.write_str("Backspace"),
            KeyName::Delete => f.write_str("Delete"),
            KeyName::Insert => f.write_str("Insert"),
            KeyName::Home => f.write_str("Home"),
            KeyName::End => f.write_str("End"),
            KeyName::PageUp => f.write_str("PgUp"),
            KeyName::PageDown => f.write_str("PgDn"),
            KeyName::Up => f.write_str("Up"),
            KeyName::Down => f.write_str("Down"),
            KeyName::Left => f.write_str("Left"),
            KeyName::Right => f.write_str("Right"),
        }
    }
}

/// One binding of a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<Key>,
}

/// The loaded keymap, with anything wrong in it described in `problems`.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    contexts: BTreeMap<Context, Vec<Binding>>,
    pub problems: Vec<String>,
}

impl Keymap {
    /// The shipped defaults with the config file's overrides (command name → keys) applied.
    pub fn load(overrides: &BTreeMap<String, Vec<String>>) -> Keymap {
        let mut map = Keymap::parse(DEFAULT_KEYMAP).expect("the shipped keymap is valid (tested)");
        map.apply_overrides(overrides);
        map.check_conflicts();
        map
    }

    /// Parses a keymap file. Unknown contexts, commands or keys are errors: the shipped file
    /// must be exact.
    pub fn parse(text: &str) -> Result<Keymap, String> {
        // A table keeps the file's order, which is the order help lists the bindings in.
        let raw: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut map = Keymap::default();
        for (context, entries) in raw {
            let context: Context = context
                .parse()
                .map_err(|e: crate::domain::names::UnknownName| e.to_string())?;
            let entries = entries
                .as_table()
                .ok_or_else(|| format!("[{context}] must be a table"))?;
            for (name, keys) in entries {
                let keys: Vec<String> = keys
                    .clone()
                    .try_into()
                    .map_err(|e| format!("[{context}] {name}: {e}"))?;
                let name = name.as_str();
                let command: Command = name
                    .parse()
                    .map_err(|e: crate::domain::names::UnknownName| e.to_string())?;
                let keys = keys
                    .iter()
                    .map(|k| k.parse::<Key>())
                    .collect::<Result<Vec<_>, _>>()?;
                map.contexts
                    .entry(context)
                    .or_default()
                    .push(Binding { command, keys });
            }
        }
        Ok(map)
    }

    fn apply_overrides(&mut self, overrides: &BTreeMap<String, Vec<String>>) {
        for (name, keys) in overrides {
            let Ok(command) = name.parse::<Command>() else {
                self.problems
                    .push(format!("config [keys]: unknown command `{name}`"));
                continue;
            };
            let parsed: Result<Vec<Key>, String> = keys.iter().map(|k| k.parse()).collect();
            let keys = match parsed {
                Ok(keys) if !keys.is_empty() => keys,
                Ok(_) => {
                    self.problems
                        .push(format!("config [keys]: `{name}` needs at least one key"));
                    continue;
                }
                Err(e) => {
                    self.problems.push(format!("config [keys] {name}: {e}"));
                    continue;
                }
            };
            let mut found = false;
            for (context, bindings) in &mut self.contexts {
                for b in bindings.iter_mut().filter(|b| b.command == command) {
                    let letters_only = keys.iter().all(Key::is_plain_letter);
                    if letters_only
                        || (context.takes_text() && keys.iter().any(Key::is_plain_letter))
                    {
                        self.problems.push(format!(
                            "config [keys] {name}: plain letters are typed into fields or swallowed \
                             by the IME; keeping {}",
                            join_keys(&b.keys)
                        ));
                        continue;
                    }
                    b.keys = keys.clone();
                    found = true;
                }
            }
            if !found && !self.problems.iter().any(|p| p.contains(name.as_str())) {
                self.problems.push(format!(
                    "config [keys]: `{name}` is not bound anywhere to override"
                ));
            }
        }
    }

    /// Records every key bound twice within one context, or across contexts that are active
    /// together without one meaning to shadow the other.
    fn check_conflicts(&mut self) {
        for (context, bindings) in &self.contexts {
            let mut seen: BTreeMap<Key, Command> = BTreeMap::new();
            for b in bindings {
                for key in &b.keys {
                    if let Some(other) = seen.insert(*key, b.command)
                        && other != b.command
                    {
                        self.problems.push(format!(
                            "key {key} is bound to both `{other}` and `{}` in [{context}]",
                            b.command
                        ));
                    }
                }
            }
        }
        // The app-wide keys must win everywhere: nothing else may take them.
        let app_keys: Vec<(Key, Command)> = self
            .contexts
            .get(&Context::App)
            .into_iter()
            .flatten()
            .flat_map(|b| b.keys.iter().map(move |k| (*k, b.command)))
            .collect();
        for (context, bindings) in &self.contexts {
            if *context == Context::App || *context == Context::Help {
                continue;
            }
            for b in bindings {
                for (key, command) in &app_keys {
                    if b.keys.contains(key) && b.command != *command {
                        self.problems.push(format!(
                            "key {key} of `{command}` is taken by `{}` in [{context}]",
                            b.command
                        ));
                    }
                }
            }
        }
    }

    /// The command a key means in the active contexts (most specific first).
    pub fn lookup(&self, stack: &[Context], key: Key) -> Option<Command> {
        stack.iter().find_map(|context| {
            self.contexts
                .get(context)?
                .iter()
                .find(|b| b.keys.contains(&key))
                .map(|b| b.command)
        })
    }

    /// Every binding visible in the active contexts, the shadowed ones left out, in the
    /// order of the stack: what F1 shows.
    pub fn visible(&self, stack: &[Context]) -> Vec<(Context, Command, Vec<Key>)> {
        let mut taken: Vec<Key> = Vec::new();
        let mut seen_commands: Vec<Command> = Vec::new();
        let mut out = Vec::new();
        for context in stack {
            for b in self.contexts.get(context).into_iter().flatten() {
                let keys: Vec<Key> = b
                    .keys
                    .iter()
                    .filter(|k| !taken.contains(k))
                    .copied()
                    .collect();
                if keys.is_empty() || seen_commands.contains(&b.command) {
                    continue;
                }
                seen_commands.push(b.command);
                out.push((*context, b.command, keys));
            }
            for b in self.contexts.get(context).into_iter().flatten() {
                taken.extend(b.keys.iter().copied());
            }
        }
        out
    }

    /// The key to show for a command in the active contexts: the first one bound that works
    /// under an IME, if the command is reachable there at all.
    pub fn key_for(&self, command: Command, stack: &[Context]) -> Option<Key> {
        let visible = self.visible(stack);
        let (_, _, keys) = visible.iter().find(|(_, c, _)| *c == command)?;
        keys.iter()
            .find(|k| !(matches!(k.code, KeyName::Char(_)) && !k.ctrl && !k.alt))
            .or_else(|| keys.iter().find(|k| !k.is_plain_letter()))
            .or(keys.first())
            .copied()
    }

    /// All bindings, per context, for tests and the help screen.
    pub fn all(&self) -> &BTreeMap<Context, Vec<Binding>> {
        &self.contexts
    }
}

pub fn join_keys(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_keys() {
        for s in [
            "F2",
            "Ctrl-S",
            "Alt-1",
            "Shift-Tab",
            "Enter",
            "PgUp",
            "Delete",
            "j",
            "Ctrl-Q",
        ] {
            let key: Key = s.parse().unwrap();
            assert_eq!(key.to_string(), s, "{s}");
        }
        assert_eq!(
            "ctrl-s".parse::<Key>().unwrap(),
            "Ctrl-S".parse::<Key>().unwrap()
        );
        assert!("F13".parse::<Key>().is_err());
        assert!("Shift-a".parse::<Key>().is_err());
        assert!("Hyper-X".parse::<Key>().is_err());
    }

    #[test]
    fn the_shipped_keymap_has_no_problems() {
        let map = Keymap::load(&BTreeMap::new());
        assert!(map.problems.is_empty(), "{:?}", map.problems);
    }

    #[test]
    fn overrides_replace_and_conflicts_are_reported() {
        let mut o = BTreeMap::new();
        o.insert("new_case".to_string(), vec!["Ctrl-N".to_string()]);
        let map = Keymap::load(&o);
        let stack = [Context::Queue, Context::List, Context::Main, Context::App];
        assert_eq!(
            map.lookup(&stack, "Ctrl-N".parse().unwrap()),
            Some(Command::NewCase)
        );
        assert_eq!(map.lookup(&stack, "F2".parse().unwrap()), None);
        assert!(map.problems.is_empty(), "{:?}", map.problems);

        o.insert("refresh".to_string(), vec!["Ctrl-N".to_string()]);
        o.insert("teleport".to_string(), vec!["F12".to_string()]);
        o.insert("save".to_string(), vec!["s".to_string()]);
        let map = Keymap::load(&o);
        let text = map.problems.join("\n");
        assert!(text.contains("Ctrl-N is bound to both"), "{text}");
        assert!(text.contains("unknown command `teleport`"), "{text}");
        assert!(text.contains("plain letters"), "{text}");
        // A refused override keeps the default.
        let form = [Context::Text, Context::Form, Context::App];
        assert_eq!(
            map.lookup(&form, "Ctrl-S".parse().unwrap()),
            Some(Command::Save)
        );
    }

    #[test]
    fn specific_contexts_shadow_general_ones() {
        let map = Keymap::load(&BTreeMap::new());
        let help = [Context::Help, Context::List, Context::App];
        assert_eq!(
            map.lookup(&help, "F1".parse().unwrap()),
            Some(Command::Close)
        );
        let main = [Context::Queue, Context::List, Context::Main, Context::App];
        assert_eq!(
            map.lookup(&main, "F1".parse().unwrap()),
            Some(Command::Help)
        );
        assert_eq!(
            map.lookup(&main, "Enter".parse().unwrap()),
            Some(Command::Call)
        );
    }
}
