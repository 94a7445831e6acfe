//! The few things that differ between the desks' operating systems, each behind one small
//! function.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates a new file that only its owner can read and write.
///
/// On Unix the mode is 0600 from the start (SQLite gives its `-wal` and `-shm` files the same
/// mode). On Windows a new file inherits the ACL of its folder; the default data folder is the
/// user's own profile, private to them.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes a new private file (never over an existing one) and syncs it to disk: reports,
/// documents and bundles hold residents' data.
pub fn write_private_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = create_private_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes an existing file to disk. Opened for writing: Windows refuses to flush a handle
/// opened only for reading ("Access denied"), which the Windows archive's smoke test found in
/// `liaison backup`.
pub fn sync_file(path: &Path) -> io::Result<()> {
    OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Creates a directory (and its parents) that only its owner can enter; an existing one is
/// left as it is.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Makes an existing file private to its owner (a file made by hand before `init`). On
/// Windows the folder's ACL applies, as for new files.
pub fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Whether a file can be read by others than its owner (always `false` where the question
/// has no meaning).
pub fn is_shared(path: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(path)?.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(false)
    }
}

/// Whether a key event should act. Windows consoles report every key twice, pressed and
/// released; other terminals only presses (and repeats, which act like presses).
pub fn acts_on(kind: ratatui::crossterm::event::KeyEventKind) -> bool {
    kind != ratatui::crossterm::event::KeyEventKind::Release
}

/// The login name of the person at the keyboard, recorded as the actor of their events.
pub fn user_name() -> String {
    ["LIAISON_OPERATOR", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "operator".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        create_private_file(&path).unwrap();
        assert!(!is_shared(&path).unwrap());
        // Never clobbers an existing file.
        assert!(create_private_file(&path).is_err());
    }

    #[test]
    fn only_presses_and_repeats_act() {
        use ratatui::crossterm::event::KeyEventKind;
        assert!(acts_on(KeyEventKind::Press));
        assert!(acts_on(KeyEventKind::Repeat));
        assert!(!acts_on(KeyEventKind::Release));
    }

    #[test]
    fn private_files_are_written_once_and_synced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        write_private_new(&path, "编号,姓名\n".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "编号,姓名\n");
        assert!(!is_shared(&path).unwrap());
        // Never over an existing file.
        assert!(write_private_new(&path, b"x").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "编号,姓名\n");
    }

    #[test]
    fn private_dirs_are_private_and_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/backups");
        create_private_dir(&path).unwrap();
        create_private_dir(&path).unwrap();
        assert!(path.is_dir());
        assert!(!is_shared(&path).unwrap());
    }
}
