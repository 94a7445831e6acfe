//! Colours, or none: with `NO_COLOR` set everything is told apart by bold, underline and
//! reverse video alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub plain: Style,
    pub title: Style,
    pub title_focused: Style,
    pub selected: Style,
    /// The selection of a pane without the focus.
    pub selected_quiet: Style,
    pub dim: Style,
    pub key: Style,
    pub error: Style,
    pub warn: Style,
    pub ok: Style,
    pub overdue: Style,
    pub field: Style,
    pub field_focused: Style,
    /// A command that cannot run now (greyed out in the hint bar and the help).
    pub disabled: Style,
}

impl Theme {
    /// Colour unless the environment asks for none (https://no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colour(),
        }
    }

    pub fn colour() -> Theme {
        Theme {
            plain: Style::new(),
            title: Style::new().fg(Color::Black).bg(Color::Gray),
            title_focused: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            // Not bold: a terminal draws bold black as grey, unreadable on cyan.
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .remove_modifier(Modifier::BOLD),
            selected_quiet: Style::new().add_modifier(Modifier::UNDERLINED),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Yellow),
            ok: Style::new().fg(Color::Green),
            overdue: Style::new().fg(Color::Red),
            field: Style::new().bg(Color::Black).fg(Color::White),
            field_focused: Style::new().bg(Color::Blue).fg(Color::White),
            disabled: Style::new().fg(Color::DarkGray),
        }
    }

    pub fn monochrome() -> Theme {
        Theme {
            plain: Style::new(),
            title: Style::new().add_modifier(Modifier::UNDERLINED),
            title_focused: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            selected_quiet: Style::new().add_modifier(Modifier::UNDERLINED),
            dim: Style::new(),
            key: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().add_modifier(Modifier::BOLD),
            warn: Style::new().add_modifier(Modifier::UNDERLINED),
            ok: Style::new(),
            overdue: Style::new().add_modifier(Modifier::BOLD),
            field: Style::new().add_modifier(Modifier::UNDERLINED),
            field_focused: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            disabled: Style::new().add_modifier(Modifier::DIM),
        }
    }
}
