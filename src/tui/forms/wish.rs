//! A wish's next step from the wishes view (Enter, Alt-W): an open wish is claimed by a
//! member of its station (by id) or by a volunteer named in free text; a claimed wish is
//! fulfilled with a note and the day (today unless changed); an open or claimed wish is
//! withdrawn with a reason (Ctrl-W); an open wish is given its wording for the wall, or has
//! it replaced or (the field emptied) taken off the wall (Ctrl-E). The store decides the rest
//! (a member of another station, a day before registration, a personal number on the wall),
//! and its refusal is said here.

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::text::limits;
use crate::domain::wish::Wish;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::Claimant;
use crate::tui::effect::{Done, Effect, WishStep};
use crate::tui::kit::form::{Field as Declared, FormSpec};
use crate::tui::kit::{FieldInput, Problem, View};
use crate::tui::layout;
use crate::tui::widgets::text_field::TextField;

/// The result of a wish's step, if this is one.
fn wish_saved(done: &Done) -> Option<Result<(), &Refusal>> {
    match done {
        Done::WishSaved(r) => Some(r.as_ref().map(|_| ())),
        _ => None,
    }
}

/// What the resident wished, numbers masked, above the form.
fn wished(wish: &Wish, view: &View) -> Vec<(String, Style)> {
    vec![(mask_numbers(&wish.content).into_owned(), view.theme.dim)]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimField {
    Member,
    Volunteer,
}

/// 认领: a member id or a volunteer's name, one of the two.
#[derive(Debug)]
pub struct ClaimWish {
    pub wish: Wish,
    pub member: TextField,
    pub volunteer: TextField,
}

impl ClaimWish {
    pub fn new(wish: Wish) -> ClaimWish {
        ClaimWish {
            wish,
            member: TextField::new(limits::NAME, false),
            volunteer: TextField::new(limits::NAME, false),
        }
    }
}

impl FormSpec for ClaimWish {
    type Key = ClaimField;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormWishClaim), self.wish.number)
    }

    fn area(&self, screen: Rect) -> Rect {
        layout::popup(screen, 64, 9)
    }

    fn fields(&self) -> Vec<Declared<ClaimField>> {
        vec![
            Declared::new(ClaimField::Member, Ui::FieldWishMember),
            Declared::new(ClaimField::Volunteer, Ui::FieldWishVolunteer),
        ]
    }

    fn input(&self, key: ClaimField) -> &dyn FieldInput {
        match key {
            ClaimField::Member => &self.member,
            ClaimField::Volunteer => &self.volunteer,
        }
    }

    fn input_mut(&mut self, key: ClaimField) -> &mut dyn FieldInput {
        match key {
            ClaimField::Member => &mut self.member,
            ClaimField::Volunteer => &mut self.volunteer,
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (ClaimField, Problem)> {
        let member = self.member.text().trim();
        let volunteer = self.volunteer.text().trim();
        let who = match (member.is_empty(), volunteer.is_empty()) {
            (false, true) => Claimant::Member(member.to_string()),
            (true, false) => Claimant::Volunteer(volunteer.to_string()),
            (true, true) => {
                return Err((ClaimField::Member, Problem::new(Ui::WishClaimantRequired)));
            }
            (false, false) => {
                return Err((ClaimField::Volunteer, Problem::new(Ui::WishClaimantBoth)));
            }
        };
        Ok(vec![Effect::Wish {
            key: self.wish.number.clone(),
            step: WishStep::Claim(who),
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        wish_saved(done)
    }

    fn is_dirty(&self) -> bool {
        !self.member.is_empty() || !self.volunteer.is_empty()
    }

    fn head(&self, view: &View) -> Vec<(String, Style)> {
        wished(&self.wish, view)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FulfilField {
    Note,
    Date,
}

/// 圆梦: how, and on which day.
#[derive(Debug)]
pub struct FulfilWish {
    pub wish: Wish,
    pub note: TextField,
    pub date: TextField,
}

impl FulfilWish {
    pub fn new(wish: Wish, today: NaiveDate) -> FulfilWish {
        FulfilWish {
            wish,
            note: TextField::new(limits::NOTE, true),
            date: TextField::new(10, false).with_text(&today.to_string()),
        }
    }
}

impl FormSpec for FulfilWish {
    type Key = FulfilField;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormWishFulfil), self.wish.number)
    }

    fn fields(&self) -> Vec<Declared<FulfilField>> {
        vec![
            Declared::new(FulfilField::Note, Ui::FieldWishNote)
                .grow(2, 6)
                .required(Ui::WishNoteRequired),
            Declared::new(FulfilField::Date, Ui::FieldWishDate).width(12),
        ]
    }

    fn input(&self, key: FulfilField) -> &dyn FieldInput {
        match key {
            FulfilField::Note => &self.note,
            FulfilField::Date => &self.date,
        }
    }

    fn input_mut(&mut self, key: FulfilField) -> &mut dyn FieldInput {
        match key {
            FulfilField::Note => &mut self.note,
            FulfilField::Date => &mut self.date,
        }
    }

    fn check(&self, key: FulfilField) -> Option<Problem> {
        (key == FulfilField::Date && self.day().is_none())
            .then(|| Problem::new(Ui::WishDateInvalid))
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (FulfilField, Problem)> {
        let on = self
            .day()
            .ok_or((FulfilField::Date, Problem::new(Ui::WishDateInvalid)))?;
        Ok(vec![Effect::Wish {
            key: self.wish.number.clone(),
            step: WishStep::Fulfil {
                on,
                note: self.note.text().trim().to_string(),
            },
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        wish_saved(done)
    }

    fn is_dirty(&self) -> bool {
        !self.note.is_empty()
    }

    fn head(&self, view: &View) -> Vec<(String, Style)> {
        wished(&self.wish, view)
    }
}

impl FulfilWish {
    fn day(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.date.text().trim(), "%Y-%m-%d").ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason;

/// 撤销: an open or claimed wish, with the reason.
#[derive(Debug)]
pub struct WithdrawWish {
    pub wish: Wish,
    pub reason: TextField,
}

impl WithdrawWish {
    pub fn new(wish: Wish) -> WithdrawWish {
        WithdrawWish {
            wish,
            reason: TextField::new(limits::NOTE, true),
        }
    }
}

impl FormSpec for WithdrawWish {
    type Key = Reason;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormWishWithdraw), self.wish.number)
    }

    fn fields(&self) -> Vec<Declared<Reason>> {
        vec![
            Declared::new(Reason, Ui::FieldWishReason)
                .grow(2, 6)
                .required(Ui::WishReasonRequired),
        ]
    }

    fn input(&self, _: Reason) -> &dyn FieldInput {
        &self.reason
    }

    fn input_mut(&mut self, _: Reason) -> &mut dyn FieldInput {
        &mut self.reason
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Reason, Problem)> {
        Ok(vec![Effect::Wish {
            key: self.wish.number.clone(),
            step: WishStep::Withdraw {
                reason: self.reason.text().trim().to_string(),
            },
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        wish_saved(done)
    }

    fn is_dirty(&self) -> bool {
        !self.reason.is_empty()
    }

    fn head(&self, view: &View) -> Vec<(String, Style)> {
        wished(&self.wish, view)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording;

/// 上墙文字: the wording for the wall (`/wishes`) of an open wish, the present one to start
/// from; saved empty, it takes the wish off the wall.
#[derive(Debug)]
pub struct PublishWish {
    pub wish: Wish,
    pub wording: TextField,
}

impl PublishWish {
    pub fn new(wish: Wish) -> PublishWish {
        let wording =
            TextField::new(limits::NOTE, true).with_text(wish.public.as_deref().unwrap_or(""));
        PublishWish { wish, wording }
    }
}

impl FormSpec for PublishWish {
    type Key = Wording;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormWishPublic), self.wish.number)
    }

    fn fields(&self) -> Vec<Declared<Wording>> {
        vec![Declared::new(Wording, Ui::FieldWishPublic).grow(2, 6)]
    }

    fn input(&self, _: Wording) -> &dyn FieldInput {
        &self.wording
    }

    fn input_mut(&mut self, _: Wording) -> &mut dyn FieldInput {
        &mut self.wording
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Wording, Problem)> {
        let text = self.wording.text().trim();
        let public = match (text.is_empty(), &self.wish.public) {
            // Nothing to take off: an empty wording is a wording not written yet.
            (true, None) => return Err((Wording, Problem::new(Ui::WishPublicRequired))),
            (true, Some(_)) => None,
            (false, _) => Some(text.to_string()),
        };
        Ok(vec![Effect::Wish {
            key: self.wish.number.clone(),
            step: WishStep::Publish(public),
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        wish_saved(done)
    }

    fn is_dirty(&self) -> bool {
        self.wording.text().trim() != self.wish.public.as_deref().unwrap_or("")
    }

    /// What the resident wished (numbers masked), to word it from, and the rule.
    fn head(&self, view: &View) -> Vec<(String, Style)> {
        let mut lines = wished(&self.wish, view);
        lines.push((
            view.texts.ui(Ui::WishPublicHelp).to_string(),
            view.theme.dim,
        ));
        lines
    }
}
