//! A bundle's errors in the desk's language: the trust model's refusal behind an error, if
//! that is what it is, worded by [`crate::refusals`]; any other error as it displays. Kept
//! here, above the store and beside the bundle's errors, so that the wording below them
//! depends on neither.

use super::BundleError;
use crate::store::StoreError;

/// The refusal of the trust model behind an error, if that is what it is.
pub fn refusal_in<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a crate::domain::trust::Refusal> {
    if let Some(r) = e.downcast_ref::<crate::domain::trust::Refusal>() {
        return Some(r);
    }
    if let Some(StoreError::Trust(r)) = e.downcast_ref::<StoreError>() {
        return Some(r);
    }
    match e.downcast_ref::<BundleError>() {
        Some(BundleError::Trust(r)) | Some(BundleError::Store(StoreError::Trust(r))) => Some(r),
        _ => None,
    }
}

/// A bundle's error in the chosen language, for the line of a folder import.
pub fn bundle_error_text(texts: &crate::i18n::Texts, e: &BundleError) -> String {
    match refusal_in(e) {
        Some(r) => crate::refusals::say(texts, r),
        None => e.to_string(),
    }
}
