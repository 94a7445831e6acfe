//! One line about what an event did, in the desk's language: the details pane's timeline and
//! `liaison case show` say the same.

use crate::domain::event::EventBody;
use crate::i18n::Word;
use crate::i18n::{Texts, Ui};

/// How codes are named on the line: a unit's code by its name, a member's id by theirs, a
/// linked case's id by its number.
pub struct Names<'a> {
    pub unit: &'a dyn Fn(&str) -> String,
    pub member: &'a dyn Fn(&str) -> String,
    pub case: &'a dyn Fn(crate::domain::case::CaseId) -> String,
}

/// What the event says beyond its kind: the answer, the reply, the unit and deadline, the
/// reason, the note.
pub fn event_summary(t: &Texts, names: &Names<'_>, body: &EventBody) -> String {
    match body {
        EventBody::Registered { number, .. } => number.clone(),
        EventBody::Called { deputy } => (names.member)(deputy),
        EventBody::Classified { category, .. } => category.clone(),
        EventBody::Answered { answer, .. } => answer.clone(),
        EventBody::Assigned { handling, .. }
        | EventBody::Forwarded { handling, .. }
        | EventBody::Reopened { handling, .. } => {
            let mut line = format!("{} → {}", (names.unit)(&handling.unit), handling.due_date);
            if handling.due_uncertain {
                line.push_str("  ");
                line.push_str(t.word(Word::Uncertain));
            }
            line
        }
        EventBody::Declined { guidance, .. } => guidance.clone(),
        EventBody::Reminded { note }
        | EventBody::Urged { note }
        | EventBody::Escalated { note } => note.clone().unwrap_or_default(),
        EventBody::Extended {
            due_date, reason, ..
        } => format!("→ {due_date}  {reason}"),
        EventBody::Returned { reason } => reason.clone(),
        EventBody::Replied { text, on } => format!("{on}  {text}"),
        EventBody::CalledBack {
            satisfaction,
            resolved,
            note,
        } => {
            let mut line = format!("{}  {}", t.name(*satisfaction), t.yes_no(*resolved));
            if let Some(note) = note {
                line.push_str("  ");
                line.push_str(note);
            }
            line
        }
        EventBody::Linked { other, relation } => {
            format!("{} {}", t.name(*relation), (names.case)(*other))
        }
        EventBody::Revealed {} => String::new(),
        EventBody::Note { text } => text.clone(),
        EventBody::Withdrawn {
            reason, of_number, ..
        } => match of_number {
            Some(other) => format!("{}  {other}", t.name(*reason)),
            None => t.name(*reason).to_string(),
        },
        EventBody::Purged { before } => format!("< {before}"),
        EventBody::Renumbered { number, previous } => format!("{previous} → {number}"),
        EventBody::Transferred { number, .. } => {
            crate::fill!(t, crate::i18n::Trust::TransferredTo, number = number)
        }
        EventBody::Corrected { correction } => correction_summary(t, correction),
        EventBody::Reclassified { change } => reclassified_summary(t, names, change),
        EventBody::Recomputed {
            previous,
            due_date,
            due_uncertain,
            notice,
        } => {
            let mut line = format!(
                "{previous} → {due_date}  {}",
                crate::fill!(t, Ui::ByNotice, year = notice)
            );
            if *due_uncertain {
                line.push_str("  ");
                line.push_str(t.word(Word::Uncertain));
            }
            line
        }
    }
}

/// `姓名 张三 → 张珊；电话 138… → 139…`: each field before and after (`-` for empty). The
/// faces mask the numbers in it as they mask every summary, so the old phone shows as the
/// current one does.
fn correction_summary(t: &Texts, correction: &crate::domain::correction::Correction) -> String {
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
    correction
        .changes()
        .map(|(field, change)| {
            format!(
                "{} {} → {}",
                t.vocab("field", field.name()),
                value(&change.before),
                value(&change.after)
            )
        })
        .collect::<Vec<_>>()
        .join(t.word(Word::ListSeparator))
}

/// `类别 03 → 06、承办单位 城管局 → 住建局 2026-12-20`: what changed, from what.
fn reclassified_summary(
    t: &Texts,
    names: &Names<'_>,
    change: &crate::domain::reclassify::Reclassification,
) -> String {
    let field = |name: &'static str| t.vocab("field", name);
    let b = &change.before;
    let mut parts = Vec::new();
    if let Some(category) = &change.category {
        let was = b.category.as_deref().unwrap_or("-");
        parts.push(format!("{} {was} → {category}", field("category")));
    }
    if let Some(nature) = change.nature {
        let was = b.nature.map_or("-", |n| t.name(n));
        parts.push(format!("{} {was} → {}", field("nature"), t.name(nature)));
    }
    if let Some(level) = change.level {
        let was = b.level.map_or("-", |l| t.name(l));
        parts.push(format!("{} {was} → {}", field("level"), t.name(level)));
    }
    if let Some(h) = &change.handling {
        let was = b
            .unit
            .as_deref()
            .map_or("-".to_string(), |u| (names.unit)(u));
        let mut line = format!(
            "{} {was} → {} {}",
            field("unit"),
            (names.unit)(&h.unit),
            h.due_date
        );
        if h.due_uncertain {
            line.push_str("  ");
            line.push_str(t.word(Word::Uncertain));
        }
        parts.push(line);
    }
    parts.join(t.word(Word::ListSeparator))
}

/// `重复件，原件 HF-…、随原件重办` or `重复件 HF-…, HF-…`: both sides of a duplicate link.
pub fn links_line(
    t: &Texts,
    c: &crate::domain::case::Case,
    original: Option<&str>,
    duplicates: &[String],
) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(number) = original {
        parts.push(crate::fill!(t, Ui::LinkOriginal, number = number));
        if c.repeats > 0 {
            parts.push(t.ui(Ui::FollowsRedo).to_string());
        }
    }
    if !duplicates.is_empty() {
        parts.push(crate::fill!(
            t,
            Ui::LinkDuplicates,
            numbers = duplicates.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(t.word(Word::ListSeparator)))
}

/// `春节  放假 2027-02-05..02-11（共7天）；调休上班 2027-02-20 周六`, in the language of `t`
/// (in English the festival's English name).
pub fn festival(t: &Texts, f: &crate::domain::holidays::Festival) -> String {
    use chrono::Datelike;
    let mut line = format!(
        "{}  {}",
        t.festival(&f.name),
        crate::fill!(
            t,
            crate::i18n::Ui::FestivalOff,
            days = crate::domain::holidays::describe_days(&f.off),
            n = f.off.len()
        )
    );
    if !f.work.is_empty() {
        let days: Vec<String> = f
            .work
            .iter()
            .map(|d| format!("{d} {}", t.weekday(d.weekday())))
            .collect();
        line.push_str(&crate::fill!(
            t,
            crate::i18n::Ui::FestivalWork,
            days = days.join(", ")
        ));
    }
    line
}
