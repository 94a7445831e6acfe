//! The desks view's work (Alt-0): what it shows, read from the file (at the home, every desk
//! it knows with its standing, the fingerprints approved ahead and the bundles that wait for
//! an approval; at a station, whether its home's key is trusted and the events the home holds
//! aside for the station; at both, the events held aside here), and, at a station, trusting
//! the home by the fingerprint typed at the view's prompt: the screen's `liaison desk
//! trust-home`. Only the whole fingerprint is taken; the trust is recorded in the trust log,
//! and the home's bundles that waited for it go in.

use chrono::NaiveDateTime;

use crate::domain::fingerprint::Fingerprint;
use crate::domain::trust::{DeskName, DeskTrust, Place};
use crate::fill;
use crate::i18n::{Error, Texts, Trust};
use crate::refusal::Refusal;
use crate::store::{HomeTrust, Store};

/// One line of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskLine {
    Desk {
        desk: DeskName,
        trust: DeskTrust,
        retired_after: Option<Place>,
        fingerprint: Option<String>,
    },
    Ahead {
        desk: DeskName,
        fingerprint: String,
        approved: bool,
    },
    Waiting {
        desk: DeskName,
        ranges: String,
        fingerprint: String,
    },
    Home(HomeTrust),
    HomeWaiting {
        name: String,
        fingerprint: String,
    },
    /// A heading: the events held aside here, or at the home for this station.
    HeldHeader {
        n: usize,
        at_home: bool,
    },
    /// An event held aside (at this file, or at the home for this station): what to look at.
    Held {
        number: Option<String>,
        kind: String,
        at: String,
        /// The desk that wrote it, when held at the home for this station.
        desk: Option<DeskName>,
        reason: String,
    },
}

/// At most this many held events are listed (the command line's `bundle status` says as
/// much).
const HELD_SHOWN: usize = 50;

/// What the view shows, read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesksData {
    pub lines: Vec<DeskLine>,
}

fn grouped(digits: &str) -> String {
    Fingerprint::from_digits(digits).map_or_else(|| digits.to_string(), |f| f.to_string())
}

impl DesksData {
    /// Reads the desks (at the home) or the home's key (at a station).
    pub fn load(store: &Store) -> crate::store::Result<DesksData> {
        let mut lines = Vec::new();
        if store.is_home()? {
            for d in store.desk_standings()? {
                lines.push(DeskLine::Desk {
                    desk: DeskName::new(&d.station, d.number),
                    trust: d.trust,
                    retired_after: d.retired_after,
                    fingerprint: d.fingerprint,
                });
            }
            for k in store.key_decisions()? {
                lines.push(DeskLine::Ahead {
                    desk: DeskName::new(&k.station, k.number),
                    fingerprint: grouped(&k.fingerprint),
                    approved: k.approved,
                });
            }
            for w in store.waiting_bundles()? {
                lines.push(DeskLine::Waiting {
                    desk: DeskName::new(&w.station, w.number),
                    ranges: w.ranges,
                    fingerprint: grouped(&w.fingerprint),
                });
            }
        } else {
            lines.push(DeskLine::Home(store.home_trust()?));
            for w in store.waiting_bundles()? {
                lines.push(DeskLine::HomeWaiting {
                    name: w.name,
                    fingerprint: grouped(&w.fingerprint),
                });
            }
            // Held at the home for this station: shown at every desk of it.
            let at_home = store.held_at_home()?;
            if !at_home.is_empty() {
                lines.push(DeskLine::HeldHeader {
                    n: at_home.len(),
                    at_home: true,
                });
            }
            for h in at_home.into_iter().take(HELD_SHOWN) {
                lines.push(DeskLine::Held {
                    number: h.number,
                    kind: h.kind,
                    at: h.at,
                    desk: Some(DeskName::new(&h.station, h.desk)),
                    reason: h.reason,
                });
            }
        }
        let held = store.held_events()?;
        if !held.is_empty() {
            lines.push(DeskLine::HeldHeader {
                n: held.len(),
                at_home: false,
            });
        }
        for h in held.into_iter().take(HELD_SHOWN) {
            lines.push(DeskLine::Held {
                number: h.number,
                kind: h.kind,
                at: h.at,
                desk: None,
                reason: h.reason,
            });
        }
        Ok(DesksData { lines })
    }
}

/// Trusts the home by `fp` and applies what waited for it: what to say on the status line,
/// or why nothing was changed.
pub fn trust_home(
    store: &mut Store,
    fp: &Fingerprint,
    actor: &str,
    now: NaiveDateTime,
    t: &Texts,
) -> Result<String, Refusal> {
    let wording = |e: &crate::bundle::BundleError| crate::bundle::wording::bundle_error_text(t, e);
    // Worded already, in the desk's language.
    let refused =
        |e: &crate::bundle::BundleError| Refusal::new(Error::Invalid).data("detail", wording(e));
    // The home's bundles that waited under other keys are deleted: named, for one of them
    // may be the genuine home's and a digit misheard.
    let mut others: Vec<String> = Vec::new();
    for w in store.waiting_bundles().map_err(|e| Refusal::from(&e))? {
        if w.kind != "events" && w.fingerprint != fp.digits() {
            let other = Fingerprint::from_digits(&w.fingerprint)
                .map_or(w.fingerprint.clone(), |f| f.to_string());
            if !others.contains(&other) {
                others.push(other);
            }
        }
    }
    let (dropped, done) =
        crate::bundle::trust::trust_home(store, fp, actor, now).map_err(|e| refused(&e))?;
    let home = store
        .stations()
        .map_err(|e| Refusal::from(&e))?
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
