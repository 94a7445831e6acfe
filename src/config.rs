//! Where things live, and the desk's settings file.
//!
//! The database defaults to `liaison.db` in the platform data directory
//! (`ProjectDirs::from("cn", "renda", "liaison")`); the settings file is `config.toml` in the
//! platform config directory, or the file named by `LIAISON_CONFIG`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Deserialize;

use crate::i18n::{Error, Lang};
use crate::refusal;
use crate::refusal::Doing;

/// The platform's data and config directories for liaison.
struct Dirs {
    data: PathBuf,
    config: PathBuf,
}

fn no_home() -> anyhow::Error {
    refusal!(Error::NoHomeDirectory).into()
}

#[cfg(not(target_vendor = "win7"))]
fn project_dirs() -> Result<Dirs> {
    let dirs = directories::ProjectDirs::from("cn", "renda", "liaison").ok_or_else(no_home)?;
    Ok(Dirs {
        data: dirs.data_dir().to_path_buf(),
        config: dirs.config_dir().to_path_buf(),
    })
}

/// Windows 7: `directories` asks Windows through combase.dll, which Windows 7 does not have;
/// the folders it would name are under `%APPDATA%` (the roaming application data).
#[cfg(target_vendor = "win7")]
fn project_dirs() -> Result<Dirs> {
    let app_data = std::env::var_os("APPDATA")
        .filter(|v| !v.is_empty())
        .ok_or_else(no_home)?;
    let base = PathBuf::from(app_data).join("renda").join("liaison");
    Ok(Dirs {
        data: base.join("data"),
        config: base.join("config"),
    })
}

/// The platform data directory, created if missing.
pub fn data_dir() -> Result<PathBuf> {
    let dir = project_dirs()?.data;
    std::fs::create_dir_all(&dir).doing(refusal!(
        Error::CannotCreateDataDirectory,
        path = dir.display()
    ))?;
    Ok(dir)
}

/// `liaison.db` in the data directory.
pub fn default_db() -> Result<PathBuf> {
    Ok(data_dir()?.join("liaison.db"))
}

/// `demo.db` in the data directory: the demo never touches the real file.
pub fn default_demo_db() -> Result<PathBuf> {
    Ok(data_dir()?.join("demo.db"))
}

/// The desk's settings; every field is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// UI language when neither `--lang` nor `LIAISON_LANG` is given.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// The operator's name, recorded as the actor of their events.
    #[serde(default)]
    pub operator: Option<String>,
    /// Key binding overrides: action name → keys (`"new_case" = ["F2", "Ctrl-N"]`).
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
    /// Where the self-service page listens (`"192.168.1.20:8080"`); by default this desk's
    /// address on the local network, port 8080.
    #[serde(default)]
    pub serve_listen: Option<String>,
}

impl Config {
    /// The settings file's path.
    pub fn path() -> Result<PathBuf> {
        match std::env::var_os("LIAISON_CONFIG") {
            Some(p) => Ok(PathBuf::from(p)),
            None => Ok(project_dirs()?.config.join("config.toml")),
        }
    }

    /// Reads the settings file; a missing file means defaults, a broken one is an error that
    /// names the file.
    pub fn load() -> Result<Config> {
        let path = Self::path()?;
        Self::load_from(&path)
    }

    pub fn load_from(path: &Path) -> Result<Config> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(toml::from_str(&text).map_err(|e| {
                refusal!(
                    Error::SettingsInvalid,
                    path = path.display(),
                    detail = e.message()
                )
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Ok(Err(e).doing(refusal!(Error::CannotRead, path = path.display()))?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_defaults_and_broken_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load_from(&path).unwrap(), Config::default());
        std::fs::write(&path, "lang = \"fr\"").unwrap();
        let err = format!("{:#}", Config::load_from(&path).unwrap_err());
        assert!(err.contains("config.toml") && err.contains("fr"), "{err}");
        std::fs::write(
            &path,
            "lang = \"en\"\noperator = \"小李\"\n[keys]\nhelp = [\"F1\"]\n",
        )
        .unwrap();
        let c = Config::load_from(&path).unwrap();
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.operator.as_deref(), Some("小李"));
    }
}
