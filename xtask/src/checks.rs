//! The checks a user cannot see: the archive's file list and names, the text files' form,
//! and what the binary asks of the system it lands on (Windows DLL imports, the newest
//! glibc symbol, static linking). Each returns the lines the transcript shows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::archive::{self, Listed};
use crate::payload::{GUIDE, LICENCE, START};
use crate::runner::output_of;
use crate::targets::{System, Target};

/// The archive holds exactly the folder, the binary, the guide, the licence (and on
/// Windows the start script), with ASCII names, and only the binary executable.
pub fn file_list(path: &Path, target: &Target, version: &str) -> Result<Vec<String>> {
    let folder = target.stem(version);
    let listed = archive::list(path)?;
    let mut want: Vec<String> = [target.exe(), GUIDE, LICENCE]
        .iter()
        .chain(target.windows().then_some(&START))
        .map(|n| format!("{folder}/{n}"))
        .collect();
    want.push(format!("{folder}/"));
    want.sort();
    let mut found: Vec<String> = listed.iter().map(|l| l.path.clone()).collect();
    found.sort();
    if found != want {
        bail!("the archive holds {found:?}, not {want:?}");
    }
    if let Some(l) = listed.iter().find(|l| !l.path.is_ascii()) {
        bail!("`{}`: a file name in an archive must be ASCII", l.path);
    }
    let binary = format!("{folder}/{}", target.exe());
    if let Some(l) = listed
        .iter()
        .find(|l| !l.is_dir && l.executable != (l.path == binary))
    {
        bail!("`{}` has the wrong executable bit", l.path);
    }
    Ok(listed.iter().map(describe).collect())
}

fn describe(l: &Listed) -> String {
    let mode = match (l.is_dir, l.executable) {
        (true, _) => "dir ",
        (false, true) => "exec",
        (false, false) => "file",
    };
    format!("  {mode} {:>10}  {}", l.size, l.path)
}

/// The guide is UTF-8 with a BOM, the start script ASCII, and both have their system's line
/// ends (checked in the unpacked folder, as a user opens them).
pub fn texts(folder: &Path, target: &Target) -> Result<Vec<String>> {
    let guide = std::fs::read(folder.join(GUIDE))?;
    let Some(body) = guide.strip_prefix(b"\xEF\xBB\xBF") else {
        bail!("{GUIDE} has no UTF-8 byte order mark (old Notepad would not read it as UTF-8)");
    };
    let body = std::str::from_utf8(body).context("the guide is not UTF-8")?;
    line_ends(GUIDE, body, target.windows())?;
    let mut lines = vec![format!(
        "  {GUIDE}: UTF-8 with BOM, {} lines, {} line ends",
        body.lines().count(),
        if target.windows() { "CRLF" } else { "LF" }
    )];
    if target.windows() {
        let start = std::fs::read(folder.join(START))?;
        if !start.is_ascii() {
            bail!("{START} is not ASCII: cmd reads it in the system code page");
        }
        let start = String::from_utf8(start)?;
        line_ends(START, &start, true)?;
        for needed in ["chcp 65001", "mode con", "liaison.exe"] {
            if !start.contains(needed) {
                bail!("{START} does not say `{needed}`");
            }
        }
        lines.push(format!("  {START}: ASCII, CRLF, chcp 65001, mode con"));
    }
    Ok(lines)
}

fn line_ends(name: &str, text: &str, crlf: bool) -> Result<()> {
    let lf = text.matches('\n').count();
    let crlfs = text.matches("\r\n").count();
    let ok = if crlf {
        lf == crlfs && text.ends_with("\r\n")
    } else {
        crlfs == 0 && text.matches('\r').count() == 0
    };
    if !ok {
        bail!(
            "{name} does not end every line with {}",
            if crlf { "CRLF" } else { "LF" }
        );
    }
    Ok(())
}

/// What the binary needs from its system.
pub fn binary(bin: &Path, target: &Target, lists: &Path) -> Result<Vec<String>> {
    let file = output_of(Command::new("file").arg("-b").arg(bin))?;
    let mut lines = vec![format!("  file: {}", file.trim())];
    match target.system {
        System::Windows { imports, .. } => {
            if !file.contains("PE32+ executable") || !file.contains("x86-64") {
                bail!("not an x86_64 Windows executable: {file}");
            }
            let dump = output_of(
                Command::new("x86_64-w64-mingw32-objdump")
                    .arg("-p")
                    .arg(bin),
            )?;
            let found = pe_imports(&dump);
            let allowed = import_list(&lists.join(imports))?;
            let missing = not_allowed(&found, &allowed);
            if !missing.is_empty() {
                bail!(
                    "imports not in release/checks/{imports}: {}\n  (add them only after \
                     checking that this Windows ships them)",
                    missing.join(", ")
                );
            }
            lines.push(format!(
                "  imports: {} functions from {} (all in release/checks/{imports})",
                found.values().map(BTreeSet::len).sum::<usize>(),
                found.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        System::LinuxStatic => {
            if !(file.contains("statically linked") || file.contains("static-pie linked")) {
                bail!("the musl binary is not static: {file}");
            }
            if !file.contains("x86-64") {
                bail!("not an x86_64 binary: {file}");
            }
        }
        System::LinuxGlibc { max } => {
            if !file.contains("ARM aarch64") {
                bail!("not an aarch64 binary: {file}");
            }
            let dump = output_of(Command::new("objdump").arg("-T").arg(bin))?;
            let newest = newest_glibc(&dump).context("objdump -T shows no GLIBC symbol")?;
            if newest > max {
                bail!(
                    "needs GLIBC_{}.{}, newer than {}.{}",
                    newest.0,
                    newest.1,
                    max.0,
                    max.1
                );
            }
            lines.push(format!(
                "  newest glibc symbol: GLIBC_{}.{} (at most {}.{})",
                newest.0, newest.1, max.0, max.1
            ));
        }
    }
    Ok(lines)
}

/// DLL (upper case) → the functions imported from it, from `objdump -p`.
pub fn pe_imports(dump: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut dll: Option<String> = None;
    for line in dump.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("DLL Name:") {
            let name = name.trim().to_ascii_uppercase();
            imports.entry(name.clone()).or_default();
            dll = Some(name);
            continue;
        }
        if trimmed.is_empty() || !line.starts_with('\t') {
            // A blank line or a new section ends the DLL's list.
            if !line.starts_with('\t') {
                dll = None;
            }
            continue;
        }
        // `\t<vma>\t  <hint>  <name>`, or `<ordinal>` alone for an import by number.
        let Some(current) = &dll else { continue };
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        if words.len() >= 3
            && u64::from_str_radix(words[0], 16).is_ok()
            && words[1].parse::<u32>().is_ok()
        {
            imports
                .get_mut(current)
                .expect("entered above")
                .insert(words[2].to_string());
        } else if words.len() == 2 && u64::from_str_radix(words[0], 16).is_ok() {
            imports
                .get_mut(current)
                .expect("entered above")
                .insert(format!("#{}", words[1]));
        }
    }
    imports
}

/// A list of what a Windows ships: `[DLL]` lines, then its functions, one a line; `#`
/// starts a comment.
pub fn import_list(path: &Path) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut list: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut dll: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_ascii_uppercase();
            list.entry(name.clone()).or_default();
            dll = Some(name);
        } else if let Some(d) = &dll {
            list.get_mut(d)
                .expect("entered above")
                .insert(line.to_string());
        } else {
            bail!("{}:{}: a function before any [DLL]", path.display(), n + 1);
        }
    }
    Ok(list)
}

/// `DLL!function` for every import the list does not have.
pub fn not_allowed(
    found: &BTreeMap<String, BTreeSet<String>>,
    allowed: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut missing = Vec::new();
    for (dll, functions) in found {
        match allowed.get(dll) {
            None => missing.push(format!("{dll} (the whole DLL)")),
            Some(ok) => missing.extend(
                functions
                    .iter()
                    .filter(|f| !ok.contains(*f))
                    .map(|f| format!("{dll}!{f}")),
            ),
        }
    }
    missing
}

/// The newest `GLIBC_x.y` version named in `objdump -T` output.
pub fn newest_glibc(dump: &str) -> Option<(u32, u32)> {
    dump.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter_map(|w| w.strip_prefix("GLIBC_"))
        .filter_map(|v| {
            let mut parts = v.split('.');
            let major = parts.next()?.parse().ok()?;
            let minor = parts.next().unwrap_or("0").parse().ok()?;
            Some((major, minor))
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PE: &str = "\
There is an import table in .idata at 0x140339000

The Import Tables (interpreted .idata section contents)
 vma:            Hint    Time      Forward  DLL       First
                 Table   Stamp     Chain    Name      Thunk
 00339000       0033907c 00000000 00000000 0033a4a0 0033929c

\tDLL Name: ADVAPI32.dll
\tvma:  Hint/Ord Member-Name Bound-To
\t339ec4\t  656  SystemFunction036

 00339014       00339094 00000000 00000000 0033a53c 003392b4

\tDLL Name: bcryptprimitives.dll
\tvma:  Hint/Ord Member-Name Bound-To
\t339ed8\t    0  ProcessPrng
\t339ee0\t   12

 00000000       00000000 00000000 00000000 00000000 00000000

The Function Table (interpreted .pdata section contents)
";

    #[test]
    fn imports_are_read_per_dll_by_name_and_by_ordinal() {
        let found = pe_imports(PE);
        assert_eq!(
            found
                .get("ADVAPI32.DLL")
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            ["SystemFunction036"]
        );
        assert_eq!(
            found
                .get("BCRYPTPRIMITIVES.DLL")
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            ["#12", "ProcessPrng"]
        );
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn an_import_outside_the_list_is_named() {
        let found = pe_imports(PE);
        let list = |text: &str| {
            let path = std::env::temp_dir().join(format!("xtask-imports-{}", std::process::id()));
            std::fs::write(&path, text).unwrap();
            let l = import_list(&path).unwrap();
            std::fs::remove_file(path).unwrap();
            l
        };
        let allowed = list(
            "[advapi32.dll]\nSystemFunction036 # RtlGenRandom\n[BCRYPTPRIMITIVES.dll]\nProcessPrng\n#12\n",
        );
        // `#12` after a `#` is a comment: the ordinal import is not listed.
        assert_eq!(not_allowed(&found, &allowed), ["BCRYPTPRIMITIVES.DLL!#12"]);
        let allowed = list("[ADVAPI32.dll]\nSystemFunction036\n");
        assert_eq!(
            not_allowed(&found, &allowed),
            ["BCRYPTPRIMITIVES.DLL (the whole DLL)"]
        );
    }

    #[test]
    fn the_newest_glibc_version_is_compared_as_numbers() {
        let dump = "0000 DF *UND* 0000 (GLIBC_2.17) pthread_create\n\
                    0000 DF *UND* 0000 (GLIBC_2.28) fcntl64\n\
                    0000 DF *UND* 0000  GLIBC_2.9   pipe2\n";
        assert_eq!(newest_glibc(dump), Some((2, 28)));
        assert_eq!(newest_glibc("nothing"), None);
    }

    #[test]
    fn line_ends_are_held_to_their_system() {
        assert!(line_ends("a", "x\r\ny\r\n", true).is_ok());
        assert!(line_ends("a", "x\r\ny\n", true).is_err());
        assert!(line_ends("a", "x\ny\n", false).is_ok());
        assert!(line_ends("a", "x\r\ny\n", false).is_err());
    }
}
