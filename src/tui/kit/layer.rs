//! A layer: anything open over the main screen (a form, a dialog, a view, a question, the
//! help). Open layers are a stack, as helix's compositor: the top one takes the keys and
//! answers with an [`Outcome`] (push another layer over it, give way to another, close, run
//! effects); every layer is offered the effects' results; they draw bottom up.

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::problem::Problem;
use super::view::View;
use crate::i18n::Ui;
use crate::store::BoardFilter;
use crate::tui::action::Command;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;

/// Input that reaches a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Command(Command),
    Insert(char),
    Paste(String),
}

/// A command worth showing in the hint bar: whether it can run now, and how important it is
/// (0 is kept whatever the width; higher ranks are dropped first when the bar is too narrow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub command: Command,
    pub enabled: bool,
    pub rank: u8,
}

impl Hint {
    pub const fn new(command: Command, rank: u8) -> Hint {
        Hint {
            command,
            enabled: true,
            rank,
        }
    }

    /// Greyed out unless `enabled`.
    pub const fn when(mut self, enabled: bool) -> Hint {
        self.enabled = enabled;
        self
    }
}

/// What a yes to a question does.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Quit,
    /// Close the layer under the question, throwing away what was typed.
    Discard,
    Run(Vec<Effect>),
}

/// What a layer asks of the stack after an input or a result.
#[derive(Debug)]
pub enum Outcome {
    /// The layer changed itself, or the input meant nothing to it.
    Stay,
    /// Effects for the loop to run (a save, a lookup); the layer stays for their result.
    Run(Vec<Effect>),
    /// Open a layer over this one (the details from the search, a form from the details).
    Push(Box<dyn Layer>),
    /// Open a layer, and run these effects for it (the table it shows).
    Open(Box<dyn Layer>, Vec<Effect>),
    /// Give way to another layer (a list read, shown in its view).
    Replace(Box<dyn Layer>),
    /// Esc: close, asking first when something typed would be thrown away.
    Close,
    /// Finished: close now, then run these effects.
    Pop(Vec<Effect>),
    /// A save refused before it was tried: the layer shows the problem at the field, the
    /// status line says it. `field` is the `ui` key of the field's label.
    Refused { field: Ui, problem: Problem },
    /// A message for the status line (a `ui` key): why the command cannot run.
    Say(Ui),
    /// A refusal worded here (a call refused, naming the member who is busy).
    Refusal(String),
    /// News for the status line (not a refusal), and effects to run.
    Tell(Ui, Vec<Effect>),
    /// A question answered yes.
    Answer(Answer),
    /// Ask first (Enter yes, Esc no): the question, a line saying what yes does, and the yes.
    Ask {
        question: Ui,
        detail: String,
        yes: Answer,
    },
    /// A filter for the supervision board (`None`: everything); the picker closes.
    Filter(Option<BoardFilter>),
}

impl Outcome {
    /// A layer opened, then `effect` run for it.
    pub fn then(self, effect: Effect) -> Outcome {
        match self {
            Outcome::Push(layer) => Outcome::Open(layer, vec![effect]),
            other => other,
        }
    }
}

/// A layer of the stack. Each says which keys it takes (its contexts, and the hints of what
/// can run now), reacts to input and results, draws itself and says whether closing it would
/// lose anything: the hint bar, F1 and the stack ask the layer instead of matching on kinds.
pub trait Layer: Any + std::fmt::Debug {
    /// The key contexts while it is on top, most specific first.
    fn contexts(&self) -> Vec<Context>;
    /// The commands for the hint bar now, most useful first; F1 is added by the bar.
    fn hints(&self, view: &View) -> Vec<Hint>;
    fn handle(&mut self, input: &Input, view: &View) -> Outcome;
    /// Draws over `screen`; returns where the terminal cursor belongs (a focused field).
    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position>;
    /// Something was typed that closing would throw away.
    fn is_dirty(&self) -> bool {
        false
    }
    /// The result of an effect, offered to every open layer, the top one first.
    fn receive(&mut self, _done: &Done, _view: &View) -> Outcome {
        Outcome::Stay
    }
    /// The window changed size.
    fn resize(&mut self, _screen: Rect) {}
}

/// The layer as its own type, if it is one (`layer.downcast::<DetailView>()`).
pub fn downcast<T: Layer>(layer: &dyn Layer) -> Option<&T> {
    (layer as &dyn Any).downcast_ref::<T>()
}

/// The layer as its own type, mutably.
pub fn downcast_mut<T: Layer>(layer: &mut dyn Layer) -> Option<&mut T> {
    (layer as &mut dyn Any).downcast_mut::<T>()
}

/// The contexts of a layer whose focused field takes text.
pub fn text_contexts() -> Vec<Context> {
    vec![Context::Text, Context::Form, Context::App]
}

/// The contexts of a read-only list.
pub fn browse_contexts() -> Vec<Context> {
    vec![Context::Browse, Context::List, Context::App]
}

/// The hints every form with fields shows.
pub fn form_hints() -> Vec<Hint> {
    vec![
        Hint::new(Command::Save, 0),
        Hint::new(Command::NextField, 2),
        Hint::new(Command::Close, 1),
    ]
}
