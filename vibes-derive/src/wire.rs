//! The (de)serialization `#[object]` generates: each key matched straight into its field, unknown
//! keys into `extra`, `null` in an optional field remembered so it is written back; no buffering.

use crate::attr::{self, Errors};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::{Fields, Ident, ItemStruct, LitStr, Type};

/// How a field is read when its key is absent, and written.
enum Kind {
    /// Must be present.
    Required,
    /// An `Option`: absent and `null` read as `None`, and a `null` is written back.
    Optional,
    /// `#[serde(default)]`: absent reads as the default; written unless `skip_serializing_if`.
    Defaulted(Option<syn::ExprPath>),
}

struct WireField<'a> {
    ident: &'a Ident,
    ty: &'a Type,
    wire_name: String,
    kind: Kind,
    /// `#[vibes(keep_alias)]`: the spelling read is kept in `extra` and written back.
    keep_alias: bool,
}

/// The `Object`, `Serialize` and `Deserialize` impls of a wire object, or its errors; with
/// `constructor`, a `new` taking the required fields too (for a callback body, it names the
/// body's callback type in `callback_type`).
pub fn expand(item: &ItemStruct, constructor: bool, callback: bool) -> TokenStream {
    let mut errors = Errors::default();
    let (fields, extra) = wire_fields(item, &mut errors);
    if let Err(error) = errors.into_result() {
        return error.into_compile_error();
    }
    let Some(extra) = extra else {
        return syn::Error::new(
            item.ident.span(),
            "an `#[object]` keeps the fields it does not name: add `#[serde(flatten)] pub extra: Extra`",
        )
        .into_compile_error();
    };
    let ident = &item.ident;
    let private = quote!(::vibes_types::__private);
    let serde = quote!(#private::serde);
    let slots = fields.iter().map(|field| {
        let (member, ty) = (field.ident, field.ty);
        quote!(#member: ::core::option::Option<#ty>,)
    });
    let reads = fields.iter().map(|field| {
        let member = field.ident;
        let wire_name = &field.wire_name;
        // The envelope names the event and its type: a second one is refused, not reported.
        let repeat = if callback && crate::object::REFUSED_REPEATS.contains(&wire_name.as_str()) {
            quote!(#private::object::Repeat::Refused)
        } else {
            quote!(#private::object::Repeat::Reported)
        };
        let read = match (&field.kind, field.keep_alias) {
            (Kind::Optional, false) => quote! {
                #private::object::read_optional(&mut builder.#member, &mut builder.#extra, #wire_name, #repeat, value)
            },
            (Kind::Optional, true) => quote! {
                #private::object::read_optional_aliased(&mut builder.#member, &mut builder.#extra, #wire_name, #repeat, value)
            },
            (_, false) => quote! {
                #private::object::read_value(&mut builder.#member, &mut builder.#extra, #wire_name, #repeat, value)
            },
            (_, true) => quote! {
                #private::object::read_aliased(&mut builder.#member, &mut builder.#extra, #wire_name, #repeat, value)
            },
        };
        quote_spanned!(member.span()=> #wire_name => #read,)
    });
    let finishes = fields.iter().map(|field| {
        let member = field.ident;
        let wire_name = &field.wire_name;
        let value = match field.kind {
            Kind::Required => quote!(#private::object::required(builder.#member, #wire_name)?),
            Kind::Optional => quote!(::core::option::Option::flatten(builder.#member)),
            Kind::Defaulted(_) => {
                quote!(::core::option::Option::unwrap_or_default(builder.#member))
            }
        };
        quote!(#member: #value,)
    });
    let writes = fields.iter().map(|field| {
        let member = field.ident;
        let wire_name = &field.wire_name;
        match &field.kind {
            Kind::Required if field.keep_alias => quote! {
                #private::object::write_aliased(&mut map, #wire_name, &self.#member, &self.#extra)?;
            },
            Kind::Optional if field.keep_alias => quote! {
                #private::object::write_optional_aliased(&mut map, #wire_name, &self.#member, &self.#extra)?;
            },
            Kind::Required | Kind::Defaulted(None) => quote! {
                #serde::ser::SerializeMap::serialize_entry(&mut map, #wire_name, &self.#member)?;
            },
            Kind::Defaulted(Some(skip)) => quote! {
                if !#skip(&self.#member) {
                    #serde::ser::SerializeMap::serialize_entry(&mut map, #wire_name, &self.#member)?;
                }
            },
            Kind::Optional => quote! {
                #private::object::write_optional(&mut map, #wire_name, &self.#member, &self.#extra)?;
            },
        }
    });
    let wire_names = fields.iter().map(|field| &field.wire_name);
    let builder = format_ident!("{ident}Builder");
    let new = constructor.then(|| new(ident, &fields, extra, callback));
    quote! {
        #new

        const _: () = {
            /// The fields of one object read so far.
            #[doc(hidden)]
            #[derive(Default)]
            pub struct #builder {
                #(#slots)*
                #extra: ::vibes_types::Extra,
            }

            impl #private::object::ReadFields for #builder {
                fn read_field<'de, D: #serde::Deserializer<'de>>(
                    &mut self,
                    key: ::std::borrow::Cow<'_, str>,
                    value: D,
                ) -> ::core::result::Result<(), D::Error> {
                    let builder = self;
                    match &*key {
                        #(#reads)*
                        _ => #private::object::read_unknown(&mut builder.#extra, key, value),
                    }
                }
            }

            impl #private::object::Object for #ident {
                type Builder = #builder;

                const FIELDS: &'static [&'static str] = &[#(#wire_names),*];

                fn finish<E: #serde::de::Error>(builder: #builder) -> ::core::result::Result<Self, E> {
                    ::core::result::Result::Ok(#ident {
                        #(#finishes)*
                        #extra: builder.#extra,
                    })
                }
            }

            impl<'de> #serde::Deserialize<'de> for #ident {
                fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    #private::object::deserialize(deserializer)
                }
            }

            impl #serde::Serialize for #ident {
                fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(::core::option::Option::None)?;
                    #(#writes)*
                    #private::object::write_extra(&mut map, &self.#extra)?;
                    #serde::ser::SerializeMap::end(map)
                }
            }
        };
    }
}

/// `new(required fields…)`: every optional field absent, every defaulted one at its default.
fn new(ident: &Ident, fields: &[WireField], extra: &Ident, callback: bool) -> TokenStream {
    let required: Vec<_> = fields
        .iter()
        .filter(|field| matches!(field.kind, Kind::Required))
        .collect();
    let params = required.iter().map(|field| {
        let (member, ty) = (field.ident, field.ty);
        quote!(#member: impl ::core::convert::Into<#ty>)
    });
    let values = fields.iter().map(|field| {
        let member = field.ident;
        match field.kind {
            Kind::Required => quote!(#member: ::core::convert::Into::into(#member),),
            Kind::Optional if callback && field.wire_name == "callback_type" => quote! {
                #member: ::core::option::Option::Some(::std::string::ToString::to_string(
                    &<Self as ::vibes_types::__private::DispatchBody>::TAG,
                )),
            },
            Kind::Optional => quote!(#member: ::core::option::Option::None,),
            Kind::Defaulted(_) => quote!(#member: ::core::default::Default::default(),),
        }
    });
    let names: Vec<String> = required
        .iter()
        .map(|field| format!("`{}`", field.wire_name))
        .collect();
    let doc = if names.is_empty() {
        "An object with no field set and no unknown field.".to_owned()
    } else {
        format!(
            "An object with its required field{} {}; every optional field absent, no unknown field.",
            if names.len() == 1 { "" } else { "s" },
            names.join(", ")
        )
    };
    let doc = if callback {
        format!("{doc} Its `callback_type` names this body's type.")
    } else {
        doc
    };
    quote! {
        impl #ident {
            #[doc = #doc]
            #[allow(clippy::new_without_default, reason = "the required fields have no default")]
            pub fn new(#(#params),*) -> Self {
                #ident {
                    #(#values)*
                    #extra: ::core::default::Default::default(),
                }
            }
        }
    }
}

/// The documented fields with their wire names and kinds, and the member holding `Extra`.
fn wire_fields<'a>(
    item: &'a ItemStruct,
    errors: &mut Errors,
) -> (Vec<WireField<'a>>, Option<&'a Ident>) {
    if !item.generics.params.is_empty() {
        errors.spanned(item.ident.span(), "an `#[object]` cannot be generic");
    }
    let Fields::Named(named) = &item.fields else {
        return (Vec::new(), None);
    };
    let mut fields = Vec::new();
    let mut extra = None;
    for field in &named.named {
        let Some(ident) = field.ident.as_ref() else {
            continue;
        };
        let serde = attr::serde_field(&field.attrs, errors);
        if serde.flatten {
            if extra.replace(ident).is_some() {
                errors.spanned(
                    ident.span(),
                    "only one field of an `#[object]` can be flattened",
                );
            }
            continue;
        }
        if serde.skip {
            errors.spanned(
                ident.span(),
                "an `#[object]` field cannot be skipped: every field is on the wire",
            );
            continue;
        }
        let wire_name = serde.rename.as_ref().map_or_else(
            || ident.to_string().trim_start_matches("r#").to_owned(),
            LitStr::value,
        );
        let kind = if crate::object::is_option(&field.ty) {
            Kind::Optional
        } else if serde.default {
            Kind::Defaulted(serde.skip_serializing_if)
        } else {
            Kind::Required
        };
        let keep_alias = attr::field(&field.attrs, errors).keep_alias;
        if let (Some(span), Kind::Defaulted(_)) = (keep_alias, &kind) {
            errors.spanned(
                span,
                "`keep_alias` applies to a required or `Option` field, not a defaulted one",
            );
        }
        fields.push(WireField {
            ident,
            ty: &field.ty,
            wire_name,
            kind,
            keep_alias: keep_alias.is_some(),
        });
    }
    (fields, extra)
}
