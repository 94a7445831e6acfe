//! The command line: clap definitions, and the dispatch to each command.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::clock::Clock;
use crate::commands;
use crate::config::Config;
use crate::domain::case::{Level, Nature, Satisfaction, Source, Status, SupervisionStep};
use crate::i18n::Lang;

/// liaison — 人大代表联络站接待日工作台 / the reception-day desk of a deputy liaison station.
#[derive(Debug, Parser)]
#[command(name = "liaison", version, about, long_about = None)]
pub struct Cli {
    /// The database file [env: LIAISON_DB] [default: liaison.db in the data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Pin the business date (YYYY-MM-DD); the time of day keeps running
    #[arg(long, global = true, env = "LIAISON_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<NaiveDate>,

    /// Interface language
    #[arg(long, global = true, env = "LIAISON_LANG", value_name = "zh|en")]
    pub lang: Option<Lang>,

    /// Open the terminal UI on the separate demo database (created on first use)
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The shipped network: code, name, kind, parent
    Stations {
        /// One JSON object per line
        #[arg(long)]
        json: bool,
    },
    /// Create the database with reference data, for the station at this desk
    Init {
        /// The station's code, as `liaison stations` lists it
        #[arg(long, value_name = "CODE")]
        station: String,
    },
    /// Fill the database named by --db with demo data (refuses one that holds cases)
    Demo {
        /// Also add N historical cases spread over the past three years
        #[arg(long, value_name = "N", default_value_t = 0)]
        cases: u64,
        /// Station of a new demo database
        #[arg(long, value_name = "CODE", default_value = crate::demo::DEMO_STATION)]
        station: String,
        /// Seed of the generator, for reproducible data
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// List cases
    Cases(CasesArgs),
    /// Work on one case
    #[command(subcommand)]
    Case(CaseCommand),
    /// Reception days of a year, or a due date in working days
    Calendar(CalendarArgs),
    /// The official holiday table: list the loaded years, or import a new notice
    Holidays {
        #[command(subcommand)]
        action: Option<HolidaysCommand>,
    },
    /// Check the database: SQLite's own check, foreign keys, every case against its log
    Check {
        /// Run the full integrity_check instead of quick_check
        #[arg(long)]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// Copy the database to PATH while it stays in use (SQLite online backup)
    Backup {
        /// Where to write the copy; must not exist yet
        path: PathBuf,
    },
    /// The supervision list: open cases overdue or due within two working days, with their
    /// stage on the ladder and the step due today
    Supervise {
        #[arg(long)]
        json: bool,
        /// Record every step due today (reminded / urged / escalated); needs --yes
        #[arg(long)]
        urge_due: bool,
        /// Confirm --urge-due
        #[arg(long)]
        yes: bool,
        /// Note recorded with each step
        #[arg(long)]
        note: Option<String>,
    },
    /// Hand-over slip (交办单) for a case, or for every case handed over on a day
    Slip {
        /// Case number
        number: Option<String>,
        /// Every case handed over on this day
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with = "number")]
        day: Option<NaiveDate>,
        #[arg(long, default_value = "text")]
        format: DocFormat,
        /// Write to this file instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Resident's receipt (回执) for a case
    Receipt {
        number: String,
        #[arg(long, default_value = "text")]
        format: DocFormat,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Handling units (承办单位): list, import from CSV, change a contact
    Units {
        #[command(subcommand)]
        action: Option<UnitsCommand>,
    },
    /// Categories and their default units and time limits
    Categories {
        #[command(subcommand)]
        action: Option<CategoriesCommand>,
    },
    /// Find cases by number, phone (or its last 4 digits), name, address or any characters of
    /// the content
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// The monthly report pack (上报): summary, stations, units, deputies, case ledger
    Report {
        /// The month, YYYY-MM [default: this month]
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<crate::report::Month>,
        #[arg(long, default_value = "xlsx")]
        format: ReportFormat,
        /// The workbook or Markdown file, or the directory for CSV files; must not exist
        #[arg(long)]
        out: PathBuf,
        /// Full phone numbers in the ledger; every case shown this way records a `revealed` event
        #[arg(long)]
        unmasked: bool,
    },
    /// Deputies' duty records (履职档案) for a year
    Duty {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Deputies' activities (活动): volunteer services, inspections, trainings, exchanges
    Activity {
        #[command(subcommand)]
        action: ActivityCommand,
    },
    /// The street's livelihood projects voted by the congress (民生实事)
    Project {
        #[command(subcommand)]
        action: ProjectCommand,
    },
    /// Bundles for the roll-up: a station's events up to the home, the home's reference data
    /// down to the stations
    Bundle {
        #[command(subcommand)]
        action: BundleCommand,
    },
    /// Matters that recur at the same place and category across months: candidates for a
    /// deputy's proposal (代表建议)
    Recurring {
        /// Look back this many months
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Distinct months needed to count as recurring
        #[arg(long, default_value_t = 3)]
        min: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Md,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write a bundle into DIR: at a station, its events since the last export; at the home,
    /// its reference data
    Export {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Station bundles: start after this outbox sequence instead of the last export
        #[arg(long, value_name = "SEQ")]
        since: Option<i64>,
    },
    /// Verify and apply a bundle (all or nothing)
    Import { path: PathBuf },
    /// What was exported and imported, and the last sequence applied per station
    Status,
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
        #[arg(long)]
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
    /// Change a unit's contact person and phone
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
        #[arg(long)]
        days: Option<u32>,
        #[arg(long)]
        district_unit: Option<String>,
        #[arg(long)]
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
        /// Time limit in working days [default: the category's]
        #[arg(long)]
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
        /// Or: this many working days after the current due date
        #[arg(long)]
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
    /// Add a note to the timeline
    Note {
        number: String,
        #[arg(long)]
        text: String,
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
        #[arg(long, value_name = "N")]
        days: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HolidaysCommand {
    /// The years with an official notice loaded
    List {
        #[arg(long)]
        json: bool,
    },
    /// Load notices from a TOML file in the format of assets/holidays.toml; a year already
    /// loaded is replaced
    Import { file: PathBuf },
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "是" => Ok(true),
        "no" | "n" | "false" | "否" => Ok(false),
        _ => Err(format!("`{s}`: answer yes or no")),
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-17"))
}

/// What every command needs to know about this run.
#[derive(Debug, Clone)]
pub struct Context {
    /// `--db` as given; `LIAISON_DB` is read only when no flag is given and not for `--demo`.
    pub db_flag: Option<PathBuf>,
    pub clock: Clock,
    pub lang: Lang,
    pub config: Config,
    /// Recorded as the actor of this run's events.
    pub actor: String,
}

impl Context {
    /// The database of real work: `--db`, else `LIAISON_DB`, else the default location.
    pub fn db(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db_flag {
            return Ok(p.clone());
        }
        if let Some(p) = std::env::var_os("LIAISON_DB").filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        crate::config::default_db()
    }

    /// The demo database: `--db` if given, else `demo.db` beside the real one's default.
    pub fn demo_db(&self) -> Result<PathBuf> {
        match &self.db_flag {
            Some(p) => Ok(p.clone()),
            None => crate::config::default_demo_db(),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let config = Config::load()?;
    let lang = cli.lang.or(config.lang).unwrap_or(Lang::Zh);
    let actor = config
        .operator
        .clone()
        .unwrap_or_else(crate::platform::user_name);
    let ctx = Context {
        db_flag: cli.db,
        clock: cli.today.map(Clock::pinned).unwrap_or_else(Clock::system),
        lang,
        config,
        actor,
    };
    if cli.demo && cli.command.is_some() {
        anyhow::bail!(
            "--demo opens the terminal UI on the demo database; for demo data in a file of \
             your own use `liaison --db PATH demo`"
        );
    }
    match cli.command {
        None => commands::ui::run(&ctx, cli.demo),
        Some(Command::Stations { json }) => commands::stations::run(&ctx, json),
        Some(Command::Init { station }) => commands::setup::init(&ctx, &station),
        Some(Command::Demo {
            cases,
            station,
            seed,
        }) => commands::setup::demo(&ctx, &station, cases, seed),
        Some(Command::Cases(args)) => commands::cases::list(&ctx, &args),
        Some(Command::Case(CaseCommand::Add(args))) => commands::cases::add(&ctx, &args),
        Some(Command::Case(CaseCommand::Show { number, json })) => {
            commands::cases::show(&ctx, &number, json)
        }
        Some(Command::Case(action)) => commands::follow_through::run(&ctx, action),
        Some(Command::Calendar(args)) => commands::calendar::run(&ctx, &args),
        Some(Command::Holidays { action }) => commands::calendar::holidays(&ctx, action),
        Some(Command::Check { full, json }) => commands::maintenance::check(&ctx, full, json),
        Some(Command::Backup { path }) => commands::maintenance::backup(&ctx, &path),
        Some(Command::Supervise {
            json,
            urge_due,
            yes,
            note,
        }) => commands::supervise::run(&ctx, json, urge_due, yes, note),
        Some(Command::Slip {
            number,
            day,
            format,
            out,
        }) => commands::documents::slip(&ctx, number.as_deref(), day, format, out.as_deref()),
        Some(Command::Receipt {
            number,
            format,
            out,
        }) => commands::documents::receipt(&ctx, &number, format, out.as_deref()),
        Some(Command::Units { action }) => commands::units::units(&ctx, action),
        Some(Command::Categories { action }) => commands::units::categories(&ctx, action),
        Some(Command::Search { query, json }) => commands::search::search(&ctx, &query, json),
        Some(Command::Report {
            month,
            format,
            out,
            unmasked,
        }) => commands::report::report(&ctx, month, format, &out, unmasked),
        Some(Command::Duty { year, json }) => commands::report::duty(&ctx, year, json),
        Some(Command::Activity { action }) => commands::activities::activity(&ctx, action),
        Some(Command::Bundle { action }) => commands::bundle::run(&ctx, action),
        Some(Command::Project { action }) => commands::activities::project(&ctx, action),
        Some(Command::Recurring { months, min, json }) => {
            commands::search::recurring(&ctx, months, min, json)
        }
    }
}
