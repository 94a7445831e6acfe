//! 撤销: a registration that ends without handling, and why.

use crate::machine_names;

machine_names! {
    /// Why a registration was withdrawn before it was classified.
    pub enum WithdrawReason: "withdraw reason" {
        /// The resident left before being called, or before the deputy finished (未接待离开).
        Left = "left",
        /// Registered by mistake (误登记).
        Mistake = "mistake",
        /// The same resident registered twice (重复登记): the other registration is named.
        Duplicate = "duplicate",
    }
}
