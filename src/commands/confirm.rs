//! Asking before a command that cannot be undone from the command line.

use std::io::{BufRead, IsTerminal};

use anyhow::Result;

use crate::i18n::{Cli, Error, Lang, Texts};
use crate::{fill, refuse};

/// `--yes` given, or the operator typed yes at the terminal. Without a terminal and without
/// `--yes` the command is refused, naming the flag. The question is in the language of
/// `texts`.
pub fn ask(yes: bool, question: &str, texts: &Texts) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        refuse!(Error::AddYes, question = question);
    }
    eprint!("{}", fill!(texts, Cli::TypeYes, question = question));
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(is_yes(&answer))
}

/// [`ask`] for the commands whose questions are still worded in English (bundles, desks,
/// purges): the question and its refusal stay in one language until they move to the text
/// tables.
pub fn confirmed(yes: bool, question: &str) -> Result<bool> {
    if !yes && !std::io::stdin().is_terminal() {
        anyhow::bail!("{question}: add --yes to confirm (nothing was changed)");
    }
    ask(yes, question, Texts::of(Lang::En))
}

fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "yes" | "y" | "是")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_clear_yes_confirms() {
        for yes in ["yes", " Yes\n", "y", "是"] {
            assert!(super::is_yes(yes), "{yes:?}");
        }
        for no in ["", "no", "yess", "ok", "否"] {
            assert!(!super::is_yes(no), "{no:?}");
        }
    }
}
