//! Deputies' duty records (履职档案): a year of reception days, residents received, cases
//! followed to closure, activities and wishes fulfilled, per member.

use std::collections::HashMap;

use rusqlite::params;
use serde::Serialize;

use super::Store;
use super::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DutyRecord {
    pub member: String,
    pub name: String,
    pub station: String,
    pub kind: String,
    pub level: Option<String>,
    pub reception_days: u32,
    pub residents_received: u32,
    pub followed_to_closure: u32,
    pub activities: u32,
    /// Wishes (微心愿) they claimed whose fulfilment was recorded in the year.
    pub wishes_fulfilled: u32,
}

impl Store {
    /// Every member of the stations in scope, with their year's record. Each figure is one
    /// grouped query over the year's range, whatever the number of members.
    pub fn duty_records(&self, year: i32, station: Option<&str>) -> Result<Vec<DutyRecord>> {
        let (from, to) = (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1));
        let tally = |sql: &str| -> Result<HashMap<String, u32>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map(params![from, to], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get(1)?))
            })?;
            let mut out = HashMap::new();
            for row in rows {
                if let (Some(member), n) = row? {
                    out.insert(member, n);
                }
            }
            Ok(out)
        };
        let days = tally(
            "SELECT member, count(DISTINCT date) FROM roster \
             WHERE checked_in_at IS NOT NULL AND date >= ?1 AND date < ?2 GROUP BY member",
        )?;
        let received = tally(
            "SELECT payload ->> '$.deputy', count(*) FROM case_events INDEXED BY case_events_called \
             WHERE kind = 'called' AND at >= ?1 AND at < ?2 \
               AND case_id NOT IN (SELECT id FROM cases WHERE status = 'withdrawn') GROUP BY 1",
        )?;
        let followed = tally(
            "SELECT deputy, count(*) FROM cases WHERE received_at >= ?1 AND received_at < ?2 \
             AND status IN ('answered', 'declined', 'closed') GROUP BY deputy",
        )?;
        let activities = tally(
            "SELECT am.member, count(*) FROM activity_members am JOIN activities a ON a.id = am.activity \
             WHERE a.date >= ?1 AND a.date < ?2 GROUP BY am.member",
        )?;
        let wishes = self.wishes_fulfilled_by_member(year)?;
        let get = |map: &HashMap<String, u32>, id: &str| map.get(id).copied().unwrap_or(0);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, station, kind, level FROM members WHERE (?1 IS NULL OR station = ?1) ORDER BY station, id",
        )?;
        let rows = stmt.query_map([station], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (member, name, station, kind, level) = row?;
            out.push(DutyRecord {
                reception_days: get(&days, &member),
                residents_received: get(&received, &member),
                followed_to_closure: get(&followed, &member),
                activities: get(&activities, &member),
                wishes_fulfilled: get(&wishes, &member),
                member,
                name,
                station,
                kind,
                level,
            });
        }
        Ok(out)
    }
}
