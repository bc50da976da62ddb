//! Snapshots of what each derive expands to, pretty-printed, so a change to generated code shows
//! up as a readable diff.

use proc_macro2::TokenStream;
use syn::{DeriveInput, parse_quote};

fn pretty(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("the expansion is valid Rust");
    prettyplease::unparse(&file)
}

#[test]
fn open_enum() {
    let input: DeriveInput = parse_quote! {
        enum DeviceOs {
            #[vibes(rename = "ANDROID")]
            Android,
            #[vibes(rename = "IOS", alias = "iOS")]
            Ios,
            #[vibes(other)]
            Unknown(String),
        }
    };
    insta::assert_snapshot!(pretty(crate::expand::open_enum(&input)));
}

#[test]
fn open_enum_case_insensitive_free_text() {
    let input: DeriveInput = parse_quote! {
        #[vibes(case_insensitive, free_text)]
        enum Method {
            #[vibes(rename = "POST")]
            Post,
            #[vibes(other)]
            Other(String),
        }
    };
    insta::assert_snapshot!(pretty(crate::expand::open_enum(&input)));
}

#[test]
fn dispatch() {
    let input: DeriveInput = parse_quote! {
        #[vibes(tag = CallbackType, body = dyn Envelope)]
        enum Callback {
            PersonAdded(PersonAdded),
            EventProcessed(Box<EventProcessed>),
            #[vibes(other)]
            Unknown(UnknownCallback),
        }
    };
    insta::assert_snapshot!(pretty(crate::expand::dispatch(&input)));
}

#[test]
fn inspect() {
    let input: DeriveInput = parse_quote! {
        #[vibes(check = check_envelope)]
        struct OtherAction {
            #[serde(rename = "type")]
            pub action_type: ActionType,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub failure: Option<Failure>,
            #[serde(skip)]
            pub cache: u32,
            #[serde(flatten)]
            pub extra: Extra,
        }
    };
    insta::assert_snapshot!(pretty(crate::expand::inspect(&input)));
}

#[test]
fn object_callback() {
    let item: syn::ItemStruct = parse_quote! {
        #[derive(Inspect)]
        pub struct PersonAdded {
            pub person: Person,
            pub note: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub kept: Option<String>,
            #[serde(rename = "type", default)]
            pub kind: Kind,
            #[serde(default, skip_serializing_if = "Nullable::is_absent")]
            pub gone_at: Nullable<Timestamp>,
            #[vibes(keep_alias)]
            pub named: CallbackType,
            #[vibes(keep_alias)]
            pub also_named: Option<CallbackType>,
            #[serde(flatten)]
            pub extra: Extra,
        }
    };
    insta::assert_snapshot!(pretty(crate::object::expand(parse_quote!(callback), item)));
}

#[test]
fn invalid_input_expands_to_errors_and_a_stub() {
    let input: DeriveInput = parse_quote! {
        enum Broken {
            Missing,
            #[vibes(rename = "a")]
            A,
            #[vibes(rename = "a")]
            B,
        }
    };
    let expanded = crate::expand::open_enum(&input).to_string();
    assert!(expanded.contains("needs its wire string"), "{expanded}");
    assert!(expanded.contains("is already used by `A`"), "{expanded}");
    assert!(
        expanded.contains("needs one `#[vibes(other)]` variant"),
        "{expanded}"
    );
    assert!(
        expanded.contains("impl :: vibes_types :: Inspect for Broken"),
        "{expanded}"
    );
}
