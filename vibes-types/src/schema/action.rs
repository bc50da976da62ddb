//! The schema of an `event_processed` action: a union on the wire's own discriminators, `type`
//! then `status`, so that code generated from it has one class per case and a failed case
//! requires its `failure` (a rule that an `if`/`then` would state only to validators).

use super::shapes::{define, discriminated_union, properties_mut, require, tag, without_null};
use schemars::{Schema, SchemaGenerator};

/// How the action's flat wire form names its cases: what [`action`] needs to know of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ActionCases<'a> {
    /// The field holding the action type, and its documented values.
    pub type_field: &'a str,
    pub types: &'a [&'a str],
    /// The field holding the status, and its documented values.
    pub status_field: &'a str,
    pub statuses: &'a [&'a str],
    /// The field a failed action must carry, and the status that makes an action failed.
    pub failure_field: &'a str,
    pub failed: &'a str,
}

/// The action union built from `flat`, the schema of the flat wire form (every field, `type` and
/// `status` closed to their documented values): for each type a definition `<Type>Action`, a
/// union on the status of one definition `<Type><Status>` per documented status, each the flat
/// form with its type and status fixed, and the failed ones with a required, non-null failure.
///
/// Every case keeps every field of the flat form: the Rust parser reads that form first, so a
/// field a case does not document is still held to its type.
pub(crate) fn action(generator: &mut SchemaGenerator, flat: &Schema, cases: ActionCases) -> Schema {
    let mut by_type = Vec::new();
    for action_type in cases.types {
        let mut by_status = Vec::new();
        for status in cases.statuses {
            let case = case(flat, &cases, action_type, status);
            let name = format!("{}{}", pascal_case(action_type), pascal_case(status));
            by_status.push((vec![*status], define(generator, &name, case)));
        }
        let mut union = discriminated_union(cases.status_field, &by_status);
        union.insert(
            "description".to_owned(),
            format!("An action of type `{action_type}`, by its status.").into(),
        );
        let name = format!("{}Action", pascal_case(action_type));
        let union = define(generator, &name, Schema::from(union));
        by_type.push((vec![*action_type], union));
    }
    let mut union = discriminated_union(cases.type_field, &by_type);
    union.insert(
        "description".to_owned(),
        format!(
            "What Vibes did with an event: a case per `{}` and `{}`. A `{}` action carries its `{}`.",
            cases.type_field, cases.status_field, cases.failed, cases.failure_field
        )
        .into(),
    );
    Schema::from(union)
}

/// The flat form with its type and status fixed.
fn case(flat: &Schema, cases: &ActionCases, action_type: &str, status: &str) -> Schema {
    let mut case = flat.as_object().cloned().unwrap_or_default();
    let mut description = format!("An action of type `{action_type}` with status `{status}`.");
    let properties = properties_mut(&mut case);
    for (field, value) in [
        (cases.type_field, action_type),
        (cases.status_field, status),
    ] {
        let described = properties
            .get(field)
            .and_then(|field| field.get("description"));
        let fixed = tag(&[value], described);
        properties.insert(field.to_owned(), fixed);
    }
    if status == cases.failed {
        if let Some(failure) = properties.get(cases.failure_field) {
            let mut failure = without_null(failure);
            failure["description"] = "What failed.".into();
            properties.insert(cases.failure_field.to_owned(), failure);
        }
        require(&mut case, cases.failure_field);
        description.push_str(&format!(" It carries its `{}`.", cases.failure_field));
    }
    case.insert("description".to_owned(), description.into());
    Schema::from(case)
}

/// `send_message` as `SendMessage`: a wire name as the part of a class name.
fn pascal_case(wire: &str) -> String {
    wire.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::pascal_case;

    #[test]
    fn wire_names_become_class_name_parts() {
        assert_eq!(pascal_case("send_message"), "SendMessage");
        assert_eq!(pascal_case("failed"), "Failed");
    }
}
