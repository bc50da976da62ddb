//! The `JsonSchema` derive the wire types name: schemars' with the `schema` feature, and without
//! it one that writes nothing (it only lets the `#[serde]` and `#[schemars]` field attributes be).

#[cfg(feature = "schema")]
pub(crate) use schemars::JsonSchema;
#[cfg(not(feature = "schema"))]
pub(crate) use vibes_derive::NoJsonSchema as JsonSchema;
