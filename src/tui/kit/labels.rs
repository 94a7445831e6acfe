//! How cases, members and the ladder are named on screen, the same in every pane and layer.

use chrono::NaiveDateTime;
use ratatui::style::Style;

use crate::domain::case::{Status, SupervisionStep};
use crate::domain::ladder::{Position, Stage};
use crate::domain::member::{Member, MemberKind};
use crate::i18n::{Texts, Ui};
use crate::tui::theme::Theme;

/// The queue number: the whole part of the case number after the day (`007`, and on a
/// second desk or after a restore `2A007`, `1B007`): the number a resident holds.
pub fn queue_number(number: &str) -> &str {
    number.rsplit('-').next().unwrap_or(number)
}

pub fn status_style(theme: &Theme, status: Status) -> Style {
    match status {
        Status::Queued => theme.warn,
        Status::Receiving => theme.key,
        Status::Answered | Status::Closed => theme.ok,
        Status::Returned => theme.error,
        _ => theme.plain,
    }
}

/// How long a resident has waited: minutes today, days since an earlier day.
pub fn waited(t: &Texts, received: NaiveDateTime, now: NaiveDateTime) -> String {
    let days = (now.date() - received.date()).num_days();
    if days > 0 {
        crate::fill!(t, Ui::DaysWaited, n = days)
    } else {
        let minutes = (now - received).num_minutes().max(0);
        crate::fill!(t, Ui::Minutes, n = minutes)
    }
}

/// Where a case stands on the ladder: the step due today (待催办), else the last step
/// recorded (已催办), else the stage. The board and the F8 form say the same.
pub fn ladder_label<'t>(
    t: &'t Texts,
    position: &Position,
    recorded: Option<SupervisionStep>,
) -> &'t str {
    match (position.action_due, recorded) {
        (None, Some(done)) => t.name(done),
        _ => t.name(position.stage),
    }
}

/// Columns the ladder's cell takes in this language, its gap included (8 at least): no label
/// is cut short.
pub fn ladder_width(t: &Texts) -> usize {
    let stages = Stage::ALL.iter().map(|s| t.name(*s));
    let steps = SupervisionStep::ALL.iter().map(|s| t.name(*s));
    stages
        .chain(steps)
        .map(|label| crate::display::width(label) + 1)
        .fold(8, usize::max)
}

/// 省人大代表, 区人大代表, 议政代表 (provincial deputy, district deputy, representative).
pub fn member_title(texts: &Texts, m: &Member) -> String {
    match (m.kind, m.level) {
        (MemberKind::Deputy, Some(level)) => crate::fill!(
            texts,
            Ui::MemberTitle,
            level = texts.name(level),
            kind = texts.name(m.kind)
        ),
        _ => texts.name(m.kind).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_after_the_day_is_kept_whole() {
        assert_eq!(queue_number("HF-20261117-007"), "007");
        assert_eq!(queue_number("HF-20261203-2A001"), "2A001");
        assert_eq!(queue_number("HF-20261203-1B012"), "1B012");
    }
}
