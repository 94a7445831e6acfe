//! `formats::csv::parse`: the strict RFC 4180 reader.
#![no_main]

use liaison::formats::csv::{CsvError, parse};
use libfuzzer_sys::fuzz_target;

fn quote(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.matches('\n').count() + 1;
    match parse(text) {
        Ok(records) => {
            let mut last = 0;
            for (line, fields) in &records {
                assert!(
                    *line > last && *line <= lines,
                    "line {line} after {last} of {lines}"
                );
                last = *line;
                assert!(!fields.is_empty());
                assert!(
                    !(fields.len() == 1 && fields[0].trim().is_empty()),
                    "a blank record was kept"
                );
            }
            // Writing the records back, every field quoted, reads the same fields.
            let again: String = records
                .iter()
                .map(|(_, f)| f.iter().map(|s| quote(s)).collect::<Vec<_>>().join(",") + "\r\n")
                .collect();
            let reparsed = parse(&again).expect("quoted output re-parses");
            let a: Vec<&Vec<String>> = records.iter().map(|(_, f)| f).collect();
            let b: Vec<&Vec<String>> = reparsed.iter().map(|(_, f)| f).collect();
            assert_eq!(a, b, "round trip through quoted CSV changed the fields");
        }
        Err(CsvError::UnclosedQuote { line } | CsvError::AfterQuote { line }) => {
            assert!(line >= 1 && line <= lines, "error line {line} of {lines}");
        }
    }
});
