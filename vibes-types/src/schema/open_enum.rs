//! The schema of an open enumeration, as the `OpenEnum` derive asks for it.

use schemars::{Schema, json_schema};

/// What the `OpenEnum` derive says about an enumeration.
#[derive(Clone, Copy, Debug)]
pub struct OpenEnumKind {
    /// Known values match in any ASCII case.
    pub case_insensitive: bool,
    /// The enumeration classifies free text; any string is within the contract.
    pub free_text: bool,
}

/// The schema of an open enumeration (used by the `OpenEnum` derive): closed to its documented
/// values, since that is the contract, and saying that the Rust parser keeps the others.
pub fn open_enum(description: &str, names: &[&str], kind: OpenEnumKind) -> Schema {
    if kind.free_text {
        return json_schema!({
            "description": format!("{description}\n\nAny text is allowed; the documented texts are listed as examples."),
            "type": "string",
            "examples": names,
        });
    }
    let note =
        "Closed to the documented values; the Rust parser keeps any other value in lenient mode.";
    if kind.case_insensitive {
        let alternatives: Vec<String> = names.iter().map(|name| any_case(name)).collect();
        return json_schema!({
            "description": format!("{description}\n\n{note} Matched in any letter case."),
            "type": "string",
            "pattern": format!("^({})$", alternatives.join("|")),
            "examples": names,
        });
    }
    json_schema!({
        "description": format!("{description}\n\n{note}"),
        "type": "string",
        "enum": names,
    })
}

/// An ECMA-262 pattern matching `text` in any ASCII case (JSON Schema patterns have no `(?i)`).
fn any_case(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '/' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}
