//! Text placed into JavaScript: string literals, template-literal text and
//! comments, escaped so that it stays text wherever the file ends up.

/// `text` as a double-quoted JavaScript string literal. Beyond JSON's
/// escapes, U+2028 and U+2029 (line terminators to older engines) and `</`
/// (which would end an inline `<script>`) are escaped, so the literal is
/// text wherever the file ends up.
pub fn js_string_literal(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string serializes");
    escape_for_script(&json)
}

/// `text` as the raw inside of a JavaScript template literal: `` ` ``, `${`
/// and `\` escaped, so no substitution can start in it, and line breaks and
/// control characters as escapes, so restyling (indentation, line endings)
/// cannot change the text. Callers pass whole runs of literal text, so a
/// `$` at the end is followed by a substitution of theirs, never by a `{`
/// of the text.
pub fn js_template_chunk(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            other => out.push(other),
        }
    }
    escape_for_script(&out)
}

/// Escapes U+2028, U+2029 and `</` in the inside of an already escaped
/// literal (each stays the same character to JavaScript).
fn escape_for_script(escaped: &str) -> String {
    if !escaped.contains(['\u{2028}', '\u{2029}', '<']) {
        return escaped.to_string();
    }
    escaped.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029").replace("</", "<\\/")
}

/// `text` safe inside a comment: `*/` split, line breaks and other control
/// characters as spaces.
pub fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() || c == '\u{2028}' || c == '\u{2029}' { ' ' } else { c })
        .collect::<String>()
        .replace("*/", "* /")
}
