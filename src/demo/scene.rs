//! The demo's recent weeks and today's reception day, written through the desk's own calls.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use fastrand::Rng;

use super::people::resident;
use super::texts::{OPINIONS, Opinion, URGE_NOTES};
use super::{OPERATOR, SUPERVISOR};
use crate::clock::Clock;
use crate::domain::calendar::StationCalendar;
use crate::domain::case::{CaseId, Level, Satisfaction, Source};
use crate::domain::category::Taxonomy;
use crate::domain::event::{Classification, EventBody, Handling};
use crate::domain::member::{Member, MemberKind};
use crate::domain::station::Station;
use crate::store::{NewCase, Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// How a demo case ends up.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Waiting,
    Receiving,
    Answered,
    Declined,
    Assigned,
    Forwarded(Level),
    Replied,
    Closed(Satisfaction),
    /// Called back dissatisfied and handed over again.
    Reopened,
    Returned,
    /// Assigned and already urged by the supervisor.
    Urged,
}

pub struct Scene<'a> {
    store: &'a mut Store,
    taxonomy: Taxonomy,
    calendar: StationCalendar,
    station: Station,
    members: Vec<Member>,
    rng: Rng,
    today: NaiveDate,
    now: NaiveDateTime,
}

impl<'a> Scene<'a> {
    pub fn new(store: &'a mut Store, clock: &Clock, seed: u64) -> Result<Scene<'a>> {
        let station = store.desk()?;
        let taxonomy = store.taxonomy()?;
        let calendar = store.calendar(&station.code)?;
        let mut members: Vec<Member> = store
            .members()?
            .into_iter()
            .filter(|m| m.station == station.code)
            .collect();
        // Deputies first: they lead the reception.
        members.sort_by_key(|m| (m.kind != MemberKind::Deputy, m.id.clone()));
        if members.is_empty() {
            return Err(
                crate::refusal!(crate::i18n::Error::DemoNoMembers, station = station.code).into(),
            );
        }
        Ok(Scene {
            store,
            taxonomy,
            calendar,
            station,
            members,
            rng: Rng::with_seed(seed),
            today: clock.today(),
            now: clock.now(),
        })
    }

    /// The last three reception days and the phone and online cases between them, with
    /// every status and every rung of the supervision ladder represented.
    pub fn recent_weeks(&mut self) -> Result<u64> {
        let mut count = 0;
        let days = self.past_reception_days(3);
        let plans: [&[(usize, Outcome)]; 3] = [
            // Three months ago: nearly all settled.
            &[
                (0, Outcome::Closed(Satisfaction::VerySatisfied)),
                (8, Outcome::Closed(Satisfaction::Satisfied)),
                (22, Outcome::Answered),
                (36, Outcome::Declined),
                (17, Outcome::Reopened),
                (11, Outcome::Closed(Satisfaction::Basic)),
            ],
            // Two months ago: a district case long overdue, one already urged.
            &[
                (2, Outcome::Closed(Satisfaction::Satisfied)),
                (15, Outcome::Forwarded(Level::District)),
                (24, Outcome::Answered),
                (33, Outcome::Urged),
                (25, Outcome::Replied),
                (12, Outcome::Closed(Satisfaction::VerySatisfied)),
            ],
            // Last month: still being handled.
            &[
                (18, Outcome::Assigned),
                (6, Outcome::Assigned),
                (9, Outcome::Replied),
                (13, Outcome::Returned),
                (30, Outcome::Answered),
                (42, Outcome::Forwarded(Level::Proposal)),
            ],
        ];
        for (day, plan) in days.iter().rev().zip(plans.iter()) {
            let deputies = self.roster_for(*day, 3, true)?;
            for (i, (opinion, outcome)) in plan.iter().enumerate() {
                let at = day.and_time(time(9, 5 + i as u32 * 17));
                let source = if i == 4 {
                    Source::Mobile
                } else {
                    Source::WalkIn
                };
                let deputy = deputies[i % deputies.len()].clone();
                self.play(at, *opinion, source, Some(deputy), *outcome)?;
                count += 1;
            }
        }
        // Phone and online cases placed so that the board shows every stage today.
        let placed: &[(usize, u32, Outcome, Source)] = &[
            // (opinion, working days between hand-over and due date offset, …)
            (1, 1, Outcome::Assigned, Source::Phone), // due tomorrow: remind
            (3, 0, Outcome::Assigned, Source::Online), // due today: remind
            (10, 2, Outcome::Urged, Source::Phone),   // 2 days over, urged already
            (20, 3, Outcome::Assigned, Source::Letter), // 3 days over: urge
            (26, 7, Outcome::Assigned, Source::Phone), // 7 days over: escalate
            (31, 9, Outcome::Answered, Source::Phone),
            (27, 12, Outcome::Assigned, Source::Online), // long over: escalate
        ];
        for (i, (opinion, offset, outcome, source)) in placed.iter().enumerate() {
            let limit = self.limit_of(&OPINIONS[*opinion]);
            // Remind cases: due `offset` working days ahead; others: `offset` days over.
            let back = if i < 2 {
                limit - offset
            } else {
                limit + offset
            };
            let day = self.calendar.holidays.working_days_before(self.today, back);
            if day >= self.today {
                continue;
            }
            let at = day.and_time(time(14, 10 + i as u32 * 6));
            self.play(at, *opinion, *source, None, *outcome)?;
            count += 1;
        }
        Ok(count)
    }

    /// Today's reception day: a roster with three members checked in and a live queue.
    pub fn today(&mut self) -> Result<u64> {
        let today = self.today;
        if !self.calendar.is_reception_day(today) {
            // A demo is opened any day: make today this station's reception day.
            self.store.set_reception_day(
                &self.station.code,
                today.year(),
                today.month(),
                Some(today),
                Some("演示：今天作为接待日"),
            )?;
        }
        let present = self.roster_for(today, 4, false)?;
        let plan: &[(usize, Outcome, Source)] = &[
            (19, Outcome::Answered, Source::WalkIn),
            (0, Outcome::Assigned, Source::WalkIn),
            (23, Outcome::Answered, Source::WalkIn),
            (7, Outcome::Receiving, Source::WalkIn),
            (34, Outcome::Receiving, Source::WalkIn),
            (29, Outcome::Waiting, Source::WalkIn),
            (5, Outcome::Waiting, Source::WalkIn),
            (40, Outcome::Waiting, Source::Phone),
            (14, Outcome::Waiting, Source::WalkIn),
        ];
        let start = today.and_time(NaiveTime::MIN);
        let n = plan.len() as i64;
        let mut count = 0;
        for (i, (opinion, outcome, source)) in plan.iter().enumerate() {
            // Spread over the last hour or so, never before midnight nor after now.
            let at = (self.now - Duration::minutes((n - i as i64) * 7))
                .max(start + Duration::seconds(i as i64));
            let deputy = present[i % present.len()].clone();
            let deputy = matches!(outcome, Outcome::Waiting)
                .then_some(None)
                .unwrap_or(Some(deputy));
            self.play(at, *opinion, *source, deputy, *outcome)?;
            count += 1;
        }
        Ok(count)
    }

    /// Reception days of this station strictly before today, most recent first.
    fn past_reception_days(&self, n: usize) -> Vec<NaiveDate> {
        let mut days = Vec::new();
        let (mut y, mut m) = (self.today.year(), self.today.month());
        for _ in 0..(n + 3) {
            if let Some(day) = self.calendar.reception_day(y, m)
                && day.date < self.today
                && !days.contains(&day.date)
            {
                days.push(day.date);
            }
            (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            if days.len() == n {
                break;
            }
        }
        days
    }

    /// Puts members on a day's roster and checks them in; past days are checked out too.
    /// Returns the members present.
    fn roster_for(&mut self, day: NaiveDate, size: usize, past: bool) -> Result<Vec<String>> {
        let offset = self.rng.usize(..self.members.len());
        let chosen: Vec<String> = (0..size.min(self.members.len()))
            .map(|i| self.members[(offset + i) % self.members.len()].id.clone())
            .collect();
        let code = self.station.code.clone();
        let arrive = if past {
            day.and_time(time(8, 40))
        } else {
            (self.now - Duration::minutes(80)).max(day.and_time(NaiveTime::MIN))
        };
        let mut present = Vec::new();
        for (i, member) in chosen.iter().enumerate() {
            self.store.add_to_roster(day, &code, member)?;
            // On today's roster the last one has not arrived yet.
            if past || i + 1 < chosen.len() {
                self.store.set_present(day, &code, member, true, arrive)?;
                present.push(member.clone());
            }
            if past {
                self.store
                    .set_present(day, &code, member, false, day.and_time(time(11, 30)))?;
            }
        }
        Ok(present)
    }

    fn limit_of(&self, opinion: &Opinion) -> u32 {
        self.taxonomy
            .category(opinion.category)
            .map(|c| c.limit_days)
            .unwrap_or(10)
    }

    /// Registers one case at `at` and plays its outcome forward in time.
    fn play(
        &mut self,
        at: NaiveDateTime,
        opinion: usize,
        source: Source,
        deputy: Option<String>,
        outcome: Outcome,
    ) -> Result<CaseId> {
        let opinion = &OPINIONS[opinion % OPINIONS.len()];
        let person = resident(&mut self.rng, &self.station.code);
        let new = NewCase {
            content: opinion.content.to_string(),
            name: person.name.unwrap_or_default(),
            phone: person.phone.unwrap_or_default(),
            address: person.address.unwrap_or_default(),
            source: Some(source),
            deputy: None,
            duplicate_of: None,
            self_registered: false,
        };
        let id = self.store.register(&new, OPERATOR, at)?.case.id;
        let mut t = at + Duration::minutes(3);
        let class = Classification {
            category: Some(opinion.category.to_string()),
            nature: Some(opinion.nature),
        };
        if let Some(deputy) = deputy.clone() {
            self.record(id, t, EventBody::Called { deputy })?;
            t += Duration::minutes(12);
        }
        match outcome {
            Outcome::Waiting => {}
            Outcome::Receiving => {
                if deputy.is_none() {
                    let deputy = self.members[0].id.clone();
                    self.record(id, t, EventBody::Called { deputy })?;
                }
            }
            Outcome::Answered => self.record(
                id,
                t,
                EventBody::Answered {
                    class,
                    answer: opinion.answer.to_string(),
                },
            )?,
            Outcome::Declined => self.record(
                id,
                t,
                EventBody::Declined {
                    class,
                    guidance: "属于民事纠纷诉讼范围，已告知向人民法院起诉，并介绍法律援助中心。"
                        .into(),
                },
            )?,
            Outcome::Forwarded(level) => {
                self.hand_over(id, t, opinion, level)?;
            }
            Outcome::Assigned => {
                self.hand_over(id, t, opinion, Level::Street)?;
            }
            Outcome::Urged => {
                let due = self.hand_over(id, t, opinion, Level::Street)?;
                self.urge_after(id, due)?;
            }
            Outcome::Returned => {
                let due = self.hand_over(id, t, opinion, Level::Street)?;
                let on = self.settle_day(t.date(), due, 2);
                self.record(
                    id,
                    on.and_time(time(15, 0)),
                    EventBody::Returned {
                        reason: "不属于本单位职责范围，建议改交其他部门。".into(),
                    },
                )?;
            }
            Outcome::Replied | Outcome::Closed(_) | Outcome::Reopened => {
                self.follow_through(id, t, opinion, outcome)?;
            }
        }
        Ok(id)
    }

    /// The supervisor urges on the first working day after a missed deadline, if it is past.
    fn urge_after(&mut self, id: CaseId, due: NaiveDate) -> Result<()> {
        let urged_on = self.calendar.holidays.add_working_days(due, 1).date;
        if urged_on <= self.today {
            let note = URGE_NOTES[self.rng.usize(..URGE_NOTES.len())].to_string();
            self.record_as(
                id,
                urged_on.and_time(time(9, 30)),
                EventBody::Urged { note: Some(note) },
                SUPERVISOR,
            )?;
        }
        Ok(())
    }

    /// Handed to the street's unit, which replies; then, for a closed or reopened outcome,
    /// the resident is called back, and a dissatisfied one is handed over again.
    fn follow_through(
        &mut self,
        id: CaseId,
        t: NaiveDateTime,
        opinion: &Opinion,
        outcome: Outcome,
    ) -> Result<()> {
        let due = self.hand_over(id, t, opinion, Level::Street)?;
        let on = self.settle_day(t.date(), due, 4);
        self.record(
            id,
            on.and_time(time(16, 0)),
            EventBody::Replied {
                text: opinion.reply.to_string(),
                on,
            },
        )?;
        let satisfaction = match outcome {
            Outcome::Closed(s) => s,
            Outcome::Reopened => Satisfaction::Dissatisfied,
            _ => return Ok(()),
        };
        let back = self.settle_day(on, self.today, 2);
        self.record(
            id,
            back.and_time(time(10, 20)),
            EventBody::CalledBack {
                satisfaction,
                resolved: satisfaction.is_satisfied(),
                note: None,
            },
        )?;
        if matches!(outcome, Outcome::Reopened) {
            self.reopen(id, back, opinion)?;
        }
        Ok(())
    }

    /// A dissatisfied call-back hands the case to the category's unit again.
    fn reopen(&mut self, id: CaseId, back: NaiveDate, opinion: &Opinion) -> Result<()> {
        let unit = self
            .taxonomy
            .category(opinion.category)
            .map(|c| c.unit.clone())
            .unwrap_or_default();
        let limit = self.limit_of(opinion);
        let due = self.calendar.holidays.add_working_days(back, limit);
        self.record(
            id,
            back.and_time(time(10, 25)),
            EventBody::Reopened {
                handling: Handling {
                    unit,
                    due_date: due.date,
                    due_uncertain: due.uncertain,
                    limit_days: Some(limit),
                    note: None,
                },
                reason: "回访不满意：问题仍未解决，重新交办。".into(),
            },
        )?;
        Ok(())
    }

    /// Hands a case to the category's unit for its level, returning the due date.
    fn hand_over(
        &mut self,
        id: CaseId,
        at: NaiveDateTime,
        opinion: &Opinion,
        level: Level,
    ) -> Result<NaiveDate> {
        let category = self.taxonomy.category(opinion.category).ok_or_else(|| {
            StoreError::from(crate::refusal!(
                crate::i18n::Error::UnknownCategory,
                code = opinion.category
            ))
        })?;
        let route = self.taxonomy.route(category, level).ok_or_else(|| {
            StoreError::from(
                crate::refusal::Refusal::new(crate::i18n::Error::UnitRequired).word("level", level),
            )
        })?;
        let due = self
            .calendar
            .holidays
            .add_working_days(at.date(), route.limit_days);
        let handling = Handling {
            unit: route.unit.to_string(),
            due_date: due.date,
            due_uncertain: due.uncertain,
            limit_days: Some(route.limit_days),
            note: None,
        };
        let class = Classification {
            category: Some(opinion.category.to_string()),
            nature: Some(opinion.nature),
        };
        let body = match level {
            Level::Street => EventBody::Assigned { class, handling },
            _ => EventBody::Forwarded {
                class,
                level,
                handling,
            },
        };
        self.record(id, at, body)?;
        Ok(due.date)
    }

    /// A day after `from`, before `limit` and not after today: when a unit acts.
    fn settle_day(&mut self, from: NaiveDate, limit: NaiveDate, max_days: u32) -> NaiveDate {
        let days = self.rng.u32(1..=max_days.max(1));
        let day = self.calendar.holidays.add_working_days(from, days).date;
        day.min(limit).min(self.today).max(from)
    }

    fn record(&mut self, id: CaseId, at: NaiveDateTime, body: EventBody) -> Result<()> {
        self.record_as(id, at, body, OPERATOR)
    }

    fn record_as(
        &mut self,
        id: CaseId,
        at: NaiveDateTime,
        body: EventBody,
        actor: &str,
    ) -> Result<()> {
        self.store.record(id, vec![body], actor, at)?;
        Ok(())
    }
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour + minute / 60, minute % 60, 0).expect("valid demo time")
}
