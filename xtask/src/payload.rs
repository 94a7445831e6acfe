//! What goes into an archive besides the binary: the guide for station staff, the licence
//! and, for Windows, the start script; in the form each system's own tools read.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::targets::Target;

/// One file of an archive.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name inside the archive's folder: ASCII (Windows' own unzip garbles others).
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub executable: bool,
}

pub const GUIDE: &str = "README.txt";
pub const LICENCE: &str = "LICENSE.txt";
pub const START: &str = "start.bat";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The archive's files, the binary first.
pub fn entries(root: &Path, target: &Target, version: &str, binary: &Path) -> Result<Vec<Entry>> {
    let read = |rel: &str| {
        std::fs::read_to_string(root.join(rel)).with_context(|| format!("cannot read {rel}"))
    };
    let mut entries = vec![Entry {
        name: target.exe(),
        bytes: std::fs::read(binary)
            .with_context(|| format!("cannot read {}", binary.display()))?,
        executable: true,
    }];
    let guide = guide_for(&read("release/guide.txt")?, target.windows(), version)?;
    entries.push(Entry {
        name: GUIDE,
        bytes: [BOM, text_for(&guide, target.windows()).as_bytes()].concat(),
        executable: false,
    });
    entries.push(Entry {
        name: LICENCE,
        bytes: text_for(&read("LICENSE")?, target.windows()).into_bytes(),
        executable: false,
    });
    if target.windows() {
        let start = read("release/start.bat")?;
        if !start.is_ascii() {
            bail!("release/start.bat must be ASCII: cmd reads it in the system code page");
        }
        entries.push(Entry {
            name: START,
            bytes: text_for(&start, true).into_bytes(),
            executable: false,
        });
    }
    Ok(entries)
}

/// The guide for one system: lines marked `[win]` or `[linux]` kept for theirs (marker
/// removed), dropped for the other; `{version}` filled in.
pub fn guide_for(template: &str, windows: bool, version: &str) -> Result<String> {
    let (mine, other) = if windows {
        ("[win]", "[linux]")
    } else {
        ("[linux]", "[win]")
    };
    let mut out = String::new();
    for line in template.lines() {
        if line.starts_with(other) {
            continue;
        }
        out.push_str(line.strip_prefix(mine).unwrap_or(line));
        out.push('\n');
    }
    if !out.contains("{version}") {
        bail!("release/guide.txt lost its {{version}} line");
    }
    let out = out.replace("{version}", version);
    if out.contains("[win]") || out.contains("[linux]") {
        bail!("release/guide.txt: a [win] or [linux] marker not at the start of its line");
    }
    Ok(out)
}

/// Text with the line ends of its system: CRLF on Windows (the Notepad of Windows 7 and of
/// early Windows 10 shows LF-only text as one line), LF elsewhere.
pub fn text_for(text: &str, windows: bool) -> String {
    let lf = text.replace("\r\n", "\n");
    if windows {
        lf.replace('\n', "\r\n")
    } else {
        lf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str =
        "title {version}\n[win]  double-click start.bat\n[linux]  run ./liaison\nend\n";

    #[test]
    fn each_system_reads_only_its_own_lines() {
        assert_eq!(
            guide_for(TEMPLATE, true, "1.0.0").unwrap(),
            "title 1.0.0\n  double-click start.bat\nend\n"
        );
        assert_eq!(
            guide_for(TEMPLATE, false, "1.0.0").unwrap(),
            "title 1.0.0\n  run ./liaison\nend\n"
        );
    }

    #[test]
    fn a_marker_out_of_place_or_a_lost_version_is_refused() {
        assert!(guide_for("no version here\n", true, "1").is_err());
        assert!(guide_for("{version}\nsee [win] below\n", true, "1").is_err());
    }

    #[test]
    fn windows_text_ends_its_lines_with_crlf_once() {
        assert_eq!(text_for("a\nb\r\nc\n", true), "a\r\nb\r\nc\r\n");
        assert_eq!(text_for("a\r\nb\n", false), "a\nb\n");
    }

    #[test]
    fn the_shipped_guide_and_start_script_are_well_formed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let guide = std::fs::read_to_string(root.join("release/guide.txt")).unwrap();
        for windows in [true, false] {
            let text = guide_for(&guide, windows, "9.9.9").unwrap();
            assert!(text.contains("9.9.9"));
            // Where the data lives is said for that system only.
            assert_eq!(text.contains("%APPDATA%"), windows);
            assert_eq!(text.contains("~/.local/share/liaison"), !windows);
        }
        assert!(
            std::fs::read(root.join("release/start.bat"))
                .unwrap()
                .is_ascii()
        );
    }
}
