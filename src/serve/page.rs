//! The pages a phone sees: the form, the answer after it, the short refusals and the
//! waiting room's calls. Plain HTML that works without script, in the resident's language
//! (Chinese unless `?lang=en`), with labels on every field, large text, and nothing loaded
//! from elsewhere. Every text from outside is escaped.

use std::collections::BTreeMap;

use super::form::{Field, Kind, Problem, Submission};
use crate::i18n::{Lang, TextKey, Texts, Web};
use crate::store::CallShown;

/// The stylesheet, served as `/style.css`.
pub const STYLE: &str = include_str!("style.css");

/// Words of the pages, from the `web` text table.
pub fn word(lang: Lang, key: Web) -> &'static str {
    key.text(lang)
}

/// A word whose key arrives as data (a field's name, a refusal's reason); a test checks
/// that every such key is in the tables.
pub fn word_named(lang: Lang, key: &str) -> &'static str {
    Web::by_key(key).map_or("?", |k| k.text(lang))
}

/// The queue number a resident is called by: the last part of the case number (`007`).
pub fn queue_part(number: &str) -> &str {
    number.rsplit('-').next().unwrap_or(number)
}

/// `<` `>` `&` `"` `'` as entities: text from a resident or a file never becomes markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

/// The whole document around a page's body.
pub(super) fn document(lang: Lang, title: &str, head_extra: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"same-origin\">\n{head_extra}\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        html_lang(lang),
        escape(title)
    )
}

/// The station the page belongs to, as its header says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StationInfo {
    pub name: String,
    pub phone: Option<String>,
}

/// What the form page is built from.
pub struct FormPage<'a> {
    pub lang: Lang,
    pub station: &'a StationInfo,
    pub token: &'a str,
    pub form_id: &'a str,
    /// The input to keep (after a refusal), or blank.
    pub input: &'a Submission,
    pub problems: &'a BTreeMap<Field, Problem>,
    /// A message over the form (the desk could not save).
    pub banner: Option<&'static str>,
}

fn problem_text(lang: Lang, problem: &Problem) -> String {
    let mut text = word_named(lang, problem.key).to_string();
    for (name, value) in &problem.vars {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

fn field_html(page: &FormPage<'_>, field: Field) -> String {
    let lang = page.lang;
    let key = field.key();
    let value = escape(page.input.text(field));
    let label = word_named(lang, &format!("label_{key}"));
    let note = if field == Field::Content {
        format!("<span class=\"req\">{}</span>", word(lang, Web::Required))
    } else {
        format!("<span class=\"opt\">{}</span>", word(lang, Web::Optional))
    };
    let help = word_named(lang, &format!("help_{key}"));
    let problem = page.problems.get(&field);
    let mut described = format!("{key}-help");
    let error = match problem {
        Some(p) => {
            described = format!("{key}-error {described}");
            format!(
                "<p class=\"error\" id=\"{key}-error\">{}</p>\n",
                escape(&problem_text(lang, p))
            )
        }
        None => String::new(),
    };
    let invalid = if problem.is_some() {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let control = match field {
        Field::Content => format!(
            "<textarea id=\"{key}\" name=\"{key}\" rows=\"6\" required \
             aria-describedby=\"{described}\"{invalid}>{value}</textarea>"
        ),
        Field::Phone => format!(
            "<input id=\"{key}\" name=\"{key}\" type=\"tel\" inputmode=\"tel\" \
             autocomplete=\"tel\" value=\"{value}\" aria-describedby=\"{described}\"{invalid}>"
        ),
        Field::Name => format!(
            "<input id=\"{key}\" name=\"{key}\" type=\"text\" autocomplete=\"name\" \
             value=\"{value}\" aria-describedby=\"{described}\"{invalid}>"
        ),
        Field::Address => format!(
            "<input id=\"{key}\" name=\"{key}\" type=\"text\" autocomplete=\"street-address\" \
             value=\"{value}\" aria-describedby=\"{described}\"{invalid}>"
        ),
    };
    let class = if problem.is_some() {
        "field invalid"
    } else {
        "field"
    };
    format!(
        "<div class=\"{class}\">\n<label for=\"{key}\">{} {note}</label>\n{error}{control}\n\
         <p class=\"help\" id=\"{key}-help\">{}</p>\n</div>\n",
        escape(label),
        escape(help)
    )
}

fn other_language(lang: Lang, path_and_query: &str) -> String {
    let (target, label) = match lang {
        Lang::Zh => (format!("{path_and_query}?lang=en"), "English"),
        Lang::En => (path_and_query.to_string(), "中文"),
    };
    let hreflang = match lang {
        Lang::Zh => "en",
        Lang::En => "zh-CN",
    };
    format!(
        "<p class=\"lang\"><a href=\"{}\" hreflang=\"{hreflang}\">{label}</a></p>\n",
        escape(&target)
    )
}

/// The form, blank or with the input kept and the problems at their fields.
pub fn form(page: &FormPage<'_>) -> String {
    let lang = page.lang;
    let mut body = other_language(lang, &format!("/{}", page.token));
    body.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"station\">{}</p>\n<p class=\"lead\">{}</p>\n",
        escape(word(lang, Web::Title)),
        escape(&page.station.name),
        escape(word(lang, Web::Lead))
    ));
    if let Some(banner) = page.banner {
        body.push_str(&format!(
            "<div class=\"banner\" role=\"alert\">{}</div>\n",
            escape(word_named(lang, banner))
        ));
    } else if !page.problems.is_empty() {
        body.push_str(&format!(
            "<div class=\"banner\" role=\"alert\">{}</div>\n",
            escape(&crate::fill!(
                Texts::of(lang),
                Web::FixMarked,
                n = page.problems.len()
            ))
        ));
    }
    body.push_str(
        "<form method=\"post\" action=\"/submit\" accept-charset=\"utf-8\">\n\
         <input type=\"hidden\" name=\"t\" value=\"",
    );
    body.push_str(&escape(page.token));
    body.push_str("\">\n<input type=\"hidden\" name=\"n\" value=\"");
    body.push_str(&escape(page.form_id));
    body.push_str("\">\n<input type=\"hidden\" name=\"lang\" value=\"");
    body.push_str(lang.as_str());
    body.push_str("\">\n");
    body.push_str(&kind_html(lang, page.input.kind));
    for field in Field::ALL {
        body.push_str(&field_html(page, field));
    }
    body.push_str(&format!(
        "<button type=\"submit\">{}</button>\n</form>\n<p class=\"privacy\">{}</p>\n",
        escape(word(lang, Web::Submit)),
        escape(word(lang, Web::Privacy))
    ));
    document(lang, word(lang, Web::Title), "", &body)
}

/// The choice between an opinion and a small wish, the resident's choice kept.
fn kind_html(lang: Lang, chosen: Kind) -> String {
    let mut out = format!(
        "<fieldset class=\"kind\">\n<legend>{}</legend>\n",
        escape(word(lang, Web::LabelKind))
    );
    for kind in Kind::ALL {
        let (label, help) = match kind {
            Kind::Opinion => (Web::KindOpinion, Web::KindOpinionHelp),
            Kind::Wish => (Web::KindWish, Web::KindWishHelp),
        };
        let key = kind.key();
        let checked = if kind == chosen { " checked" } else { "" };
        out.push_str(&format!(
            "<div class=\"choice\">\n<input type=\"radio\" id=\"kind-{key}\" name=\"kind\" \
             value=\"{key}\" aria-describedby=\"kind-{key}-help\"{checked}>\n\
             <label for=\"kind-{key}\">{}</label>\n<p class=\"help\" id=\"kind-{key}-help\">{}</p>\n</div>\n",
            escape(word(lang, label)),
            escape(word(lang, help))
        ));
    }
    out.push_str("</fieldset>\n");
    out
}

/// After a wish is registered: its number, and that the desk checks it before the wall.
pub fn wish_registered(lang: Lang, station: &StationInfo, number: &str) -> String {
    let steps: String = [Web::WishNextCheck, Web::WishNextClaim]
        .iter()
        .map(|k| format!("<li>{}</li>\n", escape(word(lang, *k))))
        .collect();
    let body = format!(
        "<h1>{}</h1>\n<p class=\"number\">{}</p>\n<h2>{}</h2>\n<ol>\n{steps}</ol>\n{}",
        escape(word(lang, Web::WishDoneTitle)),
        escape(&crate::fill!(
            Texts::of(lang),
            Web::WishNumber,
            number = number
        )),
        escape(word(lang, Web::NextTitle)),
        contact_html(lang, station),
    );
    document(lang, word(lang, Web::WishDoneTitle), "", &body)
}

fn contact_html(lang: Lang, station: &StationInfo) -> String {
    match &station.phone {
        Some(phone) => format!(
            "<p>{}</p>\n",
            escape(&crate::fill!(
                Texts::of(lang),
                Web::Contact,
                station = &station.name,
                phone = phone
            ))
        ),
        None => String::new(),
    }
}

/// After a registration: the number, and what happens next.
pub fn registered(lang: Lang, station: &StationInfo, number: &str) -> String {
    let queue = queue_part(number);
    let steps: String = [Web::NextWait, Web::NextCheck, Web::NextHandle]
        .iter()
        .map(|k| {
            format!(
                "<li>{}</li>\n",
                escape(&Texts::of(lang).fill_some(*k, &[("queue", &queue)]))
            )
        })
        .collect();
    let contact = contact_html(lang, station);
    let body = format!(
        "<h1>{}</h1>\n<p class=\"number\">{}<strong>{}</strong></p>\n\
         <p>{}</p>\n<h2>{}</h2>\n<ol>\n{steps}</ol>\n{contact}",
        escape(word(lang, Web::DoneTitle)),
        escape(word(lang, Web::YourNumber)),
        escape(queue),
        escape(&crate::fill!(
            Texts::of(lang),
            Web::CaseNumber,
            number = number
        )),
        escape(word(lang, Web::NextTitle)),
    );
    document(lang, word(lang, Web::DoneTitle), "", &body)
}

/// A short page saying why nothing was done.
pub fn refusal(lang: Lang, key: &str, wait_seconds: Option<u64>) -> String {
    let n = wait_seconds.unwrap_or(0);
    let text = Web::by_key(key).map_or_else(
        || "?".to_string(),
        |k| Texts::of(lang).fill_some(k, &[("n", &n)]),
    );
    let body = format!(
        "<h1>{}</h1>\n<p class=\"refusal\">{}</p>\n",
        escape(word(lang, Web::RefusedTitle)),
        escape(&text)
    );
    document(lang, word(lang, Web::RefusedTitle), "", &body)
}

/// The waiting room's display: the latest call large, the earlier ones below; it reloads
/// itself every few seconds without script.
pub fn calls(lang: Lang, station: &StationInfo, calls: &[CallShown]) -> String {
    let line = |c: &CallShown| {
        crate::fill!(
            Texts::of(lang),
            Web::CallLine,
            queue = queue_part(&c.number),
            member = &c.member
        )
    };
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"station\">{}</p>\n",
        escape(word(lang, Web::CallsTitle)),
        escape(&station.name)
    );
    match calls.split_first() {
        None => body.push_str(&format!(
            "<p class=\"lead\">{}</p>\n",
            escape(word(lang, Web::CallsNone))
        )),
        Some((latest, earlier)) => {
            body.push_str(&format!(
                "<p class=\"call\" role=\"status\">{}</p>\n",
                escape(&line(latest))
            ));
            if !earlier.is_empty() {
                body.push_str("<ul class=\"earlier\">\n");
                for c in earlier {
                    body.push_str(&format!(
                        "<li>{} <span class=\"time\">{}</span></li>\n",
                        escape(&line(c)),
                        c.at.format("%H:%M")
                    ));
                }
                body.push_str("</ul>\n");
            }
        }
    }
    document(
        lang,
        word(lang, Web::CallsTitle),
        "<meta http-equiv=\"refresh\" content=\"10\">\n",
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_outside_is_inert() {
        assert_eq!(
            escape("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
        let input = Submission {
            name: "\"><img src=x onerror=alert(1)>".into(),
            content: "</textarea><script>x</script>".into(),
            ..Submission::default()
        };
        let problems = input.problems();
        let station = StationInfo {
            name: "<b>站</b>".into(),
            phone: None,
        };
        let html = form(&FormPage {
            lang: Lang::Zh,
            station: &station,
            token: "TOKEN",
            form_id: "F",
            input: &input,
            problems: &problems,
            banner: None,
        });
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;/textarea&gt;"));
    }

    #[test]
    fn every_word_is_in_both_tables() {
        for key in [
            "title",
            "lead",
            "required",
            "optional",
            "submit",
            "privacy",
            "fix_marked",
            "too_long",
            "content_required",
            "phone_invalid",
            "done_title",
            "your_number",
            "case_number",
            "next_title",
            "next_wait",
            "next_check",
            "next_handle",
            "contact",
            "refused_title",
            "no_token",
            "stale_token",
            "closed",
            "too_many",
            "too_large",
            "bad_request",
            "not_found",
            "not_allowed",
            "unavailable",
            "busy",
            "timeout",
            "calls_title",
            "calls_none",
            "call_line",
            "label_name",
            "label_phone",
            "label_address",
            "label_content",
            "help_name",
            "help_phone",
            "help_address",
            "help_content",
            "label_kind",
            "kind_opinion",
            "kind_opinion_help",
            "kind_wish",
            "kind_wish_help",
            "wish_done_title",
            "wish_number",
            "wish_next_check",
            "wish_next_claim",
            "wall_title",
            "wall_lead",
            "wall_none",
            "wall_number",
            "wall_station",
            "wall_date",
            "wall_wish",
            "wall_count",
        ] {
            for lang in Lang::ALL {
                assert!(Web::by_key(key).is_some(), "web.{key} missing in {lang}");
            }
        }
    }
}
