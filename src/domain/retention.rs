//! The retention rule: after a case is finished and old enough, the resident's personal data
//! is erased and only what the statistics need stays.

use chrono::NaiveDate;

use super::case::{Case, Resident};
use super::similarity::place;

/// Whether a case may have its resident's data erased under a cut-off date: it is finished
/// (answered, declined or closed) and was finished before `before`.
pub fn purgeable(case: &Case, before: NaiveDate) -> bool {
    case.status.is_finished() && case.closed_at.is_some_and(|at| at.date() < before)
}

/// What remains of a resident after the purge: no name, no phone, and of the address only
/// the compound or street (`和风雅苑3幢201室` → `和风雅苑`), which the recurring-matters
/// statistics group by and which names nobody.
pub fn anonymise(resident: &Resident) -> Resident {
    Resident {
        name: None,
        phone: None,
        address: resident.address.as_deref().and_then(place),
    }
}

/// Whether anything personal is left to erase.
pub fn holds_personal_data(resident: &Resident) -> bool {
    resident.name.is_some() || resident.phone.is_some() || anonymise(resident) != *resident
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident(name: Option<&str>, phone: Option<&str>, address: Option<&str>) -> Resident {
        Resident {
            name: name.map(Into::into),
            phone: phone.map(Into::into),
            address: address.map(Into::into),
        }
    }

    #[test]
    fn keeps_only_the_compound() {
        let r = resident(
            Some("赵建国"),
            Some("13700001111"),
            Some("和风雅苑3幢201室"),
        );
        assert_eq!(anonymise(&r), resident(None, None, Some("和风雅苑")));
        assert!(holds_personal_data(&r));
        assert!(!holds_personal_data(&anonymise(&r)));
        // An address that is only a room number leaves nothing.
        assert_eq!(
            anonymise(&resident(None, None, Some("3幢201室"))).address,
            None
        );
        assert!(!holds_personal_data(&resident(None, None, None)));
    }
}
