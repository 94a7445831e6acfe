//! One self-service server per database file, known by an operating-system lock. A running
//! server holds an exclusive lock on `NAME.serve.lock` beside the database and writes where
//! it can be reached into `NAME.serve`. The lock goes with its process, however it ends: a
//! killed server leaves no stale claim, and the address file of a server whose lock is free
//! is ignored. (The address is in a file of its own because Windows lets no other process
//! read a locked file.)

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// A server's lock, held while it runs; dropping it frees the file for the next server.
#[derive(Debug)]
pub struct ServeLock {
    /// `None` where no lock file can be made (a read-only directory): nothing is claimed.
    lock: Option<File>,
    address: PathBuf,
}

/// Where a server of another process can be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub url: String,
    pub day: NaiveDate,
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn open_lock(db: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(beside(db, ".serve.lock"))
}

/// Takes the file's server lock; `Err` with the running server's address when another
/// process holds it (`None` inside when its address cannot be read).
pub fn take(db: &Path) -> Result<ServeLock, Option<Served>> {
    let address = beside(db, ".serve");
    // A lock file that cannot be made (a read-only directory) claims nothing: the server
    // fails at the database then, and says why.
    let Ok(lock) = open_lock(db) else {
        return Ok(ServeLock {
            lock: None,
            address,
        });
    };
    match lock.try_lock() {
        Ok(()) => Ok(ServeLock {
            lock: Some(lock),
            address,
        }),
        Err(_) => Err(read_address(db)),
    }
}

/// The server another process runs on this file, if any (its `url` empty when it has not
/// said where yet).
pub fn running(db: &Path) -> Option<Served> {
    let lock = open_lock(db).ok()?;
    match lock.try_lock_shared() {
        // Free: nobody serves (an address file left by a killed server means nothing).
        Ok(()) => {
            let _ = lock.unlock();
            None
        }
        Err(_) => read_address(db).or(Some(Served {
            url: String::new(),
            day: NaiveDate::MIN,
        })),
    }
}

fn read_address(db: &Path) -> Option<Served> {
    let text = std::fs::read_to_string(beside(db, ".serve")).ok()?;
    let mut lines = text.lines();
    let url = lines.next()?.trim().to_string();
    let day = lines.next()?.trim().parse().ok()?;
    Some(Served { url, day })
}

impl ServeLock {
    /// Says where the server can be reached (again after a new token).
    pub fn announce(&self, url: &str, day: NaiveDate) {
        if self.lock.is_none() {
            return;
        }
        let written = File::create(&self.address)
            .and_then(|mut f| f.write_all(format!("{url}\n{day}\n").as_bytes()));
        // Without the address the lock still keeps a second server out; the other desk
        // then says a server runs without saying where.
        let _ = written;
    }
}

impl Drop for ServeLock {
    fn drop(&mut self) {
        if let Some(lock) = &self.lock {
            let _ = std::fs::remove_file(&self.address);
            let _ = lock.unlock();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_server_per_file_and_nothing_left_when_it_goes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        assert_eq!(running(&db), None);
        let day = NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
        let lock = take(&db).unwrap();
        lock.announce("http://192.168.1.20:8080/t", day);
        let served = Served {
            url: "http://192.168.1.20:8080/t".into(),
            day,
        };
        assert_eq!(running(&db), Some(served.clone()));
        assert_eq!(take(&db).unwrap_err(), Some(served));
        drop(lock);
        assert_eq!(running(&db), None);
        // An address file without its lock (a killed server's) claims nothing.
        std::fs::write(beside(&db, ".serve"), "http://x/\n2026-11-17\n").unwrap();
        assert_eq!(running(&db), None);
        assert!(take(&db).is_ok());
    }
}
