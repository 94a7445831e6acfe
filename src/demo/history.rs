//! Years of historical cases for trials and benchmarks: spread over the past years (three
//! unless asked), most of them closed, built event by event and loaded in one transaction.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use fastrand::Rng;
use uuid::Uuid;

use super::people::resident;
use super::texts::{OPINIONS, Opinion, URGE_NOTES};
use super::{OPERATOR, SUPERVISOR};
use crate::domain::calendar::HolidayTable;
use crate::domain::case::{Level, Satisfaction, Source};
use crate::domain::category::Taxonomy;
use crate::domain::event::{Classification, Event, EventBody, Handling};
use crate::domain::member::Member;
use crate::domain::number::case_number;
use crate::progress::Stage;
use crate::store::{BulkLoader, Store, StoreError};

/// Cases written between two reports of progress.
const PROGRESS_STEP: u64 = 1024;

/// How much history a demo holds: `cases` spread evenly over the `years` before today, so
/// that a month of a one-year file and of a ten-year file hold the same number when `cases`
/// grows with `years`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct History {
    pub cases: u64,
    pub years: u32,
}

impl History {
    /// The years a history spans unless asked.
    pub const DEFAULT_YEARS: u32 = 3;

    /// No history: the demo's recent weeks only.
    pub const NONE: History = History::of(0);

    /// `cases` over the default three years.
    pub const fn of(cases: u64) -> History {
        History {
            cases,
            years: Self::DEFAULT_YEARS,
        }
    }
}

/// Loads the historical cases received before `today`; returns how many were written.
pub fn load(
    store: &mut Store,
    today: NaiveDate,
    history: History,
    seed: u64,
) -> Result<u64, StoreError> {
    let n = history.cases;
    let desk = store.desk()?;
    let stations: Vec<String> = if desk.is_home() {
        store.stations()?.into_iter().map(|s| s.code).collect()
    } else {
        vec![desk.code.clone()]
    };
    let members = store.members()?;
    let taxonomy = store.taxonomy()?;
    let holidays = store.holiday_table()?;
    let mut generator = Generator {
        rng: Rng::with_seed(seed ^ 0x005e_ed0f_1a15),
        today,
        holidays,
        taxonomy,
        deputies: stations
            .iter()
            .map(|s| {
                let of_station: Vec<&Member> = members.iter().filter(|m| &m.station == s).collect();
                let pool = if of_station.is_empty() {
                    members.iter().collect()
                } else {
                    of_station
                };
                pool.into_iter().map(|m| m.id.clone()).collect()
            })
            .collect(),
        stations,
        numbers: HashMap::new(),
    };
    let start = today - Duration::days(i64::from(history.years.max(1)) * 365);
    let span = (today - Duration::days(1) - start).num_seconds().max(1);
    let mut events = Vec::with_capacity(12);
    store.bulk_load(|loader| {
        loader.progress().stage(Stage::Generating, n);
        for i in 0..n {
            // Evenly spread, in order, so ids and numbers grow with time.
            let offset = (span as u128 * i as u128 / n.max(1) as u128) as i64;
            let instant = start.and_time(NaiveTime::MIN) + Duration::seconds(offset);
            let station = generator.rng.usize(..generator.stations.len());
            events.clear();
            let resident = resident(&mut generator.rng, &generator.stations[station]);
            generator.case(station, instant, &mut events, loader)?;
            loader.add(&resident, &events)?;
            if (i + 1) % PROGRESS_STEP == 0 {
                loader.progress().advance(PROGRESS_STEP);
            }
        }
        loader.progress().advance(n % PROGRESS_STEP);
        Ok(())
    })
}

struct Generator {
    rng: Rng,
    today: NaiveDate,
    holidays: HolidayTable,
    taxonomy: Taxonomy,
    stations: Vec<String>,
    /// Per station, the members who receive residents there.
    deputies: Vec<Vec<String>>,
    /// The last sequence number given per station and day.
    numbers: HashMap<(usize, NaiveDate), u32>,
}

impl Generator {
    /// Writes the events of one case received around `instant` into `out`.
    fn case(
        &mut self,
        station: usize,
        instant: NaiveDateTime,
        out: &mut Vec<Event>,
        loader: &BulkLoader<'_>,
    ) -> Result<(), StoreError> {
        let (day, received) = self.office_hours(instant);
        let number = self.next_number(station, day, loader)?;
        let opinion = &OPINIONS[self.rng.usize(..OPINIONS.len())];
        let source = match self.rng.u8(..100) {
            0..=64 => Source::WalkIn,
            65..=79 => Source::Phone,
            80..=89 => Source::Online,
            90..=96 => Source::Mobile,
            _ => Source::Letter,
        };
        let mut log = Log {
            case_id: Uuid::now_v7(),
            out,
            at: received,
        };
        log.push(
            0,
            OPERATOR,
            EventBody::Registered {
                number,
                station: self.stations[station].clone(),
                source,
                content: opinion.content.to_string(),
                deputy: None,
                self_registered: false,
            },
        );
        let pool = &self.deputies[station];
        let deputy = pool[self.rng.usize(..pool.len())].clone();
        if matches!(source, Source::WalkIn | Source::Mobile) {
            log.push(4, OPERATOR, EventBody::Called { deputy });
        }
        let class = Classification {
            category: Some(opinion.category.to_string()),
            nature: Some(opinion.nature),
        };
        let age = (self.today - day).num_days();
        match self.rng.u8(..100) {
            0..30 => log.push(
                11,
                OPERATOR,
                EventBody::Answered {
                    class,
                    answer: opinion.answer.to_string(),
                },
            ),
            30..35 => log.push(
                9,
                OPERATOR,
                EventBody::Declined {
                    class,
                    guidance: "属于诉讼或仲裁范围，已引导通过法定途径解决。".into(),
                },
            ),
            _ => {
                if let Some((handling, due)) = self.hand_over(&mut log, day, opinion, class) {
                    self.follow_through(&mut log, day, age, &handling, due, opinion);
                }
            }
        }
        Ok(())
    }

    /// The working day a case was received on (never today: history is the past), at a time
    /// in office hours that keeps the instant's order within the day.
    fn office_hours(&self, instant: NaiveDateTime) -> (NaiveDate, NaiveDateTime) {
        let mut day = instant.date();
        while !self.holidays.is_working_day(day) {
            day = day.succ_opt().expect("in range");
        }
        let day = day.min(self.today.pred_opt().expect("in range"));
        let secs = 8 * 3600
            + 30 * 60
            + (instant
                .time()
                .signed_duration_since(NaiveTime::MIN)
                .num_seconds()
                * 8
                / 24);
        (day, day.and_time(NaiveTime::MIN) + Duration::seconds(secs))
    }

    /// The station's next case number of the day, after those already in the file.
    fn next_number(
        &mut self,
        station: usize,
        day: NaiveDate,
        loader: &BulkLoader<'_>,
    ) -> Result<String, StoreError> {
        let seq = match self.numbers.get_mut(&(station, day)) {
            Some(seq) => seq,
            None => {
                let last = loader.last_day_seq(&self.stations[station], day)?;
                self.numbers.entry((station, day)).or_insert(last)
            }
        };
        *seq += 1;
        let code = &self.stations[station];
        Ok(case_number(code, day, loader.tag_for(code), *seq))
    }

    /// Hands the case to its category's unit at a level drawn by lot: the handling and the
    /// due date, or nothing when the taxonomy has no route for it.
    fn hand_over(
        &mut self,
        log: &mut Log<'_>,
        day: NaiveDate,
        opinion: &Opinion,
        class: Classification,
    ) -> Option<(Handling, NaiveDate)> {
        let level = match self.rng.u8(..100) {
            0..=79 => Level::Street,
            80..=94 => Level::District,
            _ => Level::Proposal,
        };
        let category = self.taxonomy.category(opinion.category)?;
        let route = self.taxonomy.route(category, level)?;
        let due = self.holidays.add_working_days(day, route.limit_days);
        let handling = Handling {
            unit: route.unit.to_string(),
            due_date: due.date,
            due_uncertain: due.uncertain,
            limit_days: Some(route.limit_days),
            note: None,
        };
        let body = match level {
            Level::Street => EventBody::Assigned {
                class,
                handling: handling.clone(),
            },
            _ => EventBody::Forwarded {
                class,
                level,
                handling: handling.clone(),
            },
        };
        log.push(15, OPERATOR, body);
        Some((handling, due.date))
    }

    /// What follows a hand-over: still open (and supervised), or replied, called back, and
    /// when the resident was not satisfied, handled again.
    fn follow_through(
        &mut self,
        log: &mut Log<'_>,
        day: NaiveDate,
        age: i64,
        handling: &Handling,
        due: NaiveDate,
        opinion: &Opinion,
    ) {
        let limit = handling.limit_days.unwrap_or(1);
        // Older cases are almost all settled; recent ones are often still with the unit.
        let still_open = if age > 90 {
            self.rng.u16(..1000) < 8
        } else {
            self.rng.u8(..100) < 35
        };
        // Most units answer in time, some a little late.
        let reply_after = match self.rng.u8(..100) {
            0..=84 => self.rng.u32(1..=limit.max(1)),
            _ => limit + self.rng.u32(1..=10),
        };
        let reply_day = self.holidays.add_working_days(day, reply_after).date;
        if still_open || reply_day >= self.today {
            self.supervise(log, due);
            return;
        }
        log.at_day(reply_day, 15, 30);
        log.push(
            0,
            OPERATOR,
            EventBody::Replied {
                text: opinion.reply.to_string(),
                on: reply_day,
            },
        );
        let back_day = self
            .holidays
            .add_working_days(reply_day, self.rng.u32(1..=3))
            .date;
        if back_day >= self.today || (age <= 90 && self.rng.u8(..100) < 10) {
            return;
        }
        log.at_day(back_day, 10, 0);
        let satisfaction = self.satisfaction();
        let resolved = satisfaction.is_satisfied() && self.rng.u8(..100) < 96;
        log.push(
            0,
            OPERATOR,
            EventBody::CalledBack {
                satisfaction,
                resolved,
                note: None,
            },
        );
        if !(satisfaction.is_satisfied() && resolved) {
            self.handle_again(log, back_day, handling, opinion);
        }
    }

    /// A new handling cycle (重办) after a dissatisfied call-back, settled the second time.
    fn handle_again(
        &mut self,
        log: &mut Log<'_>,
        back_day: NaiveDate,
        handling: &Handling,
        opinion: &Opinion,
    ) {
        let limit = handling.limit_days.unwrap_or(1);
        let again = self.holidays.add_working_days(back_day, limit);
        log.push(
            5,
            OPERATOR,
            EventBody::Reopened {
                handling: Handling {
                    unit: handling.unit.clone(),
                    due_date: again.date,
                    due_uncertain: again.uncertain,
                    limit_days: Some(limit),
                    note: None,
                },
                reason: "回访不满意，重新交办。".into(),
            },
        );
        let second_reply = self
            .holidays
            .add_working_days(back_day, self.rng.u32(1..=limit.max(1)))
            .date;
        if second_reply >= self.today {
            return;
        }
        log.at_day(second_reply, 16, 0);
        log.push(
            0,
            OPERATOR,
            EventBody::Replied {
                text: opinion.reply.to_string(),
                on: second_reply,
            },
        );
        let last_call = self.holidays.add_working_days(second_reply, 2).date;
        if last_call >= self.today {
            return;
        }
        log.at_day(last_call, 10, 30);
        log.push(
            0,
            OPERATOR,
            EventBody::CalledBack {
                satisfaction: Satisfaction::Basic,
                resolved: true,
                note: None,
            },
        );
    }

    /// Records the supervision steps an open case would have collected by today.
    fn supervise(&mut self, log: &mut Log<'_>, due: NaiveDate) {
        if due >= self.today {
            return;
        }
        let note = || Some(URGE_NOTES[0].to_string());
        let urge_day = self.holidays.add_working_days(due, 1).date;
        if urge_day <= self.today && self.rng.u8(..100) < 70 {
            log.at_day(urge_day, 9, 0);
            log.push(0, SUPERVISOR, EventBody::Urged { note: note() });
            let escalate_day = self.holidays.add_working_days(due, 5).date;
            if escalate_day <= self.today && self.rng.u8(..100) < 50 {
                log.at_day(escalate_day, 9, 0);
                log.push(0, SUPERVISOR, EventBody::Escalated { note: note() });
            }
        }
    }

    fn satisfaction(&mut self) -> Satisfaction {
        match self.rng.u8(..100) {
            0..=44 => Satisfaction::VerySatisfied,
            45..=79 => Satisfaction::Satisfied,
            80..=91 => Satisfaction::Basic,
            92..=97 => Satisfaction::Dissatisfied,
            _ => Satisfaction::VeryDissatisfied,
        }
    }
}

/// The log being written for one case, with a moving clock.
struct Log<'a> {
    case_id: Uuid,
    out: &'a mut Vec<Event>,
    at: NaiveDateTime,
}

impl Log<'_> {
    /// Appends an event `minutes` after the previous one.
    fn push(&mut self, minutes: i64, actor: &str, body: EventBody) {
        self.at += Duration::minutes(minutes);
        self.out.push(Event {
            id: Uuid::now_v7(),
            case_id: self.case_id,
            at: self.at,
            actor: actor.to_string(),
            body,
        });
    }

    /// Moves the clock to a later day, never backwards.
    fn at_day(&mut self, day: NaiveDate, hour: u32, minute: u32) {
        let t = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"));
        self.at = self.at.max(t);
    }
}
