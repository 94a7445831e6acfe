//! Which rubric a scorecard is scored by, read and checked: a file named on the command line,
//! `scorecard.toml` beside the database, or the one shipped in `assets/`.

use std::path::{Path, PathBuf};

use crate::domain::rubric::{Rubric, RubricProblem};
use crate::i18n::Error;
use crate::refusal;
use crate::refusal::{Doing, Refusal};

/// Where the rubric comes from: a file named on the command line, `scorecard.toml` beside
/// the database, or the shipped one.
pub fn rubric_source(db: &Path, flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| {
        let beside = db.parent().unwrap_or(Path::new(".")).join("scorecard.toml");
        beside.is_file().then_some(beside)
    })
}

/// Reads and checks the rubric; a bad one is refused, naming the file and what is wrong.
pub fn load_rubric(path: Option<&Path>) -> Result<Rubric, Refusal> {
    let Some(path) = path else {
        return Ok(Rubric::parse(crate::assets::SCORECARD_TOML).expect("the shipped rubric holds"));
    };
    let text =
        std::fs::read_to_string(path).doing(refusal!(Error::CannotRead, path = path.display()))?;
    Rubric::parse(&text).map_err(|problem| {
        let why = match problem {
            RubricProblem::Syntax(detail) => refusal!(Error::RubricSyntax, detail = detail),
            RubricProblem::Weight(name) => refusal!(Error::RubricWeight, name = name),
            RubricProblem::NoWeight => refusal!(Error::RubricNoWeight),
            RubricProblem::Target(name) => refusal!(Error::RubricTarget, name = name),
            RubricProblem::StarOrder => refusal!(Error::RubricStarOrder),
            RubricProblem::MinCases => refusal!(Error::RubricMinCases),
        };
        refusal!(Error::RubricBad, path = path.display()).because("why", why)
    })
}
