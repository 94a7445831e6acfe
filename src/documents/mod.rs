//! Printable documents: the hand-over slip (交办单) for a unit and the receipt (回执) for a
//! resident. Each comes as plain text for a line printer and as HTML for a browser. Pure
//! functions of the case and the reference data; phones are always masked.

pub mod html;
pub mod receipt;
#[cfg(test)]
mod samples;
pub mod slip;

use chrono::NaiveDate;

use crate::domain::calendar::HolidayTable;
use crate::domain::category::Taxonomy;
use crate::domain::member::Member;
use crate::domain::station::Station;
use crate::i18n::{Doc, Texts};

/// A document in its two forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// A file name without extension, ASCII: `slip-HF-20261117-010`.
    pub stem: String,
    pub text: String,
    pub html: String,
}

pub use crate::domain::references::References;

impl References {
    pub fn sources(&self, today: NaiveDate, texts: &'static Texts) -> Sources<'_> {
        Sources {
            texts,
            station: &self.station,
            taxonomy: &self.taxonomy,
            members: &self.members,
            holidays: &self.holidays,
            today,
        }
    }
}

/// What documents need besides the case.
pub struct Sources<'a> {
    /// The language the document is printed in.
    pub texts: &'static Texts,
    pub station: &'a Station,
    pub taxonomy: &'a Taxonomy,
    pub members: &'a [Member],
    pub holidays: &'a HolidayTable,
    /// The day the document is printed.
    pub today: NaiveDate,
}

impl Sources<'_> {
    pub fn category(&self, code: Option<&str>) -> String {
        match code {
            Some(code) => self.taxonomy.category(code).map_or(code.to_string(), |c| {
                format!("{code} {}", self.texts.label(c))
            }),
            None => "-".into(),
        }
    }

    pub fn unit(&self, code: Option<&str>) -> String {
        match code {
            Some(code) => self
                .taxonomy
                .unit(code)
                .map_or(code.to_string(), |u| self.texts.label(u).to_string()),
            None => "-".into(),
        }
    }

    pub fn member(&self, id: Option<&str>) -> String {
        id.map(|id| {
            self.members
                .iter()
                .find(|m| m.id == id)
                .map_or(id.to_string(), |m| m.name.clone())
        })
        .unwrap_or_else(|| "-".into())
    }

    /// A text of the documents.
    pub fn text(&self, key: Doc) -> &'static str {
        self.texts.get(key)
    }

    /// The station's name in the document's language.
    pub fn station_name(&self) -> &str {
        self.texts.label(self.station)
    }

    /// A date as printed: `2026年11月17日`, `17 November 2026`.
    pub fn date(&self, d: NaiveDate) -> String {
        d.format(self.text(Doc::DateFormat)).to_string()
    }

    /// `本件已于2026年12月03日更正（姓名、电话），以本件为准`: said on a reprint whose case was
    /// corrected after the first copy was handed out.
    pub fn corrected(&self, c: &crate::domain::correction::CorrectedSince) -> String {
        let fields: Vec<&str> = c
            .fields
            .iter()
            .map(|f| self.texts.vocab("field", f.name()))
            .collect();
        crate::fill!(
            self.texts,
            Doc::CorrectedSince,
            date = self.date(c.on),
            fields = fields.join(self.texts.word(crate::i18n::Word::ListSeparator))
        )
    }

    /// Labelled rows as text (see [`rows_text`]), with this language's colon.
    pub fn rows_text(&self, rows: &[(&str, String)]) -> String {
        rows_text(rows, self.text(Doc::Colon))
    }
}

/// Width of a line-printer page, in display columns.
pub const PAGE_WIDTH: usize = 76;

/// Labelled rows as text: `label：value`, continued lines indented under the value.
pub fn rows_text(rows: &[(&str, String)], colon: &str) -> String {
    let mut out = String::new();
    for (label, value) in rows {
        let head = format!("{label}{colon}");
        let indent = crate::display::width(&head);
        for (i, line) in crate::display::wrap(value, PAGE_WIDTH - indent)
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                out.push_str(&head);
            } else {
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Labelled rows as an HTML table.
pub fn rows_html(rows: &[(&str, String)]) -> String {
    let mut out = String::from("<table>\n");
    for (label, value) in rows {
        out.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            html::escape(label),
            html::escape(value)
        ));
    }
    out.push_str("</table>\n");
    out
}

/// A title centred on the text page.
pub fn centred(title: &str) -> String {
    let pad = PAGE_WIDTH.saturating_sub(crate::display::width(title)) / 2;
    format!("{}{title}\n", " ".repeat(pad))
}
