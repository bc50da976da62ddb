//! The derive inputs as the expansion sees them: variants with their wire names, fields with theirs.

use crate::attr::{self, ContainerAttrs, Errors, Position, VariantAttrs};
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

/// An enumeration Vibes may extend: documented values plus the variant that keeps the rest.
pub struct OpenEnum<'a> {
    pub input: &'a DeriveInput,
    pub attrs: ContainerAttrs,
    pub known: Vec<Known<'a>>,
    pub other: Vec<Other<'a>>,
}

/// A documented value.
pub struct Known<'a> {
    pub ident: &'a Ident,
    pub fields: &'a Fields,
    pub attrs: VariantAttrs,
}

/// A variant marked `#[vibes(other)]`.
pub struct Other<'a> {
    pub ident: &'a Ident,
    pub fields: &'a Fields,
    pub attrs: VariantAttrs,
}

/// A union of bodies keyed by an open enumeration.
pub struct Dispatch<'a> {
    pub input: &'a DeriveInput,
    pub attrs: ContainerAttrs,
    pub known: Vec<Known<'a>>,
    pub other: Vec<Other<'a>>,
}

/// A struct whose fields the strict-contract walk visits.
pub struct Struct<'a> {
    pub input: &'a DeriveInput,
    pub attrs: ContainerAttrs,
    pub fields: Vec<Field<'a>>,
}

/// A named field with the name it has on the wire.
pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub wire_name: String,
    pub flatten: bool,
    pub skip: bool,
}

impl<'a> OpenEnum<'a> {
    pub fn from_input(input: &'a DeriveInput, errors: &mut Errors) -> Option<Self> {
        let attrs = attr::container(&input.attrs, Position::OpenEnumContainer, errors);
        let (known, other) = variants(input, "OpenEnum", Position::OpenEnumVariant, errors)?;
        Some(OpenEnum {
            input,
            attrs,
            known,
            other,
        })
    }
}

impl<'a> Dispatch<'a> {
    pub fn from_input(input: &'a DeriveInput, errors: &mut Errors) -> Option<Self> {
        let attrs = attr::container(&input.attrs, Position::DispatchContainer, errors);
        let (known, other) = variants(input, "Dispatch", Position::DispatchVariant, errors)?;
        Some(Dispatch {
            input,
            attrs,
            known,
            other,
        })
    }
}

impl<'a> Struct<'a> {
    pub fn from_input(input: &'a DeriveInput, errors: &mut Errors) -> Option<Self> {
        let attrs = attr::container(&input.attrs, Position::InspectContainer, errors);
        let Data::Struct(data) = &input.data else {
            errors.spanned(
                input.ident.span(),
                "`Inspect` can only be derived for structs with named fields",
            );
            return None;
        };
        let Fields::Named(named) = &data.fields else {
            errors.spanned(
                input.ident.span(),
                "`Inspect` can only be derived for structs with named fields",
            );
            return None;
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                let serde = attr::serde_field(&field.attrs, errors);
                let wire_name = serde.rename.as_ref().map_or_else(
                    || ident.to_string().trim_start_matches("r#").to_owned(),
                    LitStr::value,
                );
                Some(Field {
                    ident,
                    ty: &field.ty,
                    wire_name,
                    flatten: serde.flatten,
                    skip: serde.skip,
                })
            })
            .collect();
        Some(Struct {
            input,
            attrs,
            fields,
        })
    }
}

type Variants<'a> = (Vec<Known<'a>>, Vec<Other<'a>>);

fn variants<'a>(
    input: &'a DeriveInput,
    derive: &str,
    position: Position,
    errors: &mut Errors,
) -> Option<Variants<'a>> {
    let Data::Enum(data) = &input.data else {
        errors.spanned(
            input.ident.span(),
            format!("`{derive}` can only be derived for enums"),
        );
        return None;
    };
    let mut known = Vec::new();
    let mut other = Vec::new();
    for variant in &data.variants {
        let attrs = attr::variant(&variant.attrs, position, errors);
        if attrs.other.is_some() {
            other.push(Other {
                ident: &variant.ident,
                fields: &variant.fields,
                attrs,
            });
        } else {
            known.push(Known {
                ident: &variant.ident,
                fields: &variant.fields,
                attrs,
            });
        }
    }
    Some((known, other))
}
