//! Asking before a command that cannot be undone from the command line.

use std::io::{BufRead, IsTerminal};

use anyhow::{Result, bail};

/// `--yes` given, or the operator typed yes at the terminal. Without a terminal and without
/// `--yes` the command is refused, naming the flag.
pub fn confirmed(yes: bool, question: &str) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!("{question}: add --yes to confirm (nothing was changed)");
    }
    eprint!("{question}? type yes to confirm: ");
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(is_yes(&answer))
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
