//! Derives that keep the Vibes wire strings, the dispatch on callback type and the strict-contract
//! walk in one place, so that `vibes-types` never spells a wire string outside an attribute.
//!
//! - `OpenEnum`: an enumeration Vibes may extend. Known values are unit variants named by
//!   `#[vibes(rename = "…")]`; one `#[vibes(other)] Unknown(String)` variant keeps any other value
//!   exactly as read.
//! - `Inspect`: walks a struct's fields (by their serde wire names) to report unknown enumeration
//!   values and ignored fields with their JSON paths.
//! - `Dispatch`: a union with one newtype variant per value of an `OpenEnum` tag, plus an
//!   `#[vibes(other)]` variant for values nobody knows yet.
//!
//! The generated code names `::vibes_types`, so these derives are for that crate's own types.

mod ast;
mod attr;
mod expand;
mod object;
mod valid;
mod wire;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives wire-name conversions, serde, and the strict-contract walk for an open enumeration.
#[proc_macro_derive(OpenEnum, attributes(vibes))]
pub fn derive_open_enum(input: TokenStream) -> TokenStream {
    expand::open_enum(&parse_macro_input!(input as DeriveInput)).into()
}

/// Derives `vibes_types::Inspect` for a struct from its serde field names.
#[proc_macro_derive(Inspect, attributes(vibes))]
pub fn derive_inspect(input: TokenStream) -> TokenStream {
    expand::inspect(&parse_macro_input!(input as DeriveInput)).into()
}

/// Writes nothing: stands in for schemars' `JsonSchema` derive when `vibes-types` is built without
/// its `schema` feature, so that the `#[serde]` and `#[schemars]` field attributes stay valid.
#[proc_macro_derive(NoJsonSchema, attributes(serde, schemars))]
pub fn derive_no_json_schema(_: TokenStream) -> TokenStream {
    TokenStream::new()
}

/// Derives the dispatch of a union of bodies on an open-enumeration tag.
#[proc_macro_derive(Dispatch, attributes(vibes))]
pub fn derive_dispatch(input: TokenStream) -> TokenStream {
    expand::dispatch(&parse_macro_input!(input as DeriveInput)).into()
}

/// Shapes a wire object and writes its `Serialize` and `Deserialize`: each key is read straight
/// into its field and unknown keys into the `#[serde(flatten)] extra: Extra` field, in one pass;
/// an `Option` field is written when it holds a value or arrived as `null`. `#[object(callback)]`
/// adds the envelope every callback body shares (`event_id`, `callback_type`, `event_type`,
/// `event_date`, `callback_id`, `delivery_attempt`). The `#[serde(…)]` field attributes it reads
/// (`rename`, `default`, `skip_serializing_if`, `flatten`) are the ones the schema derive reads.
/// A field marked `#[vibes(keep_alias)]` holds an open enumeration with aliases (`CallbackType`):
/// the alias it was read in is kept in `extra` and written back.
#[proc_macro_attribute]
pub fn object(args: TokenStream, input: TokenStream) -> TokenStream {
    let item = parse_macro_input!(input as syn::ItemStruct);
    object::expand(args.into(), item).into()
}
