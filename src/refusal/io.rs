//! An operating system's error, said by its kind: the system's own message is English (or
//! the system's language), so only its kind is worded; an unusual one by its number.

use std::io::ErrorKind;

use super::Refusal;
use crate::i18n::Error;

/// The refusal of an I/O error.
pub fn io_refusal(e: &std::io::Error) -> Refusal {
    let key = match e.kind() {
        ErrorKind::NotFound => Error::IoNotFound,
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => Error::IoPermission,
        ErrorKind::AlreadyExists => Error::IoExists,
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Error::IoFull,
        ErrorKind::IsADirectory => Error::IoIsDirectory,
        ErrorKind::NotADirectory => Error::IoNotDirectory,
        ErrorKind::InvalidData | ErrorKind::InvalidInput => Error::IoInvalid,
        ErrorKind::UnexpectedEof => Error::IoCutShort,
        ErrorKind::FileTooLarge => Error::IoTooLarge,
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Error::IoTimedOut,
        ErrorKind::AddrInUse => Error::IoAddressInUse,
        ErrorKind::AddrNotAvailable => Error::IoAddressNotAvailable,
        _ => Error::IoOther,
    };
    match key {
        Error::IoOther => Refusal::new(key).data(
            "code",
            e.raw_os_error().map_or("?".to_string(), |n| n.to_string()),
        ),
        key => Refusal::new(key),
    }
}
