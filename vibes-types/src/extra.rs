//! The fields of an object that the documentation does not name, kept as received.

use crate::{Inspect, JsonPath, Unrecognized};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Fields of an object that this version does not model, with their values as received.
///
/// Vibes tells receivers to ignore fields they do not know, and adds fields over time. Every body
/// struct keeps them here (flattened, so they are written back where they came from) and
/// [`Inspect::unrecognized`] lists them with their paths, so nothing is silently dropped.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Extra(pub Map<String, Value>);

impl Extra {
    /// Whether the object had no unknown field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of one unknown field.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The unknown fields, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Inspect for Extra {
    fn inspect(&self, path: &mut JsonPath, found: &mut Vec<Unrecognized>) {
        for key in self.0.keys() {
            found.push(Unrecognized::Field {
                path: path.join_key(key),
            });
        }
    }
}
