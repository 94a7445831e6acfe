//! What a layer draws and decides from: the language, the colours, the keys and the data on
//! screen. A small context, not the whole interface: layers never see each other.

use ratatui::layout::Rect;

use crate::i18n::Texts;
use crate::tui::action::Command;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::snapshot::Snapshot;
use crate::tui::theme::Theme;

#[derive(Clone, Copy)]
pub struct View<'a> {
    pub texts: &'static Texts,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub data: &'a Snapshot,
    /// The window.
    pub size: Rect,
}

impl View<'_> {
    /// The first key of a command where `contexts` are active, as shown (`Ctrl-E`).
    pub fn key(&self, command: Command, contexts: &[Context]) -> String {
        self.keymap
            .key_for(command, contexts)
            .map(|k| k.to_string())
            .unwrap_or_default()
    }
}

/// Runs `f` with a view of an empty desk of HF on 2026-11-17 (for tests of a layer alone).
pub fn with_test_view<R>(lang: crate::i18n::Lang, f: impl FnOnce(&View) -> R) -> R {
    let refs = std::sync::Arc::new(crate::tui::snapshot::Refs::shipped("HF"));
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 17)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("a time");
    let data = Snapshot::empty(refs, now);
    let keymap = Keymap::load(&Default::default());
    let theme = Theme::monochrome();
    let view = View {
        texts: Texts::of(lang),
        theme: &theme,
        keymap: &keymap,
        data: &data,
        size: Rect::new(0, 0, 80, 24),
    };
    f(&view)
}
