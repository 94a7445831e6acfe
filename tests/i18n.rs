//! The texts of the report: the README defines every figure the report counts. (That every
//! text the code asks for exists in both languages is checked by the compiler: see
//! `build.rs` and `src/i18n.rs`.)

#[test]
fn the_readme_defines_every_report_figure() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (term, definition) in liaison::report::definitions::DEFINITIONS {
        assert!(
            readme.contains(&format!("| {term} | {definition} |")),
            "README lacks the definition of {term}"
        );
    }
}
