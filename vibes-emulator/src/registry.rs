//! The registrations of every company, and the rules of the five registration operations:
//! reading and checking a body, assigning the entity's fields, the conflict rules, and what
//! DELETE does to the dates.

use crate::refusal::{Code, Refusal};
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use vibes_types::api::Operation;
use vibes_types::registration::{Conflict, ConflictRules, Lifecycle, Severity, Status};
use vibes_types::{CallbackEntity, CallbackRegistration, CallbackType, LooseId, Timestamp};

/// Every company's registrations, ended ones included (GET still finds them by id), in the
/// order they were created. It is also the state file's content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    /// The registrations of each company, by company key.
    companies: BTreeMap<String, Vec<CallbackEntity>>,
}

/// A registration body with its new id, written as the entity it becomes.
#[derive(Serialize)]
struct Assigned<'a> {
    callback_id: &'a str,
    #[serde(flatten)]
    registration: &'a CallbackRegistration,
}

impl Registry {
    /// The registry kept in the state file `path`: empty when the file does not exist.
    pub fn load(path: &Path) -> Result<Registry, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
                format!("{} is not an emulator state file: {error}", path.display())
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Registry::default()),
            Err(error) => Err(format!("cannot read {}: {error}", path.display())),
        }
    }

    /// Writes the registry to `path`: a temporary file beside it, renamed over it, so that a
    /// crash leaves the old state or the new one.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_vec_pretty(self).map_err(|error| error.to_string())?;
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        std::fs::write(&temporary, text)
            .and_then(|()| std::fs::rename(&temporary, path))
            .map_err(|error| format!("cannot write the state file {}: {error}", path.display()))
    }

    /// The active and future registrations of `company`, as the list call answers.
    pub fn list(&self, company: &str, now: DateTime<Utc>) -> Vec<CallbackEntity> {
        self.of(company)
            .iter()
            .filter(|entity| entity.status_at(now) != Status::Ended)
            .cloned()
            .collect()
    }

    /// The registration `id` of `company`, ended or not.
    pub fn get(&self, company: &str, id: &str) -> Result<CallbackEntity, Refusal> {
        self.of(company)
            .iter()
            .find(|entity| entity.callback_id.to_text() == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    /// The registrations of `company` active at `now` for `callback_type`, which a test event
    /// of that type is delivered to.
    pub fn active(
        &self,
        company: &str,
        callback_type: &CallbackType,
        now: DateTime<Utc>,
    ) -> Vec<CallbackEntity> {
        self.of(company)
            .iter()
            .filter(|entity| entity.callback_type() == Some(callback_type))
            .filter(|entity| entity.status_at(now) == Status::Active)
            .cloned()
            .collect()
    }

    /// Creates a registration from the body `body`, checked as the API checks it.
    pub fn create(
        &mut self,
        company: &str,
        body: &[u8],
        rules: &ConflictRules,
        now: DateTime<Utc>,
    ) -> Result<CallbackEntity, Refusal> {
        let registration = checked(body, now)?;
        let existing = self.of(company);
        refuse_conflicts(rules.check(existing, &registration, now))?;
        let id = loop {
            let id = crate::ids::callback_id();
            if self.get(company, &id).is_err() {
                break id;
            }
        };
        let at = stamp(now);
        let entity = entity(company, &id, &registration, at.clone(), at, None)?;
        self.companies
            .entry(company.to_owned())
            .or_default()
            .push(entity.clone());
        Ok(entity)
    }

    /// Replaces registration `id` with the body `body`; its id and creation time stay, and so
    /// does its start date when the body has none.
    pub fn update(
        &mut self,
        company: &str,
        id: &str,
        body: &[u8],
        rules: &ConflictRules,
        now: DateTime<Utc>,
    ) -> Result<CallbackEntity, Refusal> {
        let current = self.get(company, id)?;
        let registration = checked(body, now)?;
        let existing = self.of(company);
        refuse_conflicts(rules.check_update(existing, &LooseId::from(id), &registration, now))?;
        let created = current.created_at.clone().unwrap_or_else(|| stamp(now));
        let entity = entity(
            company,
            id,
            &registration,
            created,
            stamp(now),
            current.start_date.clone(),
        )?;
        self.replace(company, entity.clone());
        Ok(entity)
    }

    /// Ends registration `id` at `now`, as DELETE does: the end becomes now, and a future start
    /// becomes now too; an end already past is kept.
    pub fn delete(
        &mut self,
        company: &str,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<CallbackEntity, Refusal> {
        let mut entity = self.get(company, id)?;
        entity.deactivate_at(now.trunc_subsecs(0));
        entity.updated_at = Some(stamp(now));
        self.replace(company, entity.clone());
        Ok(entity)
    }

    fn of(&self, company: &str) -> &[CallbackEntity] {
        self.companies.get(company).map_or(&[], Vec::as_slice)
    }

    fn replace(&mut self, company: &str, entity: CallbackEntity) {
        if let Some(slot) = self.companies.get_mut(company).and_then(|all| {
            all.iter_mut()
                .find(|old| old.callback_id == entity.callback_id)
        }) {
            *slot = entity;
        }
    }
}

/// `now` as the API writes its dates: UTC, whole seconds.
fn stamp(now: DateTime<Utc>) -> Timestamp {
    Timestamp::from_instant(now.trunc_subsecs(0))
}

fn not_found(id: &str) -> Refusal {
    Refusal::new(
        Code::NotFound,
        format!("Could not find a callback with callback_id '{id}'"),
    )
}

/// The registration in `body`, refused when it cannot be read, names a callback type Vibes does
/// not have, or pre-flight finds an error in it (warnings pass, as the service accepts them).
fn checked(body: &[u8], now: DateTime<Utc>) -> Result<CallbackRegistration, Refusal> {
    let registration = CallbackRegistration::from_slice(body)
        .map_err(|error| Refusal::new(Code::Unreadable, error.to_string()))?;
    if let CallbackType::Unknown(name) = registration.callback_type() {
        return Err(Refusal::new(
            Code::UnknownCallbackType,
            format!("Invalid callback_type '{name}'"),
        ));
    }
    let errors: Vec<String> = registration
        .preflight(now)
        .iter()
        .filter(|finding| finding.severity() == Severity::Error)
        .map(ToString::to_string)
        .collect();
    if errors.is_empty() {
        Ok(registration)
    } else {
        Err(Refusal::all(Code::Invalid, errors))
    }
}

fn refuse_conflicts(conflicts: Vec<Conflict>) -> Result<(), Refusal> {
    if conflicts.is_empty() {
        return Ok(());
    }
    let only_limit = conflicts
        .iter()
        .all(|conflict| matches!(conflict, Conflict::TooManyEndpoints { .. }));
    let code = if only_limit {
        Code::TooManyDestinations
    } else {
        Code::Conflict
    };
    Err(Refusal::all(
        code,
        conflicts.iter().map(ToString::to_string).collect(),
    ))
}

/// The entity of `registration` under `id`: the registration as written (with the destination's
/// method and content type and the start date filled in), and the fields the API assigns.
fn entity(
    company: &str,
    id: &str,
    registration: &CallbackRegistration,
    created_at: Timestamp,
    updated_at: Timestamp,
    kept_start: Option<Timestamp>,
) -> Result<CallbackEntity, Refusal> {
    let mut registration = registration.clone();
    let destination = &mut registration.destination;
    destination.method = Some(destination.method());
    destination.content_type = Some(destination.content_type());
    let text = serde_json::to_vec(&Assigned {
        callback_id: id,
        registration: &registration,
    })
    .map_err(|error| Refusal::new(Code::Unreadable, error.to_string()))?;
    let mut entity = CallbackEntity::from_slice(&text)
        .map_err(|error| Refusal::new(Code::Unreadable, error.to_string()))?;
    if entity.start_date.is_none() {
        entity.start_date = Some(kept_start.unwrap_or_else(|| created_at.clone()));
    }
    entity.url = Operation::Get(id.to_owned()).path(company).ok();
    entity.created_at = Some(created_at);
    entity.updated_at = Some(updated_at);
    Ok(entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Timestamp::parse("2026-03-01T09:00:00Z").unwrap().to_utc()
    }

    const PERSON: &[u8] =
        br#"{"callback_type": "person_added", "destination": {"url": "https://e.com/hook"}}"#;

    #[test]
    fn create_assigns_the_entity_fields_and_get_list_delete_follow() {
        let mut registry = Registry::default();
        let rules = ConflictRules::default();
        let entity = registry.create("acme", PERSON, &rules, now()).unwrap();
        let id = entity.callback_id.to_text();
        assert_eq!(id.len(), 8);
        assert_eq!(
            entity.url.as_deref(),
            Some(format!("/companies/acme/config/callbacks/{id}").as_str())
        );
        assert_eq!(
            entity.created_at.as_ref().unwrap().as_str(),
            "2026-03-01T09:00:00Z"
        );
        assert_eq!(entity.start_date, entity.created_at);
        let json = serde_json::to_value(&entity).unwrap();
        assert_eq!(json["destination"]["method"], "POST");
        assert_eq!(json["destination"]["content_type"], "application/json");
        assert_eq!(registry.get("acme", &id).unwrap(), entity);
        assert!(registry.get("other", &id).is_err());
        assert_eq!(registry.list("acme", now()), vec![entity.clone()]);
        let ended = registry.delete("acme", &id, now()).unwrap();
        assert_eq!(
            ended.end_date.as_ref().unwrap().as_str(),
            "2026-03-01T09:00:00Z"
        );
        assert!(registry.list("acme", now()).is_empty());
        assert_eq!(registry.get("acme", &id).unwrap(), ended);
    }

    #[test]
    fn a_second_person_callback_is_a_conflict_naming_the_first() {
        let mut registry = Registry::default();
        let rules = ConflictRules::default();
        let first = registry.create("acme", PERSON, &rules, now()).unwrap();
        let refusal = registry.create("acme", PERSON, &rules, now()).unwrap_err();
        assert_eq!(refusal.code, Code::Conflict);
        assert!(
            refusal.messages[0].contains(&first.callback_id.to_text()),
            "{refusal:?}"
        );
        // Another company is another mobile database.
        assert!(registry.create("other", PERSON, &rules, now()).is_ok());
    }

    #[test]
    fn unreadable_unknown_and_invalid_bodies_are_refused_with_their_codes() {
        let mut registry = Registry::default();
        let rules = ConflictRules::default();
        let refuse = |registry: &mut Registry, body: &[u8]| {
            registry
                .create("acme", body, &rules, now())
                .unwrap_err()
                .code
        };
        assert_eq!(refuse(&mut registry, b"{"), Code::Unreadable);
        assert_eq!(
            refuse(&mut registry, br#"{"callback_type": "person_added"}"#),
            Code::Unreadable
        );
        assert_eq!(
            refuse(
                &mut registry,
                br#"{"callback_type": "person_exploded", "destination": {"url": "https://e.com/h"}}"#
            ),
            Code::UnknownCallbackType
        );
        assert_eq!(
            refuse(
                &mut registry,
                br#"{"callback_type": "person_added", "destination": {"url": "not a url"}}"#
            ),
            Code::Invalid
        );
    }
}
