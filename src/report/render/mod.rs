//! The report in three formats — a workbook, CSV files and Markdown — from one set of tables,
//! so the numbers agree whichever is opened.

pub mod csv;
pub mod markdown;
pub mod xlsx;

use super::{MonthReport, percent};
use crate::i18n::Texts;
use crate::i18n::Word;

/// A value in a table: numbers stay numbers in the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u32),
    /// A share from 0 to 1, shown as a percentage; `None` when undefined.
    Rate(Option<f64>),
    /// A plain decimal (average days).
    Number(Option<f64>),
    /// A day: a date in the workbook, `YYYY-MM-DD` in text.
    Date(Option<chrono::NaiveDate>),
    /// A moment: a date and time in the workbook, `YYYY-MM-DD HH:MM` in text.
    DateTime(chrono::NaiveDateTime),
}

impl Cell {
    /// The text form shared by CSV and Markdown.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Rate(r) => percent(*r),
            Cell::Number(Some(n)) => format!("{n:.1}"),
            Cell::Number(None) => "-".into(),
            Cell::Date(Some(d)) => d.to_string(),
            Cell::Date(None) => String::new(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// One sheet of the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name (also the CSV file stem): short ASCII.
    pub id: &'static str,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The report as its tables, labelled in the chosen language.
pub fn tables(r: &MonthReport, texts: &Texts) -> Vec<Table> {
    let f = &r.summary.figures;
    let mut summary = vec![
        vec![t("受理数"), Cell::Count(f.received)],
        vec![t("办结数"), Cell::Count(f.finished)],
        vec![t("按期办结数"), Cell::Count(f.finished_on_time)],
        vec![t("按期办结率"), Cell::Rate(f.on_time_rate())],
        vec![t("回访数"), Cell::Count(f.called_back)],
        vec![t("满意数"), Cell::Count(f.satisfied)],
        vec![t("满意率"), Cell::Rate(f.satisfaction_rate())],
        vec![t("办成数"), Cell::Count(f.resolved)],
        vec![t("解决率"), Cell::Rate(f.resolution_rate())],
        vec![t("重办件"), Cell::Count(f.repeats)],
        vec![t("月末逾期"), Cell::Count(f.overdue_at_end)],
    ];
    let unclassified = || "未分类".to_string();
    for (source, n) in &r.summary.by_source {
        summary.push(vec![
            Cell::Text(format!("来源：{}", texts.name(*source))),
            Cell::Count(*n),
        ]);
    }
    for (level, n) in &r.summary.by_level {
        let label = level.map_or_else(unclassified, |l| texts.name(l).to_string());
        summary.push(vec![Cell::Text(format!("处置：{label}")), Cell::Count(*n)]);
    }
    for (nature, n) in &r.summary.by_nature {
        let label = nature.map_or_else(unclassified, |v| texts.name(v).to_string());
        summary.push(vec![Cell::Text(format!("性质：{label}")), Cell::Count(*n)]);
    }
    for (category, name, n) in &r.summary.by_category {
        let label = category
            .as_ref()
            .map_or_else(unclassified, |c| format!("{c} {name}"));
        summary.push(vec![Cell::Text(format!("类别：{label}")), Cell::Count(*n)]);
    }
    for (status, n) in &r.summary.by_status {
        summary.push(vec![
            Cell::Text(format!("状态：{}", texts.name(*status))),
            Cell::Count(*n),
        ]);
    }

    let figure_header = [
        "受理",
        "办结",
        "按期办结率",
        "满意率",
        "解决率",
        "重办件",
        "月末逾期",
    ];
    let figure_cells = |f: &super::Figures| {
        vec![
            Cell::Count(f.received),
            Cell::Count(f.finished),
            Cell::Rate(f.on_time_rate()),
            Cell::Rate(f.satisfaction_rate()),
            Cell::Rate(f.resolution_rate()),
            Cell::Count(f.repeats),
            Cell::Count(f.overdue_at_end),
        ]
    };
    let stations = Table {
        id: "stations",
        title: "各站情况".into(),
        header: ["站点", "名称"]
            .iter()
            .chain(figure_header.iter())
            .map(|s| s.to_string())
            .collect(),
        rows: r
            .stations
            .iter()
            .map(|s| [vec![t(&s.code), t(&s.name)], figure_cells(&s.figures)].concat())
            .collect(),
    };
    let units = Table {
        id: "units",
        title: "承办单位".into(),
        header: ["编码", "单位", "交办", "办结", "月末逾期", "平均天数"]
            .map(String::from)
            .to_vec(),
        rows: r
            .units
            .iter()
            .map(|u| {
                vec![
                    t(&u.code),
                    t(&u.name),
                    Cell::Count(u.handed),
                    Cell::Count(u.replied),
                    Cell::Count(u.overdue_at_end),
                    Cell::Number(u.average_days),
                ]
            })
            .collect(),
    };
    let deputies = Table {
        id: "deputies",
        title: "代表履职".into(),
        header: [
            "编号",
            "姓名",
            "站点",
            "接待日",
            "接待群众",
            "跟踪办结",
            "参加活动",
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .deputies
            .iter()
            .map(|d| {
                vec![
                    t(&d.id),
                    t(&d.name),
                    t(&d.station),
                    Cell::Count(d.reception_days),
                    Cell::Count(d.residents_received),
                    Cell::Count(d.followed_to_closure),
                    Cell::Count(d.activities),
                ]
            })
            .collect(),
    };
    let opt = |o: Option<&str>| o.unwrap_or("").to_string();
    let ledger = Table {
        id: "ledger",
        title: "接待登记台账".into(),
        header: [
            "编号",
            "站点",
            "登记时间",
            "来源",
            "姓名",
            "电话",
            "住址",
            "反映内容",
            "接待代表",
            "类别",
            "性质",
            "处置",
            "承办单位",
            "办理期限",
            "状态",
            "答复/反馈",
            "满意度",
            "办成",
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .ledger
            .iter()
            .map(|l| {
                vec![
                    t(&l.number),
                    t(&l.station),
                    Cell::DateTime(l.received_at),
                    t(texts.name(l.source)),
                    t(&l.name),
                    t(&l.phone),
                    t(&l.address),
                    t(&l.content),
                    t(&l.deputy),
                    t(&l.category),
                    Cell::Text(opt(l.nature.map(|n| texts.name(n)))),
                    Cell::Text(opt(l.level.map(|v| texts.name(v)))),
                    t(&l.unit),
                    // A provisional deadline says so; a sure one is a date in the workbook.
                    match (l.due_date, l.due_uncertain) {
                        (Some(d), true) => {
                            Cell::Text(format!("{d} {}", texts.word(Word::Uncertain)))
                        }
                        (due, _) => Cell::Date(due),
                    },
                    t(texts.name(l.status)),
                    t(&l.reply),
                    Cell::Text(opt(l.satisfaction.map(|s| texts.name(s)))),
                    Cell::Text(opt(l.resolved.map(|v| texts.yes_no(v)))),
                ]
            })
            .collect(),
    };
    let activities = Table {
        id: "activities",
        title: "代表活动".into(),
        header: ["类型", "本月场次", "本月人次", "本年场次", "本年人次"]
            .map(String::from)
            .to_vec(),
        rows: r
            .activities
            .by_kind
            .iter()
            .map(|(kind, ms, mp, ys, yp)| {
                vec![
                    t(texts.name(*kind)),
                    Cell::Count(*ms),
                    Cell::Count(*mp),
                    Cell::Count(*ys),
                    Cell::Count(*yp),
                ]
            })
            .collect(),
    };
    let notes = Table {
        id: "notes",
        title: "指标说明".into(),
        header: vec!["指标".into(), "说明".into()],
        rows: super::definitions::DEFINITIONS
            .iter()
            .map(|(a, b)| vec![t(a), t(b)])
            .collect(),
    };
    vec![
        Table {
            id: "summary",
            title: format!("{} {}年{}月 汇总", r.station, r.month.year, r.month.month),
            header: vec!["指标".into(), "数值".into()],
            rows: summary,
        },
        stations,
        units,
        deputies,
        ledger,
        activities,
        notes,
    ]
}
