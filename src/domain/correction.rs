//! 更正: the operator puts right what was written wrong at registration (the resident's name,
//! phone, address, or what they said). The event keeps each changed field's value before and
//! after; the values before are personal data like the resident's, masked on display and
//! erased by a purge.

use serde::{Deserialize, Serialize};

use super::case::Resident;
use super::intake::{Field, Problem, check};

/// One field's value before and after the correction (`None`: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// The fields a correction changed; a field it left alone is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Change>,
}

/// What the operator asked to change: raw text for each field given (`Some("")` clears an
/// optional field), `None` for a field left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asked {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub content: Option<String>,
}

/// Why a correction is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No field was given at all.
    NothingAsked,
    /// A field breaks the intake rules (the same as at registration).
    Field(Field, Problem),
    /// Every field given already holds that value.
    NothingChanged,
}

impl Asked {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.phone.is_none()
            && self.address.is_none()
            && self.content.is_none()
    }
}

/// The correction of a case now holding `content` and `resident`: each field given is
/// checked by the intake rules and kept only if it differs from what is there.
pub fn correct(content: &str, resident: &Resident, asked: &Asked) -> Result<Correction, Refused> {
    if asked.is_empty() {
        return Err(Refused::NothingAsked);
    }
    let one = |field: Field, raw: &Option<String>, current: Option<&str>| {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let after = check(field, raw).map_err(|p| Refused::Field(field, p))?;
        Ok((after.as_deref() != current).then(|| Change {
            before: current.map(str::to_string),
            after,
        }))
    };
    let correction = Correction {
        name: one(Field::Name, &asked.name, resident.name.as_deref())?,
        phone: one(Field::Phone, &asked.phone, resident.phone.as_deref())?,
        address: one(Field::Address, &asked.address, resident.address.as_deref())?,
        content: one(Field::Content, &asked.content, Some(content))?,
    };
    if correction.is_empty() {
        return Err(Refused::NothingChanged);
    }
    Ok(correction)
}

impl Correction {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.phone.is_none()
            && self.address.is_none()
            && self.content.is_none()
    }

    /// The resident as the correction leaves them.
    pub fn applied_to(&self, resident: &Resident) -> Resident {
        let pick = |c: &Option<Change>, now: &Option<String>| match c {
            Some(c) => c.after.clone(),
            None => now.clone(),
        };
        Resident {
            name: pick(&self.name, &resident.name),
            phone: pick(&self.phone, &resident.phone),
            address: pick(&self.address, &resident.address),
        }
    }

    /// Changes the resident fields, before and after, by `f` (a purge's erasure); returns
    /// whether anything changed.
    pub fn map_resident(&mut self, f: impl Fn(&Resident) -> Resident) -> bool {
        let side = |c: &Option<Change>, after: bool| {
            c.as_ref().and_then(|c| {
                if after {
                    c.after.clone()
                } else {
                    c.before.clone()
                }
            })
        };
        let mut changed = false;
        for after in [false, true] {
            let was = Resident {
                name: side(&self.name, after),
                phone: side(&self.phone, after),
                address: side(&self.address, after),
            };
            let now = f(&was);
            if now == was {
                continue;
            }
            changed = true;
            for (change, value) in [
                (&mut self.name, now.name),
                (&mut self.phone, now.phone),
                (&mut self.address, now.address),
            ] {
                if let Some(c) = change {
                    if after {
                        c.after = value;
                    } else {
                        c.before = value;
                    }
                }
            }
        }
        changed
    }

    /// The fields changed, in the form's order.
    pub fn changes(&self) -> impl Iterator<Item = (Field, &Change)> {
        [
            (Field::Name, &self.name),
            (Field::Phone, &self.phone),
            (Field::Address, &self.address),
            (Field::Content, &self.content),
        ]
        .into_iter()
        .filter_map(|(f, c)| c.as_ref().map(|c| (f, c)))
    }
}

/// What was corrected after a document was handed out: the day of the last correction and
/// every field changed since, in the form's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectedSince {
    pub on: chrono::NaiveDate,
    pub fields: Vec<Field>,
}

/// The corrections in `log` after its last event that `handed_out` matches (the
/// registration for a receipt, the hand-over for a slip); `None` if there are none, or if
/// nothing matches. Prints are not recorded, so this is what a reprint can honestly say: the
/// document given out then read otherwise.
pub fn corrected_since(
    log: &[super::event::Event],
    handed_out: impl Fn(&super::event::EventBody) -> bool,
) -> Option<CorrectedSince> {
    let start = log.iter().rposition(|e| handed_out(&e.body))?;
    corrected_in(&log[start + 1..])
}

/// What was corrected after the case's `nth` hand-over (counted as
/// [`super::hand_overs::hand_overs`] counts them): that slip's unit read it otherwise.
pub fn corrected_since_hand_over(
    log: &[super::event::Event],
    nth: usize,
) -> Option<CorrectedSince> {
    let (start, _) = log
        .iter()
        .enumerate()
        .filter(|(_, e)| slip_handed_out(&e.body))
        .nth(nth)?;
    corrected_in(&log[start + 1..])
}

fn corrected_in(events: &[super::event::Event]) -> Option<CorrectedSince> {
    let mut on = None;
    let mut fields = Vec::new();
    for e in events {
        if let super::event::EventBody::Corrected { correction } = &e.body {
            on = Some(e.at.date());
            fields.extend(correction.changes().map(|(f, _)| f));
        }
    }
    fields.sort();
    fields.dedup();
    on.map(|on| CorrectedSince { on, fields })
}

/// A receipt is handed out at the registration.
pub fn receipt_handed_out(body: &super::event::EventBody) -> bool {
    matches!(body, super::event::EventBody::Registered { .. })
}

/// A slip goes to the unit at each hand-over (the last one is the slip's).
pub fn slip_handed_out(body: &super::event::EventBody) -> bool {
    use super::event::EventBody as B;
    match body {
        B::Assigned { .. } | B::Forwarded { .. } | B::Reopened { .. } => true,
        // A re-classification to another unit is that unit's hand-over.
        B::Reclassified { change } => change.handling.is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident() -> Resident {
        Resident {
            name: Some("张三".into()),
            phone: Some("13812345678".into()),
            address: Some("和风花园3幢201".into()),
        }
    }

    #[test]
    fn only_fields_that_differ_are_kept() {
        let asked = Asked {
            name: Some(" 张珊 ".into()),
            phone: Some("13812345678".into()),
            ..Asked::default()
        };
        let c = correct("漏水", &resident(), &asked).unwrap();
        assert_eq!(
            c.name,
            Some(Change {
                before: Some("张三".into()),
                after: Some("张珊".into())
            })
        );
        assert_eq!(c.phone, None);
        assert_eq!(c.applied_to(&resident()).name.as_deref(), Some("张珊"));
        assert_eq!(c.applied_to(&resident()).phone, resident().phone);
    }

    #[test]
    fn refusals() {
        assert_eq!(
            correct("漏水", &resident(), &Asked::default()),
            Err(Refused::NothingAsked)
        );
        let same = Asked {
            name: Some("张三".into()),
            content: Some("漏水".into()),
            ..Asked::default()
        };
        assert_eq!(
            correct("漏水", &resident(), &same),
            Err(Refused::NothingChanged)
        );
        let bad = Asked {
            phone: Some("12345".into()),
            ..Asked::default()
        };
        assert!(matches!(
            correct("漏水", &resident(), &bad),
            Err(Refused::Field(Field::Phone, Problem::BadPhone(_)))
        ));
        let empty = Asked {
            content: Some("  ".into()),
            ..Asked::default()
        };
        assert_eq!(
            correct("漏水", &resident(), &empty),
            Err(Refused::Field(Field::Content, Problem::Required))
        );
    }

    #[test]
    fn control_characters_are_cleaned_and_a_field_can_be_cleared() {
        let asked = Asked {
            name: Some("张\u{1b}[31m珊".into()),
            address: Some(String::new()),
            ..Asked::default()
        };
        let c = correct("漏水", &resident(), &asked).unwrap();
        let name = c.name.unwrap().after.unwrap();
        assert!(!name.contains('\u{1b}'), "{name:?}");
        assert_eq!(c.address.unwrap().after, None);
    }

    #[test]
    fn erasure_reaches_both_sides() {
        let asked = Asked {
            name: Some("张珊".into()),
            phone: Some("13900001111".into()),
            ..Asked::default()
        };
        let mut c = correct("漏水", &resident(), &asked).unwrap();
        assert!(c.map_resident(|_| Resident::default()));
        assert_eq!(c.name, Some(Change::default()));
        assert_eq!(c.phone, Some(Change::default()));
        assert!(!c.map_resident(|_| Resident::default()));
    }
}
