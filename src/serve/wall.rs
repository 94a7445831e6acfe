//! The wish wall (`/wishes`, 微心愿墙): the open wishes that have a wording approved for the
//! wall, for deputies and volunteers to pick one and claim it at the desk, and for the
//! station's notice board (it prints on A4). A line of the wall is built from the wish's
//! public wording, number, station and day only: the resident's name, phone, address and
//! the wish's private content never reach this module.

use chrono::NaiveDate;

use super::page::{StationInfo, escape, word};
use crate::domain::wish::Wish;
use crate::i18n::{Lang, Texts, Web};

/// One wish as the wall shows it: nothing else is known here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallWish {
    pub number: String,
    pub wording: String,
    /// The station's name (the community the wish comes from).
    pub station: String,
    pub registered_on: NaiveDate,
}

impl WallWish {
    /// The wall's line for a wish, if it is on the wall ([`Wish::on_the_wall`]).
    pub fn of(wish: &Wish, station_name: &str) -> Option<WallWish> {
        if !wish.on_the_wall() {
            return None;
        }
        Some(WallWish {
            number: wish.number.clone(),
            wording: wish.public.clone()?,
            station: station_name.to_string(),
            registered_on: wish.registered_at.date(),
        })
    }
}

/// The wall page: oldest wish first, a table that prints on A4 (see `style.css`).
pub fn wall(lang: Lang, station: &StationInfo, wishes: &[WallWish]) -> String {
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"station\">{}</p>\n<p class=\"lead\">{}</p>\n",
        escape(word(lang, Web::WallTitle)),
        escape(&station.name),
        escape(word(lang, Web::WallLead))
    );
    if wishes.is_empty() {
        body.push_str(&format!(
            "<p class=\"lead\">{}</p>\n",
            escape(word(lang, Web::WallNone))
        ));
    } else {
        body.push_str(&format!(
            "<p class=\"count\">{}</p>\n<table class=\"wall\">\n<thead><tr>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            escape(&crate::fill!(
                Texts::of(lang),
                Web::WallCount,
                n = wishes.len()
            )),
            escape(word(lang, Web::WallNumber)),
            escape(word(lang, Web::WallWish)),
            escape(word(lang, Web::WallStation)),
            escape(word(lang, Web::WallDate)),
        ));
        for w in wishes {
            body.push_str(&format!(
                "<tr><td class=\"wish-number\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&w.number),
                escape(&w.wording),
                escape(&w.station),
                w.registered_on.format("%Y-%m-%d")
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }
    if let Some(phone) = &station.phone {
        body.push_str(&format!(
            "<p>{}</p>\n",
            escape(&crate::fill!(
                Texts::of(lang),
                Web::Contact,
                station = &station.name,
                phone = phone
            ))
        ));
    }
    super::page::document(lang, word(lang, Web::WallTitle), "", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_wording_is_inert() {
        let station = StationInfo {
            name: "和风".into(),
            phone: None,
        };
        let html = wall(
            Lang::Zh,
            &station,
            &[WallWish {
                number: "HF-W-20261117-001".into(),
                wording: "<script>x</script>助行器".into(),
                station: "<b>和风</b>".into(),
                registered_on: NaiveDate::from_ymd_opt(2026, 11, 17).unwrap(),
            }],
        );
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;助行器"));
        assert!(html.contains("2026-11-17"));
        assert!(wall(Lang::En, &station, &[]).contains("No wish is waiting"));
    }
}
