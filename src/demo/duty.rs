//! The demo's year besides reception days: deputies' activities and the ten livelihood
//! projects with their progress, an inspection and the issues raised.

use chrono::{Datelike, NaiveDate};
use fastrand::Rng;

use super::texts::{ACTIVITIES, PROJECTS};
use crate::store::{NewProject, Store, StoreError};

/// Adds the year's activities (a few a month up to today) and projects; returns how many
/// activities.
pub fn fill(store: &mut Store, today: NaiveDate, seed: u64) -> Result<u32, StoreError> {
    let mut rng = Rng::with_seed(seed ^ 0xd0d0);
    let desk = store.desk()?;
    let members: Vec<String> = store
        .members()?
        .into_iter()
        .filter(|m| desk.sees(&m.station))
        .map(|m| m.id)
        .collect();
    let year = today.year();
    let mut count = 0;
    for month in 1..=today.month() {
        for i in 0..rng.u32(2..=3) {
            let day = NaiveDate::from_ymd_opt(year, month, 3 + i * 9).expect("valid day");
            if day > today {
                continue;
            }
            let (kind, title, place) = ACTIVITIES[rng.usize(..ACTIVITIES.len())];
            let n = rng.usize(2..=members.len().clamp(2, 4));
            let start = rng.usize(..members.len());
            let who: Vec<String> = (0..n)
                .map(|k| members[(start + k) % members.len()].clone())
                .collect();
            store.add_activity(day, kind, title, Some(place), Some(&desk.code), &who, None)?;
            count += 1;
        }
    }
    for (i, (title, unit, target)) in PROJECTS.iter().enumerate() {
        let code = format!("{year}-{:02}", i + 1);
        store.add_project(&NewProject {
            code: code.clone(),
            year,
            title: title.to_string(),
            unit: unit.to_string(),
            target: target.to_string(),
            votes: Some(20 + rng.u32(0..=7)),
        })?;
        let mut percent = 0u8;
        for month in (3..=today.month()).step_by(2) {
            let day = NaiveDate::from_ymd_opt(year, month, 25).expect("valid day");
            if day > today {
                break;
            }
            percent = (percent + rng.u8(8..=22)).min(100);
            store.add_progress(&code, day, percent, "按计划推进")?;
        }
        if i % 3 == 0 && today.month() >= 9 && members.len() >= 3 {
            let day = NaiveDate::from_ymd_opt(year, 9, 22).expect("valid day");
            store.add_inspection(
                &code,
                day,
                &members[..3],
                "进度基本符合计划，部分点位施工围挡不规范，需加强安全管理",
            )?;
            store.add_project_issue(
                &code,
                day,
                &members[0],
                "施工期间居民出行不便，建议设置临时通道",
                None,
            )?;
        }
    }
    Ok(count)
}
