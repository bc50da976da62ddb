//! The walk that finds what lenient parsing let through: values outside the documented
//! enumerations and fields the documentation does not name.

use crate::JsonPath;
use serde_json::{Map, Value};
use std::fmt;

/// Something a parsed value holds that the documented contract does not name.
///
/// Lenient parsing keeps all of these (unknown enumeration values as their text, unknown fields in
/// each object's `extra`, unknown callback types with their whole body); strict parsing rejects the
/// ones for which [`Unrecognized::breaks_contract`] is true.
///
/// ```
/// use vibes_types::{Callback, Inspect, Unrecognized};
///
/// let callback = Callback::from_slice(br#"{"event_id": "e1", "callback_type": "device_removed",
///   "event_date": "2017-02-18T15:34:52+0000", "push_device": {"device_os": "WATCHOS"},
///   "reason": "uninstalled"}"#)?;
/// for item in callback.unrecognized() {
///     match &item {
///         Unrecognized::Value { value, .. } => assert_eq!(value, "WATCHOS"),
///         Unrecognized::Field { .. } => assert_eq!(item.path().to_string(), "reason"),
///         _ => {}
///     }
///     println!("{item} (refused by strict reading: {})", item.breaks_contract());
/// }
/// # Ok::<(), vibes_types::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unrecognized {
    /// A value outside a documented enumeration, kept exactly as received.
    Value {
        /// Where the value sits.
        path: JsonPath,
        /// The received text.
        value: String,
        /// The documented values of that enumeration.
        expected: &'static [&'static str],
    },
    /// A field the documentation does not name, kept in its object's `extra` map.
    Field {
        /// Where the field sits (its own key last).
        path: JsonPath,
    },
    /// A key that came more than once in one object; the last value was kept, as
    /// `serde_json::Value` keeps it. Strict reading refuses it.
    RepeatedKey {
        /// Where the key sits (the key last).
        path: JsonPath,
    },
    /// A registration's filter field stood at the top level too, beside the filter object that
    /// was read (see `registration::ReadWarning::FlatFieldBesideFilter`). Which value the service
    /// would take is not documented, so strict reading refuses it.
    FlatFieldBesideFilter {
        /// Where the top-level field sits.
        path: JsonPath,
        /// The key of the filter object that was read.
        filter_under: String,
    },
    /// `callback_type` and `event_type` name different callback types. The body was dispatched
    /// on `callback_type`; the documentation publishes such a body, so this is not an error.
    TypeMismatch {
        /// The `callback_type` value.
        callback_type: String,
        /// The `event_type` value.
        event_type: String,
    },
}

impl Unrecognized {
    /// A value outside a documented enumeration.
    pub(crate) fn value(path: &JsonPath, value: &str, expected: &'static [&'static str]) -> Self {
        Unrecognized::Value {
            path: path.clone(),
            value: value.to_owned(),
            expected,
        }
    }

    /// Where the finding sits; a type mismatch sits at `event_type`, the field that lost.
    pub fn path(&self) -> &JsonPath {
        static EVENT_TYPE: std::sync::LazyLock<JsonPath> =
            std::sync::LazyLock::new(|| JsonPath::root().join_key("event_type"));
        match self {
            Unrecognized::Value { path, .. }
            | Unrecognized::Field { path }
            | Unrecognized::RepeatedKey { path }
            | Unrecognized::FlatFieldBesideFilter { path, .. } => path,
            Unrecognized::TypeMismatch { .. } => &EVENT_TYPE,
        }
    }

    /// Whether strict parsing rejects it: values outside a documented enumeration, repeated
    /// keys and a filter field given twice do. Unknown fields are allowed by the contract (Vibes
    /// tells receivers to ignore them).
    pub fn breaks_contract(&self) -> bool {
        matches!(
            self,
            Unrecognized::Value { .. }
                | Unrecognized::RepeatedKey { .. }
                | Unrecognized::FlatFieldBesideFilter { .. }
        )
    }
}

impl fmt::Display for Unrecognized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unrecognized::Value {
                path,
                value,
                expected,
            } => {
                // The received text is written as a JSON string, escaped, so that whatever it holds
                // (a newline, a backtick, a terminal escape) it cannot pass for something else.
                write!(
                    f,
                    "unknown value {} at `{path}`, expected one of ",
                    Value::from(&**value)
                )?;
                for (position, known) in expected.iter().enumerate() {
                    let separator = if position == 0 { "" } else { ", " };
                    write!(f, "{separator}{}", Value::from(*known))?;
                }
                Ok(())
            }
            Unrecognized::Field { path } => write!(f, "unknown field `{path}` (kept)"),
            Unrecognized::RepeatedKey { path } => {
                write!(
                    f,
                    "key `{path}` comes more than once (the last value was kept)"
                )
            }
            Unrecognized::FlatFieldBesideFilter { path, filter_under } => write!(
                f,
                "`{path}` is a filter field at the top level, beside the filter object read from `{filter_under}` (the object is the filter)"
            ),
            Unrecognized::TypeMismatch {
                callback_type,
                event_type,
            } => write!(
                f,
                "`callback_type` is `{callback_type}` but `event_type` is `{event_type}` (dispatched on `callback_type`)"
            ),
        }
    }
}

/// Walks a parsed value and reports what it holds beyond the documented contract.
///
/// Derived for every body struct by `vibes_derive::Inspect`, for every open enumeration by
/// `vibes_derive::OpenEnum`, and for the callback union by `vibes_derive::Dispatch`.
///
/// Every wire type implements it, so any of them can be asked what it holds beyond the contract:
///
/// ```
/// use vibes_types::Inspect;
/// use vibes_types::events::Subscription;
///
/// let subscription: Subscription = serde_json::from_str(
///     r#"{"opt_out_reason": "USER_OPT_OUT", "channel": "sms"}"#,
/// )?;
/// let found: Vec<String> = subscription.unrecognized().iter().map(ToString::to_string).collect();
/// assert_eq!(found.len(), 2);
/// assert!(found[0].starts_with(r#"unknown value "USER_OPT_OUT" at `opt_out_reason`"#));
/// assert_eq!(found[1], "unknown field `channel` (kept)");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait Inspect {
    /// Appends to `found` every [`Unrecognized`] item of this value, which sits at `path`
    /// (implemented by the derives; call [`unrecognized`](Self::unrecognized)).
    #[doc(hidden)]
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings);

    /// Everything this value holds beyond the documented contract, in field order.
    ///
    /// ```
    /// use vibes_types::{Callback, Inspect};
    ///
    /// let callback = Callback::from_slice(br#"{"event_id": "e1", "callback_type": "person_added",
    ///   "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "12344566"}}"#)?;
    /// assert!(callback.unrecognized().is_empty()); // exactly the documented contract
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    fn unrecognized(&self) -> Vec<Unrecognized> {
        let mut found = Findings::everything();
        self.inspect(&mut JsonPath::root(), &mut found);
        found.items
    }
}

/// What a walk collects: everything, or (for strict reading) only what breaks the contract, so
/// that the walk builds nothing it would throw away.
#[derive(Debug)]
pub struct Findings {
    items: Vec<Unrecognized>,
    contract_only: bool,
    /// Whether the walk looks for repeated keys inside text kept as received.
    inside_kept_text: bool,
}

impl Findings {
    fn everything() -> Self {
        Findings {
            items: Vec::new(),
            contract_only: false,
            inside_kept_text: true,
        }
    }

    /// Collects only what [`Unrecognized::breaks_contract`], looking inside kept text for
    /// repeated keys when `inside_kept_text` (strict reading knows from its reading whether any
    /// kept text may hold one: `kept::reading_strictly`).
    pub(crate) fn contract_only(inside_kept_text: bool) -> Self {
        Findings {
            items: Vec::new(),
            contract_only: true,
            inside_kept_text,
        }
    }

    /// Whether the walk looks for repeated keys inside text kept as received.
    pub(crate) fn looks_inside_kept_text(&self) -> bool {
        self.inside_kept_text
    }

    /// Whether findings that keep to the contract (unknown fields, a type mismatch) are wanted.
    pub(crate) fn wants_all(&self) -> bool {
        !self.contract_only
    }

    /// Adds a finding, unless it is not wanted.
    pub fn push(&mut self, finding: Unrecognized) {
        if self.wants_all() || finding.breaks_contract() {
            self.items.push(finding);
        }
    }

    /// What was collected.
    pub(crate) fn into_items(self) -> Vec<Unrecognized> {
        self.items
    }
}

/// The values of a contract-only walk of `value`: what strict reading refuses; inside kept text
/// only when `inside_kept_text`.
pub(crate) fn contract_problems<T: Inspect + ?Sized>(
    value: &T,
    inside_kept_text: bool,
) -> Vec<Unrecognized> {
    let mut found = Findings::contract_only(inside_kept_text);
    value.inspect(&mut JsonPath::root(), &mut found);
    found.into_items()
}

impl<T: Inspect> Inspect for Option<T> {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        if let Some(value) = self {
            value.inspect(path, found);
        }
    }
}

impl<T: Inspect> Inspect for Vec<T> {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        for (index, value) in self.iter().enumerate() {
            path.push_index(index);
            value.inspect(path, found);
            path.pop();
        }
    }
}

impl<T: Inspect + ?Sized> Inspect for Box<T> {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        (**self).inspect(path, found);
    }
}

/// Values with no enumeration inside hold nothing to report.
macro_rules! nothing_to_inspect {
    ($($ty:ty),* $(,)?) => {
        $(impl Inspect for $ty {
            fn inspect(&self, _: &mut JsonPath, _: &mut Findings) {}
        })*
    };
}

// Free-form JSON (`custom_fields`, `tokens`, `event_data`, `debug_data`) is free by contract: its
// keys are the customer's, so none of them is unknown.
nothing_to_inspect!(String, bool, u32, u64, Value, Map<String, Value>);
