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

/// Why a file is refused, without its location (the caller adds it).
pub fn check_expansion(text: &str) -> Result<(), String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} KiB; rtgen reads files of at most {} KiB",
            text.len().div_ceil(1024),
            MAX_FILE_BYTES / 1024
        ));
    }
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
                return Err(format!(
                    "the file expands to {what} once its YAML aliases (`*name`) are repeated; rtgen reads at most that"
                ));
            }
            // Syntax errors are reported, with their place, by the real parse.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
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
    }

    #[test]
    fn an_alias_bomb_is_refused_before_it_expands() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (level, previous) in ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"]) {
            let items = vec![format!("*{previous}"); 10].join(", ");
            text.push_str(&format!("{level}: &{level} [{items}]\n"));
        }
        let started = std::time::Instant::now();
        let error = check_expansion(&text).unwrap_err();
        assert!(error.contains("more than 20000 values"), "{error}");
        assert!(started.elapsed().as_secs() < 2);
        assert!(check_expansion(&"x".repeat(MAX_FILE_BYTES + 1)).unwrap_err().contains("257 KiB"));
        // The shape: one big anchor repeated by 2,000 aliases.
        let big = format!("t: &t \"{}\"\n", "y".repeat(5000));
        let text = format!("{big}list: [{}]\n", vec!["*t"; 2000].join(", "));
        assert!(check_expansion(&text).unwrap_err().contains("KiB of text"), "{:?}", check_expansion(&text));
    }
}
