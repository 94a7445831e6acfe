//! 交办单: what a handling unit receives with a case — the matter, the deadline, the seal.

use super::{Document, Sources, centred, chinese_date, html, rows_html, rows_text};
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::store::CaseRecord;

/// One slip per case; several cases print one after another (a form feed between them in
/// text, a page break in HTML). `None` when no case has been handed to a unit.
pub fn slips(records: &[CaseRecord], s: &Sources<'_>, stem: &str) -> Option<Document> {
    let handed: Vec<&CaseRecord> = records
        .iter()
        .filter(|r| r.case.unit.is_some() && r.case.due_date.is_some())
        .collect();
    if handed.is_empty() {
        return None;
    }
    let title = format!("{}  群众意见交办单", s.station.name);
    let mut text = Vec::new();
    let mut body = String::new();
    for r in handed {
        let rows = rows(r, s);
        let seal = seal_lines(s);
        text.push(format!(
            "{}\n{}\n{}\n{}",
            centred(&title),
            rows_text(&rows),
            "请于办理期限前将办理情况书面反馈联络站；如需延期或不属本单位职责，请说明理由。\n",
            seal.join("\n")
        ));
        body.push_str(&format!(
            "<section>\n<h1>{}</h1>\n{}<p class=\"note\">请于办理期限前将办理情况书面反馈联络站；如需延期或不属本单位职责，请说明理由。</p>\n<div class=\"seal\">{}</div>\n</section>\n",
            html::escape(&title),
            rows_html(&rows),
            seal.iter().map(|l| html::escape(l)).collect::<Vec<_>>().join("<br>")
        ));
    }
    Some(Document {
        stem: format!("slip-{stem}"),
        text: text.join("\u{c}\n"),
        html: html::page(&title, &body),
    })
}

fn rows(r: &CaseRecord, s: &Sources<'_>) -> Vec<(&'static str, String)> {
    let c = &r.case;
    let due = match c.due_date {
        Some(d) => {
            let days = s.holidays.working_days_between(s.today, d).max(0);
            let mut text = format!("{}（自今日起{days}个工作日）", chinese_date(d));
            if c.due_uncertain {
                text.push_str("（该年放假通知未公布，按法定节假日暂算，期限待核）");
            }
            text
        }
        None => "-".into(),
    };
    let resident = format!(
        "{}  {}  {}",
        r.resident.name.as_deref().unwrap_or("-"),
        r.resident
            .phone
            .as_deref()
            .map(mask)
            .unwrap_or_else(|| "-".into()),
        r.resident.address.as_deref().unwrap_or("-")
    );
    vec![
        ("编号", c.number.clone()),
        ("交办日期", chinese_date(s.today)),
        ("承办单位", s.unit(c.unit.as_deref())),
        ("办理期限", due),
        ("类别", s.category(c.category.as_deref())),
        ("来访人", resident),
        ("反映内容", mask_numbers(&c.content).into_owned()),
        ("接待代表", s.member(c.deputy.as_deref())),
    ]
}

fn seal_lines(s: &Sources<'_>) -> Vec<String> {
    vec![
        format!("{}（盖章）", s.station.name),
        chinese_date(s.today),
        String::new(),
        "承办单位签收：____________    签收日期：____年__月__日".into(),
    ]
}
