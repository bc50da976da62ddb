//! The rules a derive input must follow, each reported at the token that breaks it.

use crate::ast::{Dispatch, OpenEnum, Other};
use crate::attr::Errors;
use std::collections::BTreeMap;
use syn::{Fields, Type};

impl OpenEnum<'_> {
    pub fn validate(&self, errors: &mut Errors) {
        let mut seen = BTreeMap::new();
        for known in &self.known {
            if !matches!(known.fields, Fields::Unit) {
                errors.spanned(
                    known.ident.span(),
                    format!(
                        "documented values are unit variants; `{}` has fields (mark the variant that keeps unknown values with `#[vibes(other)]`)",
                        known.ident
                    ),
                );
            }
            let Some(rename) = &known.attrs.rename else {
                errors.spanned(
                    known.ident.span(),
                    format!(
                        "variant `{}` needs its wire string: `#[vibes(rename = \"…\")]`",
                        known.ident
                    ),
                );
                continue;
            };
            for name in std::iter::once(rename).chain(&known.attrs.aliases) {
                let value = name.value();
                if value.is_empty() {
                    errors.spanned(name.span(), "a wire string cannot be empty");
                }
                let key = if self.attrs.case_insensitive {
                    value.to_ascii_lowercase()
                } else {
                    value.clone()
                };
                if let Some(first) = seen.insert(key, known.ident) {
                    errors.spanned(
                        name.span(),
                        format!("wire string `{value}` is already used by `{first}`"),
                    );
                }
            }
        }
        validate_other(&self.other, "String", "an open enum", errors, self.input);
    }
}

impl Dispatch<'_> {
    pub fn validate(&self, errors: &mut Errors) {
        if self.attrs.tag.is_none() {
            errors.spanned(
                self.input.ident.span(),
                "a dispatch union needs the enumeration it is keyed by: `#[vibes(tag = CallbackType)]`",
            );
        }
        if self.attrs.body.is_none() {
            errors.spanned(
                self.input.ident.span(),
                "a dispatch union needs the trait its bodies share: `#[vibes(body = dyn Envelope)]`",
            );
        }
        for known in &self.known {
            if single_field(known.fields).is_none() {
                errors.spanned(
                    known.ident.span(),
                    format!("variant `{}` must hold exactly one body type", known.ident),
                );
            }
        }
        validate_other(&self.other, "", "a dispatch union", errors, self.input);
    }
}

/// Checks that there is exactly one `#[vibes(other)]` variant holding one field (of type
/// `required_type` when that is not empty).
fn validate_other(
    other: &[Other],
    required_type: &str,
    what: &str,
    errors: &mut Errors,
    input: &syn::DeriveInput,
) {
    match other {
        [] => errors.spanned(
            input.ident.span(),
            format!("{what} needs one `#[vibes(other)]` variant to keep values it does not know"),
        ),
        [_, extra @ ..] => {
            for variant in extra {
                errors.spanned(
                    variant.attrs.other.unwrap_or_else(|| variant.ident.span()),
                    "only one variant can be `#[vibes(other)]`",
                );
            }
        }
    }
    for variant in other {
        if let Some(rename) = &variant.attrs.rename {
            errors.spanned(
                rename.span(),
                "the `#[vibes(other)]` variant keeps the received text and takes no `rename`",
            );
        }
        let held = single_field(variant.fields);
        let fits = match held {
            Some(ty) if !required_type.is_empty() => is_named(ty, required_type),
            Some(_) => true,
            None => false,
        };
        if !fits {
            let needed = if required_type.is_empty() {
                "exactly one field".to_owned()
            } else {
                format!("exactly one `{required_type}`")
            };
            errors.spanned(
                variant.ident.span(),
                format!("the `#[vibes(other)]` variant must hold {needed}"),
            );
        }
    }
}

fn single_field(fields: &Fields) -> Option<&Type> {
    match fields {
        Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => Some(&unnamed.unnamed[0].ty),
        _ => None,
    }
}

fn is_named(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none()
        && path.path.segments.last().is_some_and(|last| last.ident == name && last.arguments.is_none()))
}
