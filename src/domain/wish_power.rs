//! Who may write which event on a wish, by the case rules (see [`super::trust::may_write`])
//! with one change the issue asks for: a member may claim a wish, and have it fulfilled, at
//! any desk of its station or at the street's home.
//!
//! - `registered`: the desk that registers it, which owns it from then on.
//! - `claimed`, `fulfilled`: the owner, any other desk of the station, and the home (cases
//!   keep the home to supervision; a wish has nothing to supervise, and a member walks in
//!   where they are).
//! - `withdrawn`, `purged`: the owner only, as a case's withdrawal and purge are. A sister
//!   desk's copy is erased by the owner's purge, which reaches it from the home; the home's
//!   own purge of its copy stays at the home.
//! - `published` (the wording for the wall): the owner only, the desk that met the resident
//!   and answers for what the wall says of them.

use super::trust::{Denied, Writer};
use super::wish::WishEventKind;

pub fn may_write_wish(writer: Writer, kind: WishEventKind) -> Result<(), Denied> {
    use WishEventKind as K;
    match (writer, kind) {
        (Writer::OtherStation, _) => Err(Denied::OtherStation),
        (Writer::Owner, _) => Ok(()),
        (Writer::SameStation | Writer::Home, K::Claimed | K::Fulfilled) => Ok(()),
        (Writer::SameStation, _) => Err(Denied::OwnerOnly),
        (Writer::Home, K::Registered) => Err(Denied::HomeSupervises),
        (Writer::Home, _) => Err(Denied::OwnerOnly),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sister_desks_and_the_home_claim_and_fulfil_only_the_owner_ends() {
        use WishEventKind as K;
        for kind in [K::Claimed, K::Fulfilled] {
            assert_eq!(may_write_wish(Writer::SameStation, kind), Ok(()));
            assert_eq!(may_write_wish(Writer::Home, kind), Ok(()));
        }
        for kind in [K::Withdrawn, K::Purged, K::Registered, K::Published] {
            assert_eq!(may_write_wish(Writer::Owner, kind), Ok(()));
            assert!(may_write_wish(Writer::SameStation, kind).is_err());
            assert!(may_write_wish(Writer::Home, kind).is_err());
        }
        for kind in [
            K::Registered,
            K::Claimed,
            K::Fulfilled,
            K::Withdrawn,
            K::Purged,
            K::Published,
        ] {
            assert_eq!(
                may_write_wish(Writer::OtherStation, kind),
                Err(Denied::OtherStation)
            );
        }
    }
}
