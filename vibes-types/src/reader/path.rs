//! JSON paths: where in a body a value, a fault or an unknown field sits.

use std::borrow::Cow;
use std::fmt;

/// A location inside a JSON document, from its root: object keys and array indexes.
///
/// It displays the way the documentation writes fields, `event_processed.action.failure.reason`
/// or `failure.errors[0].error`; keys that are not plain words are quoted (`["content-type"]`),
/// and the root itself displays as `.`.
///
/// ```
/// use vibes_types::{Callback, JsonPath, Segment};
///
/// let error = Callback::from_slice(br#"{"event_id": "e1", "callback_type": "event_processed",
///   "event_date": "2022-08-15T20:20:02Z", "event_processed": {"action": {"type": "routing",
///     "status": "failed", "failure": {"reason": "no_routes_accepted_event",
///       "errors": [{"error": 404}]}}}}"#).unwrap_err();
/// let path: &JsonPath = error.path();
/// assert_eq!(path.to_string(), "event_processed.action.failure.errors[0].error");
/// assert_eq!(path.segments()[4], Segment::Index(0));
/// assert!(JsonPath::root().is_root());
/// assert_eq!(JsonPath::root().join_key("content-type").to_string(), r#"["content-type"]"#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct JsonPath {
    segments: Vec<Segment>,
}

/// One step of a [`JsonPath`].
///
/// ```
/// use vibes_types::{JsonPath, Segment};
///
/// let path = JsonPath::root().join_key("participant").join_key("status");
/// let keys: Vec<&str> = path
///     .segments()
///     .iter()
///     .filter_map(|segment| match segment {
///         Segment::Key(key) => Some(key.as_ref()),
///         Segment::Index(_) => None,
///     })
///     .collect();
/// assert_eq!(keys, ["participant", "status"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A member of an object, by key.
    Key(Cow<'static, str>),
    /// An element of an array, by position from zero.
    Index(usize),
}

impl JsonPath {
    /// The root of the document.
    pub fn root() -> Self {
        JsonPath::default()
    }

    /// The steps from the root, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether this is the root of the document.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Appends an object key known at compile time (a field's wire name).
    pub(crate) fn push_key(&mut self, key: &'static str) {
        self.segments.push(Segment::Key(Cow::Borrowed(key)));
    }

    /// Appends an object key read from the input.
    pub(crate) fn push_owned_key(&mut self, key: String) {
        self.segments.push(Segment::Key(Cow::Owned(key)));
    }

    /// Appends an array index.
    pub(crate) fn push_index(&mut self, index: usize) {
        self.segments.push(Segment::Index(index));
    }

    /// Removes the last step, going back to the parent.
    pub(crate) fn pop(&mut self) {
        self.segments.pop();
    }

    /// This path followed by `key`.
    pub fn join_key(&self, key: &str) -> JsonPath {
        let mut joined = self.clone();
        joined.push_owned_key(key.to_owned());
        joined
    }

    /// This path followed by the array element at `index`.
    ///
    /// ```
    /// use vibes_types::JsonPath;
    ///
    /// let path = JsonPath::root().join_key("errors").join_index(1).join_key("message");
    /// assert_eq!(path.to_string(), "errors[1].message");
    /// ```
    pub fn join_index(&self, index: usize) -> JsonPath {
        let mut joined = self.clone();
        joined.push_index(index);
        joined
    }

    pub(crate) fn from_serde(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment as Step;
        let segments = path
            .iter()
            .filter_map(|step| match step {
                Step::Seq { index } => Some(Segment::Index(*index)),
                Step::Map { key } => Some(Segment::Key(Cow::Owned(key.clone()))),
                Step::Enum { variant } => Some(Segment::Key(Cow::Owned(variant.clone()))),
                Step::Unknown => None,
            })
            .collect();
        JsonPath { segments }
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str(".");
        }
        for (position, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Key(key) if is_plain(key) => {
                    if position > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => write!(f, "[{key:?}]")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonPath({self})")
    }
}

fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_keys_indexes_and_quoted_keys() {
        let mut path = JsonPath::root();
        assert_eq!(path.to_string(), ".");
        path.push_key("failure");
        path.push_key("errors");
        path.push_index(0);
        path.push_owned_key("odd key".to_owned());
        assert_eq!(path.to_string(), r#"failure.errors[0]["odd key"]"#);
        path.pop();
        path.push_key("error");
        assert_eq!(path.to_string(), "failure.errors[0].error");
    }
}
