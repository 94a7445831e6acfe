//! The JSON shape of a case, as `cases --json` prints it (the design page's contract).

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::store::{CaseLinks, CaseRecord};

/// One case as a JSON object. Phones, and personal numbers typed into its texts, are masked
/// unless `reveal`. Duplicate links are named by number on both sides (`duplicate_of` stays
/// the original's id, as the contract has it).
pub fn case_json(record: &CaseRecord, links: &CaseLinks, today: NaiveDate, reveal: bool) -> Value {
    let c = &record.case;
    let text = |t: &str| {
        if reveal {
            t.to_string()
        } else {
            mask_numbers(t).into_owned()
        }
    };
    let r = &record.resident;
    let phone = r
        .phone
        .as_deref()
        .map(|p| if reveal { p.to_string() } else { mask(p) });
    json!({
        "id": c.id.to_string(),
        "number": c.number,
        "station": c.station,
        "received_at": c.received_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "source": c.source,
        "resident": { "name": r.name, "phone": phone, "address": r.address },
        "content": text(&c.content),
        "deputy": c.deputy,
        "category": c.category,
        "nature": c.nature,
        "level": c.level,
        "unit": c.unit,
        "status": c.status,
        "due_date": c.due_date.map(|d| d.to_string()),
        "due_uncertain": c.due_uncertain,
        "overdue": c.is_overdue(today),
        "supervision": c.supervision,
        "answer": c.answer.as_deref().map(text),
        "reply": c.reply.as_deref().map(text),
        "replied_on": c.replied_on.map(|d| d.to_string()),
        "closed_at": c.closed_at.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        "satisfaction": c.satisfaction,
        "resolved": c.resolved,
        "repeats": c.repeats,
        "duplicate_of": c.duplicate_of.map(|u| u.to_string()),
        "duplicate_of_number": links.original,
        "duplicates": links.duplicates,
        "self_registered": c.self_registered,
        "to_confirm": c.to_confirm,
        "events": c.events,
        "updated_at": c.updated_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    })
}
