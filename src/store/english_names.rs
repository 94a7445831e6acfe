//! English names for the reference data of files made before they existed: the shipped
//! stations, units and categories get the English name the program ships with, as long as
//! their Chinese name is still the shipped one (a row renamed at the home keeps no English
//! name rather than a wrong one). Reference bundles from the home carry English names from
//! then on.

use rusqlite::{Transaction, params};

use super::error::Result;
use crate::assets;

/// Fills in the English names of the shipped reference rows that have none.
pub(super) fn fill_shipped(tx: &Transaction<'_>) -> Result<()> {
    let network = assets::network();
    let taxonomy = assets::taxonomy();
    let rows = network
        .stations
        .iter()
        .map(|s| ("stations", &s.code, &s.name, &s.name_en))
        .chain(
            taxonomy
                .units
                .iter()
                .map(|u| ("units", &u.code, &u.name, &u.name_en)),
        )
        .chain(
            taxonomy
                .categories
                .iter()
                .map(|c| ("categories", &c.code, &c.name, &c.name_en)),
        );
    for (table, code, name, name_en) in rows {
        let Some(name_en) = name_en else { continue };
        tx.execute(
            &format!(
                "UPDATE {table} SET name_en = ?3 WHERE code = ?1 AND name = ?2 AND name_en IS NULL"
            ),
            params![code, name, name_en],
        )?;
    }
    Ok(())
}
