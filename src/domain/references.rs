//! The reference data a desk reads once from its file to print and show cases: its station,
//! the taxonomy, the members and the holiday table.

use super::calendar::HolidayTable;
use super::category::Taxonomy;
use super::member::Member;
use super::station::Station;

/// The reference data documents are made from, owned: what a desk loads once from its file
/// and lends to the printing of the day.
#[derive(Debug, Clone)]
pub struct References {
    pub station: Station,
    pub taxonomy: Taxonomy,
    pub members: Vec<Member>,
    pub holidays: HolidayTable,
}
