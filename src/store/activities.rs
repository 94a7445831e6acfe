//! Activities and livelihood projects.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{date_text, parsed};
use crate::domain::activity::{
    Activity, ActivityKind, Inspection, Progress, Project, ProjectIssue,
};
use crate::domain::case::CaseId;
use crate::domain::text::{clean_optional, limits};
use crate::domain::transition::TransitionError;

/// A new project's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProject {
    pub code: String,
    pub year: i32,
    pub title: String,
    pub unit: String,
    pub target: String,
    pub votes: Option<u32>,
}

fn required(text: &str, field: &'static str, limit: usize) -> Result<String> {
    clean_optional(text, field, limit, true)?
        .ok_or_else(|| StoreError::Transition(TransitionError::Empty { field }))
}

impl Store {
    /// Records an activity with its participants, all in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub fn add_activity(
        &mut self,
        date: NaiveDate,
        kind: ActivityKind,
        title: &str,
        place: Option<&str>,
        station: Option<&str>,
        members: &[String],
        note: Option<&str>,
    ) -> Result<Activity> {
        let title = required(title, "title", limits::ADDRESS)?;
        let place = place
            .map(|p| clean_optional(p, "place", limits::ADDRESS, false))
            .transpose()?
            .flatten();
        let note = note
            .map(|n| clean_optional(n, "note", limits::NOTE, true))
            .transpose()?
            .flatten();
        if members.is_empty() {
            return Err(crate::refusal!(crate::i18n::Error::NoParticipant).into());
        }
        let id = Uuid::now_v7();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO activities (id, date, kind, title, place, station, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, date_text(date), kind.as_str(), title, place, station, note],
        )?;
        for m in members {
            let known = tx
                .prepare_cached("SELECT 1 FROM members WHERE id = ?1")?
                .query_row([m], |_| Ok(()))
                .optional()?;
            if known.is_none() {
                return Err(StoreError::UnknownReference {
                    what: "member",
                    code: m.clone(),
                });
            }
            tx.execute(
                "INSERT OR IGNORE INTO activity_members (activity, member) VALUES (?1, ?2)",
                params![id, m],
            )?;
        }
        tx.commit()?;
        Ok(Activity {
            id,
            date,
            kind,
            title,
            place,
            station: station.map(str::to_string),
            members: members.to_vec(),
            note,
        })
    }

    /// Activities on days in `[from, to]`, oldest first.
    pub fn activities(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Activity>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.date, a.kind, a.title, a.place, a.station, a.note, \
               (SELECT group_concat(member, ',') FROM activity_members m WHERE m.activity = a.id) \
             FROM activities a WHERE a.date BETWEEN ?1 AND ?2 ORDER BY a.date, a.rowid",
        )?;
        let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
            let members: Option<String> = r.get(7)?;
            Ok(Activity {
                id: r.get(0)?,
                date: parsed(r, 1)?,
                kind: parsed(r, 2)?,
                title: r.get(3)?,
                place: r.get(4)?,
                station: r.get(5)?,
                note: r.get(6)?,
                members: members
                    .map(|m| m.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_project(&mut self, p: &NewProject) -> Result<()> {
        let title = required(&p.title, "title", limits::ADDRESS)?;
        let target = required(&p.target, "target", limits::NOTE)?;
        let ok = p.code.len() <= 16
            && !p.code.is_empty()
            && p.code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err(crate::refusal!(crate::i18n::Error::BadProjectCode, code = p.code).into());
        }
        let unit = self
            .conn
            .query_row("SELECT 1 FROM units WHERE code = ?1", [&p.unit], |_| Ok(()))
            .optional()?;
        if unit.is_none() {
            return Err(StoreError::UnknownReference {
                what: "unit",
                code: p.unit.clone(),
            });
        }
        self.conn
            .execute(
                "INSERT INTO projects (code, year, title, unit, target, votes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![p.code, p.year, title, p.unit, target, p.votes],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::from(
                    crate::refusal!(crate::i18n::Error::ProjectExists, code = p.code),
                ),
                _ => e.into(),
            })?;
        Ok(())
    }

    fn ensure_project(&self, code: &str) -> Result<()> {
        let found = self
            .conn
            .query_row("SELECT 1 FROM projects WHERE code = ?1", [code], |_| Ok(()))
            .optional()?;
        found.ok_or_else(|| StoreError::UnknownReference {
            what: "project",
            code: code.to_string(),
        })
    }

    pub fn add_progress(
        &mut self,
        project: &str,
        date: NaiveDate,
        percent: u8,
        note: &str,
    ) -> Result<()> {
        self.ensure_project(project)?;
        if percent > 100 {
            return Err(
                crate::refusal!(crate::i18n::Error::ProgressOver, percent = percent).into(),
            );
        }
        let note = required(note, "note", limits::NOTE)?;
        self.conn.execute(
            "INSERT INTO project_progress (project, date, percent, note) VALUES (?1, ?2, ?3, ?4)",
            params![project, date_text(date), percent, note],
        )?;
        Ok(())
    }

    pub fn add_inspection(
        &mut self,
        project: &str,
        date: NaiveDate,
        members: &[String],
        findings: &str,
    ) -> Result<()> {
        self.ensure_project(project)?;
        let findings = required(findings, "findings", limits::NOTE)?;
        for m in members {
            let known = self
                .conn
                .query_row("SELECT 1 FROM members WHERE id = ?1", [m], |_| Ok(()))
                .optional()?;
            if known.is_none() {
                return Err(StoreError::UnknownReference {
                    what: "member",
                    code: m.clone(),
                });
            }
        }
        self.conn.execute(
            "INSERT INTO project_inspections (project, date, members, findings) VALUES (?1, ?2, ?3, ?4)",
            params![project, date_text(date), members.join(","), findings],
        )?;
        Ok(())
    }

    /// Records a problem a deputy raised about a project, optionally as the case it became.
    pub fn add_project_issue(
        &mut self,
        project: &str,
        date: NaiveDate,
        member: &str,
        text: &str,
        case: Option<CaseId>,
    ) -> Result<()> {
        self.ensure_project(project)?;
        let text = required(text, "text", limits::NOTE)?;
        let known = self
            .conn
            .query_row("SELECT 1 FROM members WHERE id = ?1", [member], |_| Ok(()))
            .optional()?;
        if known.is_none() {
            return Err(StoreError::UnknownReference {
                what: "member",
                code: member.to_string(),
            });
        }
        self.conn.execute(
            "INSERT INTO project_issues (project, date, member, text, case_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![project, date_text(date), member, text, case],
        )?;
        Ok(())
    }

    /// A project by code, with its details.
    pub fn find_project(&self, code: &str) -> Result<Option<Project>> {
        let year: Option<i32> = self
            .conn
            .query_row("SELECT year FROM projects WHERE code = ?1", [code], |r| {
                r.get(0)
            })
            .optional()?;
        match year {
            Some(y) => Ok(self.projects(y)?.into_iter().find(|p| p.code == code)),
            None => Ok(None),
        }
    }

    /// The projects of a year with their progress, inspections and issues.
    pub fn projects(&self, year: i32) -> Result<Vec<Project>> {
        let mut stmt = self.conn.prepare_cached("SELECT code, year, title, unit, target, votes FROM projects WHERE year = ?1 ORDER BY code")?;
        let mut projects = stmt
            .query_map([year], |r| {
                Ok(Project {
                    code: r.get(0)?,
                    year: r.get(1)?,
                    title: r.get(2)?,
                    unit: r.get(3)?,
                    target: r.get(4)?,
                    votes: r.get(5)?,
                    progress: Vec::new(),
                    inspections: Vec::new(),
                    issues: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for p in &mut projects {
            let mut stmt = self.conn.prepare_cached("SELECT date, percent, note FROM project_progress WHERE project = ?1 ORDER BY date, rowid")?;
            p.progress = stmt
                .query_map([&p.code], |r| {
                    Ok(Progress {
                        date: parsed(r, 0)?,
                        percent: r.get(1)?,
                        note: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = self.conn.prepare_cached("SELECT date, members, findings FROM project_inspections WHERE project = ?1 ORDER BY date, rowid")?;
            p.inspections = stmt
                .query_map([&p.code], |r| {
                    let members: String = r.get(1)?;
                    Ok(Inspection {
                        date: parsed(r, 0)?,
                        members: members
                            .split(',')
                            .filter(|m| !m.is_empty())
                            .map(str::to_string)
                            .collect(),
                        findings: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = self.conn.prepare_cached(
                "SELECT i.date, i.member, i.text, c.number FROM project_issues i LEFT JOIN cases c ON c.id = i.case_id \
                 WHERE i.project = ?1 ORDER BY i.date, i.rowid",
            )?;
            p.issues = stmt
                .query_map([&p.code], |r| {
                    Ok(ProjectIssue {
                        date: parsed(r, 0)?,
                        member: r.get(1)?,
                        text: r.get(2)?,
                        case_number: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(projects)
    }
}
