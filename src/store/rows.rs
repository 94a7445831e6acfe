//! Conversions between SQLite rows and domain values. Dates are ISO text: `2026-11-17` and
//! `2026-11-17T09:30:00`, which sort and compare as text.

use std::str::FromStr;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rusqlite::Row;
use rusqlite::types::{Type, Value};

use crate::domain::case::Case;

pub const DATETIME: &str = "%Y-%m-%dT%H:%M:%S";

// Written digit by digit: these run for every row of a bulk load, where `format!` showed up
// in profiles.
pub fn date_text(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, d);
    s
}

pub fn datetime_text(t: NaiveDateTime) -> String {
    let mut s = String::with_capacity(19);
    push_date(&mut s, t.date());
    s.push('T');
    push_digits(&mut s, t.hour(), 2);
    s.push(':');
    push_digits(&mut s, t.minute(), 2);
    s.push(':');
    push_digits(&mut s, t.second(), 2);
    s
}

fn push_date(s: &mut String, d: NaiveDate) {
    push_digits(s, d.year().clamp(0, 9999) as u32, 4);
    s.push('-');
    push_digits(s, d.month(), 2);
    s.push('-');
    push_digits(s, d.day(), 2);
}

fn push_digits(s: &mut String, value: u32, width: u32) {
    for i in (0..width).rev() {
        let digit = (value / 10u32.pow(i)) % 10;
        s.push(char::from(b'0' + digit as u8));
    }
}

/// Stored times have whole seconds, so a value round-trips exactly.
pub use crate::domain::time::whole_seconds;

fn conversion_error(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, message.into())
}

/// Reads a text column through `FromStr` (dates, machine names, uuids).
pub fn parsed<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = row.get(index)?;
    text.parse()
        .map_err(|e: T::Err| conversion_error(index, format!("`{text}`: {e}")))
}

pub fn parsed_opt<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: Option<String> = row.get(index)?;
    text.map(|t| {
        t.parse()
            .map_err(|e: T::Err| conversion_error(index, format!("`{t}`: {e}")))
    })
    .transpose()
}

pub fn datetime(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDateTime> {
    let text: String = row.get(index)?;
    NaiveDateTime::parse_from_str(&text, DATETIME)
        .map_err(|e| conversion_error(index, format!("`{text}`: {e}")))
}

pub fn datetime_opt(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDateTime>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| {
        NaiveDateTime::parse_from_str(&t, DATETIME)
            .map_err(|e| conversion_error(index, format!("`{t}`: {e}")))
    })
    .transpose()
}

/// The columns of `cases`, in the order of [`case_from_row`] and [`execute_with_case`].
const CASE_FIELDS: [&str; 27] = [
    "id",
    "number",
    "station",
    "received_at",
    "source",
    "content",
    "deputy",
    "category",
    "nature",
    "level",
    "unit",
    "status",
    "due_date",
    "due_uncertain",
    "supervision",
    "answer",
    "reply",
    "replied_on",
    "closed_at",
    "satisfaction",
    "resolved",
    "repeats",
    "duplicate_of",
    "events",
    "updated_at",
    "self_registered",
    "to_confirm",
];

/// Number of columns of a case row.
pub const CASE_COLUMN_COUNT: usize = CASE_FIELDS.len();

/// `c.id, c.number, …` for SELECTs that alias `cases` as `c`.
pub static CASE_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    CASE_FIELDS
        .iter()
        .map(|f| format!("c.{f}"))
        .collect::<Vec<_>>()
        .join(", ")
});

/// Case columns added by a later schema, with the value an older file's rows mean by their
/// absence (the migration's default).
const LATER_CASE_COLUMNS: &[(&str, &str)] = &[("self_registered", "0"), ("to_confirm", "0")];

/// Like [`CASE_COLUMNS`], for a file that may be of an older schema and is only read (a
/// backup being checked before a restore): a column it lacks reads as its later default.
pub fn case_columns_of(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('cases')")?;
    let present: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CASE_FIELDS
        .iter()
        .map(
            |f| match LATER_CASE_COLUMNS.iter().find(|(name, _)| name == f) {
                Some((name, default)) if !present.iter().any(|p| p == name) => {
                    format!("{default} AS {name}")
                }
                _ => format!("c.{f}"),
            },
        )
        .collect::<Vec<_>>()
        .join(", "))
}

/// `INSERT INTO cases (…) VALUES (?1, …)`.
pub static INSERT_CASE: LazyLock<String> = LazyLock::new(|| {
    let params: Vec<String> = (1..=CASE_FIELDS.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO cases ({}) VALUES ({})",
        CASE_FIELDS.join(", "),
        params.join(", ")
    )
});

/// `UPDATE cases SET number = ?2, … WHERE id = ?1`.
pub static UPDATE_CASE: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = CASE_FIELDS
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, f)| format!("{f} = ?{}", i + 1))
        .collect();
    format!("UPDATE cases SET {} WHERE id = ?1", sets.join(", "))
});

pub fn case_from_row(row: &Row<'_>) -> rusqlite::Result<Case> {
    Ok(Case {
        id: row.get(0)?,
        number: row.get(1)?,
        station: row.get(2)?,
        received_at: datetime(row, 3)?,
        source: parsed(row, 4)?,
        content: row.get(5)?,
        deputy: row.get(6)?,
        category: row.get(7)?,
        nature: parsed_opt(row, 8)?,
        level: parsed_opt(row, 9)?,
        unit: row.get(10)?,
        status: parsed(row, 11)?,
        due_date: parsed_opt::<NaiveDate>(row, 12)?,
        due_uncertain: row.get(13)?,
        supervision: parsed_opt(row, 14)?,
        answer: row.get(15)?,
        reply: row.get(16)?,
        replied_on: parsed_opt::<NaiveDate>(row, 17)?,
        closed_at: datetime_opt(row, 18)?,
        satisfaction: parsed_opt(row, 19)?,
        resolved: row.get(20)?,
        repeats: row.get(21)?,
        duplicate_of: row.get(22)?,
        events: row.get(23)?,
        updated_at: datetime(row, 24)?,
        self_registered: row.get(25)?,
        to_confirm: row.get(26)?,
    })
}

/// Runs [`INSERT_CASE`] or [`UPDATE_CASE`] with a case's values.
pub fn execute_with_case(stmt: &mut rusqlite::Statement<'_>, c: &Case) -> rusqlite::Result<usize> {
    stmt.execute(rusqlite::params_from_iter(case_values(c)))
}

/// Saves `new` over `old` (the same case as it is stored), writing only the columns that
/// differ: the index entries of the others are left alone. A purge changes two columns of
/// each of many thousand rows.
pub fn update_changed(
    conn: &rusqlite::Connection,
    old: &Case,
    new: &Case,
) -> rusqlite::Result<usize> {
    let (before, after) = (case_values(old), case_values(new));
    let changed: Vec<usize> = (1..CASE_FIELDS.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    if changed.is_empty() {
        return Ok(0);
    }
    let sets: Vec<String> = changed
        .iter()
        .enumerate()
        .map(|(n, &i)| format!("{} = ?{}", CASE_FIELDS[i], n + 2))
        .collect();
    let sql = format!("UPDATE cases SET {} WHERE id = ?1", sets.join(", "));
    let [id, ..] = &after;
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(
            std::iter::once(id).chain(changed.iter().map(|&i| &after[i])),
        ))
}

/// A case's column values, in the order of [`CASE_FIELDS`].
fn case_values(c: &Case) -> [Value; CASE_FIELDS.len()] {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |s: Option<&str>| s.map_or(Value::Null, text);
    [
        Value::Blob(c.id.as_bytes().to_vec()),
        text(&c.number),
        text(&c.station),
        Value::Text(datetime_text(c.received_at)),
        text(c.source.as_str()),
        text(&c.content),
        opt(c.deputy.as_deref()),
        opt(c.category.as_deref()),
        opt(c.nature.map(|v| v.as_str())),
        opt(c.level.map(|v| v.as_str())),
        opt(c.unit.as_deref()),
        text(c.status.as_str()),
        c.due_date
            .map_or(Value::Null, |d| Value::Text(date_text(d))),
        Value::Integer(c.due_uncertain.into()),
        opt(c.supervision.map(|v| v.as_str())),
        opt(c.answer.as_deref()),
        opt(c.reply.as_deref()),
        c.replied_on
            .map_or(Value::Null, |d| Value::Text(date_text(d))),
        c.closed_at
            .map_or(Value::Null, |t| Value::Text(datetime_text(t))),
        opt(c.satisfaction.map(|v| v.as_str())),
        c.resolved.map_or(Value::Null, |v| Value::Integer(v.into())),
        Value::Integer(c.repeats.into()),
        c.duplicate_of
            .map_or(Value::Null, |d| Value::Blob(d.as_bytes().to_vec())),
        Value::Integer(c.events.into()),
        Value::Text(datetime_text(c.updated_at)),
        Value::Integer(c.self_registered.into()),
        Value::Integer(c.to_confirm.into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_iso_text() {
        let t = NaiveDateTime::parse_from_str("2026-02-03 04:05:06", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(datetime_text(t), "2026-02-03T04:05:06");
        assert_eq!(date_text(t.date()), "2026-02-03");
        assert_eq!(datetime_text(t), t.format(DATETIME).to_string());
    }
}
