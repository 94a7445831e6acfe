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

/// What stood at a path opened by [`open_no_follow`].
#[derive(Debug)]
pub enum Opened {
    /// A regular file, open for reading, and its size as the open handle reports it.
    File(File, u64),
    Link,
    Fifo,
    Device,
    Directory,
    Other,
}

/// Opens a file for reading as a file from a USB stick must be opened: never through a
/// link, never waiting on a FIFO or a device, and judged by the open handle (what the name
/// pointed at when it was checked could change before it is read).
///
/// On Unix `O_NOFOLLOW | O_NONBLOCK`; on Windows the reparse point itself is opened instead
/// of what it points at. Either way the handle's own metadata decides.
pub fn open_no_follow(path: &Path) -> io::Result<Opened> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS (directories open too,
        // and are then refused as directories).
        options.custom_flags(0x0020_0000 | 0x0200_0000);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(Opened::Link),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Ok(Opened::Link);
    }
    if kind.is_dir() {
        return Ok(Opened::Directory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() || kind.is_socket() {
            return Ok(Opened::Fifo);
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Ok(Opened::Device);
        }
    }
    if !kind.is_file() {
        return Ok(Opened::Other);
    }
    Ok(Opened::File(file, meta.len()))
}

/// Whether a key event should act. Windows consoles report every key twice, pressed and
/// released; other terminals only presses (and repeats, which act like presses).
pub fn acts_on(kind: ratatui::crossterm::event::KeyEventKind) -> bool {
    kind != ratatui::crossterm::event::KeyEventKind::Release
}

/// The login name of the person at the keyboard, recorded as the actor of their events.
pub fn user_name() -> Option<String> {
    ["LIAISON_OPERATOR", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
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

    #[cfg(unix)]
    #[test]
    fn links_fifos_devices_and_directories_are_named_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"abc").unwrap();
        assert!(matches!(open_no_follow(&file).unwrap(), Opened::File(_, 3)));
        let link = dir.path().join("l");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(matches!(open_no_follow(&link).unwrap(), Opened::Link));
        let zero = dir.path().join("z");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(open_no_follow(&zero).unwrap(), Opened::Link));
        assert!(matches!(
            open_no_follow(Path::new("/dev/null")).unwrap(),
            Opened::Device
        ));
        assert!(matches!(
            open_no_follow(dir.path()).unwrap(),
            Opened::Directory
        ));
        let fifo = dir.path().join("p");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Opening a FIFO with nobody at the other end returns at once.
        assert!(matches!(open_no_follow(&fifo).unwrap(), Opened::Fifo));
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
