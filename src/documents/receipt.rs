//! 回执: what the resident takes home — the case number, what happens next and by when, and
//! whom to call.

use super::{Document, Sources, centred, chinese_date, html, rows_html, rows_text};
use crate::domain::case::Status;
use crate::domain::numbers_in_text::mask_numbers;
use crate::store::CaseRecord;

pub fn receipt(r: &CaseRecord, s: &Sources<'_>) -> Document {
    let c = &r.case;
    let title = format!("{}  群众意见受理回执", s.station.name);
    let next = match c.status {
        Status::Queued | Status::Receiving | Status::Returned => {
            "您的意见已登记。值班代表将接待并分类处理：能当场答复的当场答复，需要有关单位办理的将交办并告知办理期限。".to_string()
        }
        Status::Answered => format!(
            "已当场答复：{}",
            mask_numbers(c.answer.as_deref().unwrap_or(""))
        ),
        Status::Declined => format!(
            "不属于本站受理范围。{}",
            mask_numbers(c.answer.as_deref().unwrap_or(""))
        ),
        Status::Assigned | Status::Forwarded | Status::Replied => match c.due_date {
            Some(due) => format!(
                "已交{}办理，办理期限至{}{}。办理结果反馈后，我们将回访您，听取您的意见。",
                s.unit(c.unit.as_deref()),
                chinese_date(due),
                if c.due_uncertain {
                    "（该年放假通知未公布，按法定节假日暂算，期限待核）"
                } else {
                    ""
                }
            ),
            None => "已交有关单位办理，我们将回访您。".to_string(),
        },
        Status::Closed => "已办结。感谢您的意见。".to_string(),
    };
    let contact = format!(
        "{}  {}",
        s.station.phone.as_deref().unwrap_or("-"),
        s.station.address.as_deref().unwrap_or("")
    );
    let rows: Vec<(&str, String)> = vec![
        ("编号", c.number.clone()),
        ("登记日期", chinese_date(c.received_at.date())),
        (
            "来访人",
            r.resident.name.clone().unwrap_or_else(|| "-".into()),
        ),
        ("反映内容", mask_numbers(&c.content).into_owned()),
        ("办理情况", next),
        ("联系我们", contact),
    ];
    let seal = [format!("{}（盖章）", s.station.name), chinese_date(s.today)];
    let text = format!(
        "{}\n{}\n请妥善保管本回执，查询时请提供编号。\n\n{}\n",
        centred(&title),
        rows_text(&rows),
        seal.join("\n")
    );
    let body = format!(
        "<section>\n<h1>{}</h1>\n{}<p class=\"note\">请妥善保管本回执，查询时请提供编号。</p>\n<div class=\"seal\">{}</div>\n</section>\n",
        html::escape(&title),
        rows_html(&rows),
        seal.iter()
            .map(|l| html::escape(l))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    Document {
        stem: format!("receipt-{}", c.number),
        text,
        html: html::page(&title, &body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::samples::{assigned, d, with_sources};

    #[test]
    fn a_provisional_deadline_is_marked_on_the_receipt() {
        with_sources(d("2026-11-17"), |sources| {
            let mut record = assigned("2026-11-17", "2027-01-05");
            let plain = receipt(&record, sources);
            assert!(
                plain.text.contains("办理期限至2027年01月05日。"),
                "{}",
                plain.text
            );
            assert!(!plain.text.contains("待核"));
            record.case.due_uncertain = true;
            let marked = receipt(&record, sources);
            assert!(marked.text.contains("期限待核"), "{}", marked.text);
            assert!(marked.html.contains("期限待核"));
        });
    }
}
