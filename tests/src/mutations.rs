//! Mutations of a JSON document, for the tests that check two judges agree on every one of them.

use serde_json::{Value, json};
use vibes_types::CallbackType;
use vibes_types::events::{ActionStatus, ActionType, ParticipantStatus};

/// Every value a mutated value is replaced with: each JSON type (null included), a whole and a
/// fractional number, and a string no enumeration or timestamp knows.
fn replacements() -> [Value; 8] {
    [
        Value::Null,
        json!(true),
        json!(7),
        json!(2.5),
        json!("zz-unknown-value"),
        json!(""),
        json!([]),
        json!({}),
    ]
}

/// The documented values a member of this name takes: the fields the unions discriminate on
/// (`callback_type` and `event_type`, the action's `type` and `status`) get each other documented
/// value as a further replacement, since a swapped tag is what a discriminated union can get wrong.
fn swaps(key: &str) -> Vec<&'static str> {
    match key {
        "callback_type" | "event_type" => CallbackType::KNOWN.to_vec(),
        "type" => ActionType::KNOWN.to_vec(),
        "status" => [ActionStatus::KNOWN, ParticipantStatus::KNOWN].concat(),
        _ => Vec::new(),
    }
}

/// The mutations of `document`: at every object an unknown property; at every member and
/// element, removal and each replacement; at a tag member, each other documented tag.
pub fn mutations(document: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    mutate_at(document, document, &mut Vec::new(), &mut found);
    found
}

/// One step of a path into a document.
#[derive(Clone, Debug)]
pub enum Step {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

fn label(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{key}"),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

fn mutate_at(root: &Value, here: &Value, path: &mut Vec<Step>, found: &mut Vec<(String, Value)>) {
    if here.is_object() {
        let mut added = root.clone();
        at_mut(&mut added, path)["zz_unknown_property"] = json!("kept");
        found.push((format!("{} +property", label(path)), added));
    }
    for (step, child) in children(here) {
        let mut removed = root.clone();
        match (&step, at_mut(&mut removed, path)) {
            (Step::Key(key), Value::Object(object)) => {
                object.remove(key);
            }
            (Step::Index(index), Value::Array(items)) => {
                items.remove(*index);
            }
            _ => unreachable!("children come from their parent"),
        }
        let swapped: Vec<Value> = match &step {
            Step::Key(key) => swaps(key).into_iter().map(Value::from).collect(),
            Step::Index(_) => Vec::new(),
        };
        path.push(step);
        found.push((format!("{} removed", label(path)), removed));
        for replacement in replacements().into_iter().chain(swapped) {
            if &replacement == child {
                continue;
            }
            let mut replaced = root.clone();
            *at_mut(&mut replaced, path) = replacement.clone();
            found.push((format!("{} = {replacement}", label(path)), replaced));
        }
        mutate_at(root, child, path, found);
        path.pop();
    }
}

/// The members of an object or the elements of an array, each with its step.
fn children(value: &Value) -> Vec<(Step, &Value)> {
    match value {
        Value::Object(object) => object
            .iter()
            .map(|(key, child)| (Step::Key(key.clone()), child))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, child)| (Step::Index(index), child))
            .collect(),
        _ => Vec::new(),
    }
}

/// The path of every object member in `document`, at any depth, parents before children.
pub fn member_paths(document: &Value) -> Vec<(String, Vec<Step>)> {
    let mut found = Vec::new();
    let mut pending = vec![(Vec::new(), document)];
    while let Some((path, here)) = pending.pop() {
        for (step, child) in children(here).into_iter().rev() {
            let mut child_path = path.clone();
            let is_member = matches!(step, Step::Key(_));
            child_path.push(step);
            if is_member {
                found.push((label(&child_path), child_path.clone()));
            }
            pending.push((child_path, child));
        }
    }
    found
}

/// `document` with the member at `path` set to `null`.
pub fn with_null(document: &Value, path: &[Step]) -> Value {
    let mut changed = document.clone();
    *at_mut(&mut changed, path) = Value::Null;
    changed
}

/// `document` without the member at `path`.
pub fn without(document: &Value, path: &[Step]) -> Value {
    let mut changed = document.clone();
    let (Some(Step::Key(key)), parent) = (path.last(), &path[..path.len() - 1]) else {
        unreachable!("a member path ends with a key");
    };
    if let Value::Object(object) = at_mut(&mut changed, parent) {
        object.remove(key);
    }
    changed
}
