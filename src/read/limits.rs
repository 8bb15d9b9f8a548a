//! How much a YAML file rtgen reads (a module spec, `rtgen.yaml`) may hold
//! and expand to. A few aliases (`*name`) can repeat a large anchored node
//! thousands of times, so the expanded document is measured first, by a
//! walk that stops at the limit without building anything, and only then
//! deserialized.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// The largest spec or profile file rtgen reads.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// The most values (scalars, lists, maps) a file may expand to, aliases
/// repeated: a spec with 100 events of 20 values each is 2,000.
pub const MAX_VALUES: usize = 20_000;
/// The most text its scalars may expand to.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// The most events in one spec.
pub const MAX_EVENTS: usize = 200;
/// The most entries in one event's `payload` and in each recipients list.
pub const MAX_LIST: usize = 200;

/// The deepest nesting of flow collections (`[`, `{`) a file may have: a
/// spec nests three or four. YAML parsers take time that grows with the
/// square of the nesting, so it is measured by a plain scan first.
pub const MAX_NESTING: usize = 32;

/// Why a file is refused: what, and where when one place is to blame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    /// Line and column (1-based).
    pub at: Option<(usize, usize)>,
    pub help: &'static str,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why a file is refused, without its file name (the caller adds it).
pub fn check_expansion(text: &str) -> Result<(), Refusal> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Refusal {
            message: format!(
                "the file is {} KiB; rtgen reads files of at most {} KiB",
                text.len().div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
            at: None,
            help: "a module spec is a few KiB: check that this is the file you meant",
        });
    }
    check_nesting(text)?;
    let aliases = first_alias(text);
    let budget = Budget { values: Cell::new(0), bytes: Cell::new(0) };
    for document in serde_yaml::Deserializer::from_str(text) {
        match (&budget).deserialize(document) {
            Ok(()) => {}
            // serde_yaml's own limit on alias jumps counts as ours.
            Err(error)
                if error.to_string().contains(OVER) || error.to_string().contains("repetition limit exceeded") =>
            {
                let what = if budget.values.get() > MAX_VALUES || budget.bytes.get() <= MAX_TEXT_BYTES {
                    format!("more than {MAX_VALUES} values")
                } else {
                    format!("more than {} KiB of text", MAX_TEXT_BYTES / 1024)
                };
                return Err(match aliases {
                    Some(at) => Refusal {
                        message: format!(
                            "the file expands to {what} once its YAML aliases (`*name`) are repeated; rtgen reads at most that"
                        ),
                        at: Some(at),
                        help: "a module spec is a few KiB: write out what the aliases repeat instead",
                    },
                    None => Refusal {
                        message: format!("the file holds {what}; rtgen reads at most that"),
                        at: None,
                        help: "a module spec is a few KiB: check that this is the file you meant, or split the module",
                    },
                });
            }
            // Syntax errors are reported, with their place, by the real parse.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Refuses flow collections nested deeper than [`MAX_NESTING`], at the
/// bracket that goes too deep. Quoted text and comments are skipped.
pub fn check_nesting(text: &str) -> Result<(), Refusal> {
    let mut depth = 0usize;
    for (i, line) in text.split('\n').enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        let mut chars = line.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => {
                    // `''` inside single quotes is a quote, not the end.
                    if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                Some(_) => {}
                None => match c {
                    '#' if previous.is_whitespace() => break,
                    '"' | '\'' if previous.is_whitespace() || matches!(previous, '[' | '{' | ',' | ':') => {
                        quote = Some(c)
                    }
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_NESTING {
                            let column = line[..offset].chars().count() + 1;
                            return Err(Refusal {
                                message: format!(
                                    "brackets nest deeper than {MAX_NESTING} levels here; rtgen reads at most that"
                                ),
                                at: Some((i + 1, column)),
                                help: "a module spec nests a few levels: close the brackets that were left open, or write the lists out",
                            });
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            previous = c;
        }
        // A double-quoted scalar may span lines; a single-quoted one too.
    }
    Ok(())
}

/// Where the first alias (`*name`) is, if the file has one.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    text.split('\n').enumerate().find_map(|(i, line)| {
        let code = line.split(" #").next().unwrap_or(line);
        code.char_indices()
            .find(|(offset, c)| {
                *c == '*'
                    && code[..*offset]
                        .chars()
                        .last()
                        .is_none_or(|p| p.is_whitespace() || matches!(p, '[' | '{' | ',' | ':'))
                    && code[offset + 1..].chars().next().is_some_and(|n| n.is_alphanumeric() || n == '_')
            })
            .map(|(offset, _)| (i + 1, code[..offset].chars().count() + 1))
    })
}

const OVER: &str = "rtgen: over the limit";

/// Counts what a document expands to, and stops at the limits.
struct Budget {
    values: Cell<usize>,
    bytes: Cell<usize>,
}

impl Budget {
    fn spend<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        self.values.set(self.values.get() + 1);
        self.bytes.set(self.bytes.get() + bytes);
        if self.values.get() > MAX_VALUES || self.bytes.get() > MAX_TEXT_BYTES {
            return Err(E::custom(OVER));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for &Budget {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &Budget {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.spend(text.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while map.next_entry_seed(self, self)?.is_some() {}
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let ((), variant) = data.variant_seed(self)?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_files_pass() {
        let spec = "module: proposal\nbase: &r { roles: [admin] }\nevents:\n  - name: created\n    recipients: *r\n";
        assert_eq!(check_expansion(spec), Ok(()));
        assert_eq!(check_expansion("a: [unclosed"), Ok(()), "syntax errors are the parser's to report");
        assert_eq!(
            check_expansion("a: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\" # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"),
            Ok(())
        );
    }

    #[test]
    fn an_alias_bomb_is_refused_before_it_expands() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (level, previous) in ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"]) {
            let items = vec![format!("*{previous}"); 10].join(", ");
            text.push_str(&format!("{level}: &{level} [{items}]\n"));
        }
        let started = std::time::Instant::now();
        let error = check_expansion(&text).unwrap_err().message;
        assert!(error.contains("more than 20000 values"), "{error}");
        assert!(error.contains("aliases"), "{error}");
        assert!(started.elapsed().as_secs() < 2);
        assert!(check_expansion(&"x".repeat(MAX_FILE_BYTES + 1)).unwrap_err().message.contains("257 KiB"));
        // The shape: one big anchor repeated by 2,000 aliases.
        let big = format!("t: &t \"{}\"\n", "y".repeat(5000));
        let text = format!("{big}list: [{}]\n", vec!["*t"; 2000].join(", "));
        assert!(check_expansion(&text).unwrap_err().message.contains("KiB of text"), "{:?}", check_expansion(&text));
    }

    #[test]
    fn deep_nesting_is_refused_at_its_bracket_before_any_parse() {
        let text = format!("module: proposal\nevents: {}\n", "[".repeat(MAX_FILE_BYTES - 100));
        let refusal = check_expansion(&text).unwrap_err();
        assert_eq!(refusal.at, Some((2, 9 + MAX_NESTING)));
        assert!(refusal.message.contains("deeper than 32"), "{refusal:?}");
        let nested = format!("a: {}{}\n", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        assert_eq!(check_expansion(&nested), Ok(()));
    }

    #[test]
    fn many_values_without_aliases_are_not_blamed_on_aliases() {
        let text: String = (0..MAX_VALUES + 10).map(|i| format!("k{i}: v\n")).collect();
        let refusal = check_expansion(&text).unwrap_err();
        assert!(!refusal.message.contains("aliases"), "{refusal:?}");
        assert_eq!(refusal.at, None);
    }
}
