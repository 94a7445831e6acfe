//! What the server answers: the form at the day's address, a submission registered through
//! the store's normal `register`, the stylesheet, the waiting room's calls, the wish wall
//! (public wordings only), and a short refusal for everything else. No path returns a
//! stored case or a resident's data.

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc::SyncSender;
use std::time::Instant;

use chrono::NaiveDate;

use super::form::{Field, Kind, Problem, Submission};
use super::http::{Method, Request, Response};
use super::limit::Limiter;
use super::page::{self, FormPage, StationInfo};
use super::token::{fresh_id, is_token_shaped};
use super::wall::{self, WallWish};
use crate::clock::Clock;
use crate::domain::case::Source;
use crate::domain::wish::{WishState, parse_wish_number};
use crate::i18n::Lang;
use crate::refusal::Refusal;
use crate::store::{NewCase, NewWish, Store, StoreError};

/// The actor recorded on the events of self-registered cases.
pub const ACTOR: &str = "self-service";
/// Form ids remembered for a second tap; past this many the oldest are forgotten.
const REMEMBERED_FORMS: usize = 4096;
/// Calls shown on the waiting room's page.
const CALLS_SHOWN: u32 = 8;

/// What the server did, for the desk to say (never a resident's data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activity {
    Registered {
        number: String,
    },
    /// A submission refused (the page's reason key).
    Refused {
        reason: &'static str,
    },
    /// The desk could not save a submission; the resident was asked to come to the desk.
    Failed {
        error: Refusal,
    },
}

/// Whether a page's token opens the form.
enum TokenCheck {
    Current,
    /// Another day's, or replaced by the operator.
    Stale,
    /// The day the server was started for is over.
    DayOver,
}

pub struct Site {
    store: Store,
    station: StationInfo,
    clock: Clock,
    /// The day the server serves; after it, every submission is refused.
    day: NaiveDate,
    desk: String,
    limiter: Limiter,
    /// Forms already registered, by id, with their case number.
    answered: HashMap<String, (u64, String)>,
    served: u64,
    activity: SyncSender<Activity>,
}

impl Site {
    pub fn new(
        store: Store,
        clock: Clock,
        day: NaiveDate,
        activity: SyncSender<Activity>,
    ) -> crate::store::Result<Site> {
        let desk = store.desk()?;
        Ok(Site {
            station: StationInfo {
                name: desk.name.clone(),
                phone: desk.phone.clone(),
            },
            desk: desk.code,
            store,
            clock,
            day,
            limiter: Limiter::default(),
            answered: HashMap::new(),
            served: 0,
            activity,
        })
    }

    pub fn handle(&mut self, req: &Request, now: Instant) -> Response {
        let lang = query_lang(&req.query);
        let submission = req.method == Method::Post;
        if let Err(wait) = self.limiter.allow(req.peer, submission, now) {
            if submission {
                self.say(Activity::Refused { reason: "too_many" });
            }
            return refuse(lang, 429, "too_many", Some(wait))
                .with_header("Retry-After", wait.to_string());
        }
        let path = req.path.as_str();
        match req.method {
            Method::Get | Method::Head => match path {
                "/style.css" => Response {
                    status: 200,
                    content_type: "text/css; charset=utf-8",
                    body: page::STYLE.as_bytes().to_vec(),
                    headers: Vec::new(),
                },
                "/calls" => self.calls(lang),
                "/wishes" => self.wall(lang),
                "/" => refuse(lang, 403, "no_token", None),
                _ => match path.strip_prefix('/').filter(|t| is_token_shaped(t)) {
                    Some(token) => self.form(lang, token),
                    None => refuse(lang, 404, "not_found", None),
                },
            },
            Method::Post if from_elsewhere(req) => {
                // Another site's page posting here with the wall's token: refused whatever
                // the token. A request without `Origin` (no browser omits it on a POST) is
                // left to the token.
                self.say(Activity::Refused {
                    reason: "foreign_origin",
                });
                refuse(lang, 403, "foreign_origin", None)
            }
            Method::Post if path == "/submit" => {
                let response = self.submit(req);
                if response.status != 200 {
                    self.say(Activity::Refused {
                        reason: refusal_reason(response.status),
                    });
                }
                response
            }
            Method::Post => refuse(lang, 404, "not_found", None),
            Method::Other => {
                refuse(lang, 405, "not_allowed", None).with_header("Allow", "GET, HEAD, POST")
            }
        }
    }

    fn say(&self, activity: Activity) {
        // Full (nobody reads): the news is dropped, never the request held up.
        let _ = self.activity.try_send(activity);
    }

    fn check(&self, token: &str) -> Result<TokenCheck, StoreError> {
        if self.clock.today() != self.day {
            return Ok(TokenCheck::DayOver);
        }
        let current = self.store.day_token(self.day)?;
        Ok(match current {
            Some(t) if super::token::same(&t, token) => TokenCheck::Current,
            _ => TokenCheck::Stale,
        })
    }

    /// A refusal for a token that does not open the form, if it does not.
    fn token_refusal(&self, lang: Lang, token: &str) -> Option<Response> {
        match self.check(token) {
            Ok(TokenCheck::Current) => None,
            Ok(TokenCheck::Stale) => Some(refuse(lang, 403, "stale_token", None)),
            Ok(TokenCheck::DayOver) => Some(refuse(lang, 410, "closed", None)),
            Err(e) => {
                self.say(Activity::Failed {
                    error: Refusal::from(&e),
                });
                Some(refuse(lang, 503, "busy", None))
            }
        }
    }

    fn form(&mut self, lang: Lang, token: &str) -> Response {
        if let Some(refused) = self.token_refusal(lang, token) {
            return refused;
        }
        let blank = Submission::default();
        let form_id = match fresh_id() {
            Ok(id) => id,
            Err(e) => {
                self.say(Activity::Failed {
                    error: Refusal::from(&e),
                });
                return refuse(lang, 503, "no_random", None);
            }
        };
        Response::html(
            200,
            page::form(&FormPage {
                lang,
                station: &self.station,
                token,
                form_id: &form_id,
                input: &blank,
                problems: &BTreeMap::new(),
                banner: None,
            }),
        )
    }

    fn submit(&mut self, req: &Request) -> Response {
        let is_form = req.content_type.as_deref().is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim() == "application/x-www-form-urlencoded")
        });
        if !is_form {
            return refuse(Lang::Zh, 415, "bad_request", None);
        }
        let Some(sub) = Submission::parse(&req.body) else {
            return refuse(Lang::Zh, 400, "bad_request", None);
        };
        let lang = sub.lang.unwrap_or(Lang::Zh);
        if let Some(refused) = self.token_refusal(lang, &sub.token) {
            return refused;
        }
        if !is_token_shaped(&sub.form_id) {
            return refuse(lang, 400, "bad_request", None);
        }
        // The same form again (a double tap, a reload of the answer): the same answer.
        if let Some((_, number)) = self.answered.get(&sub.form_id) {
            return Response::html(200, self.answer(lang, number));
        }
        let problems = sub.problems();
        if !problems.is_empty() {
            return self.form_again(&sub, lang, 422, &problems, None);
        }
        let saved = match sub.kind {
            Kind::Opinion => self.register_case(&sub),
            Kind::Wish => self.register_wish(&sub),
        };
        match saved {
            Ok(number) => {
                self.remember(&sub.form_id, &number);
                self.say(Activity::Registered {
                    number: number.clone(),
                });
                Response::html(200, self.answer(lang, &number))
            }
            Err(e) => {
                // The reason goes to the desk; the resident keeps the input and is asked to
                // try again or come to the desk. Nothing was registered.
                self.say(Activity::Failed {
                    error: Refusal::from(&e),
                });
                self.form_again(&sub, lang, 503, &BTreeMap::new(), Some("unavailable"))
            }
        }
    }

    /// The page after a registration: a wish's number, or a case's queue number.
    fn answer(&self, lang: Lang, number: &str) -> String {
        if parse_wish_number(number).is_some() {
            page::wish_registered(lang, &self.station, number)
        } else {
            page::registered(lang, &self.station, number)
        }
    }

    /// A wish from the phone: no public wording, so off the wall until the desk approves one.
    fn register_wish(&mut self, sub: &Submission) -> Result<String, StoreError> {
        let new = NewWish {
            content: sub.content.clone(),
            public: String::new(),
            name: sub.name.clone(),
            phone: sub.phone.clone(),
            address: sub.address.clone(),
        };
        let record = self.store.add_wish(&new, ACTOR, self.clock.now())?;
        Ok(record.wish.number)
    }

    fn register_case(&mut self, sub: &Submission) -> Result<String, StoreError> {
        let new = NewCase {
            content: sub.content.clone(),
            name: sub.name.clone(),
            phone: sub.phone.clone(),
            address: sub.address.clone(),
            source: Some(Source::SelfService),
            deputy: None,
            duplicate_of: None,
            self_registered: true,
        };
        let record = self.store.register(&new, ACTOR, self.clock.now())?;
        Ok(record.case.number)
    }

    fn form_again(
        &self,
        sub: &Submission,
        lang: Lang,
        status: u16,
        problems: &BTreeMap<Field, Problem>,
        banner: Option<&'static str>,
    ) -> Response {
        Response::html(
            status,
            page::form(&FormPage {
                lang,
                station: &self.station,
                token: &sub.token,
                form_id: &sub.form_id,
                input: sub,
                problems,
                banner,
            }),
        )
    }

    fn remember(&mut self, form_id: &str, number: &str) {
        if self.answered.len() >= REMEMBERED_FORMS {
            let oldest = self.served.saturating_sub(REMEMBERED_FORMS as u64 / 2);
            self.answered.retain(|_, (n, _)| *n >= oldest);
        }
        self.served += 1;
        self.answered
            .insert(form_id.to_string(), (self.served, number.to_string()));
    }

    fn calls(&self, lang: Lang) -> Response {
        let today = self.clock.today();
        match self.store.calls_on(today, &self.desk, CALLS_SHOWN) {
            Ok(calls) => Response::html(200, page::calls(lang, &self.station, &calls)),
            Err(_) => refuse(lang, 503, "busy", None),
        }
    }
}

impl Site {
    /// The wish wall: open wishes with an approved public wording, and nothing else of them.
    fn wall(&self, lang: Lang) -> Response {
        let listed = self
            .store
            .wishes(Some(WishState::Open))
            .and_then(|records| {
                let stations = self.store.stations()?;
                Ok(records
                    .iter()
                    .filter_map(|r| {
                        let name = stations
                            .iter()
                            .find(|s| s.code == r.wish.station)
                            .map_or(r.wish.station.as_str(), |s| s.name.as_str());
                        WallWish::of(&r.wish, name)
                    })
                    .collect::<Vec<_>>())
            });
        match listed {
            Ok(wishes) => Response::html(200, wall::wall(lang, &self.station, &wishes)),
            Err(_) => refuse(lang, 503, "busy", None),
        }
    }
}

/// Whether a request carries an `Origin` that is not this server as its `Host` names it:
/// another site's page (or a sandboxed one: `null`) sent it.
pub fn from_elsewhere(req: &Request) -> bool {
    let Some(origin) = req.origin.as_deref() else {
        return false;
    };
    let Some(host) = req.host.as_deref() else {
        return true;
    };
    let Some(origin_host) = origin
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
        .map(|_| &origin[7..])
    else {
        return true;
    };
    // `host` and `host:80` are the same server.
    let plain = |h: &str| h.strip_suffix(":80").unwrap_or(h).to_ascii_lowercase();
    plain(origin_host) != plain(host)
}

/// `lang=en` in a query; Chinese otherwise.
pub fn query_lang(query: &str) -> Lang {
    super::form::pairs(query.as_bytes())
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(Lang::Zh)
}

/// A short page saying why nothing was done.
pub fn refuse(lang: Lang, status: u16, key: &'static str, wait: Option<u64>) -> Response {
    Response::html(status, page::refusal(lang, key, wait))
}

fn refusal_reason(status: u16) -> &'static str {
    match status {
        403 => "stale_token",
        410 => "closed",
        422 => "invalid",
        503 => "unavailable",
        _ => "bad_request",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(host: Option<&str>, origin: Option<&str>) -> Request {
        Request {
            method: Method::Post,
            path: "/submit".into(),
            query: String::new(),
            content_type: None,
            host: host.map(str::to_string),
            origin: origin.map(str::to_string),
            body: Vec::new(),
            peer: [192, 168, 1, 34].into(),
        }
    }

    #[test]
    fn an_origin_other_than_this_server_is_from_elsewhere() {
        let here = Some("192.168.1.20:8080");
        for ours in [
            Some("http://192.168.1.20:8080"),
            Some("HTTP://192.168.1.20:8080"),
            None, // left to the token
        ] {
            assert!(!from_elsewhere(&post(here, ours)), "{ours:?}");
        }
        assert!(!from_elsewhere(&post(
            Some("192.168.1.20"),
            Some("http://192.168.1.20:80")
        )));
        assert!(!from_elsewhere(&post(
            Some("[::1]:8080"),
            Some("http://[::1]:8080")
        )));
        for foreign in [
            "http://evil.example",
            "http://192.168.1.20:8081",
            "https://192.168.1.20:8080",
            "http://192.168.1.20:8080.evil.example",
            "null",
            "",
        ] {
            assert!(from_elsewhere(&post(here, Some(foreign))), "{foreign:?}");
        }
        // An Origin with no Host to compare it with cannot be this server's.
        assert!(from_elsewhere(&post(
            None,
            Some("http://192.168.1.20:8080")
        )));
    }
}
