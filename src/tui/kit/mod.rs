//! What every layer, form and pane is made of: the layer and its outcomes, the small view
//! context they draw from, the form kit, the inputs of fields, problems, and the drawing
//! pieces. Nothing here knows a particular form or the app.

pub mod draw;
pub mod fields;
pub mod form;
pub mod input;
pub mod labels;
pub mod layer;
pub mod problem;
pub mod rows;
pub mod view;

pub use form::{Field, Form, FormSpec, Height};
pub use input::{Edit, FieldInput};
pub use layer::{Answer, Hint, Input, Layer, Outcome};
pub use problem::Problem;
pub use rows::Rows;
pub use view::View;
