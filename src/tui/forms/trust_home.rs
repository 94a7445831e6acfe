//! At a station, the prompt of the desks view (Alt-0) where the operator types the home's
//! fingerprint as the home read it out by phone: the screen's `liaison desk trust-home`.
//! Only the whole fingerprint is taken; the trust is recorded in the trust log, and the
//! home's bundles that waited for it go in.

use chrono::NaiveDateTime;

use crate::domain::fingerprint::Fingerprint;
use crate::domain::trust::Refusal;
use crate::fill;
use crate::i18n::{Texts, Trust};
use crate::store::Store;
use crate::tui::widgets::text_field::TextField;

/// 40 digits in groups of five, with room for stray spaces; more is refused at the field.
const LIMIT: usize = 60;

/// Why the typed digits were not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Not a whole fingerprint.
    Refusal(Refusal),
    /// Refused when it was recorded, worded already.
    Text(String),
}

impl Said {
    pub fn text(&self, t: &Texts) -> String {
        match self {
            Said::Refusal(r) => crate::refusals::say(t, r),
            Said::Text(s) => s.clone(),
        }
    }
}

/// The typed digits and, once Enter was pressed on a wrong value, why it was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomePrompt {
    pub field: TextField,
    pub problem: Option<Said>,
}

impl Default for HomePrompt {
    fn default() -> HomePrompt {
        HomePrompt {
            field: TextField::strict(LIMIT, false),
            problem: None,
        }
    }
}

/// The typed text as a whole fingerprint, or the refusal the command line gives.
pub fn parse(typed: &str) -> Result<Fingerprint, Refusal> {
    Fingerprint::parse(typed).map_err(Refusal::from)
}

/// Trusts the home by `fp` and applies what waited for it: what to say on the status line,
/// or why nothing was changed.
pub fn run(
    store: &mut Store,
    fp: &Fingerprint,
    actor: &str,
    now: NaiveDateTime,
    t: &Texts,
) -> Result<String, String> {
    let wording = |e: &crate::bundle::BundleError| crate::refusals::bundle_error_text(t, e);
    // The home's bundles that waited under other keys are deleted: named, for one of them
    // may be the genuine home's and a digit misheard.
    let mut others: Vec<String> = Vec::new();
    for w in store.waiting_bundles().map_err(|e| e.to_string())? {
        if w.kind != "events" && w.fingerprint != fp.digits() {
            let other = Fingerprint::from_digits(&w.fingerprint)
                .map_or(w.fingerprint.clone(), |f| f.to_string());
            if !others.contains(&other) {
                others.push(other);
            }
        }
    }
    let (dropped, done) =
        crate::bundle::trust::trust_home(store, fp, actor, now).map_err(|e| wording(&e))?;
    let home = store
        .stations()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|s| s.kind == crate::domain::station::StationKind::Home)
        .map(|s| s.code)
        .unwrap_or_default();
    let mut said = fill!(t, Trust::TrustedHome, home = home, fingerprint = fp);
    let applied = done.iter().filter(|d| d.result.is_ok()).count();
    if applied > 0 {
        said.push_str(&fill!(t, Trust::PromptApplied, n = applied));
    }
    for d in &done {
        if let Err(e) = &d.result {
            said.push_str(&fill!(
                t,
                Trust::PromptRefused,
                name = d.name,
                why = wording(e)
            ));
        }
    }
    if dropped > 0 {
        said.push_str(&fill!(
            t,
            Trust::DroppedOtherKeys,
            n = dropped,
            fingerprints = others.join(", ")
        ));
    }
    Ok(said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_whole_fingerprint_is_taken() {
        assert_eq!(
            parse("12345 67890"),
            Err(Refusal::BadFingerprint { found: 10 })
        );
        assert!(matches!(
            parse("1234O 67890"),
            Err(Refusal::FingerprintNotDigit { .. })
        ));
        let whole = "12345 67890 12345 67890 12345 67890 12345 67890";
        assert_eq!(parse(whole).unwrap().to_string(), whole);
    }
}
