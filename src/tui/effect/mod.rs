//! Effects: what the interface asks of the database. The loop runs them one at a time,
//! synchronously (each is a few milliseconds), and feeds the result back as an action. Each
//! effect's work is here or in a module of its own beside this one (the holiday table, the
//! self-service server, printing); results carry typed refusals, worded by the screen.

pub mod desks;
pub mod holidays;
pub mod print;
pub mod scorecard;
pub mod serve;

use std::path::PathBuf;
use std::sync::Arc;

use crate::clock::Clock;
use crate::domain::activity::Project;
use crate::domain::case::CaseId;
use crate::domain::event::{Event, EventBody};
use crate::domain::recurring::Recurrence;
use crate::domain::roster::DutyEntry;
use crate::domain::transition::TransitionError;
use crate::i18n::{Error, Texts, Ui};
use crate::refusal::Refusal;
use crate::store::{
    Candidate, CaseRecord, DutyRecord, NewCase, RosterChange, Statistics, Store, StoreError,
};

use self::holidays::{HolidaysDone, HolidaysRequest};
use self::serve::{ServeDone, ServeRequest};
use super::snapshot::{Refs, Snapshot, Written};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Register a case from the intake form.
    Register(NewCase),
    /// Register a wish (微心愿) from the intake form, as `wish add` does.
    AddWish(crate::store::NewWish),
    /// Register a case and call it at once to its deputy, after the operator confirmed that
    /// the deputy, not on today's roster or not checked in, comes in (added and checked in).
    RegisterAndCall(NewCase),
    /// Correct a case's resident fields or content (更正).
    Correct {
        case: CaseId,
        asked: crate::domain::correction::Asked,
    },
    /// Re-classify a case (改分类).
    Reclassify {
        case: CaseId,
        asked: crate::domain::reclassify::AskedClass,
    },
    /// Record events on a case.
    Record {
        case: CaseId,
        bodies: Vec<EventBody>,
        purpose: Purpose,
    },
    /// Check a member in (`true`) or out.
    Presence {
        member: String,
        present: bool,
    },
    AddMember(String),
    RemoveMember(String),
    /// Record events on several cases in one transaction (the bulk urge).
    RecordEach {
        batch: Vec<(CaseId, Vec<EventBody>)>,
        purpose: Purpose,
    },
    /// Read a case and its timeline for the detail view.
    LoadDetail(CaseId),
    /// Log that the resident's full phone is shown, then read the case for the detail view.
    Reveal(CaseId),
    /// Look for open cases that may be the same matter as the intake form's.
    FindDuplicates {
        phone: String,
        address: String,
        content: String,
    },
    Search(String),
    SaveUnit {
        code: String,
        contact: Option<String>,
        phone: Option<String>,
    },
    /// Write a case's receipt (or hand-over slip) as text and HTML beside the database.
    Print {
        case: CaseId,
        slip: bool,
    },
    LoadRecurring,
    LoadStatistics,
    /// The desks and their trust (Alt-0).
    LoadDesks,
    /// At a station, trust the home by the fingerprint typed in the desks view.
    TrustHome(crate::domain::fingerprint::Fingerprint),
    LoadDuty,
    /// The wishes of the desk's scope (Alt-W).
    LoadWishes,
    /// A wish's step from the wishes view: a claim, a fulfilment or a withdrawal.
    Wish {
        key: String,
        step: WishStep,
    },
    LoadProjects,
    /// The home's station scorecard of this year (Alt-S).
    LoadScorecard,
    /// The holiday table per year, a notice's preview, or its loading.
    Holidays(HolidaysRequest),
    /// Start, stop or ask after the self-service page's server.
    Serve(ServeRequest),
    /// Read everything the screen shows again.
    Reload,
}

/// Why events were recorded, so the result lands in the right place.
/// A step a wish takes at the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WishStep {
    Claim(crate::store::Claimant),
    Fulfil {
        on: chrono::NaiveDate,
        note: String,
    },
    Withdraw {
        reason: String,
    },
    /// The wording for the wall; `None` takes the wish off the wall.
    Publish(Option<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Call,
    Classify,
    Feedback,
    Supervise,
    Note,
    BulkUrge,
    Correct,
    Reclassify,
    Withdraw,
}

/// A case for the details: its record, its log, and the cases it is linked to by number.
pub type Shown = (CaseRecord, Vec<Event>, crate::store::CaseLinks);

/// The outcome of an effect, with the reason of a refusal typed.
#[derive(Debug, Clone)]
pub enum Done {
    Registered(Result<Written, Refusal>),
    Recorded {
        purpose: Purpose,
        result: Result<Written, Refusal>,
    },
    /// Today's roster after a change to it.
    Roster {
        message: Ui,
        result: Result<Vec<DutyEntry>, Refusal>,
    },
    Detail(Result<Shown, Refusal>),
    /// The detail view of a case whose phone was just revealed (and logged).
    Revealed(Result<Shown, Refusal>),
    RecordedEach {
        purpose: Purpose,
        result: Result<usize, Refusal>,
    },
    Duplicates(Vec<Candidate>),
    Found {
        query: String,
        result: Result<Vec<CaseRecord>, Refusal>,
    },
    UnitSaved(Result<(), Refusal>),
    Printed(Result<PathBuf, Refusal>),
    Recurring(Result<Vec<Recurrence>, Refusal>),
    Statistics(Result<Statistics, Refusal>),
    Duty(Result<(i32, Vec<DutyRecord>), Refusal>),
    Projects(Result<Vec<Project>, Refusal>),
    Scorecard(Result<scorecard::ScorecardData, Refusal>),
    Wishes(Result<Vec<crate::store::WishRecord>, Refusal>),
    /// A wish registered from the intake form, as written.
    WishAdded(Result<crate::store::WishRecord, Refusal>),
    /// A wish's step (a claim, a fulfilment, a withdrawal, a wording), as written.
    WishSaved(Result<crate::store::WishRecord, Refusal>),
    Desks(Result<desks::DesksData, Refusal>),
    /// What trusting the home did (for the status line), or why nothing was changed.
    HomeTrusted(Result<String, Refusal>),
    Holidays(HolidaysDone),
    Serve(ServeDone),
    Reloaded(Result<Box<Snapshot>, Refusal>),
}

impl Done {
    /// The refusal of a failed effect, if this one failed.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Done::Registered(Err(r))
            | Done::Recorded { result: Err(r), .. }
            | Done::Roster { result: Err(r), .. }
            | Done::Detail(Err(r))
            | Done::Revealed(Err(r))
            | Done::RecordedEach { result: Err(r), .. }
            | Done::Found { result: Err(r), .. }
            | Done::UnitSaved(Err(r))
            | Done::Printed(Err(r))
            | Done::Recurring(Err(r))
            | Done::Statistics(Err(r))
            | Done::Duty(Err(r))
            | Done::Projects(Err(r))
            | Done::Scorecard(Err(r))
            | Done::Wishes(Err(r))
            | Done::WishAdded(Err(r))
            | Done::WishSaved(Err(r))
            | Done::Desks(Err(r))
            | Done::HomeTrusted(Err(r))
            | Done::Reloaded(Err(r)) => Some(r),
            _ => None,
        }
    }
}

/// A store error as the operator's reason. A step another terminal made impossible is said as
/// such (the usual cause of a refused step at a desk).
pub(super) fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Transition(TransitionError::NotAllowed {
            number,
            status,
            event,
            ..
        }) => Refusal::new(Error::NotAllowedNow)
            .data("number", number)
            .word("status", status)
            .word("event", event),
        other => Refusal::from(&other),
    }
}

/// Runs effects against the database.
pub struct Runner {
    pub store: Store,
    pub clock: Clock,
    pub actor: String,
    texts: &'static Texts,
    refs: Option<Arc<Refs>>,
    /// The self-service page's server, while it runs; it stops when the runner goes.
    pub server: Option<crate::serve::Server>,
    /// Where the server listens (`serve_listen` in the settings); the LAN address if unset.
    pub serve_listen: Option<String>,
}

impl Runner {
    pub fn new(store: Store, clock: Clock, actor: String, texts: &'static Texts) -> Runner {
        Runner {
            store,
            clock,
            actor,
            texts,
            refs: None,
            server: None,
            serve_listen: None,
        }
    }

    /// Forgets the cached reference data (another terminal may have changed it).
    pub fn invalidate(&mut self) {
        self.refs = None;
    }

    /// A case and its timeline.
    fn detail(&self, id: CaseId) -> crate::store::Result<Shown> {
        let record = self
            .store
            .case(id)?
            .ok_or_else(|| StoreError::UnknownCase(id.to_string()))?;
        let events = self.store.events(id)?;
        let links = self.store.case_links_in(&record.case, &events)?;
        Ok((record, events, links))
    }

    /// The desk's station (the roster's).
    fn station(&self) -> String {
        self.refs
            .as_ref()
            .map(|r| r.desk.code.clone())
            .unwrap_or_default()
    }

    /// Changes today's roster; answers with the roster as the change left it.
    fn roster(&mut self, change: RosterChange<'_>) -> Result<Vec<DutyEntry>, Refusal> {
        let station = self.station();
        self.store
            .change_roster(self.clock.today(), &station, change, self.clock.now())
            .map_err(refusal)
    }

    /// Reads a full snapshot.
    pub fn snapshot(&mut self) -> crate::store::Result<Snapshot> {
        let snapshot = Snapshot::load(
            &self.store,
            self.refs.clone(),
            self.clock.today(),
            self.clock.now(),
        )?;
        self.refs = Some(snapshot.refs.clone());
        Ok(snapshot)
    }

    /// The desk's view of the cases: its station's, or every station's at the home.
    fn scope(&self) -> Option<String> {
        self.refs
            .as_ref()
            .and_then(|r| r.scope().map(str::to_string))
    }

    /// The store's one rule for calling, for a call among `bodies` (the command line's too);
    /// with `checkin`, a member not on today's roster or not checked in is brought in first.
    fn may_call(&mut self, bodies: &[EventBody], checkin: bool) -> Result<(), Refusal> {
        let Some(deputy) = bodies.iter().find_map(|b| match b {
            EventBody::Called { deputy } => Some(deputy),
            _ => None,
        }) else {
            return Ok(());
        };
        let station = self.station();
        let (today, now) = (self.clock.today(), self.clock.now());
        self.store
            .may_call(today, &station, deputy, checkin, now)
            .map_err(refusal)
    }

    /// Brings the deputy in (roster, check-in), then registers the case and calls it to them.
    /// A refused deputy writes nothing; the case is registered only once they are in.
    fn register_and_call(&mut self, new: NewCase) -> Result<Written, Refusal> {
        // With no deputy there is nobody to bring in: the plain save.
        let call: Vec<EventBody> = (new.deputy.clone())
            .map(|deputy| EventBody::Called { deputy })
            .into_iter()
            .collect();
        self.may_call(&call, true)?;
        let scope = self.scope();
        let (today, now) = (self.clock.today(), self.clock.now());
        let after = self
            .store
            .register_and_read(&new, &self.actor, now, scope.as_deref(), today)
            .map_err(refusal)?;
        if call.is_empty() {
            return Ok(Written {
                record: after.record,
                called_to: None,
                overdue: after.overdue,
            });
        }
        self.record(after.record.case.id, call)
    }

    /// Records steps of one case and answers with the case as it now stands (and, after a
    /// call, the deputy it went to), read in the same transaction.
    fn record(&mut self, case: CaseId, bodies: Vec<EventBody>) -> Result<Written, Refusal> {
        let called_to = bodies.iter().find_map(|b| match b {
            EventBody::Called { deputy } => Some(deputy.clone()),
            _ => None,
        });
        let scope = self.scope();
        let after = self
            .store
            .record_and_read(
                case,
                bodies,
                &self.actor,
                self.clock.now(),
                scope.as_deref(),
                self.clock.today(),
            )
            .map_err(refusal)?;
        Ok(Written {
            record: after.record,
            called_to,
            overdue: after.overdue,
        })
    }

    pub fn run(&mut self, effect: Effect) -> Done {
        let now = self.clock.now();
        let today = self.clock.today();
        let scope = self.scope();
        let scope = scope.as_deref();
        match effect {
            Effect::Register(new) => Done::Registered(
                self.store
                    .register_and_read(&new, &self.actor, now, scope, today)
                    .map(|after| Written {
                        record: after.record,
                        called_to: None,
                        overdue: after.overdue,
                    })
                    .map_err(refusal),
            ),
            Effect::RegisterAndCall(new) => Done::Registered(self.register_and_call(new)),
            Effect::AddWish(new) => {
                Done::WishAdded(self.store.add_wish(&new, &self.actor, now).map_err(refusal))
            }
            Effect::Correct { case, asked } => Done::Recorded {
                purpose: Purpose::Correct,
                result: self
                    .store
                    .correct(case, &asked, &self.actor, now, scope, today)
                    .map(|after| Written {
                        record: after.record,
                        called_to: None,
                        overdue: after.overdue,
                    })
                    .map_err(refusal),
            },
            Effect::Reclassify { case, asked } => Done::Recorded {
                purpose: Purpose::Reclassify,
                result: self
                    .store
                    .reclassify(case, &asked, &self.actor, now, scope, today)
                    .map(|after| Written {
                        record: after.record,
                        called_to: None,
                        overdue: after.overdue,
                    })
                    .map_err(refusal),
            },
            Effect::Record {
                case,
                bodies,
                purpose,
            } => Done::Recorded {
                purpose,
                result: self
                    .may_call(&bodies, false)
                    .and_then(|()| self.record(case, bodies)),
            },
            Effect::Presence { member, present } => Done::Roster {
                message: if present {
                    Ui::CheckedIn
                } else {
                    Ui::CheckedOut
                },
                result: self.roster(RosterChange::Presence {
                    member: &member,
                    present,
                }),
            },
            Effect::AddMember(member) => Done::Roster {
                message: Ui::AddedToRoster,
                result: self.roster(RosterChange::Add(&member)),
            },
            Effect::RemoveMember(member) => Done::Roster {
                message: Ui::RemovedFromRoster,
                result: self.roster(RosterChange::Remove(&member)),
            },
            Effect::LoadDetail(id) => Done::Detail(self.detail(id).map_err(refusal)),
            Effect::Reveal(id) => Done::Revealed(
                self.store
                    .record(id, vec![EventBody::Revealed {}], &self.actor, now)
                    .and_then(|_| self.detail(id))
                    .map_err(refusal),
            ),
            Effect::RecordEach { batch, purpose } => Done::RecordedEach {
                purpose,
                result: self
                    .store
                    .record_each(batch, &self.actor, now)
                    .map(|c| c.len())
                    .map_err(refusal),
            },
            Effect::FindDuplicates {
                phone,
                address,
                content,
            } => {
                // A failed lookup offers nothing; it never blocks registering.
                let found = self
                    .store
                    .duplicate_candidates(&phone, &address, &content, scope, today, None);
                Done::Duplicates(found.unwrap_or_default())
            }
            Effect::Search(query) => {
                let result = match crate::domain::search::parse(&query) {
                    Some(q) => self.store.search(&q, scope).map_err(refusal),
                    None => Ok(Vec::new()),
                };
                Done::Found { query, result }
            }
            Effect::SaveUnit {
                code,
                contact,
                phone,
            } => {
                let result = self
                    .store
                    .set_unit_contact(&code, contact.as_deref(), phone.as_deref())
                    .map_err(refusal);
                self.invalidate();
                Done::UnitSaved(result)
            }
            Effect::Print { case, slip } => {
                Done::Printed(print::print(&self.store, case, slip, today, self.texts))
            }
            Effect::LoadRecurring => {
                Done::Recurring(self.store.recurring(scope, today, 12, 3).map_err(refusal))
            }
            Effect::LoadDesks => Done::Desks(desks::DesksData::load(&self.store).map_err(refusal)),
            Effect::TrustHome(fp) => {
                // The home's reference data that waited may change what the screen shows.
                self.invalidate();
                Done::HomeTrusted(desks::trust_home(
                    &mut self.store,
                    &fp,
                    &self.actor,
                    now,
                    self.texts,
                ))
            }
            Effect::LoadStatistics => {
                Done::Statistics(self.store.statistics(scope, today).map_err(refusal))
            }
            Effect::LoadDuty => {
                let year = chrono::Datelike::year(&today);
                Done::Duty(
                    self.store
                        .duty_records(year, scope)
                        .map(|r| (year, r))
                        .map_err(refusal),
                )
            }
            Effect::LoadScorecard => {
                Done::Scorecard(scorecard::load(&self.store, now, self.texts.lang()))
            }
            Effect::LoadWishes => Done::Wishes(self.store.wishes(None).map_err(refusal)),
            Effect::Wish { key, step } => {
                let written = match step {
                    WishStep::Claim(who) => self.store.claim_wish(&key, &who, &self.actor, now),
                    WishStep::Fulfil { on, note } => {
                        self.store.fulfil_wish(&key, on, &note, &self.actor, now)
                    }
                    WishStep::Withdraw { reason } => {
                        self.store.withdraw_wish(&key, &reason, &self.actor, now)
                    }
                    WishStep::Publish(public) => {
                        self.store
                            .publish_wish(&key, public.as_deref(), &self.actor, now)
                    }
                };
                Done::WishSaved(written.map_err(refusal))
            }
            Effect::LoadProjects => Done::Projects(
                self.store
                    .projects(chrono::Datelike::year(&today))
                    .map_err(refusal),
            ),
            Effect::Holidays(request) => {
                // A notice loaded changes the calendar the snapshot caches.
                if matches!(request, HolidaysRequest::Load(_)) {
                    self.invalidate();
                }
                Done::Holidays(holidays::run(
                    &mut self.store,
                    request,
                    &self.actor,
                    today,
                    now,
                ))
            }
            Effect::Serve(request) => {
                let db = self.store.path().to_path_buf();
                Done::Serve(serve::run(
                    &mut self.server,
                    request,
                    &db,
                    self.clock,
                    self.serve_listen.as_deref(),
                ))
            }
            Effect::Reload => {
                Done::Reloaded(self.snapshot().map(Box::new).map_err(|e| Refusal::from(&e)))
            }
        }
    }
}
