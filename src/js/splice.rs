//! Edits on byte offsets of an original text: insertions and deletions, all
//! expressed against the original, applied together. Outside the edits the
//! text stays byte-identical, which is what lets rtgen patch a host file
//! without reprinting (and reformatting) it.

use std::fmt;
use std::ops::Range;

/// A list of edits on one original text.
///
/// Insertions at the same offset come out in the order they were added (each
/// sticks to the right of the earlier ones, like magic-string's
/// `appendLeft`), so a patcher that adds module A then module B at one anchor
/// gets `A` before `B`. An insertion at the start or end of a deleted range
/// lands where the range was; one strictly inside a deleted range is refused
/// by [`Splice::apply`]. Overlapping deletions delete their union.
#[derive(Debug, Clone, Default)]
pub struct Splice {
    inserts: Vec<(usize, String)>,
    deletes: Vec<Range<usize>>,
}

/// Two edits that cannot both apply (a bug in the patcher that made them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpliceError {
    pub message: String,
}

impl fmt::Display for SpliceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpliceError {}

impl Splice {
    /// An empty edit list.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when no edit was recorded.
    pub fn is_empty(&self) -> bool {
        self.inserts.is_empty() && self.deletes.is_empty()
    }

    /// Inserts `text` at byte `offset` of the original.
    pub fn insert(&mut self, offset: u32, text: impl Into<String>) {
        self.inserts.push((offset as usize, text.into()));
    }

    /// Deletes the original bytes `start..end`.
    pub fn delete(&mut self, start: u32, end: u32) {
        if start < end {
            self.deletes.push(start as usize..end as usize);
        }
    }

    /// Replaces the original bytes `start..end` with `text`.
    pub fn replace(&mut self, start: u32, end: u32, text: impl Into<String>) {
        self.delete(start, end);
        self.insert(start, text);
    }

    /// Applies every edit to `original` and returns the new text.
    ///
    /// Built in one ascending pass over the original, which gives the same
    /// result as applying the edits in descending offset order.
    pub fn apply(&self, original: &str) -> Result<String, SpliceError> {
        // Overlapping deletions delete their union: removing two adjacent
        // statements may claim the same whitespace twice.
        let mut sorted = self.deletes.clone();
        sorted.sort_by_key(|r| (r.start, r.end));
        let mut deletes: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
        for range in sorted {
            match deletes.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => deletes.push(range),
            }
        }
        // Stable sort: inserts at one offset keep the order they were added in.
        let mut inserts: Vec<&(usize, String)> = self.inserts.iter().collect();
        inserts.sort_by_key(|(offset, _)| *offset);

        let check = |at: usize| -> Result<(), SpliceError> {
            if at > original.len() || !original.is_char_boundary(at) {
                return Err(SpliceError { message: format!("offset {at} is not a character boundary") });
            }
            Ok(())
        };
        for range in &deletes {
            check(range.start)?;
            check(range.end)?;
        }
        for (offset, _) in &inserts {
            check(*offset)?;
            if let Some(range) = deletes.iter().find(|r| r.start < *offset && *offset < r.end) {
                return Err(SpliceError { message: format!("insertion at {offset} inside deletion {range:?}") });
            }
        }

        let extra: usize = inserts.iter().map(|(_, text)| text.len()).sum();
        let mut out = String::with_capacity(original.len() + extra);
        let mut cursor = 0;
        let mut deletes = deletes.into_iter().peekable();
        let mut inserts = inserts.into_iter().peekable();
        loop {
            let next_insert = inserts.peek().map(|(offset, _)| *offset);
            let next_delete = deletes.peek().map(|r| r.start);
            match (next_insert, next_delete) {
                // An insertion at a deletion's start is written first; the
                // deleted bytes after it vanish either way.
                (Some(at), d) if d.is_none_or(|d| at <= d) => {
                    out.push_str(&original[cursor..at]);
                    cursor = at;
                    out.push_str(&inserts.next().expect("peeked").1);
                }
                (_, Some(_)) => {
                    let range = deletes.next().expect("peeked");
                    out.push_str(&original[cursor..range.start]);
                    cursor = range.end;
                }
                (None, None) => break,
                (Some(_), None) => unreachable!("covered by the first arm"),
            }
        }
        out.push_str(&original[cursor..]);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_edits_is_identity() {
        assert_eq!(Splice::new().apply("a\r\nb").unwrap(), "a\r\nb");
    }

    #[test]
    fn inserts_at_one_offset_keep_their_order() {
        let mut s = Splice::new();
        s.insert(1, "X");
        s.insert(3, "Z");
        s.insert(1, "Y");
        assert_eq!(s.apply("abc").unwrap(), "aXYbcZ");
    }

    #[test]
    fn deletes_and_replaces() {
        let mut s = Splice::new();
        s.delete(0, 2);
        s.replace(3, 5, "__");
        s.insert(5, "!");
        s.insert(2, "<");
        assert_eq!(s.apply("abcdefg").unwrap(), "<c__!fg");
    }

    #[test]
    fn overlapping_deletes_merge() {
        let mut s = Splice::new();
        s.delete(0, 3);
        s.delete(2, 4);
        s.insert(4, "x");
        assert_eq!(s.apply("abcdef").unwrap(), "xef");
    }

    #[test]
    fn refuses_inner_inserts() {
        let mut s = Splice::new();
        s.delete(0, 3);
        s.insert(1, "x");
        assert!(s.apply("abcdef").is_err());
        let mut s = Splice::new();
        s.insert(1, "x");
        assert!(s.apply("é").is_err());
    }
}
