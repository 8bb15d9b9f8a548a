//! Colour in what a person reads: diff lines, the drift report's and the
//! summaries' labels, and the `error:` / `help:` prefixes of messages.
//!
//! Whether a stream gets colour is decided once, when the command starts
//! (`--color`, then `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, a terminal),
//! and a [`Paint`] carries that answer. Text is styled only when it is on, so
//! plain output is byte for byte what rtgen printed before it had colour,
//! and nothing is ever stripped from a host's text. The machine formats of
//! `check` (`--format json|github`) never take a `Paint`.

use std::borrow::Cow;
use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (or `CLICOLOR_FORCE` forces it).
    Auto,
    /// Always, even into a pipe and with `NO_COLOR` set.
    Always,
    /// Never.
    Never,
}

/// Styles text for one output stream, or leaves it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paint {
    on: bool,
}

const BOLD: Style = Style::new().bold();
const RED: Style = AnsiColor::Red.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();
const DIM: Style = Style::new().dimmed();

impl Paint {
    /// No colour: the text as it is.
    pub const PLAIN: Paint = Paint { on: false };
    /// Colour, whatever the stream (for tests and `--color always`).
    pub const COLOR: Paint = Paint { on: true };

    /// The paint for standard output.
    pub fn stdout(choice: ColorChoice) -> Paint {
        Paint::for_stream(choice, std::io::stdout().is_terminal())
    }

    /// The paint for standard error.
    pub fn stderr(choice: ColorChoice) -> Paint {
        Paint::for_stream(choice, std::io::stderr().is_terminal())
    }

    fn for_stream(choice: ColorChoice, terminal: bool) -> Paint {
        let on = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => auto(terminal),
        };
        if on {
            // Windows consoles show escape codes only once asked to; elsewhere a no-op.
            let _ = anstyle_query::windows::enable_ansi_colors();
        }
        Paint { on }
    }

    /// Whether this paint styles anything.
    pub fn is_on(self) -> bool {
        self.on
    }

    fn style(self, style: Style, text: &str) -> String {
        if self.on {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// A unified diff with its headers bold, hunk lines cyan, removed lines
    /// red and added lines green.
    pub fn diff(self, diff: &str) -> Cow<'_, str> {
        if !self.on {
            return Cow::Borrowed(diff);
        }
        let mut out = String::with_capacity(diff.len() + diff.len() / 4);
        for line in diff.split_inclusive('\n') {
            let (text, end) = match line.strip_suffix('\n') {
                Some(text) => (text, "\n"),
                None => (line, ""),
            };
            let style = if text.starts_with("--- ") || text.starts_with("+++ ") {
                BOLD
            } else if text.starts_with("@@") {
                CYAN
            } else if text.starts_with('-') {
                RED
            } else if text.starts_with('+') {
                GREEN
            } else if text.starts_with('\\') {
                DIM
            } else {
                Style::new()
            };
            if style == Style::new() {
                out.push_str(line);
            } else {
                out.push_str(&self.style(style, text));
                out.push_str(end);
            }
        }
        Cow::Owned(out)
    }

    /// A path or other name the line is about.
    pub fn subject(self, text: &str) -> String {
        self.style(BOLD, text)
    }

    /// A drift kind or other state that asks for attention.
    pub fn warning(self, text: &str) -> String {
        self.style(YELLOW, text)
    }

    /// A state that is fine, or a file that is created.
    pub fn good(self, text: &str) -> String {
        self.style(GREEN, text)
    }

    /// A file that is deleted, or a state that failed.
    pub fn bad(self, text: &str) -> String {
        self.style(RED, text)
    }

    /// A label such as `fix:` or `note:`.
    pub fn label(self, text: &str) -> String {
        self.style(BOLD.fg_color(Some(AnsiColor::Cyan.into())), text)
    }

    /// `error: <message>`, with the `help:` and `caused by:` lines' labels styled.
    pub fn error(self, message: &str) -> String {
        let mut out = format!("{} ", self.style(BOLD.fg_color(Some(AnsiColor::Red.into())), "error:"));
        if !self.on {
            out.push_str(message);
            return out;
        }
        for (index, line) in message.split('\n').enumerate() {
            if index > 0 {
                out.push('\n');
            }
            let rest = line.trim_start();
            let indent = &line[..line.len() - rest.len()];
            match ["help:", "caused by:"].into_iter().find(|label| rest.starts_with(label)) {
                Some(label) if !indent.is_empty() => {
                    out.push_str(indent);
                    out.push_str(&self.label(label));
                    out.push_str(&rest[label.len()..]);
                }
                _ => out.push_str(line),
            }
        }
        out
    }
}

/// `--color auto`: the policy of anstream's `AutoStream::choice`, which clap
/// follows for its own help.
fn auto(terminal: bool) -> bool {
    let clicolor = anstyle_query::clicolor();
    if anstyle_query::no_color() {
        false
    } else if anstyle_query::clicolor_force() {
        true
    } else if clicolor == Some(false) {
        false
    } else {
        terminal && (anstyle_query::term_supports_color() || clicolor == Some(true) || anstyle_query::is_ci())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "--- a/x.js\n+++ b/x.js\n@@ -1,2 +1,2 @@\n keep\n-old\n+new\n\\ No newline at end of file\n";

    #[test]
    fn plain_is_the_text_as_it_is() {
        assert_eq!(Paint::PLAIN.diff(DIFF), DIFF);
        assert_eq!(Paint::PLAIN.error("bad\n  help: fix it"), "error: bad\n  help: fix it");
        assert_eq!(Paint::PLAIN.subject("a.js"), "a.js");
    }

    #[test]
    fn colour_only_adds_escape_codes() {
        let coloured = Paint::COLOR.diff(DIFF);
        assert_ne!(coloured, DIFF);
        assert_eq!(strip(&coloured), DIFF);
        let message = "`x.yaml:1:1`: bad\n  caused by: io\n  help: fix it";
        assert_eq!(strip(&Paint::COLOR.error(message)), format!("error: {message}"));
    }

    #[test]
    fn coloured_diff_snapshot() {
        insta::assert_snapshot!(Paint::COLOR.diff(DIFF).replace('\x1b', "\\e"));
    }

    #[test]
    fn coloured_error_snapshot() {
        let message = "`realtime/proposal.yaml:7:5`: unknown key `recipents`\n  help: did you mean `recipients`?";
        insta::assert_snapshot!(Paint::COLOR.error(message).replace('\x1b', "\\e"));
    }

    #[test]
    fn only_labels_at_the_start_of_an_indented_line_are_styled() {
        let message = "help: is not a label here\n  the word help: neither";
        assert_eq!(Paint::COLOR.error(message), format!("{}{}", Paint::COLOR.error(""), message));
    }

    /// Removes `ESC [ ... m` sequences.
    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
