//! A command's failure in the language of the run: each link of the error chain that is a
//! typed refusal worded by the text tables, an operating system's error by its kind.

use crate::i18n::Texts;
use crate::refusal::{Refusal, io_refusal, refusal_of};
use crate::serve::ServeError;
use crate::serve::address::AddressError;
use crate::store::StoreError;

/// Words an error and its causes, `outer: inner`.
pub fn say(error: &anyhow::Error, t: &Texts) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = say_one(cause, t);
        // A link that already says its cause (a store error holding an I/O error) is not
        // followed by the cause again.
        if parts.last().is_some_and(|last| last.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    let mut parts = parts.into_iter().rev();
    let last = parts.next().unwrap_or_default();
    parts.fold(last, |reason, doing| {
        crate::fill!(
            t,
            crate::i18n::Error::Because,
            doing = doing,
            reason = reason
        )
    })
}

/// The refusal an error stands for, if it is one of ours.
pub fn refusal(cause: &(dyn std::error::Error + 'static)) -> Option<Refusal> {
    if let Some(e) = cause.downcast_ref::<StoreError>() {
        return Some(Refusal::from(e));
    }
    if let Some(e) = cause.downcast_ref::<std::io::Error>() {
        return Some(io_refusal(e));
    }
    if let Some(e) = cause.downcast_ref::<ServeError>() {
        return Some(Refusal::from(e));
    }
    if let Some(e) = cause.downcast_ref::<AddressError>() {
        return Some(Refusal::from(e));
    }
    refusal_of(cause)
}

fn say_one(cause: &(dyn std::error::Error + 'static), t: &Texts) -> String {
    match refusal(cause) {
        Some(r) => r.say(t),
        // A library's own message (a bundle's, the page's), as it is.
        None => cause.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Error, Lang};

    #[test]
    fn a_chain_is_worded_link_by_link() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = anyhow::Error::from(crate::refusal!(Error::Invalid, detail = "x").because_io(&io));
        assert_eq!(say(&e, Texts::of(Lang::Zh)), "x：找不到该文件或目录");
        assert_eq!(say(&e, Texts::of(Lang::En)), "x: no such file or directory");
        let store = StoreError::Busy;
        let e = anyhow::Error::from(store);
        assert!(say(&e, Texts::of(Lang::Zh)).starts_with("数据库正忙"));
    }
}
