//! The `#[object]` attribute: the callback envelope, optional fields left out of the schema's
//! `required`, and the object's own (de)serialization (see `wire`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Fields, ItemStruct, Type, parse_quote};

/// What `#[object(…)]` was asked for.
#[derive(Default)]
struct Args {
    /// `callback`: add the callback envelope.
    callback: bool,
    /// `custom_new`: the struct writes its own `new`, so none is generated.
    custom_new: bool,
}

/// The envelope fields (added below) that name the event and its type: a second one in a body is
/// refused in any mode, not reported.
pub const REFUSED_REPEATS: [&str; 3] = ["event_id", "callback_type", "event_type"];

pub fn expand(args: TokenStream, mut item: ItemStruct) -> TokenStream {
    let Args {
        callback,
        custom_new,
    } = match parse_args(args) {
        Ok(args) => args,
        Err(error) => return error.into_compile_error(),
    };
    // Vibes adds fields over time; a user builds these with `new` (or `Default`), never with a
    // struct literal, so adding one is not a breaking change.
    if !item
        .attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
    {
        item.attrs.push(parse_quote!(#[non_exhaustive]));
    }
    let Fields::Named(named) = &mut item.fields else {
        return syn::Error::new(
            item.ident.span(),
            "`#[object]` applies to structs with named fields",
        )
        .into_compile_error();
    };
    for field in &mut named.named {
        if is_option(&field.ty) && !has_serde_key(&field.attrs, "skip_serializing_if") {
            field.attrs.push(parse_quote!(
                #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
            ));
        }
    }
    if !callback {
        let wire = crate::wire::expand(&item, !custom_new, false);
        strip_field_attrs(&mut item);
        return quote!(#item #wire);
    }
    let envelope: syn::FieldsNamed = parse_quote!({
        /// Id of this callback event, the key to de-duplicate on: Vibes delivers at least once.
        pub event_id: ::std::string::String,
        /// The callback type as current bodies name it.
        #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
        #[schemars(with = "::core::option::Option<::vibes_types::CallbackType>")]
        pub callback_type: ::core::option::Option<::std::string::String>,
        /// The callback type as older bodies name it (deprecated, still sent beside
        /// `callback_type`); kept as received even when it disagrees.
        #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
        #[schemars(with = "::core::option::Option<::vibes_types::CallbackType>")]
        pub event_type: ::core::option::Option<::std::string::String>,
        /// When the event happened.
        pub event_date: ::vibes_types::Timestamp,
        /// The registration that produced this delivery (test callbacks and some older bodies).
        #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
        pub callback_id: ::core::option::Option<::vibes_types::LooseId>,
        /// Which delivery attempt this is, 1 on the first (test callbacks and some older bodies).
        #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
        pub delivery_attempt: ::core::option::Option<::vibes_types::Count>,
    });
    let body = std::mem::take(&mut named.named);
    named.named = envelope.named;
    named.named.extend(body);
    item.attrs
        .push(parse_quote!(#[vibes(check = ::vibes_types::__private::check_type_names)]));
    let wire = crate::wire::expand(&item, !custom_new, true);
    strip_field_attrs(&mut item);
    let ident = &item.ident;
    quote! {
        #item

        #wire

        impl ::vibes_types::Envelope for #ident {
            fn event_id(&self) -> &str {
                &self.event_id
            }

            fn callback_type(&self) -> ::core::option::Option<&str> {
                self.callback_type.as_deref()
            }

            fn event_type(&self) -> ::core::option::Option<&str> {
                self.event_type.as_deref()
            }

            fn event_date(&self) -> &::vibes_types::Timestamp {
                &self.event_date
            }
        }
    }
}

/// Removes the `#[vibes(…)]` field attributes, which only this macro reads: no derive of the
/// struct declares them.
fn strip_field_attrs(item: &mut ItemStruct) {
    for field in item.fields.iter_mut() {
        field.attrs.retain(|attr| !attr.path().is_ident("vibes"));
    }
}

fn parse_args(args: TokenStream) -> syn::Result<Args> {
    let mut parsed = Args::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("callback") {
            parsed.callback = true;
            Ok(())
        } else if meta.path.is_ident("custom_new") {
            parsed.custom_new = true;
            Ok(())
        } else {
            let name = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            Err(meta.error(format!(
                "unknown object argument `{name}`, expected `callback` or `custom_new`"
            )))
        }
    });
    syn::parse::Parser::parse2(parser, args)?;
    Ok(parsed)
}

pub fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none()
        && path.path.segments.last().is_some_and(|last| last.ident == "Option"))
}

fn has_serde_key(attrs: &[syn::Attribute], key: &str) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .any(|attr| quote!(#attr).to_string().contains(key))
}
