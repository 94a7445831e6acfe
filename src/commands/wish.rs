//! `liaison wish`: residents' small wishes (微心愿): add, public (the wording for the wall),
//! claim, fulfil, withdraw, list.
//!
//! Lists show the resident's and the volunteer's names masked (`王**`) and phones masked
//! (`138****1234`), and numbers typed into texts masked, as a case's are.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::output::{fit, header, stdout, table};
use super::{open_store, open_store_to_write};
use crate::commands::args::WishCommand;
use crate::commands::context::Context;
use crate::domain::masked_name::mask_name;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::fill;
use crate::i18n::{Cli, Error, Texts};
use crate::store::{Claimant, NewWish, WishRecord};

pub fn run(ctx: &Context, action: WishCommand) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    match action {
        WishCommand::Add {
            content,
            public,
            name,
            phone,
            address,
        } => {
            let mut store = open_store_to_write(ctx)?;
            let new = NewWish {
                content,
                public: public.unwrap_or_default(),
                name,
                phone,
                address,
            };
            let record = store.add_wish(&new, &ctx.actor, ctx.clock.now())?;
            writeln!(out, "{}", record.wish.number)?;
        }
        WishCommand::Public { number, text, off } => {
            let public = match (text, off) {
                (Some(text), false) => Some(text),
                (None, true) => None,
                _ => crate::refuse!(Error::WishPublicHow),
            };
            let mut store = open_store_to_write(ctx)?;
            let record =
                store.publish_wish(&number, public.as_deref(), &ctx.actor, ctx.clock.now())?;
            let said = match &record.wish.public {
                Some(public) => fill!(
                    texts,
                    Cli::WishPublished,
                    number = record.wish.number,
                    public = public
                ),
                None => fill!(texts, Cli::WishUnpublished, number = record.wish.number),
            };
            writeln!(out, "{said}")?;
        }
        WishCommand::Claim {
            number,
            by,
            volunteer,
        } => {
            let claimant = match (by, volunteer) {
                (Some(member), None) => Claimant::Member(member),
                (None, Some(name)) => Claimant::Volunteer(name),
                _ => crate::refuse!(Error::WishClaimant),
            };
            let mut store = open_store_to_write(ctx)?;
            let record = store.claim_wish(&number, &claimant, &ctx.actor, ctx.clock.now())?;
            let by = claimed_by(texts, &record);
            writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Cli::WishClaimed,
                    number = record.wish.number,
                    by = by
                )
            )?;
        }
        WishCommand::Fulfil { number, note, date } => {
            let mut store = open_store_to_write(ctx)?;
            let on = date.unwrap_or_else(|| ctx.clock.today());
            let record = store.fulfil_wish(&number, on, &note, &ctx.actor, ctx.clock.now())?;
            writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Cli::WishFulfilled,
                    number = record.wish.number,
                    date = on
                )
            )?;
        }
        WishCommand::Withdraw { number, reason } => {
            let mut store = open_store_to_write(ctx)?;
            let record = store.withdraw_wish(&number, &reason, &ctx.actor, ctx.clock.now())?;
            writeln!(
                out,
                "{}",
                fill!(texts, Cli::WishWithdrawn, number = record.wish.number)
            )?;
        }
        WishCommand::List { state, json } => {
            let store = open_store(ctx)?;
            let list = store.wishes(state)?;
            if json {
                for r in &list {
                    writeln!(out, "{}", wish_json(r))?;
                }
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        let w = &r.wish;
                        vec![
                            w.number.clone(),
                            texts.name(w.state).to_string(),
                            w.registered_at.date().to_string(),
                            claimed_by(texts, r),
                            w.fulfilled_on.map(|d| d.to_string()).unwrap_or_default(),
                            r.people.name.as_deref().map(mask_name).unwrap_or_default(),
                            r.people.phone.as_deref().map(mask).unwrap_or_default(),
                            fit(&mask_numbers(&w.content), 40),
                        ]
                    })
                    .collect();
                table(
                    &mut out,
                    &header(texts, Cli::WishesHeader),
                    &rows,
                    &[20, 10, 10, 16, 10, 8, 13, 40],
                )?;
                writeln!(out, "{}", fill!(texts, Cli::WishesTotal, n = list.len()))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Who claimed a wish, as lists say it: the member's id, or "volunteer 王**".
fn claimed_by(texts: &Texts, r: &WishRecord) -> String {
    match (&r.wish.member, r.wish.by_volunteer) {
        (Some(m), _) => m.clone(),
        (None, true) => {
            let name = r
                .people
                .volunteer
                .as_deref()
                .map(mask_name)
                .unwrap_or_default();
            fill!(texts, Cli::WishVolunteer, name = name)
        }
        (None, false) => String::new(),
    }
}

/// One wish as a JSON object; personal data masked.
pub fn wish_json(r: &WishRecord) -> Value {
    let w = &r.wish;
    let text = |t: &str| mask_numbers(t).into_owned();
    let time = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    json!({
        "id": w.id.to_string(),
        "number": w.number,
        "station": w.station,
        "state": w.state,
        "registered_at": time(w.registered_at),
        "content": text(&w.content),
        "public": w.public,
        "resident": {
            "name": r.people.name.as_deref().map(mask_name),
            "phone": r.people.phone.as_deref().map(mask),
            "address": r.people.address,
        },
        "claimed_at": w.claimed_at.map(time),
        "member": w.member,
        "volunteer": r.people.volunteer.as_deref().map(mask_name),
        "by_volunteer": w.by_volunteer,
        "fulfilled_on": w.fulfilled_on.map(|d| d.to_string()),
        "note": w.note.as_deref().map(text),
        "withdrawn_at": w.withdrawn_at.map(time),
        "reason": w.reason.as_deref().map(text),
        "purged": w.purged_before.is_some(),
        "events": w.events,
    })
}
