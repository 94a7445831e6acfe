//! The progress of long work drawn as a bar on stderr (indicatif), when stderr is a
//! terminal; in a script, a pipe or a test, nothing is drawn and the output stays as it was.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::i18n::Lang;
use crate::progress::{Progress, Reporter, Stage, silent};

/// A bar on stderr if it is a terminal, nothing otherwise.
pub fn reporter(lang: Lang) -> Reporter {
    if std::io::stderr().is_terminal() {
        Arc::new(TerminalBar::new(lang, ProgressDrawTarget::stderr))
    } else {
        silent()
    }
}

/// One bar at a time, replaced at each stage.
pub struct TerminalBar {
    lang: Lang,
    /// Where each stage's bar is drawn.
    target: fn() -> ProgressDrawTarget,
    bar: Mutex<Option<ProgressBar>>,
}

impl TerminalBar {
    fn new(lang: Lang, target: fn() -> ProgressDrawTarget) -> TerminalBar {
        TerminalBar {
            lang,
            target,
            bar: Mutex::new(None),
        }
    }
}

impl Progress for TerminalBar {
    fn stage(&self, stage: Stage, total: u64) {
        let mut slot = self.bar.lock().expect("progress bar");
        if let Some(old) = slot.take() {
            old.finish_and_clear();
        }
        let bar = if total == 0 {
            let bar = ProgressBar::with_draw_target(None, (self.target)());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("template"),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            let bar = ProgressBar::with_draw_target(Some(total), (self.target)());
            bar.set_style(
                ProgressStyle::with_template(
                    "{msg:12} [{bar:40}] {human_pos}/{human_len} {percent:>3}% eta {eta}",
                )
                .expect("template")
                .progress_chars("=> "),
            );
            bar
        };
        bar.set_message(label(self.lang, stage));
        *slot = Some(bar);
    }

    fn advance(&self, done: u64) {
        if let Some(bar) = self.bar.lock().expect("progress bar").as_ref() {
            bar.inc(done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().expect("progress bar").take() {
            bar.finish_and_clear();
        }
    }
}

/// What the bar says the work is doing.
pub fn label(lang: Lang, stage: Stage) -> &'static str {
    match (lang, stage) {
        (Lang::Zh, Stage::Generating) => "生成案例",
        (Lang::Zh, Stage::Indexing) => "建立检索",
        (Lang::Zh, Stage::BuildingIndexes) => "建立索引",
        (Lang::Zh, Stage::Applying) => "导入事件",
        (Lang::Zh, Stage::Replaying) => "回放案例",
        (Lang::Zh, Stage::CheckingFile) => "检查文件",
        (Lang::Zh, Stage::Copying) => "复制数据",
        (Lang::Zh, Stage::Erasing) => "清除个人信息",
        (Lang::Zh, Stage::Rewriting) => "重写文件",
        (Lang::En, Stage::Generating) => "generating",
        (Lang::En, Stage::Indexing) => "indexing",
        (Lang::En, Stage::BuildingIndexes) => "building indexes",
        (Lang::En, Stage::Applying) => "applying",
        (Lang::En, Stage::Replaying) => "replaying",
        (Lang::En, Stage::CheckingFile) => "checking the file",
        (Lang::En, Stage::Copying) => "copying",
        (Lang::En, Stage::Erasing) => "erasing",
        (Lang::En, Stage::Rewriting) => "rewriting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_advance_and_finish_on_a_hidden_target() {
        let bar = TerminalBar::new(Lang::En, ProgressDrawTarget::hidden);
        bar.stage(Stage::Generating, 10);
        bar.advance(4);
        let pos = bar.bar.lock().unwrap().as_ref().map(|b| b.position());
        assert_eq!(pos, Some(4));
        bar.stage(Stage::BuildingIndexes, 0);
        let len = bar.bar.lock().unwrap().as_ref().map(|b| b.length());
        assert_eq!(len, Some(None), "a stage without a count is a spinner");
        bar.finish();
        assert!(bar.bar.lock().unwrap().is_none());
    }
}
