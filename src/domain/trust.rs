//! Who may write what: trust between desks and the authority of each over a case.
//!
//! A desk's bundles count at the home only once the home approved the desk by the fingerprint
//! the desk itself shows; a station counts the home's bundles only once its operator typed
//! the home's fingerprint. Within that trust, a case has an owner (the desk that registered
//! it, or the desk it was transferred to): any desk of the case's station may follow it
//! through; the home supervises and annotates; only the owner, or the home once the owner is
//! retired, may purge, renumber, withdraw or transfer it.
//!
//! The refusals of this model are typed here ([`Refusal`]) and worded by the text tables.

use chrono::NaiveDate;

use super::event::EventKind;
use crate::machine_names;

machine_names! {
    /// Where a desk stands with the home.
    pub enum DeskTrust: "desk trust" {
        /// Its bundles apply.
        Approved = "approved",
        /// Enrolled on sight by an older liaison: its bundles wait until the home confirms
        /// its fingerprint.
        ToConfirm = "to_confirm",
        /// A stolen or dead desk: its bundles up to a sequence apply, later ones are refused.
        Retired = "retired",
        /// Refused by the home: its bundles are refused.
        Refused = "refused",
        /// Known from other desks' data only (a station's copy of its sister desks).
        Known = "known",
    }
}

machine_names! {
    /// What happened to trust, as the trust log records it.
    pub enum TrustEvent: "trust event" {
        /// The home approved a desk by its fingerprint (before or after its first bundle).
        Approved = "approved",
        /// The home confirmed a desk an older liaison had enrolled on sight.
        Confirmed = "confirmed",
        Refused = "refused",
        Retired = "retired",
        /// The home accepted a desk's new key, announced under its old one.
        Rekeyed = "rekeyed",
        /// This desk made itself a new key.
        NewKey = "new_key",
        /// A station's operator typed the home's fingerprint.
        TrustedHome = "trusted_home",
    }
}

/// What an event does to a case, for the question of who may write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    /// Creates the case: its writer is its owner.
    Register,
    /// Handling and follow-through: any desk of the case's station.
    FollowThrough,
    /// Supervision (提醒, 催办, 通报): the home, and the station's desks as ever.
    Supervise,
    /// A note, or a phone displayed: any desk of the station, and the home.
    Annotate,
    /// Erasing, renumbering, withdrawing or handing the case over: the owner only, or the home
    /// once the owner is retired.
    Own,
}

/// The power an event kind needs.
pub fn power(kind: EventKind) -> Power {
    use EventKind as K;
    match kind {
        K::Registered => Power::Register,
        K::Called
        | K::Classified
        | K::Answered
        | K::Assigned
        | K::Forwarded
        | K::Declined
        | K::Extended
        | K::Returned
        | K::Replied
        | K::CalledBack
        | K::Reopened
        | K::Linked
        | K::Recomputed
        | K::Corrected
        | K::Reclassified => Power::FollowThrough,
        K::Reminded | K::Urged | K::Escalated => Power::Supervise,
        K::Note | K::Revealed => Power::Annotate,
        K::Purged | K::Renumbered | K::Transferred | K::Withdrawn => Power::Own,
    }
}

/// Who writes an event, as seen from the case it is written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// The desk that owns the case.
    Owner,
    /// Another desk of the case's station.
    SameStation,
    /// The street home.
    Home,
    /// A desk of another station.
    OtherStation,
}

/// Why a writer may not write an event on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Only the owner (or the home, for a retired owner) may.
    OwnerOnly,
    /// The home supervises and annotates other desks' cases; it does not handle them.
    HomeSupervises,
    /// One station's desk never writes another station's cases.
    OtherStation,
}

/// Whether `writer` may write an event of `kind` on a case whose owner is retired or not.
pub fn may_write(writer: Writer, kind: EventKind, owner_retired: bool) -> Result<(), Denied> {
    match (writer, power(kind)) {
        (Writer::OtherStation, _) => Err(Denied::OtherStation),
        (Writer::Owner, _) => Ok(()),
        (Writer::SameStation, Power::Own | Power::Register) => Err(Denied::OwnerOnly),
        (Writer::SameStation, _) => Ok(()),
        (Writer::Home, Power::Supervise | Power::Annotate) => Ok(()),
        (Writer::Home, Power::Own) if owner_retired => Ok(()),
        (Writer::Home, Power::Own) => Err(Denied::OwnerOnly),
        (Writer::Home, Power::Register | Power::FollowThrough) => Err(Denied::HomeSupervises),
    }
}

/// A desk as operators name it: `HF desk 2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskName {
    pub station: String,
    pub number: u32,
}

/// An event of a bundle its writer may not write on that case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAllowed {
    pub file: String,
    pub line: usize,
    pub writer: DeskRef,
    pub kind: EventKind,
    pub number: String,
    pub owner: DeskRef,
    pub denied: Denied,
}

/// A desk as a refusal names it: by station and number where this file knows the desk, by its
/// id where it does not; words are the reader's language's, chosen where the refusal is said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskRef {
    Named(DeskName),
    Id(String),
    /// Nobody this file knows (a case whose owner it has not learnt).
    Unknown,
}

impl DeskName {
    pub fn new(station: &str, number: u32) -> DeskName {
        DeskName {
            station: station.to_string(),
            number,
        }
    }
}

/// What kind of thing stood where a bundle's file should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAFile {
    Link,
    Fifo,
    Device,
    Directory,
    Other,
}

/// A desk's place in its sequence, as operators read it: `A57`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub epoch: u32,
    pub seq: i64,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", super::desk::epoch_letters(self.epoch), self.seq)
    }
}

/// Why a bundle waits instead of applying. It is kept in the home's (or the station's)
/// store of waiting bundles, aside from the case data, until the trust it needs is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    /// A desk the home has not approved.
    NewDesk { desk: DeskName, fingerprint: String },
    /// A desk an older liaison enrolled on sight (or knew from before desks).
    ToConfirm { desk: DeskName, fingerprint: String },
    /// An approved desk announces a new key under its old one.
    Rekey {
        desk: DeskName,
        fingerprint: String,
        previous: String,
    },
    /// The home's key is not confirmed on this station's desk.
    HomeUnconfirmed { home: String, fingerprint: String },
    /// The home announces a new key under the one this desk trusts.
    HomeRekey {
        home: String,
        fingerprint: String,
        previous: String,
    },
}

/// A refusal of the trust model. Nothing is written when one is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A file of a bundle is a link, a FIFO, a device or a directory.
    NotAFile { file: String, found: NotAFile },
    /// A file's size is not the size the signed manifest declares.
    SizeDiffers {
        file: String,
        found: u64,
        declared: u64,
    },
    /// The signed manifest declares no size for a file.
    SizeMissing { file: String },
    /// A file is too large to be read without a size the manifest declares.
    TooLarge { file: String, size: u64, limit: u64 },
    /// A line of a file is longer than any line a desk writes.
    LineTooLong { file: String, line: u64, limit: u64 },
    /// A file matches its checksum but is not UTF-8 text.
    NotUtf8 { file: String },
    /// The bundle says it was written after this desk's business day.
    DatedAfterToday { written: String, today: NaiveDate },
    /// A fingerprint typed is not a whole one.
    BadFingerprint { found: usize },
    /// A character in a typed fingerprint is not a digit.
    FingerprintNotDigit { found: char },
    /// The store of waiting bundles is full: nothing more is kept until desks are approved or
    /// refused.
    WaitingFull {
        waiting: Waiting,
        count: usize,
        bytes: u64,
    },
    /// An event's id is here already, with other content.
    ReusedId {
        line: usize,
        id: String,
        /// The event here, as operators read it: its case, kind and time.
        here: String,
    },
    /// Two lines of one bundle carry the same id with different content.
    ReusedIdInBundle {
        first: usize,
        second: usize,
        id: String,
    },
    /// Signed by a key other than the one the home approved for that desk, not announced
    /// under it.
    ForeignKey {
        desk: DeskName,
        approved: String,
        found: String,
    },
    /// A key the home refused.
    RefusedKey { desk: DeskName, fingerprint: String },
    /// A fingerprint approved for another desk than the bundle claims.
    ApprovedAsOther {
        fingerprint: String,
        approved: DeskName,
        claims: DeskName,
    },
    /// A retired desk's bundle reaches past the last sequence the home takes from it.
    RetiredAfter {
        desk: DeskName,
        after: Place,
        line: usize,
        found: Place,
    },
    /// A retired desk's bundle: nothing from a retired desk's new key.
    Retired { desk: DeskName },
    /// A desk number of the station that another desk holds at the home.
    NumberTaken {
        desk: DeskName,
        holder_fingerprint: String,
        fingerprint: String,
        free: u32,
    },
    /// An event of a bundle its writer may not write on that case (boxed: its two desks
    /// would make every refusal carry their room).
    NotAllowed(Box<NotAllowed>),
    /// A reference or recovery bundle signed by a key other than the home's trusted one.
    OtherHomeKey {
        home: String,
        trusted: String,
        found: String,
    },
    /// Trust is given at the home (`desk approve|refuse|retire`).
    OnlyAtHome,
    /// The home's key is trusted at a station (`desk trust-home`).
    OnlyAtStation,
    /// Not a station of this home.
    NotAStation { code: String },
    /// No such desk is known at the home.
    UnknownDesk { desk: DeskName },
    /// The fingerprint typed belongs to another desk than the one named.
    FingerprintOfOther {
        fingerprint: String,
        desk: DeskName,
        named: DeskName,
    },
    /// The desk is approved already with another fingerprint.
    ApprovedWithOther { desk: DeskName, fingerprint: String },
    /// A retired desk is not approved again: a reinstalled desk is a new desk.
    RetiredForGood { desk: DeskName },
    /// Refusing an approved desk is retiring it.
    RefuseApproved { desk: DeskName },
    /// A retirement limit before events of the desk the home has applied already (applied
    /// events are never taken back).
    RetireBeforeApplied {
        desk: DeskName,
        after: Place,
        applied: Place,
    },
    /// This desk may not do that to a case it does not own.
    NotOwner {
        number: String,
        kind: EventKind,
        owner: DeskRef,
    },
    /// A case is transferred only to an approved desk of its station.
    TransferTarget { number: String, desk: DeskName },
    /// The desk is approved ahead, but the home has no bundle of it: it knows the desk's
    /// fingerprint, not the desk.
    TransferUnknown { number: String, desk: DeskName },
    /// The case is this desk's already.
    TransferToSelf { number: String },
}

/// A typed fingerprint that is not a whole one, as the refusal the desk words.
impl From<super::fingerprint::FingerprintError> for Refusal {
    fn from(e: super::fingerprint::FingerprintError) -> Refusal {
        use super::fingerprint::FingerprintError;
        match e {
            FingerprintError::Length { found } => Refusal::BadFingerprint { found },
            FingerprintError::NotDigit(found) => Refusal::FingerprintNotDigit { found },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withdrawing_is_the_owners_as_purging_is() {
        let k = EventKind::Withdrawn;
        assert_eq!(power(k), Power::Own);
        assert_eq!(may_write(Writer::Owner, k, false), Ok(()));
        assert_eq!(
            may_write(Writer::SameStation, k, false),
            Err(Denied::OwnerOnly)
        );
        assert_eq!(may_write(Writer::Home, k, false), Err(Denied::OwnerOnly));
        assert_eq!(may_write(Writer::Home, k, true), Ok(()));
        assert_eq!(
            may_write(Writer::OtherStation, k, false),
            Err(Denied::OtherStation)
        );
    }
}
