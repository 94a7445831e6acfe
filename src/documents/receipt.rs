//! 回执: what the resident takes home — the case number, what happens next and by when, and
//! whom to call.

use super::{Document, Sources, centred, html, rows_html};
use crate::domain::case::Status;
use crate::domain::correction::CorrectedSince;
use crate::domain::numbers_in_text::mask_numbers;
use crate::i18n::Doc;
use crate::store::CaseRecord;

/// `corrected`: what was corrected since the registration, when the first receipt was given.
/// None for a withdrawn registration: nothing was accepted, so nothing is promised.
pub fn receipt(
    r: &CaseRecord,
    s: &Sources<'_>,
    corrected: Option<&CorrectedSince>,
) -> Option<Document> {
    let c = &r.case;
    let title = crate::fill!(s.texts, Doc::ReceiptTitle, station = s.station_name());
    let mut note = s.text(Doc::ReceiptNote).to_string();
    if let Some(corrected) = corrected {
        note.push('\n');
        note.push_str(&s.corrected(corrected));
    }
    let next = match c.status {
        Status::Queued | Status::Receiving | Status::Returned => {
            s.text(Doc::NextRegistered).to_string()
        }
        Status::Answered => crate::fill!(
            s.texts,
            Doc::NextAnswered,
            answer = mask_numbers(c.answer.as_deref().unwrap_or(""))
        ),
        Status::Declined => crate::fill!(
            s.texts,
            Doc::NextDeclined,
            answer = mask_numbers(c.answer.as_deref().unwrap_or(""))
        ),
        Status::Assigned | Status::Forwarded | Status::Replied => match c.due_date {
            Some(due) => crate::fill!(
                s.texts,
                Doc::NextHanded,
                unit = s.unit(c.unit.as_deref()),
                date = s.date(due),
                provisional = if c.due_uncertain {
                    s.text(Doc::Provisional)
                } else {
                    ""
                }
            ),
            None => s.text(Doc::NextHandedSomewhere).to_string(),
        },
        Status::Closed => s.text(Doc::NextClosed).to_string(),
        Status::Withdrawn => return None,
    };
    let contact = format!(
        "{}  {}",
        s.station.phone.as_deref().unwrap_or("-"),
        s.station.address.as_deref().unwrap_or("")
    );
    let rows: Vec<(&str, String)> = vec![
        (s.text(Doc::Number), c.number.clone()),
        (s.text(Doc::ReceivedOn), s.date(c.received_at.date())),
        (
            s.text(Doc::Resident),
            r.resident.name.clone().unwrap_or_else(|| "-".into()),
        ),
        (s.text(Doc::Content), mask_numbers(&c.content).into_owned()),
        (s.text(Doc::Progress), next),
        (s.text(Doc::Contact), contact),
    ];
    let seal = [
        crate::fill!(s.texts, Doc::Seal, station = s.station_name()),
        s.date(s.today),
    ];
    let text = format!(
        "{}\n{}\n{note}\n\n{}\n",
        centred(&title),
        s.rows_text(&rows),
        seal.join("\n")
    );
    let body = format!(
        "<section>\n<h1>{}</h1>\n{}<p class=\"note\">{}</p>\n<div class=\"seal\">{}</div>\n</section>\n",
        html::escape(&title),
        rows_html(&rows),
        html::escape(&note).replace('\n', "<br>"),
        seal.iter()
            .map(|l| html::escape(l))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    Some(Document {
        stem: format!("receipt-{}", c.number),
        text,
        html: html::page(&title, &body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::samples::{assigned, d, with_sources};

    #[test]
    fn a_provisional_deadline_is_marked_on_the_receipt() {
        with_sources(d("2026-11-17"), |sources| {
            let mut record = assigned("2026-11-17", "2027-01-05");
            let plain = receipt(&record, sources, None).unwrap();
            assert!(
                plain.text.contains("办理期限至2027年01月05日。"),
                "{}",
                plain.text
            );
            assert!(!plain.text.contains("待核"));
            record.case.due_uncertain = true;
            let marked = receipt(&record, sources, None).unwrap();
            assert!(marked.text.contains("期限待核"), "{}", marked.text);
            assert!(marked.html.contains("期限待核"));
        });
    }
}
