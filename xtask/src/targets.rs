//! The release targets: the PCs stations have (DESIGN.md, "Release archives").

/// How a target's binary is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// `cargo build` with rustup's target; Debian's mingw-w64 compiles SQLite and links.
    Cargo,
    /// `cargo zigbuild`: zig compiles SQLite and links, for any glibc (`.2.28` after the
    /// triple asks for that version's symbols) or a static musl.
    Zig { glibc: Option<&'static str> },
    /// The pinned nightly, building the standard library for a tier-3 target.
    NightlyBuildStd,
}

/// What the target's operating system provides, which the checks hold the binary to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Windows: every DLL import must be in the list (under `release/checks/`) of what
    /// that Windows ships; `prng_shim`: Rust's std calls `ProcessPrng`, which Debian's Wine 8
    /// lacks, so the smoke test's prefix gets the test-only DLL that provides it.
    Windows {
        imports: &'static str,
        prng_shim: bool,
    },
    /// Linux, statically linked: runs on any x86_64 kernel.
    LinuxStatic,
    /// Linux with glibc: no symbol newer than `max`.
    LinuxGlibc { max: (u32, u32) },
}

#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// What `--target` calls it.
    pub name: &'static str,
    /// The archive's name after `liaison-VERSION-`.
    pub archive: &'static str,
    /// The Rust target.
    pub triple: &'static str,
    pub build: Build,
    pub system: System,
    /// Whether the terminal UI can be smoke-tested here (qemu-user cannot run it: TCGETS2).
    pub tui: bool,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "windows",
        archive: "x86_64-windows",
        triple: "x86_64-pc-windows-gnu",
        build: Build::Cargo,
        system: System::Windows {
            imports: "windows10-imports.txt",
            prng_shim: true,
        },
        tui: true,
    },
    Target {
        name: "windows7",
        archive: "x86_64-windows7",
        triple: "x86_64-win7-windows-gnu",
        build: Build::NightlyBuildStd,
        system: System::Windows {
            imports: "windows7-imports.txt",
            prng_shim: false,
        },
        tui: true,
    },
    Target {
        name: "linux-musl",
        archive: "x86_64-linux-musl",
        triple: "x86_64-unknown-linux-musl",
        build: Build::Zig { glibc: None },
        system: System::LinuxStatic,
        tui: true,
    },
    Target {
        name: "aarch64-glibc2.28",
        archive: "aarch64-linux-gnu-glibc2.28",
        triple: "aarch64-unknown-linux-gnu",
        build: Build::Zig {
            glibc: Some("2.28"),
        },
        system: System::LinuxGlibc { max: (2, 28) },
        tui: false,
    },
];

impl Target {
    pub fn windows(&self) -> bool {
        matches!(self.system, System::Windows { .. })
    }

    /// The binary's file name.
    pub fn exe(&self) -> &'static str {
        if self.windows() {
            "liaison.exe"
        } else {
            "liaison"
        }
    }

    /// The archive's base name, which is also the folder inside it.
    pub fn stem(&self, version: &str) -> String {
        format!("liaison-{version}-{}", self.archive)
    }

    /// The archive's file name.
    pub fn file_name(&self, version: &str) -> String {
        let ext = if self.windows() { "zip" } else { "tar.gz" };
        format!("{}.{ext}", self.stem(version))
    }

    pub fn by_name(name: &str) -> Option<&'static Target> {
        TARGETS.iter().find(|t| t.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names_are_the_ones_the_release_promises() {
        let names: Vec<String> = TARGETS.iter().map(|t| t.file_name("1.2.3")).collect();
        assert_eq!(
            names,
            [
                "liaison-1.2.3-x86_64-windows.zip",
                "liaison-1.2.3-x86_64-windows7.zip",
                "liaison-1.2.3-x86_64-linux-musl.tar.gz",
                "liaison-1.2.3-aarch64-linux-gnu-glibc2.28.tar.gz",
            ]
        );
        assert!(names.iter().all(|n| n.is_ascii()));
    }
}
