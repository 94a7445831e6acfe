//! A bundle's files read from the stick as streams, never whole: a first pass checks each
//! file (size, checksum, text, line count, one JSON value a line) and keeps nothing; the
//! second parses it into rows, taking the checksum again as it reads, and refuses the file if
//! it changed between the passes (the stick is not to be trusted to hold still).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::Digest;

use super::files::{Verified, open_regular};
use super::{BundleError, Manifest};
use crate::domain::digest::hex;
use crate::domain::trust::Refusal;

/// Where a verified bundle's files are.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Still in the bundle's folder: read again, and checked again, as they are parsed.
    Folder(PathBuf),
    /// Kept whole, checked (a bundle that waited in the store).
    Kept(BTreeMap<String, String>),
}

/// How much of a file is read at a time.
const CHUNK: usize = 64 * 1024;

/// The longest line read, its end included: a line is held whole while it is read, and no
/// desk writes one near this long (its texts are limited to a few thousand characters).
const LINE_LIMIT: u64 = 1024 * 1024;

/// One file read line by line within its declared size, its checksum taken as it goes.
struct Lines {
    name: String,
    reader: BufReader<std::io::Take<std::fs::File>>,
    hasher: sha2::Sha256,
    wanted: u64,
    read: u64,
    /// Lines read so far.
    lines: u64,
    line: Vec<u8>,
}

impl Lines {
    fn open(dir: &Path, name: &str, manifest: &Manifest, limit: u64) -> Result<Self, BundleError> {
        let declared = manifest.sizes.get(name).copied();
        let (file, wanted) = open_regular(dir, name, declared, limit)?;
        Ok(Self {
            name: name.to_string(),
            reader: BufReader::with_capacity(CHUNK, file.take(wanted)),
            hasher: sha2::Sha256::new(),
            wanted,
            read: 0,
            lines: 0,
            line: Vec::new(),
        })
    }

    /// The next line, without its end (`\n`, or `\r\n` as `str::lines` reads it).
    fn next(&mut self) -> Result<Option<&[u8]>, BundleError> {
        self.line.clear();
        let n = (&mut self.reader)
            .take(LINE_LIMIT)
            .read_until(b'\n', &mut self.line)
            .map_err(|source| BundleError::Io {
                context: format!("cannot read {}", self.name),
                source,
            })?;
        if n == 0 {
            return Ok(None);
        }
        self.lines += 1;
        if n as u64 == LINE_LIMIT && self.line.last() != Some(&b'\n') {
            return Err(Refusal::LineTooLong {
                file: self.name.clone(),
                line: self.lines,
                limit: LINE_LIMIT,
            }
            .into());
        }
        self.hasher.update(&self.line);
        self.read += n as u64;
        let mut end = self.line.len();
        if self.line[end - 1] == b'\n' {
            end -= 1;
            if end > 0 && self.line[end - 1] == b'\r' {
                end -= 1;
            }
        }
        Ok(Some(&self.line[..end]))
    }

    /// At the end: the file was as long as declared, with the checksum the manifest signs.
    fn finish(self, manifest: &Manifest) -> Result<(), BundleError> {
        if self.read != self.wanted {
            // The file shrank while it was read.
            return Err(Refusal::SizeDiffers {
                file: self.name,
                found: self.read,
                declared: self.wanted,
            }
            .into());
        }
        if manifest.files.get(&self.name) != Some(&hex(&self.hasher.finalize())) {
            return Err(BundleError::Checksum { file: self.name });
        }
        Ok(())
    }
}

fn line_error(file: &str, line: usize, message: impl ToString) -> BundleError {
    BundleError::Line {
        file: file.to_string(),
        line,
        message: message.to_string(),
    }
}

/// The first pass over one file: its size, checksum, text and line count, and one JSON value
/// on each line, refused in that order (as a file read whole is). Nothing of it is kept.
pub fn check_file(
    dir: &Path,
    name: &str,
    manifest: &Manifest,
    limit: u64,
) -> Result<(), BundleError> {
    let mut lines = Lines::open(dir, name, manifest, limit)?;
    let mut count = 0u64;
    let mut not_text = false;
    let mut shape: Option<BundleError> = None;
    while let Some(line) = lines.next()? {
        count += 1;
        match std::str::from_utf8(line) {
            Err(_) => not_text = true,
            Ok(text) if shape.is_none() => {
                if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
                    shape = Some(line_error(name, count as usize, e));
                }
            }
            Ok(_) => {}
        }
    }
    lines.finish(manifest)?;
    if not_text {
        return Err(Refusal::NotUtf8 {
            file: name.to_string(),
        }
        .into());
    }
    let expected = manifest.counts.get(name).copied().unwrap_or(u64::MAX);
    if count != expected {
        return Err(BundleError::Count {
            file: name.to_string(),
            found: count,
            expected,
        });
    }
    shape.map_or(Ok(()), Err)
}

/// The second pass over one file: its rows, parsed line by line, with the file checked
/// again as it is read. A file that changed since the first pass is refused whole, whatever
/// line the change is on.
fn parse_file<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    manifest: &Manifest,
) -> Result<Vec<T>, BundleError> {
    let mut rows = Vec::new();
    file_batches(dir, name, manifest, 4096, &mut |batch, _| {
        rows.extend(batch);
        Ok(true)
    })?;
    Ok(rows)
}

/// The rows of a file in batches (see [`Verified::batches`]), read and checked again as they
/// are parsed. `Ok(false)`: `each` stopped early, the rest unread.
fn file_batches<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    manifest: &Manifest,
    size: usize,
    each: &mut dyn FnMut(Vec<T>, usize) -> Result<bool, BundleError>,
) -> Result<bool, BundleError> {
    let mut lines = Lines::open(dir, name, manifest, super::files::UNDECLARED_LIMIT)?;
    let mut batch = Vec::with_capacity(size);
    let mut first = 1;
    let mut count = 0usize;
    let mut mistake: Option<BundleError> = None;
    while let Some(line) = lines.next()? {
        count += 1;
        if mistake.is_some() {
            continue;
        }
        let parsed = std::str::from_utf8(line)
            .map_err(|_| {
                BundleError::from(Refusal::NotUtf8 {
                    file: name.to_string(),
                })
            })
            .and_then(|text| serde_json::from_str(text).map_err(|e| line_error(name, count, e)));
        match parsed {
            Ok(row) => batch.push(row),
            Err(e) => {
                mistake = Some(e);
                continue;
            }
        }
        if batch.len() == size {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(size));
            if !each(full, first)? {
                return Ok(false);
            }
            first = count + 1;
        }
    }
    // A changed file is refused as one, before any mistake of its lines is told.
    lines.finish(manifest)?;
    let expected = manifest.counts.get(name).copied().unwrap_or(u64::MAX);
    if count as u64 != expected {
        return Err(BundleError::Count {
            file: name.to_string(),
            found: count as u64,
            expected,
        });
    }
    if let Some(mistake) = mistake {
        return Err(mistake);
    }
    if batch.is_empty() {
        return Ok(true);
    }
    each(batch, first)
}

impl Verified {
    /// The rows of one of the bundle's files, `size` at a time, each batch given with the
    /// number of its first line; from a folder, never more than a batch in memory. Only an
    /// `Ok` at the end says the file was read whole and found as the first pass found it:
    /// what was done with the batches must be undone on an error. `each` returns `false` to
    /// stop; then `Ok(false)`, the rest unread and unchecked.
    pub fn batches<T: DeserializeOwned>(
        &self,
        name: &str,
        size: usize,
        mut each: impl FnMut(Vec<T>, usize) -> Result<bool, BundleError>,
    ) -> Result<bool, BundleError> {
        if !self.has(name) {
            return Err(BundleError::MissingFile(name.to_string()));
        }
        match &self.contents {
            Contents::Folder(dir) => file_batches(dir, name, &self.manifest, size, &mut each),
            Contents::Kept(_) => {
                let rows: Vec<T> = self.parse(name)?;
                let mut first = 1;
                let mut rows = rows.into_iter().peekable();
                while rows.peek().is_some() {
                    let batch: Vec<T> = rows.by_ref().take(size).collect();
                    let next = first + batch.len();
                    if !each(batch, first)? {
                        return Ok(false);
                    }
                    first = next;
                }
                Ok(true)
            }
        }
    }

    /// Whether the bundle has a file of that name (its manifest lists it).
    pub fn has(&self, name: &str) -> bool {
        self.manifest.files.contains_key(name)
    }

    /// The rows of one of the bundle's files, each line parsed (a mistake named by file and
    /// line); from a folder, the file is read and checked again.
    pub fn parse<T: DeserializeOwned>(&self, name: &str) -> Result<Vec<T>, BundleError> {
        if !self.has(name) {
            return Err(BundleError::MissingFile(name.to_string()));
        }
        match &self.contents {
            Contents::Folder(dir) => parse_file(dir, name, &self.manifest),
            Contents::Kept(files) => {
                let text = files
                    .get(name)
                    .ok_or_else(|| BundleError::MissingFile(name.to_string()))?;
                super::wire::parse(name, text)
            }
        }
    }

    /// The rows of a file the bundle may not have (none then).
    pub fn parse_optional<T: DeserializeOwned>(&self, name: &str) -> Result<Vec<T>, BundleError> {
        if self.has(name) {
            self.parse(name)
        } else {
            Ok(Vec::new())
        }
    }
}
