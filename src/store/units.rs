//! Handling units and the categories' defaults, kept up to date by the station.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::Store;
use super::error::{Result, StoreError};
use crate::domain::category::Unit;
use crate::domain::handling::LIMIT_DAYS;

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnitImport {
    pub added: u32,
    pub updated: u32,
}

/// New defaults for a category; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryDefaults {
    pub unit: Option<String>,
    pub limit_days: Option<u32>,
    pub district_unit: Option<String>,
    pub district_limit_days: Option<u32>,
}

impl Store {
    /// Adds new units and updates known ones, all in one transaction. Units are never
    /// removed: old cases point at them. A unit given without an English name keeps the one
    /// it has while its name stays the same.
    pub fn upsert_units(&mut self, units: &[Unit]) -> Result<UnitImport> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut result = UnitImport::default();
        for u in units {
            let exists = tx
                .prepare_cached("SELECT 1 FROM units WHERE code = ?1")?
                .query_row([&u.code], |_| Ok(()))
                .optional()?
                .is_some();
            tx.prepare_cached(
                "INSERT INTO units (code, name, tier, contact, phone, name_en) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (code) DO UPDATE SET name_en = coalesce(excluded.name_en, CASE WHEN name = excluded.name THEN name_en END), \
                   name = excluded.name, tier = excluded.tier, \
                   contact = excluded.contact, phone = excluded.phone",
            )?
            .execute(params![
                u.code,
                u.name,
                u.tier.as_str(),
                u.contact,
                u.phone,
                u.name_en
            ])?;
            if exists {
                result.updated += 1;
            } else {
                result.added += 1;
            }
        }
        tx.commit()?;
        Ok(result)
    }

    /// Changes a unit's contact person and phone (empty text clears them).
    pub fn set_unit_contact(
        &mut self,
        code: &str,
        contact: Option<&str>,
        phone: Option<&str>,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE units SET contact = ?2, phone = ?3 WHERE code = ?1",
            params![code, contact, phone],
        )?;
        if changed == 0 {
            return Err(StoreError::UnknownReference {
                what: "unit",
                code: code.to_string(),
            });
        }
        Ok(())
    }

    /// Changes a category's default units and time limits.
    pub fn set_category_defaults(&mut self, code: &str, d: &CategoryDefaults) -> Result<()> {
        for days in [d.limit_days, d.district_limit_days].into_iter().flatten() {
            if !LIMIT_DAYS.contains(&days) {
                return Err(crate::refusal!(crate::i18n::Error::LimitInvalid, days = days).into());
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let known = tx
            .prepare_cached("SELECT 1 FROM categories WHERE code = ?1")?
            .query_row([code], |_| Ok(()))
            .optional()?;
        if known.is_none() {
            return Err(StoreError::UnknownReference {
                what: "category",
                code: code.to_string(),
            });
        }
        for unit in [&d.unit, &d.district_unit].into_iter().flatten() {
            let found = tx
                .prepare_cached("SELECT 1 FROM units WHERE code = ?1")?
                .query_row([unit], |_| Ok(()))
                .optional()?;
            if found.is_none() {
                return Err(StoreError::UnknownReference {
                    what: "unit",
                    code: unit.clone(),
                });
            }
        }
        tx.execute(
            "UPDATE categories SET unit = coalesce(?2, unit), limit_days = coalesce(?3, limit_days), \
               district_unit = coalesce(?4, district_unit), \
               district_limit_days = coalesce(?5, district_limit_days) WHERE code = ?1",
            params![code, d.unit, d.limit_days, d.district_unit, d.district_limit_days],
        )?;
        tx.commit()?;
        Ok(())
    }
}
