//! What the main screen opens over itself: the intake form, the roster's and the board's
//! pickers, and the views of the function keys.

use super::MainScreen;
use crate::domain::member::Member;
use crate::i18n::Ui;
use crate::store::BoardFilter;
use crate::tui::action::Command;
use crate::tui::effect::Effect;
use crate::tui::effect::holidays::HolidaysRequest;
use crate::tui::effect::serve::ServeRequest;
use crate::tui::forms::intake::Intake;
use crate::tui::kit::{Form, Outcome, View};
use crate::tui::layers::desks::Desks;
use crate::tui::layers::holidays::Holidays;
use crate::tui::layers::pick::{FilterItem, Pick};
use crate::tui::layers::search::Search;
use crate::tui::layers::self_service::SelfService;
use crate::tui::layers::units::Units;
use crate::tui::widgets::picker::Picker;

impl MainScreen {
    /// A blank intake form. The receiving deputy is picked among every member: today's
    /// roster first (those here before those not), then the station's own, then the rest of
    /// the street's. It is the member picked in the duty pane, if any; otherwise left to the
    /// operator (or to the call). A member picked who is not here is brought in and called
    /// once the operator confirms (see [`Intake`]).
    pub(super) fn open_intake(&self, view: &View) -> Outcome {
        let data = view.data;
        let refs = &data.refs;
        let roster = |m: &Member| data.roster.iter().position(|r| r.member.id == m.id);
        let mut members: Vec<(usize, Member)> = refs
            .members
            .iter()
            .map(|m| {
                let rank = match roster(m) {
                    Some(i) if data.roster[i].entry.is_present() => i,
                    Some(i) => data.roster.len() + i,
                    None if m.station == refs.desk.code => 2 * data.roster.len(),
                    None => 2 * data.roster.len() + 1,
                };
                (rank, m.clone())
            })
            .collect();
        members.sort_by_key(|(rank, _)| *rank);
        let on_roster = data
            .roster
            .iter()
            .map(|r| (r.member.id.clone(), r.entry.is_present()))
            .collect();
        let mut spec = Intake::new(members.into_iter().map(|(_, m)| m).collect(), view.texts)
            .on_roster(on_roster);
        if let Some(id) = &self.duty_choice {
            spec.deputy.choose_code(id);
        }
        Outcome::Push(Box::new(Form::new(spec, view.size)))
    }

    /// Insert in the duty pane: a member for today's roster, the station's own first, then
    /// everyone else of the street.
    pub(super) fn open_roster_picker(&self, view: &View) -> Outcome {
        let data = view.data;
        let refs = &data.refs;
        let mut members: Vec<Member> = refs
            .members
            .iter()
            .filter(|m| !data.roster.iter().any(|r| r.member.id == m.id))
            .cloned()
            .collect();
        members.sort_by_key(|m| m.station != refs.desk.code);
        Outcome::Push(Box::new(Pick::RosterMember(Picker::new(members))))
    }

    /// Ctrl-F on the board: everything, a unit on the board, or (at the home) a station.
    pub(super) fn open_filter(&self, view: &View) -> Outcome {
        let data = view.data;
        let t = view.texts;
        let refs = &data.refs;
        let mut items = vec![FilterItem::new(None, "*", t.ui(Ui::FilterAll))];
        let mut units: Vec<&str> = data
            .board
            .iter()
            .filter_map(|r| r.record.case.unit.as_deref())
            .collect();
        units.sort();
        units.dedup();
        for code in units {
            let name = refs.taxonomy.unit(code).map_or(code, |u| t.label(u));
            let filter = BoardFilter::Unit(code.to_string());
            items.push(FilterItem::new(Some(filter), code, name));
        }
        if refs.scope().is_none() {
            for s in &refs.stations {
                let filter = BoardFilter::Station(s.code.clone());
                items.push(FilterItem::new(Some(filter), &s.code, t.label(s)));
            }
        }
        Outcome::Push(Box::new(Pick::BoardFilter(Picker::new(items))))
    }

    /// The views of the function keys; a list read first opens when it arrives.
    pub(super) fn open_view(&self, command: Command, view: &View) -> Outcome {
        match command {
            Command::Search => Outcome::Push(Box::<Search>::default()),
            Command::Units => {
                let units = view.data.refs.taxonomy.units.clone();
                Outcome::Push(Box::new(Units::new(units)))
            }
            Command::Recurring => Outcome::Run(vec![Effect::LoadRecurring]),
            Command::Statistics => Outcome::Run(vec![Effect::LoadStatistics]),
            Command::DutyRecords => Outcome::Run(vec![Effect::LoadDuty]),
            Command::Projects => Outcome::Run(vec![Effect::LoadProjects]),
            Command::Wishes => Outcome::Run(vec![Effect::LoadWishes]),
            Command::SelfService => Outcome::Push(Box::<SelfService>::default())
                .then(Effect::Serve(ServeRequest::Status)),
            Command::Desks => Outcome::Push(Box::<Desks>::default()).then(Effect::LoadDesks),
            // The home rates its stations; a station's desk holds only its own history.
            Command::Scorecard if view.data.refs.scope().is_some() => {
                Outcome::Say(Ui::ScorecardHomeOnly)
            }
            Command::Scorecard => Outcome::Run(vec![Effect::LoadScorecard]),
            Command::Holidays => Outcome::Push(Box::<Holidays>::default())
                .then(Effect::Holidays(HolidaysRequest::Years)),
            _ => Outcome::Stay,
        }
    }
}
