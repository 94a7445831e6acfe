//! A strict, small CSV reader (RFC 4180): commas, double quotes with doubled quotes inside,
//! CRLF or LF line ends. Enough for the spreadsheets stations keep; it never guesses.

/// A CSV that does not parse, with the line it went wrong on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("line {line}: a quoted field is not closed")]
    UnclosedQuote { line: usize },
    #[error("line {line}: text after a closing quote")]
    AfterQuote { line: usize },
}

/// A record and the line it starts on (1-based).
pub type Record = (usize, Vec<String>);

pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut closed = false;
        loop {
            match chars.next() {
                None => {
                    if quoted && !closed {
                        return Err(CsvError::UnclosedQuote { line: start });
                    }
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some('"') if quoted && !closed => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        closed = true;
                    }
                }
                Some('"') if field.is_empty() && !quoted => quoted = true,
                Some(',') if !quoted || closed => {
                    fields.push(std::mem::take(&mut field));
                    quoted = false;
                    closed = false;
                }
                Some('\r') if (!quoted || closed) && chars.peek() == Some(&'\n') => {}
                Some('\n') if !quoted || closed => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some(c) => {
                    if closed {
                        return Err(CsvError::AfterQuote { line });
                    }
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
        }
        // Blank lines carry no record.
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            records.push((start, fields));
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_and_line_ends() {
        let text =
            "code,name\r\nSZ,\"街道市政设施管理所, 二科\"\n\nJT,\"说\"\"明\"\"\"\nX,\"多\n行\"\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[1],
            (2, vec!["SZ".into(), "街道市政设施管理所, 二科".into()])
        );
        assert_eq!(rows[2].1[1], "说\"明\"");
        assert_eq!(rows[3], (5, vec!["X".into(), "多\n行".into()]));
    }

    #[test]
    fn broken_quotes_are_named() {
        assert_eq!(parse("a,\"b\n"), Err(CsvError::UnclosedQuote { line: 1 }));
        assert_eq!(parse("a,\"b\"c\n"), Err(CsvError::AfterQuote { line: 1 }));
    }
}
