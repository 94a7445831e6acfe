//! A small HTML page for printing from a browser.

/// Escapes text for HTML and drops control characters; line breaks in it stay line breaks.
pub fn escape(text: &str) -> String {
    let safe = crate::domain::text::for_file(text);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>\n"),
            c => out.push(c),
        }
    }
    out
}

/// A printable page around `body` (already escaped HTML); each `<section>` prints on its
/// own sheet.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <style>\n\
         body {{ font-family: \"SimSun\", \"Songti SC\", serif; margin: 2em; }}\n\
         section {{ page-break-after: always; max-width: 42em; }}\n\
         section:last-child {{ page-break-after: auto; }}\n\
         h1 {{ text-align: center; font-size: 1.4em; }}\n\
         table {{ width: 100%; border-collapse: collapse; }}\n\
         th, td {{ border: 1px solid #000; padding: 0.4em; text-align: left; vertical-align: top; }}\n\
         th {{ width: 7em; white-space: nowrap; }}\n\
         .seal {{ text-align: right; margin-top: 3em; line-height: 2; }}\n\
         .note {{ margin-top: 1em; }}\n\
         </style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("<b>路灯</b> & \"x\""),
            "&lt;b&gt;路灯&lt;/b&gt; &amp; &quot;x&quot;"
        );
        assert_eq!(escape("a\u{1b}[2Jb"), "ab");
        assert_eq!(escape("第一行\n第二行"), "第一行<br>\n第二行");
    }
}
