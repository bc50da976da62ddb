//! The kinds of JSON document the Vibes callback surface has, each with its schema file and the
//! strict verdict of the Rust types on a body of that kind.

use crate::api::ApiErrors;
use crate::{
    Callback, CallbackEntity, CallbackHeaders, CallbackRegistration, CallbackType, Inspect,
    TestEventRequest, TestEventResponse, Unrecognized,
};
use schemars::{JsonSchema, Schema};
use serde::de::DeserializeOwned;

/// A kind of JSON document: a callback body, a registration, an answer of the API.
///
/// Writing every schema file, as the repository's `schemas/` folder holds them, and checking a
/// body against the strict contract:
///
/// ```
/// use vibes_types::schema::Document;
///
/// for document in Document::all() {
///     let text = serde_json::to_string_pretty(&document.schema()).unwrap();
///     assert!(!text.is_empty(), "{}", document.file_name());
/// }
/// assert_eq!(Document::Registration.file_name(), "callback-registration.schema.json");
///
/// let body = br#"{"callback_type": "person_added", "destination": {"url": "https://e.com"}}"#;
/// assert!(Document::Registration.accepts(body));
/// assert!(!Document::ApiErrors.accepts(body));
/// ```
///
/// Available on crate feature `schema` only.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Document {
    /// Any callback body, as a validator reads it best (`if`/`then` on the type).
    Callback,
    /// Any callback body, as a code generator reads it best (a discriminated union).
    CallbackUnion,
    /// The body of one callback type.
    CallbackOf(CallbackType),
    /// A registration, the body of create and update.
    Registration,
    /// A callback entity, the answer of create, get, update and delete.
    Entity,
    /// The answer of the list call.
    List,
    /// The body of the test-event call.
    TestEventRequest,
    /// The answer of the test-event call.
    TestEventResponse,
    /// The body of every 4XX answer.
    ApiErrors,
    /// The five headers of a callback delivery, as an object of strings.
    Headers,
}

impl Document {
    /// Every kind, each callback type included, in the order the schema index lists them.
    pub fn all() -> Vec<Document> {
        let mut all = vec![Document::Callback, Document::CallbackUnion];
        all.extend(
            CallbackType::KNOWN
                .iter()
                .map(|name| Document::CallbackOf(CallbackType::from(*name))),
        );
        all.extend([
            Document::Registration,
            Document::Entity,
            Document::List,
            Document::TestEventRequest,
            Document::TestEventResponse,
            Document::ApiErrors,
            Document::Headers,
        ]);
        all
    }

    /// The schema file's path under `schemas/`.
    pub fn file_name(&self) -> String {
        match self {
            Document::Callback => "callback.schema.json".to_owned(),
            Document::CallbackUnion => "callback-union.schema.json".to_owned(),
            Document::CallbackOf(callback_type) => {
                format!("callbacks/{callback_type}.schema.json")
            }
            Document::Registration => "callback-registration.schema.json".to_owned(),
            Document::Entity => "callback-entity.schema.json".to_owned(),
            Document::List => "callback-list.schema.json".to_owned(),
            Document::TestEventRequest => "test-event-request.schema.json".to_owned(),
            Document::TestEventResponse => "test-event-response.schema.json".to_owned(),
            Document::ApiErrors => "api-errors.schema.json".to_owned(),
            Document::Headers => "callback-headers.schema.json".to_owned(),
        }
    }

    /// The callback type the schema covers, for the per-type callback schemas.
    pub fn callback_type(&self) -> Option<&CallbackType> {
        match self {
            Document::CallbackOf(callback_type) => Some(callback_type),
            _ => None,
        }
    }

    /// What the schema file is for, in one sentence (the schema index lists it).
    pub fn purpose(&self) -> String {
        match self {
            Document::Callback => "Validate any callback body: the branch is picked by `callback_type`, else `event_type`, so a validator reports only the errors of the body's own type.".to_owned(),
            Document::CallbackUnion => "Generate code for any callback body: a union of one variant per callback type, discriminated by `callback_type` (older bodies: `event_type`) with an OpenAPI `discriminator`, for datamodel-codegen, json-schema-to-typescript and OpenAPI tools. Accepts exactly what `callback.schema.json` accepts.".to_owned(),
            Document::CallbackOf(callback_type) => format!("Validate, or generate code for, a `{callback_type}` body, in its current form or the older one without `callback_type`."),
            Document::Registration => "Validate a registration, the body of the create and update calls.".to_owned(),
            Document::Entity => "Validate a callback entity, the answer of create, get, update and delete.".to_owned(),
            Document::List => "Validate the answer of the list call.".to_owned(),
            Document::TestEventRequest => "Validate the body of the test-event call.".to_owned(),
            Document::TestEventResponse => "Validate the answer of the test-event call.".to_owned(),
            Document::ApiErrors => "Validate the body of a 4XX answer of the API.".to_owned(),
            Document::Headers => "Validate the five headers of a callback delivery, as an object of strings.".to_owned(),
        }
    }

    /// The schema, generated from the Rust types, in the shapes code generators read well (see
    /// the `schema` module).
    pub fn schema(&self) -> Schema {
        super::shapes::for_code_generators(self.generate())
    }

    fn generate(&self) -> Schema {
        match self {
            Document::Callback => super::callback(),
            Document::CallbackUnion => super::callback_union(),
            // An unknown type has no body schema: nothing is within the contract for it.
            Document::CallbackOf(callback_type) => {
                super::callback_of(callback_type).unwrap_or_else(|| Schema::from(false))
            }
            Document::Registration => super::root_for::<CallbackRegistration>(),
            Document::Entity => super::root_for::<CallbackEntity>(),
            Document::List => {
                let mut list = super::root_for::<Vec<CallbackEntity>>();
                list.insert("title".to_owned(), "CallbackList".into());
                list.insert(
                    "description".to_owned(),
                    "The answer of the list call: the active and the future registrations.".into(),
                );
                list
            }
            Document::TestEventRequest => super::root_for::<TestEventRequest>(),
            Document::TestEventResponse => super::root_for::<TestEventResponse>(),
            Document::ApiErrors => super::root_for::<ApiErrors>(),
            Document::Headers => super::root_for::<CallbackHeaders>(),
        }
    }

    /// Whether the Rust types accept `bytes` as this kind of document under the documented
    /// contract: it parses, and holds no value outside a documented enumeration.
    pub fn accepts(&self, bytes: &[u8]) -> bool {
        match self {
            Document::Callback | Document::CallbackUnion => {
                Callback::from_slice_strict(bytes).is_ok()
            }
            Document::CallbackOf(callback_type) => Callback::from_slice_strict(bytes)
                .is_ok_and(|callback| callback.callback_type() == callback_type),
            Document::Registration => CallbackRegistration::from_slice(bytes)
                .is_ok_and(|registration| within_contract(&registration)),
            Document::Entity => parses_within_contract::<CallbackEntity>(bytes),
            Document::List => parses_within_contract::<Vec<CallbackEntity>>(bytes),
            Document::TestEventRequest => parses_within_contract::<TestEventRequest>(bytes),
            Document::TestEventResponse => parses_within_contract::<TestEventResponse>(bytes),
            Document::ApiErrors => parses_within_contract::<ApiErrors>(bytes),
            Document::Headers => parses_within_contract::<CallbackHeaders>(bytes),
        }
    }
}

fn within_contract<T: Inspect>(value: &T) -> bool {
    !value
        .unrecognized()
        .iter()
        .any(Unrecognized::breaks_contract)
}

fn parses_within_contract<T: DeserializeOwned + Inspect + JsonSchema>(bytes: &[u8]) -> bool {
    serde_json::from_slice::<T>(bytes).is_ok_and(|value| within_contract(&value))
}
