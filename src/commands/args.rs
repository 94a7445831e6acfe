//! The arguments of the subcommands: what each one accepts, in clap's terms, and the parsers
//! of their values. The command line (`cli`) puts them together; the commands take them.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};

use crate::domain::case::{Level, Nature, Satisfaction, Source, Status, SupervisionStep};
use crate::domain::withdrawal::WithdrawReason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Md,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write a bundle into DIR (created when missing): at a station, this desk's events since
    /// the last export; at the home, its reference data, or with --for a station's cases
    Export {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Station desks: every event this desk wrote, not only those since the last export
        #[arg(long)]
        all: bool,
        /// At the home: the station's own cases, for a desk of it that lost some (recovery)
        #[arg(long = "for", value_name = "STATION", conflicts_with = "all")]
        for_station: Option<String>,
        /// Station desks: split a large export into bundles of at most SIZE each (4K, 512M,
        /// 2G; bytes without a unit) [default: 1G, under FAT32's 4 GiB per file]
        #[arg(long, value_name = "SIZE", value_parser = parse_size, conflicts_with = "for_station")]
        part_size: Option<u64>,
    },
    /// Verify and apply a bundle (all or nothing), or every bundle in a folder
    Import { path: PathBuf },
    /// This desk, what it exported and imported per desk and epoch, and events held aside
    Status,
}

#[derive(Debug, Subcommand)]
pub enum DeskCommand {
    /// At the home: every desk it knows (approved, waiting, to confirm, retired, refused) and
    /// the bundles that wait; at a station: whether the home's key is trusted
    List,
    /// At the home: approve a desk by the fingerprint it shows (`liaison desk` on that desk,
    /// read out by phone), before or after its first bundle; what it sent that waited goes in
    Approve {
        /// The desk's station (HF)
        station: String,
        /// The desk's number within its station
        #[arg(value_parser = clap::value_parser!(u32).range(1..=99))]
        desk: u32,
        /// The whole fingerprint: 40 digits, spaces allowed
        #[arg(long, value_name = "DIGITS")]
        fingerprint: String,
    },
    /// At the home: refuse a desk that is not approved (its waiting bundles are deleted)
    Refuse {
        /// The desk's station (HF)
        station: String,
        /// The desk's number within its station
        #[arg(value_parser = clap::value_parser!(u32).range(1..=99))]
        desk: u32,
        /// The whole fingerprint the desk's bundles were signed with (`liaison desk list`)
        #[arg(long, value_name = "DIGITS")]
        fingerprint: String,
    },
    /// At the home: retire a lost, stolen or broken desk; its events up to SEQ still count
    /// (A57, or 57 in its latest epoch) [default: the last one applied], later ones are refused
    Retire {
        /// The desk's station (HF)
        station: String,
        /// The desk's number within its station
        #[arg(value_parser = clap::value_parser!(u32).range(1..=99))]
        desk: u32,
        /// The desk's last event that still counts: A57, or 57 in its latest epoch
        #[arg(long, value_name = "SEQ", value_parser = parse_place)]
        after: Option<(Option<u32>, i64)>,
    },
    /// Give this desk a new key (a backup holding the key was lost): announced under the old
    /// one in every bundle; the home approves it by its new fingerprint
    Rekey {
        /// Confirm without being asked
        #[arg(long)]
        yes: bool,
    },
    /// At a station: trust the home whose fingerprint its operator read out by phone (at
    /// set-up, or after the home was reinstalled); its bundles that waited go in
    TrustHome {
        #[arg(long, value_name = "DIGITS")]
        fingerprint: String,
    },
    /// Give this desk another number within its station (after the home refused it for a
    /// number another desk holds); its cases take the new desk's numbers
    Renumber {
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=99))]
        desk: u32,
        /// Confirm without being asked
        #[arg(long)]
        yes: bool,
    },
}

/// `liaison wish`: residents' small wishes (微心愿), not cases.
#[derive(Debug, Subcommand)]
pub enum WishCommand {
    /// Register a resident's small wish; prints its number (HF-W-20261117-001)
    Add {
        /// What the resident needs (a walking frame, a school bag, a tap fixed)
        #[arg(long)]
        content: String,
        /// The wording for the wall (`/wishes`): no name, phone or address; a wish without
        /// one is never on the wall
        #[arg(long)]
        public: Option<String>,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        address: String,
    },
    /// Give an open wish its wording for the wall (`/wishes`), or replace it: a wish from
    /// the phone page has none until the desk writes or approves one
    Public {
        number: String,
        /// The wording: no name, phone or address (a personal number is refused)
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
        /// Take the wish off the wall (its wording goes)
        #[arg(long)]
        off: bool,
    },
    /// Claim (认领) an open wish: by a member of its station, or by a volunteer by name
    Claim {
        number: String,
        /// The member's id (D02, R11), a deputy or 议政代表 of the wish's station
        #[arg(long, value_name = "MEMBER")]
        by: Option<String>,
        /// A volunteer's name (personal data: masked in lists, erased by a purge)
        #[arg(long, value_name = "NAME")]
        volunteer: Option<String>,
    },
    /// Record a claimed wish fulfilled (圆梦), with what was done
    Fulfil {
        number: String,
        #[arg(long)]
        note: String,
        /// The day it was fulfilled [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Withdraw an open or claimed wish, with the reason
    Withdraw {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// The wishes (a station its own, the home every station's), oldest first
    List {
        /// Only wishes in this state: open, claimed, fulfilled, withdrawn
        #[arg(long, value_name = "STATE")]
        state: Option<crate::domain::wish::WishState>,
        /// One JSON object per line
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Record an activity and who took part
    Add {
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        #[arg(long)]
        kind: crate::domain::activity::ActivityKind,
        #[arg(long)]
        title: String,
        #[arg(long)]
        place: Option<String>,
        /// Member ids, comma separated (D02,R11)
        #[arg(long, value_delimiter = ',')]
        members: Vec<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Activities of a year, with the totals per month (场次, 人次)
    List {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Add a project voted for the year
    Add {
        #[arg(long)]
        code: String,
        #[arg(long, value_parser = clap::value_parser!(i32).range(1990..=2200))]
        year: i32,
        #[arg(long)]
        title: String,
        /// The unit that carries it out
        #[arg(long)]
        unit: String,
        #[arg(long)]
        target: String,
        #[arg(long)]
        votes: Option<u32>,
    },
    /// Report progress (percent done) with a note
    Progress {
        code: String,
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        #[arg(long)]
        percent: u8,
        #[arg(long)]
        note: String,
    },
    /// Record the deputies' inspection (视察) of a project
    Inspect {
        code: String,
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        #[arg(long, value_delimiter = ',')]
        members: Vec<String>,
        #[arg(long)]
        findings: String,
    },
    /// Record an issue a deputy raised; with --case it is also registered as a case
    Issue {
        code: String,
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        #[arg(long)]
        member: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        case: bool,
    },
    /// The projects of a year and how far they are
    List {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    Text,
    Html,
}

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// The units with their contacts and the categories that go to them
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add or update units from a CSV file (code,name,tier,contact,phone); all or nothing
    Import { file: PathBuf },
    /// Change a unit's contact person or phone; what is not given stays (\"\" clears it)
    #[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(["contact", "phone"])))]
    Set {
        code: String,
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CategoriesCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a category's default unit or time limit (working days)
    Set {
        code: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_parser = parse_working_days)]
        days: Option<u32>,
        #[arg(long)]
        district_unit: Option<String>,
        #[arg(long, value_parser = parse_working_days)]
        district_days: Option<u32>,
    },
}

#[derive(Debug, Args)]
pub struct CasesArgs {
    /// Only cases in this status
    #[arg(long, value_name = "STATUS")]
    pub status: Option<Status>,
    /// Only cases with a unit and past their due date, most overdue first
    #[arg(long)]
    pub overdue: bool,
    /// Only cases of this station (the home sees all stations)
    #[arg(long, value_name = "CODE")]
    pub station: Option<String>,
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
    /// Show full phone numbers; every case shown this way logs a `revealed` event
    #[arg(long)]
    pub reveal: bool,
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Register a case non-interactively; prints its number
    Add(CaseAddArgs),
    /// Show one case and its timeline
    Show {
        /// Case number (HF-20261117-007) or id
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Call a waiting resident to a deputy
    Call {
        number: String,
        #[arg(long)]
        deputy: String,
        /// Put the deputy on today's roster and check them in first, if they are not
        #[arg(long)]
        checkin: bool,
    },
    /// Classify and dispose: answered on site, handed to a unit, forwarded, or declined
    Classify {
        number: String,
        /// Category code (03, 0301 …)
        #[arg(long)]
        category: String,
        #[arg(long)]
        nature: Nature,
        #[arg(long)]
        level: Level,
        /// Handling unit [default: the category's for the level]
        #[arg(long)]
        unit: Option<String>,
        /// Time limit in working days, 1–250 [default: the category's]
        #[arg(long, value_parser = parse_working_days)]
        days: Option<u32>,
        /// The answer (on_site), the guidance (decline), or a note to the unit
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record a supervision step (提醒 / 催办 / 通报) [default: the step due today]
    Urge {
        number: String,
        #[arg(long)]
        step: Option<SupervisionStep>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Extend the deadline (延期) with a reason
    Extend {
        number: String,
        /// New due date
        #[arg(long, value_parser = parse_date, conflicts_with = "days")]
        to: Option<NaiveDate>,
        /// Or: this many working days (1–250) after the current due date
        #[arg(long, value_parser = parse_working_days)]
        days: Option<u32>,
        #[arg(long)]
        reason: String,
    },
    /// A unit returns a wrongly assigned case (退回): back to classification
    Return {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// The unit's reply (反馈)
    Reply {
        number: String,
        #[arg(long)]
        text: String,
        /// The day of the reply [default: today]
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// The call-back (回访); dissatisfied or unresolved reopens the case (重办)
    Callback {
        number: String,
        #[arg(long)]
        satisfaction: Satisfaction,
        /// Whether the matter was resolved (办成): yes or no
        #[arg(long, value_parser = parse_yes_no, action = clap::ArgAction::Set, value_name = "yes|no")]
        resolved: bool,
        #[arg(long)]
        note: Option<String>,
    },
    /// Link a case to another: as its duplicate (it follows the other's outcome) or related
    Link {
        number: String,
        #[arg(long)]
        to: String,
        /// Related, not a duplicate
        #[arg(long)]
        related: bool,
    },
    /// Withdraw a registration not yet classified (撤销): the resident left, it was a
    /// mistake, or the same resident registered twice (--of names the other registration)
    Withdraw {
        number: String,
        #[arg(long)]
        reason: WithdrawReason,
        /// The other registration of the same resident (with --reason duplicate)
        #[arg(long, value_name = "NUMBER")]
        of: Option<String>,
    },
    /// Add a note to the timeline
    Note {
        number: String,
        #[arg(long)]
        text: String,
    },
    /// Hand a case to another desk of its station (its own desk's, or the home's for a
    /// retired desk): that desk owns it from then on
    Transfer {
        number: String,
        /// The desk's number within the case's station
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=99))]
        desk: u32,
    },
    /// Correct (更正) the resident's name, phone or address, or the content, as registered
    /// wrongly; the values before are kept in the timeline. At least one field; an empty
    /// value clears a field (not the content)
    Correct {
        number: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        content: Option<String>,
    },
    /// Re-classify (改分类): put right the category or nature of a classified case; the
    /// level or unit while the unit has not replied (a new unit's deadline runs from today,
    /// and the first hand-over is void). Not a unit's return
    Reclassify {
        number: String,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        nature: Option<Nature>,
        #[arg(long)]
        level: Option<Level>,
        /// The new unit [default: the category's for a new level]
        #[arg(long)]
        unit: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CaseAddArgs {
    /// What the resident says (反映内容); required
    #[arg(long)]
    pub content: String,
    /// 姓名
    #[arg(long, default_value = "")]
    pub name: String,
    /// 电话: an 11-digit mobile or a landline with area code
    #[arg(long, default_value = "")]
    pub phone: String,
    /// 住址
    #[arg(long, default_value = "")]
    pub address: String,
    /// 来源
    #[arg(long, default_value = "walk_in")]
    pub source: Source,
    /// Receiving member's id (as in the network)
    #[arg(long)]
    pub deputy: Option<String>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub action: Option<CalendarCommand>,
    /// The year to list [default: this year]
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The date N working days after DATE (DATE itself not counted)
    Due {
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: NaiveDate,
        #[arg(long, value_name = "N", value_parser = parse_working_days)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
}

/// Today's duty roster (值班表) of the desk's station.
#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Who is on today's roster, and when they checked in and out
    List {
        #[arg(long)]
        json: bool,
    },
    /// Put a member on today's roster
    Add { member: String },
    /// A member on the roster arrived at the desk
    Checkin { member: String },
    /// A member left the desk
    Checkout { member: String },
    /// Take a member off today's roster
    Remove { member: String },
}

#[derive(Debug, Subcommand)]
pub enum HolidaysCommand {
    /// The holiday table per year: the notice loaded, provisional (the law's statutory days),
    /// or nothing
    List {
        #[arg(long)]
        json: bool,
    },
    /// Load a year's notice: its text as published (UTF-8 or GBK) or TOML in the format of
    /// assets/holidays.toml; shows what it read and the deadlines it recomputes, then asks
    Import {
        file: PathBuf,
        /// Apply without asking (scripts)
        #[arg(long)]
        yes: bool,
    },
}

/// A size: bytes, or with K, M or G (binary units); at least 4K.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let t = t
        .strip_suffix("IB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t);
    let (digits, unit) = match t.char_indices().last() {
        Some((i, 'K')) => (&t[..i], 1u64 << 10),
        Some((i, 'M')) => (&t[..i], 1 << 20),
        Some((i, 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    let size = digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("`{s}` is not a size: write it as 4K, 512M or 2G"))?;
    if size < crate::bundle::exchange::MIN_PART_BYTES {
        return Err(format!("`{s}`: a part is at least 4K"));
    }
    Ok(size)
}

/// A place in a desk's sequence: `A57` (epoch A), or `57` (the desk's latest epoch).
pub fn parse_place(s: &str) -> Result<(Option<u32>, i64), String> {
    let t = s.trim();
    let split = t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len());
    let (letters, digits) = t.split_at(split);
    let epoch = if letters.is_empty() {
        None
    } else {
        Some(
            crate::domain::desk::parse_epoch_letters(&letters.to_ascii_uppercase())
                .ok_or_else(|| format!("`{s}`: write a sequence as A57 or 57"))?,
        )
    };
    let seq = digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| format!("`{s}`: write a sequence as A57 or 57"))?;
    Ok((epoch, seq))
}

pub fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "是" => Ok(true),
        "no" | "n" | "false" | "否" => Ok(false),
        _ => Err(format!("`{s}`: answer yes or no")),
    }
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-17"))?;
    // Far-off years are typos, and the calendar's arithmetic stays clear of chrono's limits.
    if !(1990..=2200).contains(&date.year()) {
        return Err(format!(
            "`{s}` is outside the years liaison works with (1990–2200)"
        ));
    }
    Ok(date)
}

/// A number of working days: a time limit, an extension, a distance on the calendar.
pub fn parse_working_days(s: &str) -> Result<u32, String> {
    let range = crate::domain::handling::LIMIT_DAYS;
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|days| range.contains(days))
        .ok_or_else(|| {
            format!(
                "`{s}` is not a number of working days from {} to {}",
                range.start(),
                range.end()
            )
        })
}
