//! Where each node of a YAML document starts, by path (`events[2].name`), so
//! that errors found after deserializing can still name a line and column.

use std::collections::HashMap;
use std::sync::OnceLock;

use saphyr_parser::{Event, Parser};

/// Positions of keys and values, 1-based line and column. The document is
/// indexed on the first question: a valid spec never needs it.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    text: String,
    index: OnceLock<Index>,
}

#[derive(Debug, Default, Clone)]
struct Index {
    values: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

impl Locations {
    /// Positions in `text`, found when first asked for.
    pub fn new(text: &str) -> Locations {
        Locations { text: text.to_string(), index: OnceLock::new() }
    }

    /// Same as `new`, indexed at once.
    pub fn index(text: &str) -> Locations {
        let locations = Locations::new(text);
        locations.get();
        locations
    }

    fn get(&self) -> &Index {
        self.index.get_or_init(|| build(&self.text))
    }
}

/// Indexes `text`; a document that does not parse yields no positions
/// (serde_yaml reports the syntax error itself).
fn build(text: &str) -> Index {
    {
        let mut locations = Index::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let position = (span.start.line(), span.start.col() + 1);
            let is_node = matches!(
                event,
                Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(..)
            );
            let mut node_path = None;
            if is_node {
                match stack.last_mut() {
                    None => node_path = Some(String::new()),
                    Some(Frame::Seq { path, index }) => {
                        node_path = Some(format!("{path}[{index}]"));
                        *index += 1;
                    }
                    Some(Frame::Map { path, key }) => match key.take() {
                        None => {
                            // This node is a key.
                            if let Event::Scalar(value, ..) = &event {
                                let key_path = join(path, value);
                                locations.keys.insert(key_path, position);
                                *key = Some(value.to_string());
                            } else {
                                *key = Some(String::from("?"));
                            }
                            continue;
                        }
                        Some(k) => node_path = Some(join(path, &k)),
                    },
                }
            }
            if let Some(p) = &node_path {
                locations.values.entry(p.clone()).or_insert(position);
            }
            match event {
                Event::MappingStart(..) => stack.push(Frame::Map { path: node_path.unwrap_or_default(), key: None }),
                Event::SequenceStart(..) => stack.push(Frame::Seq { path: node_path.unwrap_or_default(), index: 0 }),
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        locations
    }
}

impl Locations {
    /// Where the value at `path` starts, else its nearest located ancestor.
    pub fn value(&self, path: &str) -> (usize, usize) {
        let mut path = path.to_string();
        loop {
            if let Some(position) = self.get().values.get(&path) {
                return *position;
            }
            if path.is_empty() {
                return (1, 1);
            }
            path = parent(&path);
        }
    }

    /// Where the key of the entry at `path` starts, else where its value does.
    pub fn key(&self, path: &str) -> (usize, usize) {
        self.get().keys.get(path).copied().unwrap_or_else(|| self.value(path))
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn parent(path: &str) -> String {
    match path.rfind(['.', '[']) {
        Some(i) => path[..i].to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_and_values() {
        let text = "module: proposal\nevents:\n  - name: created\n    recipients:\n      roles: [admin, super_admin]\n  - name: approved\n";
        let l = Locations::index(text);
        assert_eq!(l.value("module"), (1, 9));
        assert_eq!(l.key("events"), (2, 1));
        assert_eq!(l.value("events[0].name"), (3, 11));
        assert_eq!(l.value("events[0].recipients.roles[1]"), (5, 22));
        assert_eq!(l.key("events[1].name"), (6, 5));
        assert_eq!(l.value("events[1].recipients"), (6, 5));
    }
}
