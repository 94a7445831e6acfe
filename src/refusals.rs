//! The trust model's refusals and waits (see [`crate::domain::trust`]) in the desk's
//! language, from the `[trust]` text table. `Display` gives the English wording, for logs and
//! library callers; the command line and the screen word them in the chosen language.

use std::fmt;

use crate::domain::trust::{Denied, DeskName, DeskRef, NotAFile, NotAllowed, Refusal, Waiting};
use crate::fill;
use crate::i18n::{Lang, Texts, Trust};

/// `HF desk 2` / `HF 2 号终端`.
pub fn desk(t: &Texts, d: &DeskName) -> String {
    fill!(t, Trust::Desk, station = d.station, number = d.number)
}

/// A desk named in a refusal, in the reader's language.
fn desk_ref(t: &Texts, d: &DeskRef) -> String {
    match d {
        DeskRef::Named(d) => desk(t, d),
        DeskRef::Id(id) => fill!(t, Trust::DeskById, id = id),
        DeskRef::Unknown => t.get(Trust::DeskUnknown).to_string(),
    }
}

fn what_file(t: &Texts, found: NotAFile) -> &'static str {
    t.get(match found {
        NotAFile::Link => Trust::FoundLink,
        NotAFile::Fifo => Trust::FoundFifo,
        NotAFile::Device => Trust::FoundDevice,
        NotAFile::Directory => Trust::FoundDirectory,
        NotAFile::Other => Trust::FoundOther,
    })
}

/// Why a bundle waits, and what unlocks it.
pub fn waiting(t: &Texts, w: &Waiting) -> String {
    match w {
        Waiting::NewDesk {
            desk: d,
            fingerprint,
        } => fill!(
            t,
            Trust::WaitsNewDesk,
            desk = desk(t, d),
            station = d.station,
            number = d.number,
            fingerprint = fingerprint
        ),
        Waiting::ToConfirm {
            desk: d,
            fingerprint,
        } => fill!(
            t,
            Trust::WaitsToConfirm,
            desk = desk(t, d),
            station = d.station,
            number = d.number,
            fingerprint = fingerprint
        ),
        Waiting::Rekey {
            desk: d,
            fingerprint,
            previous,
        } => fill!(
            t,
            Trust::WaitsRekey,
            desk = desk(t, d),
            station = d.station,
            number = d.number,
            fingerprint = fingerprint,
            previous = previous
        ),
        Waiting::HomeUnconfirmed { home, fingerprint } => {
            fill!(t, Trust::WaitsHome, home = home, fingerprint = fingerprint)
        }
        Waiting::HomeRekey {
            home,
            fingerprint,
            previous,
        } => fill!(
            t,
            Trust::WaitsHomeRekey,
            home = home,
            fingerprint = fingerprint,
            previous = previous
        ),
    }
}

/// A refusal, said in the language of `t`.
pub fn say(t: &Texts, r: &Refusal) -> String {
    match r {
        Refusal::NotAFile { file, found } => fill!(
            t,
            Trust::NotAFile,
            file = file,
            found = what_file(t, *found)
        ),
        Refusal::SizeDiffers {
            file,
            found,
            declared,
        } => fill!(
            t,
            Trust::SizeDiffers,
            file = file,
            found = found,
            declared = declared
        ),
        Refusal::SizeMissing { file } => fill!(t, Trust::SizeMissing, file = file),
        Refusal::TooLarge { file, size, limit } => {
            fill!(t, Trust::TooLarge, file = file, size = size, limit = limit)
        }
        Refusal::LineTooLong { file, line, limit } => {
            fill!(
                t,
                Trust::LineTooLong,
                file = file,
                line = line,
                limit = limit
            )
        }
        Refusal::NotUtf8 { file } => fill!(t, Trust::NotUtf8, file = file),
        Refusal::DatedAfterToday { written, today } => {
            fill!(t, Trust::DatedAfterToday, written = written, today = today)
        }
        Refusal::BadFingerprint { found } => fill!(t, Trust::BadFingerprint, found = found),
        Refusal::FingerprintNotDigit { found } => {
            fill!(t, Trust::FingerprintNotDigit, found = found)
        }
        Refusal::WaitingFull {
            waiting: w,
            count,
            bytes,
        } => fill!(
            t,
            Trust::WaitingFull,
            why = waiting(t, w),
            count = count,
            mib = bytes / (1024 * 1024)
        ),
        Refusal::ReusedId { line, id, here } => {
            fill!(t, Trust::ReusedId, line = line, id = id, here = here)
        }
        Refusal::ReusedIdInBundle { first, second, id } => fill!(
            t,
            Trust::ReusedIdInBundle,
            first = first,
            second = second,
            id = id
        ),
        Refusal::ForeignKey {
            desk: d,
            approved,
            found,
        } => fill!(
            t,
            Trust::ForeignKey,
            desk = desk(t, d),
            approved = approved,
            found = found
        ),
        Refusal::RefusedKey {
            desk: d,
            fingerprint,
        } => fill!(
            t,
            Trust::RefusedKey,
            desk = desk(t, d),
            fingerprint = fingerprint
        ),
        Refusal::ApprovedAsOther {
            fingerprint,
            approved,
            claims,
        } => fill!(
            t,
            Trust::ApprovedAsOther,
            fingerprint = fingerprint,
            approved = desk(t, approved),
            claims = desk(t, claims)
        ),
        Refusal::RetiredAfter {
            desk: d,
            after,
            line,
            found,
        } => fill!(
            t,
            Trust::RetiredAfter,
            desk = desk(t, d),
            station = d.station,
            number = d.number,
            after = after,
            line = line,
            found = found
        ),
        Refusal::Retired { desk: d } => fill!(t, Trust::Retired, desk = desk(t, d)),
        Refusal::NumberTaken {
            desk: d,
            holder_fingerprint,
            fingerprint,
            free,
        } => fill!(
            t,
            Trust::NumberTaken,
            desk = desk(t, d),
            holder = holder_fingerprint,
            fingerprint = fingerprint,
            free = free
        ),
        Refusal::NotAllowed(refused) => {
            let NotAllowed {
                file,
                line,
                writer,
                kind,
                number,
                owner,
                denied,
            } = refused.as_ref();
            let rule = match denied {
                Denied::OwnerOnly => fill!(t, Trust::RuleOwnerOnly, owner = desk_ref(t, owner)),
                Denied::HomeSupervises => t.get(Trust::RuleHomeSupervises).to_string(),
                Denied::OtherStation => t.get(Trust::RuleOtherStation).to_string(),
            };
            fill!(
                t,
                Trust::NotAllowed,
                file = file,
                line = line,
                writer = desk_ref(t, writer),
                kind = t.name(*kind),
                number = number,
                rule = rule
            )
        }
        Refusal::OtherHomeKey {
            home,
            trusted,
            found,
        } => fill!(
            t,
            Trust::OtherHomeKey,
            home = home,
            trusted = trusted,
            found = found
        ),
        Refusal::OnlyAtHome => t.get(Trust::OnlyAtHome).to_string(),
        Refusal::OnlyAtStation => t.get(Trust::OnlyAtStation).to_string(),
        Refusal::NotAStation { code } => fill!(t, Trust::NotAStation, code = code),
        Refusal::UnknownDesk { desk: d } => fill!(t, Trust::UnknownDesk, desk = desk(t, d)),
        Refusal::FingerprintOfOther {
            fingerprint,
            desk: d,
            named,
        } => fill!(
            t,
            Trust::FingerprintOfOther,
            fingerprint = fingerprint,
            desk = desk(t, d),
            named = desk(t, named)
        ),
        Refusal::ApprovedWithOther {
            desk: d,
            fingerprint,
        } => fill!(
            t,
            Trust::ApprovedWithOther,
            desk = desk(t, d),
            fingerprint = fingerprint
        ),
        Refusal::RetiredForGood { desk: d } => {
            fill!(t, Trust::RetiredForGood, desk = desk(t, d))
        }
        Refusal::RetireBeforeApplied {
            desk: d,
            after,
            applied,
        } => fill!(
            t,
            Trust::RetireBeforeApplied,
            desk = desk(t, d),
            after = after,
            applied = applied,
            station = d.station,
            number = d.number
        ),
        Refusal::RefuseApproved { desk: d } => fill!(
            t,
            Trust::RefuseApproved,
            desk = desk(t, d),
            station = d.station,
            number = d.number
        ),
        Refusal::NotOwner {
            number,
            kind,
            owner,
        } => fill!(
            t,
            Trust::NotOwner,
            number = number,
            kind = t.name(*kind),
            owner = desk_ref(t, owner)
        ),
        Refusal::TransferTarget { number, desk: d } => {
            fill!(t, Trust::TransferTarget, number = number, desk = desk(t, d))
        }
        Refusal::TransferToSelf { number } => fill!(t, Trust::TransferToSelf, number = number),
        Refusal::TransferUnknown { number, desk: d } => {
            fill!(
                t,
                Trust::TransferUnknown,
                number = number,
                desk = desk(t, d)
            )
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&say(Texts::of(Lang::En), self))
    }
}

impl std::error::Error for Refusal {}

impl fmt::Display for Waiting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&waiting(Texts::of(Lang::En), self))
    }
}
