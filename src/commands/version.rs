//! What `liaison --version` says: the version, the commit a release was built from, and the
//! schema and bundle layout this program writes (which decide the files and bundles it
//! takes: an older program refuses a newer file or bundle, see DESIGN "Release archives").

use std::sync::LazyLock;

use crate::bundle::BUNDLE_VERSION;
use crate::store::SCHEMA_VERSION;

/// `0.1.0 (commit 0123456789ab, schema 9, bundle layout 2)`; a build that is not a release's
/// says `development build` instead of a commit (see build.rs).
pub fn line() -> &'static str {
    static LINE: LazyLock<String> = LazyLock::new(|| {
        format!(
            "{} ({}, schema {SCHEMA_VERSION}, bundle layout {BUNDLE_VERSION})",
            env!("CARGO_PKG_VERSION"),
            env!("LIAISON_BUILD"),
        )
    });
    &LINE
}
