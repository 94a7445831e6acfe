//! The command line: clap definitions, and the dispatch to each command.

pub mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::clock::Clock;
use crate::commands;
use crate::config::Config;
use crate::i18n::Lang;

pub use crate::commands::args::*;
pub use crate::commands::context::Context;

/// liaison — 人大代表联络站接待日工作台 / the reception-day desk of a deputy liaison station.
#[derive(Debug, Parser)]
#[command(name = "liaison", version = commands::version::line(), about, long_about = None)]
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
    /// Create the database with reference data, as a desk of a station
    Init {
        /// The station's code, as `liaison stations` lists it
        #[arg(long, value_name = "CODE")]
        station: String,
        /// This desk's number within its station (a second desk, the laptop taken to an
        /// outdoor spot: 2)
        #[arg(long, value_name = "N", default_value_t = 1,
              value_parser = clap::value_parser!(u32).range(1..=99))]
        desk: u32,
        /// A station's desk: the home's fingerprint, as the home's `liaison desk` shows it
        /// (read out by phone): the home's bundles count only once it is trusted
        #[arg(long, value_name = "DIGITS")]
        home_key: Option<String>,
    },
    /// This desk: its station, number, epoch, id and key fingerprint; approvals at the home,
    /// the home's trust at a station
    Desk {
        #[command(subcommand)]
        action: Option<DeskCommand>,
    },
    /// Fill the database named by --db with demo data (refuses one that holds cases)
    Demo {
        /// Also add N historical cases spread over the past years (at most 5,000,000,
        /// about 3 minutes and 9 GB)
        #[arg(long, value_name = "N", default_value_t = 0,
              value_parser = clap::value_parser!(u64).range(0..=5_000_000))]
        cases: u64,
        /// The years the historical cases are spread over, ending yesterday
        #[arg(long, value_name = "Y", default_value_t = crate::demo::History::DEFAULT_YEARS,
              value_parser = clap::value_parser!(u32).range(1..=30))]
        years: u32,
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
    /// Today's duty roster: list, add, checkin, checkout, remove a member (JSON lines)
    Roster {
        #[command(subcommand)]
        action: Option<RosterCommand>,
    },
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
        #[arg(required_unless_present = "auto")]
        path: Option<PathBuf>,
        /// Today's daily backup into `backups/` beside the database, unless it exists; keeps
        /// the last 14 (the terminal UI does this on its first start of the day)
        #[arg(long, conflicts_with = "path")]
        auto: bool,
    },
    /// Put a backup's contents into the database, keeping the current contents aside first;
    /// without PATH, list the daily backups
    Restore {
        /// The backup file
        path: Option<PathBuf>,
        /// Confirm without being asked
        #[arg(long)]
        yes: bool,
    },
    /// Retention: erase residents' names, phones and addresses from cases finished before
    /// DATE; the cases, their events and every figure stay
    Purge {
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        before: NaiveDate,
        /// Confirm without being asked
        #[arg(long)]
        yes: bool,
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
    /// The home's station scorecard (星级站点) for a year or a quarter, ranked, with the
    /// definitions of its figures; the rubric is `scorecard.toml` beside the database if there is
    /// one, else the shipped one
    Scorecard {
        /// The year [default: this year]
        #[arg(long)]
        year: Option<i32>,
        /// One quarter of the year, 1–4
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4))]
        quarter: Option<u32>,
        /// One JSON object per station
        #[arg(long)]
        json: bool,
        /// Also write the scorecard as a workbook of one page; must not exist
        #[arg(long, value_name = "PATH")]
        xlsx: Option<PathBuf>,
        /// The rubric to score by (TOML, as `assets/scorecard.toml`)
        #[arg(long, value_name = "PATH")]
        rubric: Option<PathBuf>,
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
    /// Residents' small wishes (微心愿): add, public, claim, fulfil, withdraw, list
    Wish {
        #[command(subcommand)]
        action: WishCommand,
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
    /// The self-service page (扫码登记) on the station's Wi-Fi: residents scan the printed
    /// QR code and register on their phones; runs until Enter
    Serve {
        /// Where to listen, ADDR:PORT [default: this desk's local network address, port 8080;
        /// never every interface unless given 0.0.0.0]
        #[arg(long, value_name = "ADDR:PORT")]
        listen: Option<String>,
        /// Make a new token for today: codes and pages with the old one are refused
        #[arg(long)]
        new_token: bool,
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

/// Runs the parsed command line; a failure is said on standard error in the run's language.
pub fn main(cli: Cli) -> ExitCode {
    let config = Config::load();
    let lang = cli
        .lang
        .or(config.as_ref().ok().and_then(|c| c.lang))
        .unwrap_or(Lang::Zh);
    let result = config.and_then(|config| run(cli, config, lang));
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`liaison cases | head`) is the reader's choice, not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("liaison: {}", words::say(&e, crate::i18n::Texts::of(lang)));
            ExitCode::FAILURE
        }
    }
}

/// Runs the parsed command line with its settings and language.
fn run(cli: Cli, config: Config, lang: Lang) -> Result<ExitCode> {
    let actor = config
        .operator
        .clone()
        .or_else(crate::platform::user_name)
        // Nobody named: "the operator", in the desk's language.
        .unwrap_or_else(|| {
            crate::i18n::Texts::of(lang)
                .ui(crate::i18n::Ui::Operator)
                .into()
        });
    let ctx = Context {
        db_flag: cli.db,
        clock: cli.today.map(Clock::pinned).unwrap_or_else(Clock::system),
        lang,
        config,
        actor,
    };
    if cli.demo && cli.command.is_some() {
        crate::refuse!(crate::i18n::Error::DemoWithCommand);
    }
    let lang = ctx.lang;
    run_command(&ctx, cli.command, cli.demo).map_err(|e| commands::worded(lang, e))
}

fn run_command(ctx: &Context, command: Option<Command>, demo: bool) -> Result<ExitCode> {
    let ctx = ctx.clone();
    match command {
        None => commands::ui::run(&ctx, demo),
        Some(Command::Stations { json }) => commands::stations::run(&ctx, json),
        Some(Command::Init {
            station,
            desk,
            home_key,
        }) => commands::setup::init(&ctx, &station, desk, home_key.as_deref()),
        Some(Command::Desk { action }) => commands::desk::run(&ctx, action),
        Some(Command::Demo {
            cases,
            years,
            station,
            seed,
        }) => commands::setup::demo(&ctx, &station, crate::demo::History { cases, years }, seed),
        Some(Command::Cases(args)) => commands::cases::list(&ctx, &args),
        Some(Command::Case(CaseCommand::Add(args))) => commands::cases::add(&ctx, &args),
        Some(Command::Case(CaseCommand::Show { number, json })) => {
            commands::cases::show(&ctx, &number, json)
        }
        Some(Command::Case(CaseCommand::Correct {
            number,
            name,
            phone,
            address,
            content,
        })) => commands::correct::run(
            &ctx,
            &number,
            crate::domain::correction::Asked {
                name,
                phone,
                address,
                content,
            },
        ),
        Some(Command::Case(CaseCommand::Reclassify {
            number,
            category,
            nature,
            level,
            unit,
        })) => commands::reclassify::run(
            &ctx,
            &number,
            crate::domain::reclassify::AskedClass {
                category,
                nature,
                level,
                unit,
            },
        ),
        Some(Command::Case(action)) => commands::follow_through::run(&ctx, action),
        Some(Command::Calendar(args)) => commands::calendar::run(&ctx, &args),
        Some(Command::Holidays { action }) => commands::holidays::run(&ctx, action),
        Some(Command::Roster { action }) => commands::roster::run(&ctx, action),
        Some(Command::Check { full, json }) => commands::maintenance::check(&ctx, full, json),
        Some(Command::Backup {
            path: Some(path), ..
        }) => commands::backups::backup(&ctx, &path),
        Some(Command::Backup { path: None, .. }) => commands::backups::daily_backup_now(&ctx),
        Some(Command::Restore { path, yes }) => match path {
            Some(path) => commands::backups::restore(&ctx, &path, yes),
            None => commands::backups::list_backups(&ctx),
        },
        Some(Command::Purge { before, yes }) => commands::purge::purge(&ctx, before, yes),
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
        Some(Command::Scorecard {
            year,
            quarter,
            json,
            xlsx,
            rubric,
        }) => commands::scorecard::scorecard(
            &ctx,
            commands::scorecard::Asked {
                year,
                quarter,
                json,
                xlsx: xlsx.as_deref(),
                rubric: rubric.as_deref(),
            },
        ),
        Some(Command::Duty { year, json }) => commands::report::duty(&ctx, year, json),
        Some(Command::Activity { action }) => commands::activities::activity(&ctx, action),
        Some(Command::Bundle { action }) => commands::bundle::run(&ctx, action),
        Some(Command::Project { action }) => commands::activities::project(&ctx, action),
        Some(Command::Wish { action }) => commands::wish::run(&ctx, action),
        Some(Command::Serve { listen, new_token }) => {
            commands::serve::run(&ctx, listen.as_deref(), new_token)
        }
        Some(Command::Recurring { months, min, json }) => {
            commands::search::recurring(&ctx, months, min, json)
        }
    }
}
