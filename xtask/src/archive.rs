//! Writing an archive (zip for Windows, tar.gz for Linux), listing it and unpacking it, all
//! with the archive crates: what the checks see is what a user's unzip sees.
//!
//! Everything sits in one folder named like the archive; every file carries the commit's
//! time, owner root, mode 755 for the binary and 644 for the rest, so one commit gives the
//! same archive twice.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path};

use anyhow::{Context, Result, bail};

use crate::payload::Entry;

/// One file as the archive lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: String,
    pub size: u64,
    pub executable: bool,
    pub is_dir: bool,
}

pub fn write(path: &Path, folder: &str, entries: &[Entry], mtime: u64) -> Result<()> {
    let partial = path.with_extension("partial");
    let result = if path.to_string_lossy().ends_with(".zip") {
        write_zip(&partial, folder, entries, mtime)
    } else {
        write_tar_gz(&partial, folder, entries, mtime)
    };
    result.with_context(|| format!("cannot write {}", path.display()))?;
    std::fs::rename(&partial, path)?;
    Ok(())
}

fn write_zip(path: &Path, folder: &str, entries: &[Entry], mtime: u64) -> Result<()> {
    use zip::write::SimpleFileOptions;
    let when = zip_time(mtime)?;
    let mut zip = zip::ZipWriter::new(File::create(path)?);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when);
    zip.add_directory(format!("{folder}/"), options.unix_permissions(0o755))?;
    for e in entries {
        let mode = if e.executable { 0o755 } else { 0o644 };
        zip.start_file(
            format!("{folder}/{}", e.name),
            options.unix_permissions(mode),
        )?;
        zip.write_all(&e.bytes)?;
    }
    zip.finish()?.sync_all()?;
    Ok(())
}

/// Zip keeps local time to two seconds, from 1980: the commit's time as UTC.
fn zip_time(unix: u64) -> Result<zip::DateTime> {
    let days = unix / 86_400;
    let secs = unix % 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    zip::DateTime::from_date_and_time(
        u16::try_from(y.max(1980))?,
        m,
        d,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
    .map_err(|e| anyhow::anyhow!("zip time: {e:?}"))
}

/// The calendar date of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn write_tar_gz(path: &Path, folder: &str, entries: &[Entry], mtime: u64) -> Result<()> {
    let gz = flate2::write::GzEncoder::new(File::create(path)?, flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    let header = |size: u64, mode: u32, kind: tar::EntryType| {
        let mut h = tar::Header::new_gnu();
        h.set_size(size);
        h.set_mode(mode);
        h.set_entry_type(kind);
        h.set_mtime(mtime);
        h.set_uid(0);
        h.set_gid(0);
        h
    };
    let mut dir = header(0, 0o755, tar::EntryType::Directory);
    tar.append_data(&mut dir, format!("{folder}/"), std::io::empty())?;
    for e in entries {
        let mode = if e.executable { 0o755 } else { 0o644 };
        let mut h = header(e.bytes.len() as u64, mode, tar::EntryType::Regular);
        tar.append_data(&mut h, format!("{folder}/{}", e.name), e.bytes.as_slice())?;
    }
    tar.into_inner()?.finish()?.sync_all()?;
    Ok(())
}

/// Every entry of the archive, in its order.
pub fn list(path: &Path) -> Result<Vec<Listed>> {
    let mut listed = Vec::new();
    if is_zip(path) {
        let mut zip = zip::ZipArchive::new(File::open(path)?)?;
        for i in 0..zip.len() {
            let f = zip.by_index(i)?;
            listed.push(Listed {
                path: f.name()?.into_owned(),
                size: f.size(),
                executable: f.unix_mode().is_some_and(|m| m & 0o111 != 0),
                is_dir: f.is_dir(),
            });
        }
    } else {
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(File::open(path)?));
        for e in tar.entries()? {
            let e = e?;
            let h = e.header();
            listed.push(Listed {
                path: e.path()?.to_string_lossy().into_owned(),
                size: h.size()?,
                executable: h.mode()? & 0o111 != 0,
                is_dir: h.entry_type().is_dir(),
            });
        }
    }
    Ok(listed)
}

/// Unpacks the archive into `into`, which must be an empty directory: as a user would, with
/// the binary's mode kept. Refuses any entry that would land outside `into`.
pub fn unpack(path: &Path, into: &Path) -> Result<()> {
    if std::fs::read_dir(into)?.next().is_some() {
        bail!("{} is not empty", into.display());
    }
    if is_zip(path) {
        let mut zip = zip::ZipArchive::new(File::open(path)?)?;
        for i in 0..zip.len() {
            let mut f = zip.by_index(i)?;
            let name = f.name()?.into_owned();
            let to = into.join(safe_relative(&name)?);
            if f.is_dir() {
                std::fs::create_dir_all(&to)?;
                continue;
            }
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes)?;
            std::fs::write(&to, bytes)?;
        }
    } else {
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(File::open(path)?));
        tar.set_preserve_permissions(true);
        for e in tar.entries()? {
            let mut e = e?;
            safe_relative(&e.path()?.to_string_lossy())?;
            e.unpack_in(into)?;
        }
    }
    Ok(())
}

fn safe_relative(name: &str) -> Result<&Path> {
    let p = Path::new(name);
    if p.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(p)
    } else {
        bail!("the archive holds `{name}`, which points outside its folder")
    }
}

fn is_zip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "zip")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<Entry> {
        vec![
            Entry {
                name: "liaison",
                bytes: b"\x7fELF binary".to_vec(),
                executable: true,
            },
            Entry {
                name: "README.txt",
                bytes: "\u{feff}说明\n".as_bytes().to_vec(),
                executable: false,
            },
        ]
    }

    #[test]
    fn both_kinds_list_and_unpack_what_was_written_the_same_way_twice() {
        let dir = std::env::temp_dir().join(format!("xtask-archive-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a.zip", "a.tar.gz"] {
            let path = dir.join(name);
            write(&path, "liaison-1-x", &entries(), 1_764_900_000).unwrap();
            let first = std::fs::read(&path).unwrap();
            write(&path, "liaison-1-x", &entries(), 1_764_900_000).unwrap();
            assert_eq!(
                first,
                std::fs::read(&path).unwrap(),
                "{name} is reproducible"
            );
            let listed = list(&path).unwrap();
            let paths: Vec<&str> = listed.iter().map(|l| l.path.as_str()).collect();
            assert_eq!(
                paths,
                [
                    "liaison-1-x/",
                    "liaison-1-x/liaison",
                    "liaison-1-x/README.txt"
                ]
            );
            assert!(listed[1].executable && !listed[2].executable);
            let into = dir.join(format!("{name}.out"));
            std::fs::create_dir_all(&into).unwrap();
            unpack(&path, &into).unwrap();
            assert_eq!(
                std::fs::read(into.join("liaison-1-x/README.txt")).unwrap(),
                entries()[1].bytes
            );
            // Unpacking again over it is refused: the smoke test starts empty.
            assert!(unpack(&path, &into).is_err());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dates_convert_to_the_calendar() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_423), (2025, 12, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn an_entry_pointing_outside_is_refused() {
        assert!(safe_relative("../etc/passwd").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("liaison-1-x/liaison").is_ok());
    }
}
