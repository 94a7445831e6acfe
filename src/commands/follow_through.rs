//! `liaison case call|classify|urge|extend|return|reply|callback|link|withdraw|note|transfer`: the handling
//! chain from the command line, through the same transition function as the desk.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::output::stdout;
use super::{case_in_scope, open_store_to_write};
use chrono::Datelike;

use crate::commands::args::CaseCommand;
use crate::commands::context::Context;
use crate::domain::calendar::Reckoned;
use crate::domain::case::Case;
use crate::domain::category::Taxonomy;
use crate::domain::event::{EventBody, LinkKind};
use crate::domain::handling::{
    Disposition, LIMIT_DAYS, call_back, dispose, next_step, supervision_event,
};
use crate::domain::ladder::position;
use crate::i18n::{Cli, Error, Texts, Ui, Word};
use crate::refusal::Refusal;
use crate::{fill, refuse};

pub fn run(ctx: &Context, action: CaseCommand) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let today = ctx.clock.today();
    let desk = store.desk()?;
    let calendar = store.calendar(&desk.code)?;
    let taxonomy = store.taxonomy()?;
    let (key, bodies) = match action {
        CaseCommand::Add(_)
        | CaseCommand::Show { .. }
        | CaseCommand::Correct { .. }
        | CaseCommand::Reclassify { .. } => {
            unreachable!("handled by cases, correct and reclassify")
        }
        CaseCommand::Call {
            number,
            deputy,
            checkin,
        } => {
            let case = case_in_scope(&store, &number)?.case;
            // A case no longer waiting is refused by the transition, saying its status.
            if case.status == crate::domain::case::Status::Queued {
                may_receive(&mut store, ctx, &case.station, &deputy, checkin)?;
            }
            (number, vec![EventBody::Called { deputy }])
        }
        CaseCommand::Classify {
            number,
            category,
            nature,
            level,
            unit,
            days,
            note,
        } => {
            let decision = Disposition {
                category,
                nature: Some(nature),
                level,
                unit,
                limit_days: days,
                note,
            };
            let body = dispose(&decision, &taxonomy, &calendar.holidays, today)?;
            (number, vec![body])
        }
        CaseCommand::Urge { number, step, note } => {
            let case = case_in_scope(&store, &number)?.case;
            let step = match step {
                Some(step) => step,
                None => match position(&case, today, &calendar.holidays) {
                    Some(p) => match p.action_due {
                        Some(due) => due,
                        // Running the command again must not climb the ladder on its own.
                        None => {
                            let mut no = Refusal::new(Error::NoStepDue)
                                .data("number", &case.number)
                                .data(
                                    "due",
                                    case.due_date.map(|d| d.to_string()).unwrap_or_default(),
                                )
                                .data("step", next_step(&case, &p));
                            no = match case.supervision {
                                Some(done) => no.because(
                                    "recorded",
                                    Refusal::new(Error::StepRecorded).word("step", done),
                                ),
                                None => no.data("recorded", ""),
                            };
                            return Err(no.into());
                        }
                    },
                    None => {
                        return Err(Refusal::new(Error::NotSupervised)
                            .data("number", &case.number)
                            .word("status", case.status)
                            .into());
                    }
                },
            };
            (number, vec![supervision_event(step, note)])
        }
        CaseCommand::Extend {
            number,
            to,
            days,
            reason,
        } => {
            let case = case_in_scope(&store, &number)?.case;
            let new_due = match (to, days) {
                (Some(date), _) => {
                    let furthest = calendar.holidays.add_working_days(today, *LIMIT_DAYS.end());
                    if date > furthest.date {
                        refuse!(Error::TooFarAway, date = date, days = LIMIT_DAYS.end());
                    }
                    if !calendar.holidays.is_working_day(date) {
                        refuse!(Error::NotAWorkingDay, date = date);
                    }
                    Reckoned {
                        date,
                        uncertain: !calendar.holidays.covers(date.year()),
                    }
                }
                (None, Some(days)) => {
                    // From the current deadline, or from today once that has passed.
                    let from = case.due_date.map_or(today, |due| due.max(today));
                    calendar.holidays.add_working_days(from, days)
                }
                (None, None) => refuse!(Error::ExtendHow),
            };
            if new_due.uncertain {
                eprintln!(
                    "{}",
                    fill!(
                        Texts::of(ctx.lang),
                        Cli::ExtendUncertain,
                        date = new_due.date
                    )
                );
            }
            // A date set by hand is the operator's, not provisional: never recomputed.
            (
                number,
                vec![EventBody::Extended {
                    due_date: new_due.date,
                    due_uncertain: false,
                    reason,
                }],
            )
        }
        CaseCommand::Return { number, reason } => (number, vec![EventBody::Returned { reason }]),
        CaseCommand::Reply { number, text, on } => (
            number,
            vec![EventBody::Replied {
                text,
                on: on.unwrap_or(today),
            }],
        ),
        CaseCommand::Callback {
            number,
            satisfaction,
            resolved,
            note,
        } => {
            let case = case_in_scope(&store, &number)?.case;
            (
                number,
                call_back(
                    &case,
                    satisfaction,
                    resolved,
                    note,
                    &taxonomy,
                    &calendar.holidays,
                    today,
                ),
            )
        }
        CaseCommand::Link {
            number,
            to,
            related,
        } => {
            let other = case_in_scope(&store, &to)?.case.id;
            let relation = if related {
                LinkKind::Related
            } else {
                LinkKind::Duplicate
            };
            (number, vec![EventBody::Linked { other, relation }])
        }
        CaseCommand::Withdraw { number, reason, of } => {
            let of = match of {
                Some(other) => Some(case_in_scope(&store, &other)?.case),
                None => None,
            };
            (
                number,
                vec![EventBody::Withdrawn {
                    reason,
                    of: of.as_ref().map(|c| c.id),
                    of_number: of.map(|c| c.number),
                }],
            )
        }
        CaseCommand::Note { number, text } => (number, vec![EventBody::Note { text }]),
        CaseCommand::Transfer { number, desk } => {
            let case = case_in_scope(&store, &number)?.case;
            let to = store.transfer_target(&case, desk)?;
            (
                number,
                vec![EventBody::Transferred {
                    desk: to,
                    number: desk,
                }],
            )
        }
    };
    let case = case_in_scope(&store, &key)?.case;
    // A dissatisfied call-back that does not reopen: the case had no unit to go back to.
    let closes_unhappy = bodies.iter().any(|b| {
        matches!(b, EventBody::CalledBack { satisfaction, resolved, .. }
            if satisfaction.is_dissatisfied() || !resolved)
    }) && !bodies
        .iter()
        .any(|b| matches!(b, EventBody::Reopened { .. }));
    let kinds: Vec<_> = bodies.iter().map(EventBody::kind).collect();
    let after = store.record(case.id, bodies, &ctx.actor, ctx.clock.now())?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    let kinds: Vec<&str> = kinds.iter().map(|k| texts.name(*k)).collect();
    writeln!(
        out,
        "{}: {} → {}",
        after.number,
        kinds.join(" + "),
        summary(&after, texts, &taxonomy)
    )?;
    if closes_unhappy {
        eprintln!(
            "{}",
            fill!(texts, Cli::Note, note = texts.ui(Ui::ReopenNoUnit))
        );
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Where the case stands now, in one line.
fn summary(c: &Case, texts: &Texts, taxonomy: &Taxonomy) -> String {
    let mut parts = vec![texts.name(c.status).to_string()];
    if let Some(unit) = &c.unit {
        let name = taxonomy
            .unit(unit)
            .map_or(unit.as_str(), |u| texts.label(u));
        parts.push(format!("{unit} {name}"));
    }
    if let Some(due) = c.due_date {
        let provisional = if c.due_uncertain {
            fill!(texts, Cli::Provisional, word = texts.word(Word::Uncertain))
        } else {
            String::new()
        };
        parts.push(fill!(
            texts,
            Cli::DueOn,
            date = due,
            provisional = provisional
        ));
    }
    if let Some(step) = c.supervision {
        parts.push(texts.name(step).to_string());
    }
    if c.repeats > 0 {
        parts.push(fill!(texts, Cli::Repeats, n = c.repeats));
    }
    parts.join(texts.word(Word::ListSeparator))
}

/// The screen's rule for calling (the store's one rule); `--checkin` is the operator's
/// confirmation that a member not on today's roster, or not checked in, comes in.
fn may_receive(
    store: &mut crate::store::Store,
    ctx: &Context,
    station: &str,
    member: &str,
    checkin: bool,
) -> Result<()> {
    let today = ctx.clock.today();
    Ok(store.may_call(today, station, member, checkin, ctx.clock.now())?)
}
