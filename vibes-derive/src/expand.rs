//! Generates the code of each derive, or the errors plus a stub when the input is invalid.

use crate::ast::{Dispatch, OpenEnum, Struct};
use crate::attr::Errors;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::DeriveInput;

pub fn open_enum(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = OpenEnum::from_input(input, &mut errors);
    if let Some(parsed) = &parsed {
        parsed.validate(&mut errors);
    }
    match (parsed, errors.into_result()) {
        (Some(parsed), Ok(())) => expand_open_enum(&parsed),
        (_, result) => with_stub(result, open_enum_stub(input)),
    }
}

pub fn dispatch(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = Dispatch::from_input(input, &mut errors);
    if let Some(parsed) = &parsed {
        parsed.validate(&mut errors);
    }
    match (parsed, errors.into_result()) {
        (Some(parsed), Ok(())) => expand_dispatch(&parsed),
        (_, result) => with_stub(result, inspect_stub(input)),
    }
}

pub fn inspect(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = Struct::from_input(input, &mut errors);
    match (parsed, errors.into_result()) {
        (Some(parsed), Ok(())) => expand_inspect(&parsed),
        (_, result) => with_stub(result, inspect_stub(input)),
    }
}

fn with_stub(result: Result<(), syn::Error>, stub: TokenStream) -> TokenStream {
    let errors = result.err().map(syn::Error::into_compile_error);
    quote!(#errors #stub)
}

fn expand_open_enum(parsed: &OpenEnum) -> TokenStream {
    let ident = &parsed.input.ident;
    let other = parsed.other[0].ident;
    let variants: Vec<_> = parsed.known.iter().map(|known| known.ident).collect();
    let renames: Vec<_> = parsed
        .known
        .iter()
        .filter_map(|known| known.attrs.rename.as_ref())
        .collect();
    let lookup = if parsed.attrs.case_insensitive {
        let checks = parsed.known.iter().map(|known| {
            let variant = known.ident;
            let names = known.attrs.rename.iter().chain(&known.attrs.aliases);
            quote!(#(if text.eq_ignore_ascii_case(#names) { return ::core::option::Option::Some(#ident::#variant); })*)
        });
        quote!(#(#checks)* ::core::option::Option::None)
    } else {
        let arms = parsed.known.iter().map(|known| {
            let variant = known.ident;
            let names = known.attrs.rename.iter().chain(&known.attrs.aliases);
            quote!(#(#names)|* => ::core::option::Option::Some(#ident::#variant),)
        });
        quote!(match text { #(#arms)* _ => ::core::option::Option::None })
    };
    let report = if parsed.attrs.free_text {
        quote!(let _ = (path, found);)
    } else {
        quote! {
            if let #ident::#other(value) = self {
                found.push(::vibes_types::__private::unknown_value(path, value, #ident::KNOWN));
            }
        }
    };
    let wire_names = parsed.known.iter().map(|known| {
        let variant = known.ident;
        let names = known.attrs.rename.iter().chain(&known.attrs.aliases);
        quote!(#ident::#variant => &[#(#names),*],)
    });
    let all_names = parsed
        .known
        .iter()
        .flat_map(|known| known.attrs.rename.iter().chain(&known.attrs.aliases));
    let name = ident.to_string();
    let description = crate::attr::docs(&parsed.input.attrs);
    let case_insensitive = parsed.attrs.case_insensitive;
    let free_text = parsed.attrs.free_text;
    let serde = quote!(::vibes_types::__private::serde);
    let schemars = quote!(::vibes_types::__private::schemars);
    quote! {
        const _: () = {
            fn known(text: &str) -> ::core::option::Option<#ident> {
                #lookup
            }

            impl #ident {
                /// Every wire string the documentation names for this enumeration.
                pub const KNOWN: &'static [&'static str] = &[#(#renames),*];

                /// The wire string: the documented spelling of a known value, the received text
                /// of any other.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#ident::#variants => #renames,)*
                        #ident::#other(text) => text,
                    }
                }

                /// Whether the value is one the documentation names.
                pub fn is_known(&self) -> bool {
                    !::core::matches!(self, #ident::#other(_))
                }

                /// Every spelling that reads as this value: the documented one first, then its
                /// aliases; none for a value this version does not know.
                pub fn wire_names(&self) -> &'static [&'static str] {
                    match self {
                        #(#wire_names)*
                        #ident::#other(_) => &[],
                    }
                }
            }

            #[cfg(feature = "schema")]
            impl #schemars::JsonSchema for #ident {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#name)
                }

                fn json_schema(_: &mut #schemars::SchemaGenerator) -> #schemars::Schema {
                    ::vibes_types::__private::open_enum(
                        #description,
                        &[#(#all_names),*],
                        ::vibes_types::__private::OpenEnumKind {
                            case_insensitive: #case_insensitive,
                            free_text: #free_text,
                        },
                    )
                }
            }

            impl ::core::convert::From<&str> for #ident {
                fn from(text: &str) -> Self {
                    known(text).unwrap_or_else(|| #ident::#other(::std::borrow::ToOwned::to_owned(text)))
                }
            }

            impl ::core::convert::From<::std::string::String> for #ident {
                fn from(text: ::std::string::String) -> Self {
                    known(&text).unwrap_or(#ident::#other(text))
                }
            }

            impl ::core::str::FromStr for #ident {
                type Err = ::core::convert::Infallible;

                fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::core::result::Result::Ok(::core::convert::From::from(text))
                }
            }

            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl #serde::Serialize for #ident {
                fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> #serde::Deserialize<'de> for #ident {
                fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    struct Visitor;

                    impl #serde::de::Visitor<'_> for Visitor {
                        type Value = #ident;

                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str("a string")
                        }

                        fn visit_str<E: #serde::de::Error>(self, text: &str) -> ::core::result::Result<#ident, E> {
                            ::core::result::Result::Ok(::core::convert::From::from(text))
                        }

                        fn visit_string<E: #serde::de::Error>(self, text: ::std::string::String) -> ::core::result::Result<#ident, E> {
                            ::core::result::Result::Ok(::core::convert::From::from(text))
                        }
                    }

                    deserializer.deserialize_str(Visitor)
                }
            }

            impl ::vibes_types::Inspect for #ident {
                fn inspect(&self, path: &mut ::vibes_types::JsonPath, found: &mut ::vibes_types::__private::Findings) {
                    #report
                }
            }
        };
    }
}

fn expand_dispatch(parsed: &Dispatch) -> TokenStream {
    let ident = &parsed.input.ident;
    let Some(tag) = &parsed.attrs.tag else {
        unreachable!("validated: a dispatch union has a tag")
    };
    let Some(body) = &parsed.attrs.body else {
        unreachable!("validated: a dispatch union has a body trait")
    };
    let other = parsed.other[0].ident;
    let variants: Vec<_> = parsed.known.iter().map(|known| known.ident).collect();
    let count = variants.len();
    let body_types = parsed.known.iter().map(|known| match known.fields {
        syn::Fields::Unnamed(fields) => {
            let ty = &fields.unnamed[0].ty;
            quote!(#ty)
        }
        _ => unreachable!("validated: a dispatch variant holds one body"),
    });
    let body_types: Vec<_> = body_types.collect();
    let inner_types = parsed.known.iter().map(|known| match known.fields {
        syn::Fields::Unnamed(fields) => unboxed(&fields.unnamed[0].ty),
        _ => unreachable!("validated: a dispatch variant holds one body"),
    });
    let builder = quote::format_ident!("{ident}Builder");
    let message =
        format!("`{ident}` needs exactly one variant for each documented value of its tag");
    let object = quote!(::vibes_types::__private::object);
    let serde = quote!(::vibes_types::__private::serde);
    let deserialize_arms = variants.iter().map(|variant| {
        quote_spanned! {variant.span()=>
            #tag::#variant => ::core::option::Option::Some(
                #serde::Deserialize::deserialize(deserializer).map(#ident::#variant)
            ),
        }
    });
    quote! {
        const _: () = {
            ::core::assert!(#tag::KNOWN.len() == #count, #message);

            impl ::vibes_types::__private::Tagged for #ident {
                type Tag = #tag;

                fn tag(&self) -> &#tag {
                    match self {
                        #(#ident::#variants(_) => &#tag::#variants,)*
                        #ident::#other(body) => ::vibes_types::__private::Tagged::tag(body),
                    }
                }
            }

            /// The body of one known tag, read so far.
            #[doc(hidden)]
            pub enum #builder {
                #(#variants(<#body_types as #object::Object>::Builder),)*
            }

            impl #object::ReadFields for #builder {
                fn read_field<'de, D: #serde::Deserializer<'de>>(
                    &mut self,
                    key: ::std::borrow::Cow<'_, str>,
                    value: D,
                ) -> ::core::result::Result<(), D::Error> {
                    match self {
                        #(#builder::#variants(fields) => #object::ReadFields::read_field(fields, key, value),)*
                    }
                }
            }

            #(
                impl ::vibes_types::__private::DispatchBody for #inner_types {
                    type Tag = #tag;

                    const TAG: #tag = #tag::#variants;
                }
            )*

            impl ::vibes_types::__private::Dispatch for #ident {
                type Body = #body;

                type Builder = #builder;

                fn builder(tag: &#tag) -> ::core::option::Option<#builder> {
                    #[allow(unreachable_patterns, reason = "the tag's `other` variant lands here")]
                    match tag {
                        #(#tag::#variants => ::core::option::Option::Some(#builder::#variants(::core::default::Default::default())),)*
                        _ => ::core::option::Option::None,
                    }
                }

                fn finish<E: #serde::de::Error>(builder: #builder) -> ::core::result::Result<Self, E> {
                    match builder {
                        #(#builder::#variants(fields) => <#body_types as #object::Object>::finish(fields).map(#ident::#variants),)*
                    }
                }

                #[cfg(feature = "schema")]
                fn body_schemas(
                    generator: &mut ::vibes_types::__private::schemars::SchemaGenerator,
                ) -> ::std::vec::Vec<(#tag, ::vibes_types::__private::schemars::Schema)> {
                    ::std::vec![
                        #((#tag::#variants, generator.subschema_for::<#body_types>()),)*
                    ]
                }

                fn known_body(&self) -> ::core::option::Option<&Self::Body> {
                    match self {
                        #(#ident::#variants(body) => ::core::option::Option::Some(body),)*
                        #ident::#other(_) => ::core::option::Option::None,
                    }
                }

                fn deserialize_known<'de, D: #serde::Deserializer<'de>>(
                    tag: &#tag,
                    deserializer: D,
                ) -> ::core::option::Option<::core::result::Result<Self, D::Error>> {
                    #[allow(unreachable_patterns, reason = "the tag's `other` variant lands here")]
                    match tag {
                        #(#deserialize_arms)*
                        _ => ::core::option::Option::None,
                    }
                }
            }

            impl #serde::Serialize for #ident {
                fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#ident::#variants(body) => #serde::Serialize::serialize(body, serializer),)*
                        #ident::#other(body) => #serde::Serialize::serialize(body, serializer),
                    }
                }
            }

            impl ::vibes_types::Inspect for #ident {
                fn inspect(&self, path: &mut ::vibes_types::JsonPath, found: &mut ::vibes_types::__private::Findings) {
                    match self {
                        #(#ident::#variants(body) => ::vibes_types::Inspect::inspect(body, path, found),)*
                        #ident::#other(body) => ::vibes_types::Inspect::inspect(body, path, found),
                    }
                }
            }
        };
    }
}

fn expand_inspect(parsed: &Struct) -> TokenStream {
    let ident = &parsed.input.ident;
    let mut generics = parsed.input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(::vibes_types::Inspect));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let visits = parsed
        .fields
        .iter()
        .filter(|field| !field.skip)
        .map(|field| {
            let member = field.ident;
            let ty = field.ty;
            if field.flatten {
                quote_spanned! {member.span()=>
                    <#ty as ::vibes_types::Inspect>::inspect(&self.#member, path, found);
                }
            } else {
                let wire_name = &field.wire_name;
                quote_spanned! {member.span()=>
                    ::vibes_types::__private::push_key(path, #wire_name);
                    <#ty as ::vibes_types::Inspect>::inspect(&self.#member, path, found);
                    ::vibes_types::__private::pop(path);
                }
            }
        });
    let check = parsed
        .attrs
        .check
        .as_ref()
        .map(|check| quote!(#check(self, path, found);));
    quote! {
        impl #impl_generics ::vibes_types::Inspect for #ident #ty_generics #where_clause {
            fn inspect(&self, path: &mut ::vibes_types::JsonPath, found: &mut ::vibes_types::__private::Findings) {
                #check
                #(#visits)*
            }
        }
    }
}

/// The type a `Box<T>` holds, or the type itself.
fn unboxed(ty: &syn::Type) -> &syn::Type {
    if let syn::Type::Path(path) = ty
        && let Some(last) = path.path.segments.last()
        && last.ident == "Box"
        && let syn::PathArguments::AngleBracketed(arguments) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = arguments.args.first()
    {
        return inner;
    }
    ty
}

/// What an invalid open enum still gets, so that code using it reports no further errors.
fn open_enum_stub(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let serde = quote!(::vibes_types::__private::serde);
    let inspect = inspect_stub(input);
    quote! {
        impl #ident {
            /// Every wire string the documentation names for this enumeration.
            pub const KNOWN: &'static [&'static str] = &[];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                ::core::unreachable!()
            }
        }

        impl #serde::Serialize for #ident {
            fn serialize<S: #serde::Serializer>(&self, _: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::core::unreachable!()
            }
        }

        impl<'de> #serde::Deserialize<'de> for #ident {
            fn deserialize<D: #serde::Deserializer<'de>>(_: D) -> ::core::result::Result<Self, D::Error> {
                ::core::unreachable!()
            }
        }

        #inspect
    }
}

fn inspect_stub(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics ::vibes_types::Inspect for #ident #ty_generics #where_clause {
            fn inspect(&self, _: &mut ::vibes_types::JsonPath, _: &mut ::vibes_types::__private::Findings) {
                ::core::unreachable!()
            }
        }
    }
}
