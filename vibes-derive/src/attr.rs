//! Reads the `#[vibes(…)]` attributes, and the serde field attributes the walk has to agree with.

use proc_macro2::Span;
use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitStr, Path, Token};

/// Collects every mistake of one derive input so that a single build reports all of them.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub fn spanned(&mut self, span: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    pub fn into_result(self) -> Result<(), syn::Error> {
        self.0.map_or(Ok(()), Err)
    }
}

/// The attributes a container (the enum itself) may carry.
#[derive(Default)]
pub struct ContainerAttrs {
    /// Known values also match in any ASCII case (method and content type of a destination).
    pub case_insensitive: bool,
    /// The enumeration classifies free text: an unmatched value is ordinary, not a new value.
    pub free_text: bool,
    /// The open enumeration a `Dispatch` union is keyed by.
    pub tag: Option<Path>,
    /// The trait object a `Dispatch` union lends its known bodies as.
    pub body: Option<syn::Type>,
    /// A function the `Inspect` walk calls first, for checks across fields.
    pub check: Option<Path>,
}

/// The attributes a variant may carry.
#[derive(Default)]
pub struct VariantAttrs {
    /// The documented wire string of a known value.
    pub rename: Option<LitStr>,
    /// Further spellings that read as this value (written back as `rename`).
    pub aliases: Vec<LitStr>,
    /// Marks the variant that keeps values the documentation does not name.
    pub other: Option<Span>,
}

/// Which `#[vibes(…)]` keys a position accepts; anything else is reported as unknown.
#[derive(Clone, Copy)]
pub enum Position {
    OpenEnumContainer,
    OpenEnumVariant,
    DispatchContainer,
    DispatchVariant,
    InspectContainer,
    ObjectField,
}

impl Position {
    fn accepts(self, key: &str) -> bool {
        let keys: &[&str] = match self {
            Position::OpenEnumContainer => &["case_insensitive", "free_text"],
            Position::OpenEnumVariant => &["rename", "alias", "other"],
            Position::DispatchContainer => &["tag", "body"],
            Position::DispatchVariant => &["other"],
            Position::InspectContainer => &["check"],
            Position::ObjectField => &["keep_alias"],
        };
        keys.contains(&key)
    }
}

pub fn container(attrs: &[Attribute], position: Position, errors: &mut Errors) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    for_each_vibes_key(attrs, position, errors, |key, meta| {
        match key.to_string().as_str() {
            "case_insensitive" => set_flag(&mut out.case_insensitive, key)?,
            "free_text" => set_flag(&mut out.free_text, key)?,
            "tag" => {
                if out.tag.is_some() {
                    return Err(duplicate(key));
                }
                out.tag = Some(meta.value()?.parse()?);
            }
            "body" => {
                if out.body.is_some() {
                    return Err(duplicate(key));
                }
                out.body = Some(meta.value()?.parse()?);
            }
            "check" => {
                if out.check.is_some() {
                    return Err(duplicate(key));
                }
                out.check = Some(meta.value()?.parse()?);
            }
            _ => unreachable!("keys are filtered by position"),
        }
        Ok(())
    });
    out
}

pub fn variant(attrs: &[Attribute], position: Position, errors: &mut Errors) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for_each_vibes_key(attrs, position, errors, |key, meta| {
        match key.to_string().as_str() {
            "rename" => {
                if out.rename.is_some() {
                    return Err(duplicate(key));
                }
                out.rename = Some(meta.value()?.parse()?);
            }
            "alias" => out.aliases.push(meta.value()?.parse()?),
            "other" => {
                if out.other.is_some() {
                    return Err(duplicate(key));
                }
                out.other = Some(key.span());
            }
            _ => unreachable!("keys are filtered by position"),
        }
        Ok(())
    });
    out
}

/// The attributes a field of an `#[object]` may carry.
#[derive(Default)]
pub struct FieldAttrs {
    /// The field's type reads several spellings as one value (an open enumeration with an
    /// alias): the spelling read is kept and written back.
    pub keep_alias: Option<Span>,
}

pub fn field(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for_each_vibes_key(attrs, Position::ObjectField, errors, |key, _| {
        match key.to_string().as_str() {
            "keep_alias" => {
                if out.keep_alias.is_some() {
                    return Err(duplicate(key));
                }
                out.keep_alias = Some(key.span());
            }
            _ => unreachable!("keys are filtered by position"),
        }
        Ok(())
    });
    out
}

/// What the walk and the wire code need from a field's `#[serde(…)]` attributes: its wire name,
/// whether it is flattened or defaulted, and when it is not written. Every other serde key is
/// skipped, whatever its form.
#[derive(Default)]
pub struct SerdeField {
    pub rename: Option<LitStr>,
    pub flatten: bool,
    pub skip: bool,
    pub default: bool,
    pub skip_serializing_if: Option<syn::ExprPath>,
}

pub fn serde_field(attrs: &[Attribute], errors: &mut Errors) -> SerdeField {
    let mut out = SerdeField::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") && meta.input.peek(Token![=]) {
                out.rename = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("flatten") {
                out.flatten = true;
            } else if meta.path.is_ident("skip") {
                out.skip = true;
            } else if meta.path.is_ident("default") && !meta.input.peek(Token![=]) {
                out.default = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                out.skip_serializing_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else {
                skip_meta_value(meta.input)?;
            }
            Ok(())
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    out
}

fn for_each_vibes_key(
    attrs: &[Attribute],
    position: Position,
    errors: &mut Errors,
    mut apply: impl FnMut(&Ident, &syn::meta::ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("vibes")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident() else {
                return Err(meta.error("expected a vibes attribute name"));
            };
            if !position.accepts(&key.to_string()) {
                skip_meta_value(meta.input)?;
                errors.spanned(key.span(), format!("unknown vibes attribute `{key}`"));
                return Ok(());
            }
            apply(key, &meta)
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
}

fn set_flag(flag: &mut bool, key: &Ident) -> syn::Result<()> {
    if *flag {
        return Err(duplicate(key));
    }
    *flag = true;
    Ok(())
}

fn duplicate(key: &Ident) -> syn::Error {
    syn::Error::new(key.span(), format!("duplicate vibes attribute `{key}`"))
}

/// Consumes `= value` or `(…)` after a key this reader does not interpret.
fn skip_meta_value(input: ParseStream) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        input.parse::<syn::Expr>()?;
    } else if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// The doc comment of an item, lines joined as rustdoc shows them (for schema descriptions).
pub fn docs(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(pair) => match &pair.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => Some(text.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mut text = String::new();
    for line in lines {
        if line.is_empty() {
            text.push_str("\n\n");
        } else {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push(' ');
            }
            text.push_str(&line);
        }
    }
    text.trim().to_owned()
}
