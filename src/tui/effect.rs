//! Effects: what the interface asks of the database. The loop runs them one at a time,
//! synchronously (each is a few milliseconds), and feeds the result back as an action.

use std::path::PathBuf;
use std::sync::Arc;

use crate::clock::Clock;
use crate::domain::activity::Project;
use crate::domain::case::CaseId;
use crate::domain::event::{Event, EventBody};
use crate::domain::recurring::Recurrence;
use crate::domain::transition::TransitionError;
use crate::i18n::{Texts, Ui};
use crate::store::{Candidate, CaseRecord, DutyRecord, NewCase, Statistics, Store, StoreError};

use super::forms::holidays::{self, HolidaysDone, HolidaysRequest};
use super::snapshot::{Refs, Snapshot, Written};
use crate::domain::roster::DutyEntry;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Register a case from the intake form.
    Register(NewCase),
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
    LoadProjects,
    /// The holiday table per year, a notice's preview, or its loading.
    Holidays(HolidaysRequest),
    /// Start, stop or ask after the self-service page's server.
    Serve(super::forms::self_service::ServeRequest),
    /// Read everything the screen shows again.
    Reload,
}

/// Why events were recorded, so the result lands in the right place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Call,
    Classify,
    Feedback,
    Supervise,
    BulkUrge,
}

/// The outcome of an effect. Errors are carried as the message to show.
#[derive(Debug, Clone)]
pub enum Done {
    Registered(Result<Written, String>),
    Recorded {
        purpose: Purpose,
        result: Result<Written, String>,
    },
    /// Today's roster after a change to it.
    Roster {
        message: Ui,
        result: Result<Vec<DutyEntry>, String>,
    },
    Detail(Result<(CaseRecord, Vec<Event>), String>),
    /// The detail view of a case whose phone was just revealed (and logged).
    Revealed(Result<(CaseRecord, Vec<Event>), String>),
    RecordedEach {
        purpose: Purpose,
        result: Result<usize, String>,
    },
    Duplicates(Vec<Candidate>),
    Found {
        query: String,
        result: Result<Vec<CaseRecord>, String>,
    },
    UnitSaved(Result<(), String>),
    Printed(Result<PathBuf, String>),
    Recurring(Result<Vec<Recurrence>, String>),
    Statistics(Result<Statistics, String>),
    Desks(Result<super::forms::desks::DesksData, String>),
    /// What trusting the home did (for the status line), or why nothing was changed.
    HomeTrusted(Result<String, String>),
    Duty(Result<(i32, Vec<DutyRecord>), String>),
    Projects(Result<Vec<Project>, String>),
    Holidays(HolidaysDone),
    Serve(super::forms::self_service::ServeDone),
    Reloaded(Result<Box<Snapshot>, String>),
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

    /// Why a step could not be recorded, for the operator. The usual cause is another
    /// terminal that handled the case first: that one is said in the desk's language.
    fn refusal(&self, e: StoreError) -> String {
        match e {
            StoreError::Transition(TransitionError::NotAllowed {
                number,
                status,
                event,
                ..
            }) => crate::fill!(
                self.texts,
                Ui::NotAllowedNow,
                number = &number,
                status = self.texts.name(status),
                event = self.texts.name(event)
            ),
            other => other.to_string(),
        }
    }

    /// Forgets the cached reference data (another terminal may have changed it).
    pub fn invalidate(&mut self) {
        self.refs = None;
    }

    /// The case as a write left it, with what the header needs to follow.
    fn written(
        &self,
        case: &CaseRecord,
        called_to: Option<String>,
    ) -> crate::store::Result<Written> {
        let scope = self.scope();
        Ok(Written {
            record: case.clone(),
            called_to,
            overdue: self
                .store
                .count_overdue(scope.as_deref(), self.clock.today())?,
        })
    }

    /// A case and its timeline.
    fn detail(&self, id: CaseId) -> crate::store::Result<(CaseRecord, Vec<Event>)> {
        let record = self
            .store
            .case(id)?
            .ok_or_else(|| StoreError::UnknownCase(id.to_string()))?;
        Ok((record, self.store.events(id)?))
    }

    /// Today's roster, after a change to it.
    fn roster_after(
        &mut self,
        change: impl FnOnce(&mut Store, &str) -> crate::store::Result<()>,
    ) -> Result<Vec<DutyEntry>, String> {
        let station = self
            .refs
            .as_ref()
            .map(|r| r.desk.code.clone())
            .unwrap_or_default();
        let today = self.clock.today();
        change(&mut self.store, &station)
            .and_then(|()| self.store.roster(today, &station))
            .map_err(|e| e.to_string())
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

    /// Records steps of one case and answers with the case as it now stands (and, after a
    /// call, the deputy it went to).
    fn record(
        &mut self,
        case: CaseId,
        bodies: Vec<EventBody>,
        now: chrono::NaiveDateTime,
    ) -> Result<Written, String> {
        let called_to = bodies.iter().find_map(|b| match b {
            EventBody::Called { deputy } => Some(deputy.clone()),
            _ => None,
        });
        self.store
            .record(case, bodies, &self.actor, now)
            .and_then(|_| self.store.case(case))
            .and_then(|r| r.ok_or_else(|| StoreError::UnknownCase(case.to_string())))
            .and_then(|record| self.written(&record, called_to))
            .map_err(|e| self.refusal(e))
    }

    /// The desk's view of the cases: its station's, or every station's at the home.
    fn scope(&self) -> Option<String> {
        self.refs
            .as_ref()
            .and_then(|r| r.scope().map(str::to_string))
    }

    pub fn run(&mut self, effect: Effect) -> Done {
        let now = self.clock.now();
        let today = self.clock.today();
        match effect {
            Effect::Register(new) => Done::Registered(
                self.store
                    .register(&new, &self.actor, now)
                    .and_then(|record| self.written(&record, None))
                    .map_err(|e| e.to_string()),
            ),
            Effect::Record {
                case,
                bodies,
                purpose,
            } => Done::Recorded {
                purpose,
                result: self.record(case, bodies, now),
            },
            Effect::Presence { member, present } => Done::Roster {
                message: if present {
                    Ui::CheckedIn
                } else {
                    Ui::CheckedOut
                },
                result: self.roster_after(|store, station| {
                    store.set_present(today, station, &member, present, now)
                }),
            },
            Effect::AddMember(member) => Done::Roster {
                message: Ui::AddedToRoster,
                result: self
                    .roster_after(|store, station| store.add_to_roster(today, station, &member)),
            },
            Effect::RemoveMember(member) => Done::Roster {
                message: Ui::RemovedFromRoster,
                result: self.roster_after(|store, station| {
                    store.remove_from_roster(today, station, &member)
                }),
            },
            Effect::LoadDetail(id) => Done::Detail(self.detail(id).map_err(|e| e.to_string())),
            Effect::Reveal(id) => Done::Revealed(
                self.store
                    .record(id, vec![EventBody::Revealed {}], &self.actor, now)
                    .and_then(|_| self.detail(id))
                    .map_err(|e| self.refusal(e)),
            ),
            Effect::RecordEach { batch, purpose } => Done::RecordedEach {
                purpose,
                result: self
                    .store
                    .record_each(batch, &self.actor, now)
                    .map(|c| c.len())
                    .map_err(|e| self.refusal(e)),
            },
            Effect::FindDuplicates {
                phone,
                address,
                content,
            } => {
                let scope = self.scope();
                // A failed lookup offers nothing; it never blocks registering.
                let found = self.store.duplicate_candidates(
                    &phone,
                    &address,
                    &content,
                    scope.as_deref(),
                    today,
                    None,
                );
                Done::Duplicates(found.unwrap_or_default())
            }
            Effect::Search(query) => {
                let scope = self.scope();
                let result = match crate::domain::search::parse(&query) {
                    Some(q) => self
                        .store
                        .search(&q, scope.as_deref())
                        .map_err(|e| e.to_string()),
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
                    .map_err(|e| e.to_string());
                self.invalidate();
                Done::UnitSaved(result)
            }
            Effect::Print { case, slip } => Done::Printed(
                super::print::print(&self.store, case, slip, today, self.texts)
                    .map_err(|e| format!("{e:#}")),
            ),
            Effect::LoadRecurring => {
                let scope = self.scope();
                Done::Recurring(
                    self.store
                        .recurring(scope.as_deref(), today, 12, 3)
                        .map_err(|e| e.to_string()),
                )
            }
            Effect::LoadDesks => Done::Desks(
                super::forms::desks::DesksData::load(&self.store).map_err(|e| e.to_string()),
            ),
            Effect::TrustHome(fp) => {
                // The home's reference data that waited may change what the screen shows.
                self.invalidate();
                Done::HomeTrusted(super::forms::trust_home::run(
                    &mut self.store,
                    &fp,
                    &self.actor,
                    now,
                    self.texts,
                ))
            }
            Effect::LoadStatistics => {
                let scope = self.scope();
                Done::Statistics(
                    self.store
                        .statistics(scope.as_deref(), today)
                        .map_err(|e| e.to_string()),
                )
            }
            Effect::LoadDuty => {
                let scope = self.scope();
                let year = chrono::Datelike::year(&today);
                Done::Duty(
                    self.store
                        .duty_records(year, scope.as_deref())
                        .map(|r| (year, r))
                        .map_err(|e| e.to_string()),
                )
            }
            Effect::LoadProjects => Done::Projects(
                self.store
                    .projects(chrono::Datelike::year(&today))
                    .map_err(|e| e.to_string()),
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
                Done::Serve(super::forms::self_service::run(
                    &mut self.server,
                    request,
                    &db,
                    self.clock,
                    self.serve_listen.as_deref(),
                ))
            }
            Effect::Reload => {
                Done::Reloaded(self.snapshot().map(Box::new).map_err(|e| e.to_string()))
            }
        }
    }
}
