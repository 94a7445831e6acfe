//! The pure core's refusals, typed: each of its errors and the text that says it.

use super::{Refusal, Text};
use crate::domain::handling::HandlingError;
use crate::domain::holidays::NoticeError;
use crate::domain::names::UnknownName;
use crate::domain::notice_text::{NoticeFileError, Problem, TextError};
use crate::domain::phone::BadPhone;
use crate::domain::station::BadStationCode;
use crate::domain::text::TooLong;
use crate::domain::transition::TransitionError;
use crate::domain::wish::WishError;
use crate::formats::NotText;
use crate::formats::csv::CsvError;
use crate::formats::units::{RowProblem, UnitsError};
use crate::i18n::Error;

/// The refusal of any error of the core (or of reading a file's format); `None` for an
/// error of another kind.
pub fn refusal_of(e: &(dyn std::error::Error + 'static)) -> Option<Refusal> {
    macro_rules! try_as {
        ($($t:ty),+) => {
            $(if let Some(e) = e.downcast_ref::<$t>() {
                return Some(Refusal::from(e));
            })+
        };
    }
    try_as!(
        Refusal,
        TransitionError,
        HandlingError,
        TooLong,
        BadPhone,
        UnknownName,
        BadStationCode,
        NoticeError,
        NoticeFileError,
        TextError,
        NotText,
        CsvError,
        UnitsError,
        WishError
    );
    None
}

impl From<&Refusal> for Refusal {
    fn from(r: &Refusal) -> Refusal {
        r.clone()
    }
}

impl From<&TransitionError> for Refusal {
    fn from(e: &TransitionError) -> Refusal {
        use TransitionError as T;
        match e {
            T::NotAllowed {
                number,
                status,
                event,
                allowed,
            } => Refusal::new(Error::NotAllowed)
                .data("number", number)
                .word("status", *status)
                .word("event", *event)
                .words("allowed", allowed),
            T::NotRegistered(kind) => Refusal::new(Error::NotRegistered).word("event", *kind),
            T::AlreadyRegistered(number) => {
                Refusal::new(Error::AlreadyRegistered).data("number", number)
            }
            T::WrongCase => Refusal::new(Error::WrongCase),
            T::LevelMismatch { event, level } => Refusal::new(Error::LevelMismatch)
                .word("event", *event)
                .word("level", *level),
            T::Empty { field } => Refusal::new(Error::Empty).field("field", field),
            T::ExtensionNotLater { new, current } => Refusal::new(Error::ExtensionNotLater)
                .data("new", new)
                .data("current", current),
            T::DueInThePast { due, day } => Refusal::new(Error::DueInThePast)
                .data("due", due)
                .data("day", day),
            T::ReplyBeforeReceipt { on, received } => Refusal::new(Error::ReplyBeforeReceipt)
                .data("on", on)
                .data("received", received),
            T::ReplyInFuture { on, recorded } => Refusal::new(Error::ReplyInFuture)
                .data("on", on)
                .data("recorded", recorded),
            T::SelfLink => Refusal::new(Error::SelfLink),
            T::DuplicateNeedsOf => Refusal::new(Error::DuplicateNeedsOf),
            T::OfNeedsDuplicate => Refusal::new(Error::OfNeedsDuplicate),
            T::DuplicateOfItself => Refusal::new(Error::DuplicateOfItself),
            T::LinkedNotWithdrawn(number) => {
                Refusal::new(Error::LinkedNotWithdrawn).data("number", number)
            }
            T::NotItsNumber { number, previous } => Refusal::new(Error::NotItsNumber)
                .data("number", number)
                .data("previous", previous),
            T::NotClassified { number } => {
                Refusal::new(Error::NotClassified).data("number", number)
            }
            T::CorrectedFromOther { number } => {
                Refusal::new(Error::CorrectedFromOther).data("number", number)
            }
            T::RecomputedFromOther { previous, current } => {
                Refusal::new(Error::RecomputedFromOther)
                    .data("previous", previous)
                    .data(
                        "current",
                        current.map_or_else(|| "-".to_string(), |d| d.to_string()),
                    )
            }
        }
    }
}

impl From<&WishError> for Refusal {
    fn from(e: &WishError) -> Refusal {
        match e {
            WishError::NotAllowed {
                number,
                state,
                event,
            } => Refusal::new(Error::WishNotAllowed)
                .data("number", number)
                .word("state", *state)
                .word("event", *event),
            WishError::NotClaimed(number) => {
                Refusal::new(Error::WishNotClaimed).data("number", number)
            }
            WishError::NotRegistered(kind) => {
                Refusal::new(Error::WishNotRegistered).word("event", *kind)
            }
            WishError::WrongWish => Refusal::new(Error::WishWrong),
            WishError::Empty { field } => Refusal::new(Error::Empty).field("field", field),
            WishError::InFuture { on, recorded } => Refusal::new(Error::WishInFuture)
                .data("on", on)
                .data("recorded", recorded),
            WishError::PublicNotOpen { number, state } => Refusal::new(Error::WishPublicNotOpen)
                .data("number", number)
                .word("state", *state),
            WishError::BeforeRegistered { on, registered } => {
                Refusal::new(Error::WishBeforeRegistered)
                    .data("on", on)
                    .data("registered", registered)
            }
        }
    }
}

impl From<&HandlingError> for Refusal {
    fn from(e: &HandlingError) -> Refusal {
        match e {
            HandlingError::AnswerRequired => Refusal::new(Error::AnswerRequired),
            HandlingError::GuidanceRequired => Refusal::new(Error::GuidanceRequired),
            HandlingError::UnknownCategory(code) => {
                Refusal::new(Error::UnknownCategory).data("code", code)
            }
            HandlingError::UnitRequired(level) => {
                Refusal::new(Error::UnitRequired).word("level", *level)
            }
            HandlingError::LimitInvalid(days) => {
                Refusal::new(Error::LimitInvalid).data("days", days)
            }
        }
    }
}

impl From<&TooLong> for Refusal {
    fn from(e: &TooLong) -> Refusal {
        Refusal::new(Error::TooLong)
            .field("field", e.field)
            .data("len", e.len)
            .data("limit", e.limit)
    }
}

impl From<&BadPhone> for Refusal {
    fn from(e: &BadPhone) -> Refusal {
        Refusal::new(Error::BadPhone).data("phone", e.echoed())
    }
}

impl From<&UnknownName> for Refusal {
    fn from(e: &UnknownName) -> Refusal {
        Refusal::new(Error::UnknownName)
            .text("what", Text::Vocabulary(e.what))
            .data("value", &e.value)
            .data("valid", &e.valid)
    }
}

impl From<&BadStationCode> for Refusal {
    fn from(e: &BadStationCode) -> Refusal {
        Refusal::new(Error::BadStationCode).data("code", &e.0)
    }
}

impl From<&NoticeError> for Refusal {
    fn from(e: &NoticeError) -> Refusal {
        use NoticeError as N;
        match e {
            N::Syntax(detail) => Refusal::new(Error::NoticeSyntax).data("detail", detail),
            N::Empty => Refusal::new(Error::NoticeEmpty),
            N::Year { year } => Refusal::new(Error::NoticeYear).data("year", year),
            N::DuplicateYear { year } => {
                Refusal::new(Error::NoticeDuplicateYear).data("year", year)
            }
            N::Unclean { year, what } => Refusal::new(Error::NoticeUnclean)
                .data("year", year)
                .field("what", what),
            N::BadDate {
                year,
                festival,
                value,
            } => Refusal::new(Error::NoticeBadDate)
                .data("year", year)
                .festivals("festival", &[festival])
                .data("value", value),
            N::Reversed {
                year,
                festival,
                from,
                to,
            } => Refusal::new(Error::NoticeReversed)
                .data("year", year)
                .festivals("festival", &[festival])
                .data("from", from)
                .data("to", to),
            N::TooLong {
                year,
                festival,
                days,
            } => Refusal::new(Error::NoticeTooLong)
                .data("year", year)
                .festivals("festival", &[festival])
                .data("days", days),
            N::OutOfYear {
                year,
                festival,
                date,
            } => Refusal::new(Error::NoticeOutOfYear)
                .data("year", year)
                .festivals("festival", &[festival])
                .data("date", date),
            N::WorkdayNotWeekend {
                year,
                festival,
                date,
                weekday,
            } => Refusal::new(Error::NoticeWorkdayNotWeekend)
                .data("year", year)
                .festivals("festival", &[festival])
                .data("date", date)
                .text("weekday", Text::Weekday(*weekday)),
            N::Twice { year, date } => Refusal::new(Error::NoticeTwice)
                .data("year", year)
                .data("date", date),
            N::NoName { year, index } => Refusal::new(Error::NoticeNoName)
                .data("year", year)
                .data("index", index),
            N::NoTitle { year } => Refusal::new(Error::NoticeNoTitle).data("year", year),
            N::NoFestivals { year } => Refusal::new(Error::NoticeNoFestivals).data("year", year),
        }
    }
}

impl From<&Problem> for Refusal {
    fn from(p: &Problem) -> Refusal {
        match p {
            Problem::NoTitle => Refusal::new(Error::TextNoTitle),
            Problem::SecondNotice { first, found } => Refusal::new(Error::TextSecondNotice)
                .data("first", first)
                .data("found", found),
            Problem::BadDate(s) => Refusal::new(Error::TextBadDate).data("value", s),
            Problem::Backwards { from, to } => Refusal::new(Error::TextBackwards)
                .data("from", from)
                .data("to", to),
            Problem::WrongWeekday {
                date,
                actual,
                written,
            } => Refusal::new(Error::TextWrongWeekday)
                .data("date", date)
                .text("actual", Text::Weekday(*actual))
                .data("written", written),
            Problem::WrongCount {
                said,
                days,
                from,
                to,
            } => Refusal::new(Error::TextWrongCount)
                .data("said", said)
                .data("days", days)
                .data("from", from)
                .data("to", to),
            Problem::Unreadable(s) => Refusal::new(Error::TextUnreadable).data("value", s),
            Problem::UnknownFestival(s) => Refusal::new(Error::TextUnknownFestival)
                .data("value", s)
                .festivals("list", &crate::domain::statutory::FESTIVALS),
            Problem::FestivalTwice(name) => {
                Refusal::new(Error::TextFestivalTwice).festivals("festival", &[name])
            }
            Problem::MissingFestival(name) => {
                Refusal::new(Error::TextMissingFestival).festivals("festival", &[name])
            }
            Problem::Notice(e) => Refusal::from(e),
        }
    }
}

impl From<&TextError> for Refusal {
    fn from(e: &TextError) -> Refusal {
        let problem = Refusal::from(&e.problem);
        match e.line {
            Some(line) => Refusal::new(Error::AtLine)
                .data("line", line)
                .data("text", &e.text)
                .because("problem", problem),
            None => problem,
        }
    }
}

impl From<&NoticeFileError> for Refusal {
    fn from(e: &NoticeFileError) -> Refusal {
        match e {
            NoticeFileError::Toml(e) => Refusal::from(e),
            NoticeFileError::Text(e) => Refusal::from(e),
        }
    }
}

impl From<&NotText> for Refusal {
    fn from(e: &NotText) -> Refusal {
        Refusal::new(Error::NotText).data("offset", e.offset)
    }
}

impl From<&CsvError> for Refusal {
    fn from(e: &CsvError) -> Refusal {
        match e {
            CsvError::UnclosedQuote { line } => {
                Refusal::new(Error::CsvUnclosedQuote).data("line", line)
            }
            CsvError::AfterQuote { line } => Refusal::new(Error::CsvAfterQuote).data("line", line),
        }
    }
}

impl From<&UnitsError> for Refusal {
    fn from(e: &UnitsError) -> Refusal {
        match e {
            UnitsError::Csv(e) => Refusal::from(e),
            UnitsError::Empty => Refusal::new(Error::FileEmpty),
            UnitsError::Header(found) => Refusal::new(Error::UnitsHeader).data("found", found),
            UnitsError::Row {
                line,
                code,
                problem,
            } => {
                let problem = match problem {
                    RowProblem::BadCode => Refusal::new(Error::UnitsBadCode),
                    RowProblem::Twice => Refusal::new(Error::UnitsCodeTwice),
                    RowProblem::Name { limit } => {
                        Refusal::new(Error::UnitsName).data("limit", limit)
                    }
                    RowProblem::EnglishName { limit } => {
                        Refusal::new(Error::UnitsEnglishName).data("limit", limit)
                    }
                    RowProblem::Tier(found) => Refusal::new(Error::UnitsTier).data("tier", found),
                    RowProblem::Contact { limit } => {
                        Refusal::new(Error::UnitsContact).data("limit", limit)
                    }
                    RowProblem::Phone(e) => Refusal::from(e),
                };
                Refusal::new(Error::UnitsRow)
                    .data("line", line)
                    .data("code", code)
                    .because("problem", problem)
            }
        }
    }
}
