//! A JSON value whose objects keep the order they were built in, and its writer.
//!
//! `serde_json::Value` sorts object keys (its map is a `BTreeMap` here), and the order matters
//! to a one-pass reader: Vibes writes the envelope first, a re-serialising proxy may not.

/// A JSON value built by the generator.
#[derive(Clone, Debug)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its keys in order.
    Object(Object),
}

/// An object whose keys keep the order they were pushed in.
#[derive(Clone, Debug, Default)]
pub struct Object(pub Vec<(String, Json)>);

/// How a body is laid out: most senders write compact JSON, some pretty-print it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// No whitespace at all.
    Compact,
    /// One member a line, indented by this many spaces a level.
    Pretty(usize),
}

impl Object {
    /// An empty object.
    pub fn new() -> Object {
        Object::default()
    }

    /// Adds `key` last.
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<Json>) {
        self.0.push((key.into(), value.into()));
    }

    /// Appends every member of `other`, in order.
    pub fn extend(&mut self, other: Object) {
        self.0.extend(other.0);
    }

    /// How many members it has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it already has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(known, _)| known == key)
    }

    /// Sorts the members by key, as a proxy that re-serialises through a sorted map would.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

impl Json {
    /// The JSON text of this value.
    pub fn to_bytes(&self, layout: Layout) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&mut out, layout, 0);
        out
    }

    fn write(&self, out: &mut Vec<u8>, layout: Layout, depth: usize) {
        match self {
            Json::Null => out.extend_from_slice(b"null"),
            Json::Bool(value) => serde_json::to_writer(&mut *out, value).expect("bool"),
            Json::Int(value) => serde_json::to_writer(&mut *out, value).expect("integer"),
            Json::Float(value) => serde_json::to_writer(&mut *out, value).expect("finite"),
            Json::Str(value) => serde_json::to_writer(&mut *out, value).expect("string"),
            Json::Array(items) => {
                out.push(b'[');
                for (position, item) in items.iter().enumerate() {
                    separate(out, layout, depth + 1, position);
                    item.write(out, layout, depth + 1);
                }
                close(out, layout, depth, items.is_empty(), b']');
            }
            Json::Object(Object(members)) => {
                out.push(b'{');
                for (position, (key, value)) in members.iter().enumerate() {
                    separate(out, layout, depth + 1, position);
                    serde_json::to_writer(&mut *out, key).expect("key");
                    out.extend_from_slice(if layout == Layout::Compact {
                        b":"
                    } else {
                        b": "
                    });
                    value.write(out, layout, depth + 1);
                }
                close(out, layout, depth, members.is_empty(), b'}');
            }
        }
    }
}

/// Writes what goes before the member at `position` of a container at `depth`.
fn separate(out: &mut Vec<u8>, layout: Layout, depth: usize, position: usize) {
    if position > 0 {
        out.push(b',');
    }
    if let Layout::Pretty(indent) = layout {
        out.push(b'\n');
        out.resize(out.len() + indent * depth, b' ');
    }
}

/// Closes a container at `depth`.
fn close(out: &mut Vec<u8>, layout: Layout, depth: usize, empty: bool, bracket: u8) {
    if let Layout::Pretty(indent) = layout
        && !empty
    {
        out.push(b'\n');
        out.resize(out.len() + indent * depth, b' ');
    }
    out.push(bracket);
}

impl From<&str> for Json {
    fn from(value: &str) -> Json {
        Json::Str(value.to_owned())
    }
}

impl From<String> for Json {
    fn from(value: String) -> Json {
        Json::Str(value)
    }
}

impl From<bool> for Json {
    fn from(value: bool) -> Json {
        Json::Bool(value)
    }
}

impl From<i64> for Json {
    fn from(value: i64) -> Json {
        Json::Int(value)
    }
}

impl From<f64> for Json {
    fn from(value: f64) -> Json {
        Json::Float(value)
    }
}

impl From<Object> for Json {
    fn from(value: Object) -> Json {
        Json::Object(value)
    }
}

impl From<Vec<Json>> for Json {
    fn from(value: Vec<Json>) -> Json {
        Json::Array(value)
    }
}
