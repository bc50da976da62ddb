//! Registrations as code: the registrations a team wants, in one file, compared with the
//! registered ones into the changes that make them so. No HTTP here: [`plan`] takes what one
//! list call gave, and `vibes callbacks plan` and `apply` print or make the changes.
//!
//! # The file
//!
//! ```json
//! {
//!   "owns_all": true,
//!   "callbacks": [
//!     {"name": "crm-people",
//!      "registration": {"callback_type": "person_added",
//!                       "destination": {"url": "https://hooks.example.com/vibes"}}}
//!   ]
//! }
//! ```
//!
//! Each entry has a `name` of the team's choosing (1 to 64 of `A-Z a-z 0-9 - . _ ~`, unique in
//! the file) and a `registration`, the body `create` sends. Vibes has no field for a name, so
//! the name is kept **in the destination URL**, as the query parameter `vibes_name=NAME`
//! (added after any query the URL has): the registered callback carries it, a second plan finds
//! it again, and a receiver that reads no query ignores it. `owns_all: true` (false when absent)
//! says that the file owns all of the company's registrations: a registered callback the file
//! does not name is deleted. Without it, only `--prune` deletes those.
//!
//! # What is compared
//!
//! A named entry and the registered callback of the same name are the same when their
//! registrations are written the same, with three allowances for what Vibes fills in: a
//! `start_date` the entry does not give (Vibes sets the creation time), and a destination
//! `method` (`POST`) and `content_type` (`application/json`) the entry leaves out.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use vibes_types::{CallbackEntity, CallbackRegistration, LooseId};

/// The query parameter of a destination URL that holds the entry's name.
pub const NAME_PARAMETER: &str = "vibes_name";

/// A file of the registrations a team wants.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// Whether the file owns all of the company's registrations (those it does not name are
    /// deleted).
    #[serde(default)]
    pub owns_all: bool,
    /// The registrations, each named.
    pub callbacks: Vec<Desired>,
}

/// One named registration of a [`PlanFile`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Desired {
    /// The team's name for it.
    pub name: String,
    /// The registration, its destination URL without the name.
    pub registration: CallbackRegistration,
}

/// One change a plan makes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Change {
    /// Register the named registration.
    Create {
        /// The entry's name.
        name: String,
        /// What is sent, the name in its URL.
        registration: CallbackRegistration,
    },
    /// Replace a registered callback with the named registration.
    Update {
        /// The entry's name.
        name: String,
        /// The registered callback's id.
        callback_id: LooseId,
        /// What is sent, the name in its URL.
        registration: CallbackRegistration,
    },
    /// End a registered callback.
    Delete {
        /// The registered callback's id.
        callback_id: LooseId,
        /// Its name, when its URL has one.
        name: Option<String>,
        /// Why: `not in the file` or `a second callback of the same name`.
        reason: &'static str,
    },
}

/// The changes that make the registered callbacks what the file says, and what stays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// In the order to make them: deletions, then updates, then creations (so that a
    /// replaced callback is gone before its successor is checked for conflicts).
    pub changes: Vec<Change>,
    /// Named entries already registered as the file says: name and id.
    pub unchanged: Vec<(String, LooseId)>,
    /// Registered callbacks the file does not name and that are not deleted (the file does not
    /// own all registrations, and there is no `--prune`).
    pub kept: Vec<LooseId>,
}

/// Why a file cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanError {
    /// A name that is empty, too long, or has a character outside `A-Z a-z 0-9 - . _ ~`.
    BadName(String),
    /// Two entries have this name.
    DuplicateName(String),
    /// An entry's URL already has a `vibes_name` parameter.
    NameInUrl(String),
}

impl PlanFile {
    /// Reads a plan file.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// The plan that turns `registered` (one list call's answer) into what `file` says; `prune`
/// deletes what the file does not name even when it does not own all registrations.
pub fn plan(
    file: &PlanFile,
    registered: &[CallbackEntity],
    prune: bool,
) -> Result<Plan, PlanError> {
    let mut names: Vec<&str> = Vec::new();
    for desired in &file.callbacks {
        check_name(&desired.name)?;
        if names.contains(&desired.name.as_str()) {
            return Err(PlanError::DuplicateName(desired.name.clone()));
        }
        if name_of(&desired.registration.destination.url).is_some() {
            return Err(PlanError::NameInUrl(desired.name.clone()));
        }
        names.push(&desired.name);
    }
    let mut plan = Plan::default();
    let (mut deletes, mut updates, mut creates) = (Vec::new(), Vec::new(), Vec::new());
    for desired in &file.callbacks {
        let named = named(&desired.registration, &desired.name);
        let mut same_name = registered
            .iter()
            .filter(|entity| name_of(&entity.destination.url).as_deref() == Some(&desired.name));
        match same_name.next() {
            None => creates.push(Change::Create {
                name: desired.name.clone(),
                registration: named,
            }),
            Some(entity) if same(&named, entity) => plan
                .unchanged
                .push((desired.name.clone(), entity.callback_id.clone())),
            Some(entity) => updates.push(Change::Update {
                name: desired.name.clone(),
                callback_id: entity.callback_id.clone(),
                registration: named,
            }),
        }
        for twin in same_name {
            deletes.push(Change::Delete {
                callback_id: twin.callback_id.clone(),
                name: Some(desired.name.clone()),
                reason: "a second callback of the same name",
            });
        }
    }
    for entity in registered {
        let name = name_of(&entity.destination.url);
        if name.as_deref().is_some_and(|name| names.contains(&name)) {
            continue;
        }
        if file.owns_all || prune {
            deletes.push(Change::Delete {
                callback_id: entity.callback_id.clone(),
                name,
                reason: "not in the file",
            });
        } else {
            plan.kept.push(entity.callback_id.clone());
        }
    }
    plan.changes = deletes.into_iter().chain(updates).chain(creates).collect();
    Ok(plan)
}

/// `registration` with `name` in its destination URL's query.
pub fn named(registration: &CallbackRegistration, name: &str) -> CallbackRegistration {
    let mut named = registration.clone();
    let url = &registration.destination.url;
    let (before, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url.as_str(), None),
    };
    let separator = if before.contains('?') { '&' } else { '?' };
    let mut tagged = format!("{before}{separator}{NAME_PARAMETER}={name}");
    if let Some(fragment) = fragment {
        tagged.push('#');
        tagged.push_str(fragment);
    }
    named.destination.url = tagged;
    named
}

/// The name a destination URL carries in its query, if any.
pub fn name_of(url: &str) -> Option<String> {
    let query = url.split('#').next()?.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == NAME_PARAMETER).then(|| value.to_owned())
    })
}

fn check_name(name: &str) -> Result<(), PlanError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
    if name.is_empty() || name.len() > 64 || !name.chars().all(allowed) {
        return Err(PlanError::BadName(name.to_owned()));
    }
    Ok(())
}

/// Whether the registered `entity` is what `wanted` asks for, with the allowances of the
/// module's docs.
fn same(wanted: &CallbackRegistration, entity: &CallbackEntity) -> bool {
    let Ok(registered) = entity.registration() else {
        return false;
    };
    let (Ok(mut wanted), Ok(mut registered)) = (
        serde_json::to_value(wanted),
        serde_json::to_value(&registered),
    ) else {
        return false;
    };
    if wanted.get("start_date").is_none()
        && let Some(fields) = registered.as_object_mut()
    {
        fields.remove("start_date");
    }
    for value in [&mut wanted, &mut registered] {
        if let Some(destination) = value.get_mut("destination").and_then(Value::as_object_mut) {
            destination
                .entry("method")
                .or_insert_with(|| Value::from("POST"));
            destination
                .entry("content_type")
                .or_insert_with(|| Value::from("application/json"));
        }
    }
    wanted == registered
}

impl Plan {
    /// Whether the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::BadName(name) => write!(
                f,
                "the name {name:?} is not 1 to 64 of the characters A-Z a-z 0-9 - . _ ~"
            ),
            PlanError::DuplicateName(name) => write!(f, "two callbacks are named {name:?}"),
            PlanError::NameInUrl(name) => write!(
                f,
                "the destination URL of {name:?} already has a {NAME_PARAMETER} parameter; the plan adds it"
            ),
        }
    }
}

impl std::error::Error for PlanError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(owns_all: bool, entries: &[(&str, &str)]) -> PlanFile {
        PlanFile {
            owns_all,
            callbacks: entries
                .iter()
                .map(|(name, url)| Desired {
                    name: (*name).to_owned(),
                    registration: CallbackRegistration::person_added(*url),
                })
                .collect(),
        }
    }

    fn entity(id: &str, url: &str) -> CallbackEntity {
        CallbackEntity::from_slice(
            serde_json::json!({"callback_id": id, "callback_type": "person_added",
                "destination": {"url": url, "method": "POST", "content_type": "application/json"},
                "start_date": "2026-01-01T00:00Z", "created_at": "2026-01-01T00:00Z"})
            .to_string()
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn the_name_goes_into_the_query_and_comes_back() {
        let registration = CallbackRegistration::person_added("https://a.example/hook?x=1#top");
        let tagged = named(&registration, "crm");
        assert_eq!(
            tagged.destination.url,
            "https://a.example/hook?x=1&vibes_name=crm#top"
        );
        assert_eq!(name_of(&tagged.destination.url).as_deref(), Some("crm"));
        assert_eq!(name_of("https://a.example/hook?x=1"), None);
        assert_eq!(
            named(
                &CallbackRegistration::person_added("https://a.example/"),
                "n"
            )
            .destination
            .url,
            "https://a.example/?vibes_name=n"
        );
    }

    #[test]
    fn nothing_registered_creates_every_entry() {
        let plan = plan(
            &file(false, &[("crm", "https://a.example/hook")]),
            &[],
            false,
        )
        .unwrap();
        assert_eq!(plan.changes.len(), 1);
        let Change::Create { name, registration } = &plan.changes[0] else {
            panic!("{plan:?}")
        };
        assert_eq!(name, "crm");
        assert_eq!(
            registration.destination.url,
            "https://a.example/hook?vibes_name=crm"
        );
    }

    #[test]
    fn what_vibes_filled_in_is_not_a_change() {
        let registered = [entity("P1", "https://a.example/hook?vibes_name=crm")];
        let plan = plan(
            &file(true, &[("crm", "https://a.example/hook")]),
            &registered,
            false,
        )
        .unwrap();
        assert!(plan.is_empty(), "{plan:?}");
        assert_eq!(plan.unchanged, [("crm".to_owned(), LooseId::from("P1"))]);
    }

    #[test]
    fn a_changed_destination_is_an_update_of_the_same_id() {
        let registered = [entity("P1", "https://old.example/hook?vibes_name=crm")];
        let plan = plan(
            &file(false, &[("crm", "https://new.example/hook")]),
            &registered,
            false,
        )
        .unwrap();
        assert!(
            matches!(&plan.changes[..], [Change::Update { callback_id, .. }] if callback_id == &LooseId::from("P1")),
            "{plan:?}"
        );
    }

    #[test]
    fn unnamed_callbacks_are_deleted_only_when_the_file_owns_all_or_prune() {
        let registered = [
            entity("P1", "https://a.example/hook?vibes_name=crm"),
            entity("X9", "https://other.example/hook"),
        ];
        let wanted = [("crm", "https://a.example/hook")];
        let kept = plan(&file(false, &wanted), &registered, false).unwrap();
        assert!(kept.is_empty());
        assert_eq!(kept.kept, [LooseId::from("X9")]);
        for (owns_all, prune) in [(true, false), (false, true)] {
            let pruned = plan(&file(owns_all, &wanted), &registered, prune).unwrap();
            assert!(
                matches!(&pruned.changes[..], [Change::Delete { callback_id, reason: "not in the file", .. }] if callback_id == &LooseId::from("X9")),
                "{pruned:?}"
            );
        }
    }

    #[test]
    fn deletions_come_first_and_a_second_of_a_name_is_deleted() {
        let registered = [
            entity("A", "https://a.example/hook?vibes_name=crm"),
            entity("B", "https://a.example/hook?vibes_name=crm"),
        ];
        let plan = plan(
            &file(
                false,
                &[
                    ("new", "https://n.example/"),
                    ("crm", "https://a.example/hook"),
                ],
            ),
            &registered,
            false,
        )
        .unwrap();
        let actions: Vec<&str> = plan
            .changes
            .iter()
            .map(|change| match change {
                Change::Create { .. } => "create",
                Change::Update { .. } => "update",
                Change::Delete { .. } => "delete",
            })
            .collect();
        assert_eq!(actions, ["delete", "create"]);
        assert_eq!(plan.unchanged, [("crm".to_owned(), LooseId::from("A"))]);
    }

    #[test]
    fn bad_files_are_refused_naming_the_entry() {
        let bad = plan(
            &file(false, &[("no spaces", "https://a.example/")]),
            &[],
            false,
        );
        assert_eq!(bad.unwrap_err(), PlanError::BadName("no spaces".to_owned()));
        let twice = plan(
            &file(
                false,
                &[("a", "https://a.example/"), ("a", "https://b.example/")],
            ),
            &[],
            false,
        );
        assert_eq!(twice.unwrap_err(), PlanError::DuplicateName("a".to_owned()));
        let tagged = plan(
            &file(false, &[("a", "https://a.example/?vibes_name=b")]),
            &[],
            false,
        );
        assert_eq!(tagged.unwrap_err(), PlanError::NameInUrl("a".to_owned()));
        let unknown = PlanFile::from_slice(br#"{"callbacks": [], "own_all": true}"#).unwrap_err();
        assert!(unknown.to_string().contains("own_all"), "{unknown}");
    }
}
