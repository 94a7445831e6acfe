//! What the user can ask for. Keys map to [`Command`]s through the keymap; everything that
//! changes the interface's state arrives at [`super::app::App::update`] as an [`Action`].

use chrono::NaiveDateTime;

use super::effect::Done;
use crate::machine_names;

machine_names! {
    /// A key-bindable command. The names are the keymap's and the config file's vocabulary.
    pub enum Command: "command" {
        Help = "help",
        Quit = "quit",
        NewCase = "new_case",
        Classify = "classify",
        Refresh = "refresh",
        FocusDuty = "focus_duty",
        FocusQueue = "focus_queue",
        FocusClassify = "focus_classify",
        FocusBoard = "focus_board",
        NextPane = "next_pane",
        PrevPane = "prev_pane",
        Open = "open",
        Up = "up",
        Down = "down",
        PageUp = "page_up",
        PageDown = "page_down",
        First = "first",
        Last = "last",
        TogglePresence = "toggle_presence",
        AddMember = "add_member",
        RemoveMember = "remove_member",
        Unpick = "unpick",
        Call = "call",
        Reveal = "reveal",
        Filter = "filter",
        Save = "save",
        Close = "close",
        NextField = "next_field",
        PrevField = "prev_field",
        Confirm = "confirm",
        Left = "left",
        Right = "right",
        LineStart = "line_start",
        LineEnd = "line_end",
        DeleteBack = "delete_back",
        DeleteForward = "delete_forward",
        ClearField = "clear_field",
        Undo = "undo",
        Newline = "newline",
        Yes = "yes",
        No = "no",
        Feedback = "feedback",
        Search = "search",
        Supervise = "supervise",
        BulkUrge = "bulk_urge",
        Units = "units",
        Recurring = "recurring",
        PrintReceipt = "print_receipt",
        PrintSlip = "print_slip",
        MarkDuplicate = "mark_duplicate",
        MovePhone = "move_phone",
        Edit = "edit",
        Statistics = "statistics",
        DutyRecords = "duty_records",
        Projects = "projects",
        Holidays = "holidays",
        SelfService = "self_service",
        ServeToggle = "serve_toggle",
        NewToken = "new_token",
        Desks = "desks",
        Scorecard = "scorecard",
        AddNote = "add_note",
        Correct = "correct",
        Reclassify = "reclassify",
        Withdraw = "withdraw",
        Wishes = "wishes",
        SwitchKind = "switch_kind",
        Publish = "publish",
    }
}

// The hint bar and F1 name each command in the desk's language.
crate::labelled!(commands_have_both_labels: Command);

/// Everything that can change the state of the interface.
#[derive(Debug, Clone)]
pub enum Action {
    Command(Command),
    /// A character typed into the focused text field (through the IME or not).
    Insert(char),
    /// Text pasted with bracketed paste.
    Paste(String),
    /// The window changed size.
    Resize(u16, u16),
    /// The clock moved on (the minute changed): waiting times and stages.
    Tick(NaiveDateTime),
    /// The result of an effect the loop ran against the database.
    Done(Box<Done>),
    /// The start-up checks finished: the file's check and the day's backup.
    Housekeeping(super::housekeeping::Housekeeping),
}
