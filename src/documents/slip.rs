//! 交办单: what a handling unit receives with a case — the matter, the day it was handed
//! over, the deadline and how many working days that gives, the seal.

use super::{Document, Sources, centred, html, rows_html};
use crate::domain::hand_overs::{HandOver, slip_number};
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::i18n::Doc;
use crate::store::CaseRecord;

/// A case and one of its hand-overs: the slip says what was handed over that day (its
/// unit and deadline), whatever the case has become since.
pub struct Handed<'a> {
    pub record: &'a CaseRecord,
    pub hand: HandOver,
    /// What was corrected after this hand-over (the unit's first slip read otherwise).
    pub corrected: Option<crate::domain::correction::CorrectedSince>,
}

/// One slip per hand-over; several print one after another (a form feed between them in
/// text, a page break in HTML). `None` when there is none.
pub fn slips(handed: &[Handed<'_>], s: &Sources<'_>, stem: &str) -> Option<Document> {
    if handed.is_empty() {
        return None;
    }
    let title = crate::fill!(s.texts, Doc::SlipTitle, station = s.station_name());
    let note = s.text(Doc::SlipNote);
    let mut text = Vec::new();
    let mut body = String::new();
    for r in handed {
        let rows = rows(r, s);
        let seal = seal_lines(s);
        let mut note = note.to_string();
        // A re-classification to another unit: its slip replaces the earlier one, which
        // says it is void when printed again.
        if let Some(v) = &r.hand.voids {
            note.push('\n');
            note.push_str(&crate::fill!(
                s.texts,
                Doc::VoidedSlip,
                slip = slip_number(&r.record.case.number, v.seq),
                date = s.date(v.on),
                unit = s.unit(Some(&v.unit))
            ));
        }
        if let Some(v) = &r.hand.voided_by {
            note.push('\n');
            note.push_str(&crate::fill!(
                s.texts,
                Doc::SlipVoid,
                slip = slip_number(&r.record.case.number, v.seq),
                date = s.date(v.on),
                unit = s.unit(Some(&v.unit))
            ));
        }
        if let Some(corrected) = &r.corrected {
            note.push('\n');
            note.push_str(&s.corrected(corrected));
        }
        text.push(format!(
            "{}\n{}\n{}\n{}\n",
            centred(&title),
            s.rows_text(&rows),
            format_args!("{note}\n"),
            seal.join("\n")
        ));
        body.push_str(&format!(
            "<section>\n<h1>{}</h1>\n{}<p class=\"note\">{}</p>\n<div class=\"seal\">{}</div>\n</section>\n",
            html::escape(&title),
            rows_html(&rows),
            html::escape(&note).replace('\n', "<br>"),
            seal.iter().map(|l| html::escape(l)).collect::<Vec<_>>().join("<br>")
        ));
    }
    Some(Document {
        stem: format!("slip-{stem}"),
        text: text.join("\u{c}\n"),
        html: html::page(&title, &body),
    })
}

/// The deadline as the unit must read it: the date, the working days it gives from the
/// hand-over, and, while the unit still has it, how far it is overdue on the day of printing.
fn deadline(h: &Handed<'_>, s: &Sources<'_>) -> String {
    let hand = &h.hand;
    let due = hand.due_date;
    let limit = s.holidays.working_days_between(hand.on, due).max(0);
    let mut text = crate::fill!(
        s.texts,
        Doc::DaysAfterHandover,
        date = s.date(due),
        n = limit
    );
    if hand.due_uncertain {
        text.push_str(s.text(Doc::Provisional));
    }
    if hand.open && due < s.today {
        let over = s.holidays.working_days_between(due, s.today).max(1);
        text.push_str(&crate::fill!(s.texts, Doc::OverdueBy, n = over));
    }
    text
}

fn rows(h: &Handed<'_>, s: &Sources<'_>) -> Vec<(&'static str, String)> {
    let r = h.record;
    let c = &r.case;
    let due = deadline(h, s);
    let resident = format!(
        "{}  {}  {}",
        r.resident.name.as_deref().unwrap_or("-"),
        r.resident
            .phone
            .as_deref()
            .map(mask)
            .unwrap_or_else(|| "-".into()),
        r.resident.address.as_deref().unwrap_or("-")
    );
    let mut handed_on = s.date(h.hand.on);
    if let Some(earlier) = &h.hand.redo_of {
        handed_on.push_str(&crate::fill!(
            s.texts,
            Doc::Redo,
            slip = slip_number(&c.number, earlier.seq),
            date = s.date(earlier.on)
        ));
    }
    vec![
        (s.text(Doc::SlipNumber), slip_number(&c.number, h.hand.seq)),
        (s.text(Doc::Number), c.number.clone()),
        (s.text(Doc::HandedOn), handed_on),
        (s.text(Doc::Unit), s.unit(Some(&h.hand.unit))),
        (s.text(Doc::Due), due),
        (s.text(Doc::Category), s.category(c.category.as_deref())),
        (s.text(Doc::Resident), resident),
        (s.text(Doc::Content), mask_numbers(&c.content).into_owned()),
        (s.text(Doc::Deputy), s.member(c.deputy.as_deref())),
    ]
}

fn seal_lines(s: &Sources<'_>) -> Vec<String> {
    vec![
        crate::fill!(s.texts, Doc::Seal, station = s.station_name()),
        s.date(s.today),
        String::new(),
        s.text(Doc::Signed).into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::samples::{assigned, d, with_sources};

    /// The `seq`th hand-over; a redo names the one before it.
    fn hand(seq: usize, on: &str, due: &str, redo_of: Option<&str>) -> HandOver {
        HandOver {
            seq,
            on: d(on),
            unit: "SZ".into(),
            due_date: d(due),
            due_uncertain: false,
            redo_of: redo_of.map(|on| crate::domain::hand_overs::SlipRef {
                seq: seq - 1,
                on: d(on),
                unit: "SZ".into(),
            }),
            open: true,
            voids: None,
            voided_by: None,
        }
    }

    #[test]
    fn a_slip_says_its_own_hand_over_and_a_redo_names_the_earlier_slip() {
        with_sources(d("2026-12-06"), |sources| {
            // The case now stands at its second cycle (due 12-17); the first slip keeps its own.
            let record = assigned("2026-11-17", "2026-12-17");
            let mut first = hand(1, "2026-11-17", "2026-12-01", None);
            first.open = false;
            let doc = slips(
                &[Handed {
                    record: &record,
                    hand: first,
                    corrected: None,
                }],
                sources,
                "x",
            )
            .unwrap();
            assert!(
                doc.text.contains("交办日期：2026年11月17日\n"),
                "{}",
                doc.text
            );
            assert!(
                doc.text.contains("办理期限：2026年12月01日"),
                "{}",
                doc.text
            );
            // Replied in time: no lateness on a closed cycle's slip, and no 重办.
            assert!(!doc.text.contains("逾期"), "{}", doc.text);
            assert!(!doc.text.contains("重办"), "{}", doc.text);
            let second = hand(2, "2026-12-03", "2026-12-17", Some("2026-11-17"));
            let doc = slips(
                &[Handed {
                    record: &record,
                    hand: second,
                    corrected: None,
                }],
                sources,
                "x",
            )
            .unwrap();
            // Each slip has a number of its own; the redo names the earlier one by it.
            let number = &record.case.number;
            assert!(
                doc.text.contains(&format!("交办单号：{number}-2\n")),
                "{}",
                doc.text
            );
            assert!(
                doc.text.contains(&format!(
                    "交办日期：2026年12月03日（重办，原交办单 {number}-1，2026年11月17日）"
                )),
                "{}",
                doc.text
            );
            assert!(
                doc.html
                    .contains(&format!("重办，原交办单 {number}-1，2026年11月17日"))
            );
            assert!(
                doc.text.contains("办理期限：2026年12月17日"),
                "{}",
                doc.text
            );
        });
    }

    #[test]
    fn a_slip_gives_the_hand_over_day_the_limit_and_how_late_it_is() {
        with_sources(d("2026-11-17"), |sources| {
            // Handed over 10-20 with 10 working days: due 11-03, 10 working days late on 11-17.
            let record = assigned("2026-10-20", "2026-11-03");
            let doc = slips(
                &[Handed {
                    record: &record,
                    hand: hand(1, "2026-10-20", "2026-11-03", None),
                    corrected: None,
                }],
                sources,
                "x",
            )
            .unwrap();
            assert!(
                doc.text.contains("交办日期：2026年10月20日"),
                "{}",
                doc.text
            );
            assert!(
                doc.text
                    .contains("办理期限：2026年11月03日（交办后10个工作日），已逾期10个工作日"),
                "{}",
                doc.text
            );
            assert!(!doc.text.contains("自今日起"));
            assert!(doc.text.ends_with('\n'), "a text file ends its last line");
            // Printed on the day of the hand-over: not overdue.
            let sources = Sources {
                today: d("2026-10-20"),
                ..*sources
            };
            let doc = slips(
                &[Handed {
                    record: &record,
                    hand: hand(1, "2026-10-20", "2026-11-03", None),
                    corrected: None,
                }],
                &sources,
                "x",
            )
            .unwrap();
            assert!(!doc.text.contains("逾期"), "{}", doc.text);
        });
    }
}
