//! The main screen's panes, one per file: the header, the duty roster, the queue, the cases
//! to classify and the supervision board.

pub mod board;
pub mod classify_list;
pub mod duty;
pub mod header;
pub mod queue;
