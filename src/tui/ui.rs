//! One frame: the main screen, the status and hint lines, what is open over them, and the
//! terminal cursor on the focused field.

use ratatui::Frame;

use super::app::App;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let caret = app.draw(area, frame.buffer_mut());
    // Every frame: the IME's candidate window follows the real cursor.
    if let Some(position) = caret {
        frame.set_cursor_position(position);
    }
}
