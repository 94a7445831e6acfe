//! `liaison desk`: who this desk is; `desk renumber` when the home finds its number taken by
//! another desk of the station; and trust: `desk list|approve|refuse|retire` at the home,
//! `desk trust-home` at a station, `desk rekey` anywhere.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::confirm::confirmed;
use super::output::stdout;
use super::{open_store, open_store_to_write};
use crate::bundle::trust::{self, FromWaiting};
use crate::commands::args::DeskCommand;
use crate::commands::context::Context;
use crate::domain::desk::{DeskTag, epoch_letters};
use crate::domain::fingerprint::Fingerprint;
use crate::domain::trust::{DeskName, Place, Refusal};
use crate::fill;
use crate::i18n::{Cli, Texts, Trust};
use crate::refusals::desk as desk_name;
use crate::store::{Approval, HomeTrust, Store};

pub fn run(ctx: &Context, action: Option<DeskCommand>) -> Result<ExitCode> {
    match action {
        None => show(ctx),
        Some(DeskCommand::Renumber { desk, yes }) => renumber(ctx, desk, yes),
        Some(DeskCommand::List) => list(ctx),
        Some(DeskCommand::Approve {
            station,
            desk,
            fingerprint,
        }) => approve(ctx, &station, desk, &fingerprint),
        Some(DeskCommand::Refuse {
            station,
            desk,
            fingerprint,
        }) => refuse(ctx, &station, desk, &fingerprint),
        Some(DeskCommand::Retire {
            station,
            desk,
            after,
        }) => retire(ctx, &station, desk, after),
        Some(DeskCommand::Rekey { yes }) => rekey(ctx, yes),
        Some(DeskCommand::TrustHome { fingerprint }) => trust_home(ctx, &fingerprint),
    }
}

/// A fingerprint as typed, or the refusal that says why it is not one.
pub fn typed_fingerprint(text: &str) -> Result<Fingerprint, Refusal> {
    Fingerprint::parse(text).map_err(Refusal::from)
}

fn station_code(station: &str) -> String {
    station.trim().to_ascii_uppercase()
}

fn show(ctx: &Context) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let station = store.desk()?;
    let me = store.desk_identity()?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::DeskStation,
            code = station.code,
            name = station.name
        )
    )?;
    writeln!(out, "{}", fill!(texts, Cli::DeskNumber, number = me.number))?;
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::DeskEpoch,
            letters = epoch_letters(me.epoch),
            epoch = me.epoch
        )
    )?;
    let sample = crate::domain::number::case_number(&station.code, ctx.clock.today(), me.tag(), 1);
    writeln!(out, "{}", fill!(texts, Cli::DeskNumbers, sample = sample))?;
    writeln!(out, "{}", fill!(texts, Cli::DeskId, uuid = me.uuid))?;
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Trust::ShowFingerprint,
            fingerprint = me.fingerprint()
        )
    )?;
    if station.kind != crate::domain::station::StationKind::Home {
        writeln!(out, "{}", home_line(texts, &store)?)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn home_line(texts: &Texts, store: &Store) -> Result<String> {
    Ok(match store.home_trust()? {
        HomeTrust::Trusted(fp) => fill!(texts, Trust::HomeTrusted, fingerprint = fp),
        HomeTrust::Unconfirmed(fp) => fill!(texts, Trust::HomeUnconfirmed, fingerprint = fp),
        HomeTrust::None => texts.get(Trust::HomeNone).to_string(),
    })
}

fn renumber(ctx: &Context, number: u32, yes: bool) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let mut store = open_store_to_write(ctx)?;
    let me = store.desk_identity()?;
    if number == me.number {
        bail!("{}", fill!(texts, Cli::RenumberSame, number = number));
    }
    let new_tag = DeskTag {
        desk: number,
        epoch: me.epoch,
    };
    let question = fill!(
        texts,
        Cli::RenumberQuestion,
        desk = me.number,
        station = me.station,
        number = number,
        sample = crate::domain::number::case_number(&me.station, ctx.clock.today(), new_tag, 1),
    );
    if !confirmed(yes, &question)? {
        bail!("{}", texts.get(Cli::NotConfirmed));
    }
    let moved = store.renumber_desk(number, &ctx.actor, ctx.clock.now())?;
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::Renumbered,
            station = me.station,
            number = number
        )
    )?;
    if moved.is_empty() {
        writeln!(out, "{}", texts.get(Cli::RenumberNone))?;
    } else {
        writeln!(out, "{}", fill!(texts, Cli::RenumberMoved, n = moved.len()))?;
        for m in &moved {
            writeln!(out, "  {} → {}", m.previous, m.number)?;
        }
    }
    writeln!(out, "{}", texts.get(Cli::RenumberNext))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// What the bundles that waited became, one line each; whether all went in.
fn said_waiting(texts: &Texts, done: &[FromWaiting], out: &mut impl Write) -> Result<bool> {
    let mut all = true;
    for d in done {
        let what = match &d.result {
            Ok(imported) => super::bundle::describe(texts, imported),
            Err(e) => {
                all = false;
                fill!(
                    texts,
                    Cli::ImportRefused,
                    name = "",
                    error = super::bundle_error_text(texts, e)
                )
                .trim_start_matches(['：', ':', ' '])
                .to_string()
            }
        };
        writeln!(
            out,
            "{}",
            fill!(texts, Trust::FromWaiting, name = d.name, what = what)
        )?;
    }
    Ok(all)
}

fn approve(ctx: &Context, station: &str, number: u32, typed: &str) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let fp = typed_fingerprint(typed)?;
    let mut store = open_store_to_write(ctx)?;
    let station = station_code(station);
    let desk = desk_name(texts, &DeskName::new(&station, number));
    let (approval, done) = trust::approve(
        &mut store,
        &station,
        number,
        &fp,
        &ctx.actor,
        ctx.clock.now(),
    )?;
    let mut out = stdout();
    let line = match &approval {
        Approval::Ahead => fill!(texts, Trust::ApprovedAhead, desk = desk, fingerprint = fp),
        Approval::Approved => fill!(texts, Trust::Approved, desk = desk, fingerprint = fp),
        Approval::Confirmed => fill!(texts, Trust::Confirmed, desk = desk, fingerprint = fp),
        Approval::Rekeyed { previous } => fill!(
            texts,
            Trust::Rekeyed,
            desk = desk,
            fingerprint = fp,
            previous = previous
        ),
        Approval::Already => fill!(texts, Trust::AlreadyApproved, desk = desk),
    };
    writeln!(out, "{line}")?;
    if approval == Approval::Ahead {
        // A bundle of the desk named waits with other digits: a digit misheard, or a
        // stranger's claim. Said, so that the operator checks again.
        for w in store.waiting_bundles()? {
            if w.station == station && w.number == number && w.fingerprint != fp.digits() {
                let other = Fingerprint::from_digits(&w.fingerprint)
                    .map_or(w.fingerprint.clone(), |f| f.to_string());
                writeln!(
                    out,
                    "{}",
                    fill!(
                        texts,
                        Trust::AheadOtherWaits,
                        desk = desk,
                        fingerprint = other
                    )
                )?;
            }
        }
    }
    let all = said_waiting(texts, &done, &mut out)?;
    super::bundle::erase_from_copies(
        texts,
        &mut store,
        &done
            .iter()
            .filter_map(|d| d.result.as_ref().ok())
            .collect::<Vec<_>>(),
        &mut out,
    )?;
    out.flush()?;
    Ok(if all {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn refuse(ctx: &Context, station: &str, number: u32, typed: &str) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let fp = typed_fingerprint(typed)?;
    let mut store = open_store_to_write(ctx)?;
    let station = station_code(station);
    let deleted = store.refuse_desk(&station, number, &fp, &ctx.actor, ctx.clock.now())?;
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Trust::RefusedDesk,
            desk = desk_name(texts, &DeskName::new(&station, number)),
            fingerprint = fp,
            n = deleted
        )
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn retire(
    ctx: &Context,
    station: &str,
    number: u32,
    after: Option<(Option<u32>, i64)>,
) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let mut store = open_store_to_write(ctx)?;
    let station = station_code(station);
    let limit = store.retire_desk(&station, number, after, &ctx.actor, ctx.clock.now())?;
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Trust::RetiredDesk,
            desk = desk_name(texts, &DeskName::new(&station, number)),
            after = limit
        )
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn rekey(ctx: &Context, yes: bool) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let mut store = open_store_to_write(ctx)?;
    if !confirmed(yes, texts.get(Trust::RekeyQuestion))? {
        bail!("{}", texts.get(Cli::NotConfirmed));
    }
    let home = store.is_home()?;
    let me = store.desk_identity()?;
    let (previous, fingerprint) = store.new_desk_key(&ctx.actor, ctx.clock.now())?;
    let mut out = stdout();
    let line = if home {
        fill!(
            texts,
            Trust::RekeyDoneHome,
            fingerprint = fingerprint,
            previous = previous
        )
    } else {
        fill!(
            texts,
            Trust::RekeyDone,
            fingerprint = fingerprint,
            previous = previous,
            station = me.station,
            number = me.number
        )
    };
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn trust_home(ctx: &Context, typed: &str) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let fp = typed_fingerprint(typed)?;
    let mut store = open_store_to_write(ctx)?;
    // The keys of the home's bundles that waited and are deleted now, said with the
    // remedy: one of them may be the genuine home's, a digit misheard.
    let mut others: Vec<String> = Vec::new();
    for w in store.waiting_bundles()? {
        if w.kind != "events" && w.fingerprint != fp.digits() {
            let other = Fingerprint::from_digits(&w.fingerprint)
                .map_or(w.fingerprint.clone(), |f| f.to_string());
            if !others.contains(&other) {
                others.push(other);
            }
        }
    }
    let (dropped, done) = trust::trust_home(&mut store, &fp, &ctx.actor, ctx.clock.now())?;
    let home = store
        .stations()?
        .into_iter()
        .find(|s| s.kind == crate::domain::station::StationKind::Home)
        .map(|s| s.code)
        .unwrap_or_default();
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(texts, Trust::TrustedHome, home = home, fingerprint = fp)
    )?;
    if dropped > 0 {
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Trust::DroppedOtherKeys,
                n = dropped,
                fingerprints = others.join(", ")
            )
        )?;
    }
    let all = said_waiting(texts, &done, &mut out)?;
    out.flush()?;
    Ok(if all {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn applied(places: &[Place]) -> String {
    if places.is_empty() {
        "—".into()
    } else {
        places
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn list(ctx: &Context) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let store = open_store(ctx)?;
    let mut out = stdout();
    if !store.is_home()? {
        writeln!(out, "{}", home_line(texts, &store)?)?;
        for w in store.waiting_bundles()? {
            writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Trust::WaitingHomeLine,
                    name = w.name,
                    fingerprint = Fingerprint::from_digits(&w.fingerprint)
                        .map(|f| f.to_string())
                        .unwrap_or(w.fingerprint)
                )
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = store
        .desk_standings()?
        .into_iter()
        .map(|d| {
            let trust = match (d.trust, d.retired_after) {
                (crate::domain::trust::DeskTrust::Retired, Some(after)) => {
                    fill!(texts, Trust::RetiredAfterLabel, after = after)
                }
                (t, _) => texts.name(t).to_string(),
            };
            vec![
                d.station,
                d.number.to_string(),
                trust,
                applied(&d.applied),
                d.fingerprint
                    .unwrap_or_else(|| texts.get(Trust::NoKeyYet).to_string()),
            ]
        })
        .collect();
    if rows.is_empty() {
        writeln!(out, "{}", texts.get(Trust::NoDesks))?;
    } else {
        super::output::table(
            &mut out,
            &texts.get(Trust::DesksHeader).split('|').collect::<Vec<_>>(),
            &rows,
            &[7, 4, 16, 24, 47],
        )?;
    }
    for d in store.key_decisions()? {
        let desk = desk_name(texts, &DeskName::new(&d.station, d.number));
        let fingerprint = Fingerprint::from_digits(&d.fingerprint)
            .map(|f| f.to_string())
            .unwrap_or(d.fingerprint);
        let key = if d.approved {
            Trust::AheadLine
        } else {
            Trust::RefusedLine
        };
        writeln!(
            out,
            "{}",
            fill!(texts, key, desk = desk, fingerprint = fingerprint)
        )?;
    }
    let waiting = store.waiting_bundles()?;
    if !waiting.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(texts, Trust::WaitingHeader, n = waiting.len())
        )?;
        for w in waiting {
            writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Trust::WaitingLine,
                    desk = desk_name(texts, &DeskName::new(&w.station, w.number)),
                    ranges = w.ranges,
                    name = w.name,
                    received = w.received_at.replace('T', " "),
                    fingerprint = Fingerprint::from_digits(&w.fingerprint)
                        .map(|f| f.to_string())
                        .unwrap_or(w.fingerprint)
                )
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_fingerprint_is_refused() {
        let fp = Fingerprint::of(&[4u8; 32]);
        assert_eq!(typed_fingerprint(&fp.to_string()), Ok(fp.clone()));
        assert_eq!(
            typed_fingerprint(&fp.digits()[..20]),
            Err(Refusal::BadFingerprint { found: 20 })
        );
        assert_eq!(
            typed_fingerprint("abc"),
            Err(Refusal::FingerprintNotDigit { found: 'a' })
        );
    }
}
