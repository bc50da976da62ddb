//! `schemas/openapi.json`: an OpenAPI 3.1 description of the callback configuration API and of
//! every callback Vibes delivers (under `webhooks`), made from the generated schema files.
//!
//! Every body, answer and header schema is a relative `$ref` to one of those files
//! (`openapi.json` lives beside them in `schemas/`), so the OpenAPI document and the JSON Schemas
//! share one definition of each shape: nothing is typed twice. A validator resolves the refs
//! against the document's own location (`.ci/openapi/validate.py` checks that it does). The
//! parameters and error answers that several operations share are `components`, referenced by
//! `#/components/...`.

use serde_json::{Map, Value, json};

/// The registration body that create and update send.
const REGISTRATION: &str = "callback-registration.schema.json";
/// One registration as the API answers it.
const ENTITY: &str = "callback-entity.schema.json";
/// The list call's answer: an array of entities.
const LIST: &str = "callback-list.schema.json";
/// The test-event call's body.
const TEST_EVENT_REQUEST: &str = "test-event-request.schema.json";
/// The test-event call's answer.
const TEST_EVENT_RESPONSE: &str = "test-event-response.schema.json";
/// The body of every 4XX answer.
const API_ERRORS: &str = "api-errors.schema.json";
/// The headers of a callback delivery.
const CALLBACK_HEADERS: &str = "callback-headers.schema.json";
/// Any callback body, as a discriminated union.
const CALLBACK_UNION: &str = "callback-union.schema.json";
/// Where the per-type callback schemas live, and their suffix.
const CALLBACKS_DIR: &str = "callbacks/";
const SCHEMA_SUFFIX: &str = ".schema.json";

/// The content types a callback can be delivered with (the registration chooses; JSON either way).
const CALLBACK_CONTENT_TYPES: [&str; 2] = ["application/json", "text/json"];

const INFO_DESCRIPTION: &str = "\
The Vibes callback (webhook) surface.

**Paths**: the callback configuration API, with which a customer registers, lists, updates and \
deletes callback registrations, and asks Vibes to send a test event. Every request carries \
`Content-Type: application/json`, `X-API-Version: 2` and HTTP Basic authorization.

**Webhooks**: the callbacks Vibes sends to a registered destination, one per callback type. Each \
is a JSON body (the schemas in `callbacks/`) with five `X-` headers. Deliveries are \
at-least-once: a receiver should be idempotent on `event_id`, acknowledge quickly with a 2XX, and \
answer 2XX also to duplicates and to callback types it does not know. Unknown fields are to be \
ignored.

**Components**: `Callback`, any callback body of a known type, for a receiver that registers one \
URL for several callback types: `CurrentCallback` (discriminated by `callback_type`) or \
`LegacyCallback` (older bodies, discriminated by `event_type`), each with a `discriminator` whose \
`mapping` names every callback type.

All schemas are the JSON Schema (draft 2020-12) files published beside this document.";

/// The OpenAPI 3.1.0 document, from the generated schema files: each is its path under
/// `schemas/` (`callbacks/person_added.schema.json`) and its JSON.
///
/// # Panics
/// When a schema file the document refers to is not among `schema_files`, or the headers schema
/// names no header: the generator and this document disagree, which is a bug to fix here.
pub(crate) fn document(schema_files: &[(String, Value)]) -> Value {
    let files = Files(schema_files);
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Vibes callback API",
            "version": env!("CARGO_PKG_VERSION"),
            "summary": "Registering Vibes callbacks, and the callbacks Vibes delivers.",
            "description": INFO_DESCRIPTION,
        },
        "servers": [
            {
                "url": "https://public-api.vibescm.com",
                "description": "United States.",
            },
            {
                "url": "https://public-api.eu.vibes.com",
                "description": "Europe (current host).",
            },
            {
                "url": "https://public-api.vibescmeurope.com",
                "description": "Europe (older host, named in older documentation).",
            },
        ],
        "security": [{ "basicAuth": [] }],
        "tags": [
            {
                "name": "callback configuration",
                "description": "Registering callbacks, and asking for a test event.",
            },
            {
                "name": "callbacks",
                "description": "What Vibes delivers to a registered destination.",
            },
        ],
        "paths": paths(&files),
        "webhooks": webhooks(&files),
        "components": components(&files),
    })
}

/// The schema files passed in, looked up by name.
struct Files<'a>(&'a [(String, Value)]);

impl Files<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, schema)| schema)
    }

    /// A `$ref` to `name` (plus a JSON pointer `fragment`, which may be empty), after checking
    /// that the file was generated.
    fn reference(&self, name: &str, fragment: &str) -> Value {
        let Some(schema) = self.get(name) else {
            panic!("openapi.json refers to `{name}`, which is not among the generated schema files")
        };
        if !fragment.is_empty() {
            assert!(
                schema.pointer(fragment).is_some(),
                "openapi.json refers to `{name}#{fragment}`, which that file lacks"
            );
            return json!({ "$ref": format!("{name}#{fragment}") });
        }
        json!({ "$ref": name })
    }

    /// The callback types that have a schema file, with that file's name and JSON, by type name.
    fn callbacks(&self) -> Vec<(&str, &str, &Value)> {
        let mut callbacks: Vec<_> = self
            .0
            .iter()
            .filter_map(|(file, schema)| {
                let callback_type = file
                    .strip_prefix(CALLBACKS_DIR)?
                    .strip_suffix(SCHEMA_SUFFIX)?;
                Some((callback_type, file.as_str(), schema))
            })
            .collect();
        callbacks.sort_by_key(|(callback_type, _, _)| *callback_type);
        callbacks
    }
}

/// A `$ref` into this document's `components`.
fn component(kind: &str, name: &str) -> Value {
    json!({ "$ref": format!("#/components/{kind}/{name}") })
}

/// A JSON body of the given schema.
fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

/// The answers every operation shares, beside its success answer.
fn with_errors(success_code: &str, success: Value, not_found: bool) -> Value {
    let mut responses = Map::new();
    responses.insert(success_code.to_owned(), success);
    if not_found {
        responses.insert("404".to_owned(), component("responses", "NotFound"));
    }
    responses.insert("4XX".to_owned(), component("responses", "ClientError"));
    Value::Object(responses)
}

fn entity_response(files: &Files, description: &str) -> Value {
    json!({
        "description": description,
        "content": json_content(files.reference(ENTITY, "")),
    })
}

fn registration_body(files: &Files, description: &str) -> Value {
    json!({
        "description": description,
        "required": true,
        "content": json_content(files.reference(REGISTRATION, "")),
    })
}

/// The parameters of an operation: the `X-API-Version` header, then the given ones.
fn parameters(path_parameters: &[&str]) -> Value {
    let mut parameters = vec![component("parameters", "XApiVersion")];
    parameters.extend(
        path_parameters
            .iter()
            .map(|name| component("parameters", name)),
    );
    Value::Array(parameters)
}

fn paths(files: &Files) -> Value {
    let tags = json!(["callback configuration"]);
    json!({
        "/companies/{company_key}/config/callbacks": {
            "post": {
                "operationId": "createCallback",
                "tags": tags,
                "summary": "Register a callback.",
                "description": "Registers a callback for one callback type. `callback_id`, \
                    `created_at`, `updated_at` and `url` are ignored on create. Two \
                    registrations of the same callback type (and, in newer documentation, the \
                    same destination) may not have overlapping active date ranges.",
                "parameters": parameters(&["CompanyKey"]),
                "requestBody": registration_body(files, "The registration."),
                "responses": with_errors(
                    "201",
                    entity_response(files, "Created: the new registration."),
                    false,
                ),
            },
            "get": {
                "operationId": "listCallbacks",
                "tags": tags,
                "summary": "List the callback registrations.",
                "description": "The company's active and future registrations.",
                "parameters": parameters(&["CompanyKey"]),
                "responses": with_errors(
                    "200",
                    json!({
                        "description": "The active and future registrations.",
                        "content": json_content(files.reference(LIST, "")),
                    }),
                    false,
                ),
            },
        },
        "/companies/{company_key}/config/callbacks/{callback_id}": {
            "get": {
                "operationId": "getCallback",
                "tags": tags,
                "summary": "Get one callback registration.",
                "parameters": parameters(&["CompanyKey", "CallbackId"]),
                "responses": with_errors(
                    "200",
                    entity_response(files, "The registration."),
                    true,
                ),
            },
            "put": {
                "operationId": "updateCallback",
                "tags": tags,
                "summary": "Replace a callback registration.",
                "parameters": parameters(&["CompanyKey", "CallbackId"]),
                "requestBody": registration_body(files, "The registration's new content."),
                "responses": with_errors(
                    "200",
                    entity_response(files, "The updated registration."),
                    true,
                ),
            },
            "delete": {
                "operationId": "deleteCallback",
                "tags": tags,
                "summary": "End a callback registration.",
                "description": "Does not remove the registration: its end date becomes now, and \
                    a start date in the future also becomes now.",
                "parameters": parameters(&["CompanyKey", "CallbackId"]),
                "responses": with_errors(
                    "200",
                    entity_response(files, "The registration with its new dates."),
                    true,
                ),
            },
        },
        "/companies/{company_key}/config/callback_events/test": {
            "post": {
                "operationId": "sendTestEvent",
                "tags": tags,
                "summary": "Send a test callback.",
                "description": "Asks Vibes to deliver a test callback of the given type to the \
                    active registration of that type. The delivered callback is an ordinary \
                    callback body that also carries `callback_id` and `delivery_attempt: \"1\"`.",
                "parameters": parameters(&["CompanyKey"]),
                "requestBody": {
                    "description": "The callback type to test, with optional override data.",
                    "required": true,
                    "content": json_content(files.reference(TEST_EVENT_REQUEST, "")),
                },
                "responses": with_errors(
                    "201",
                    json!({
                        "description": "Created: the test event and its id.",
                        "content": json_content(files.reference(TEST_EVENT_RESPONSE, "")),
                    }),
                    true,
                ),
            },
        },
    })
}

/// The delivery headers: the property names of the headers schema, each a required header
/// parameter whose schema is that property's.
fn header_parameters(files: &Files) -> Vec<Value> {
    let headers = files.get(CALLBACK_HEADERS).unwrap_or_else(|| {
        panic!("openapi.json needs `{CALLBACK_HEADERS}`, which is not among the generated files")
    });
    let Some(Value::Object(properties)) = headers.get("properties") else {
        panic!("`{CALLBACK_HEADERS}` has no `properties`")
    };
    assert!(
        !properties.is_empty(),
        "`{CALLBACK_HEADERS}` names no header"
    );
    let required: Vec<&str> = headers
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    properties
        .iter()
        .map(|(name, schema)| {
            let mut parameter = Map::new();
            parameter.insert("name".to_owned(), name.as_str().into());
            parameter.insert("in".to_owned(), "header".into());
            // Every delivery carries all of them; the schema's `required` says so too.
            parameter.insert(
                "required".to_owned(),
                (required.is_empty() || required.contains(&name.as_str())).into(),
            );
            if let Some(description) = schema.get("description") {
                parameter.insert("description".to_owned(), description.clone());
            }
            parameter.insert(
                "schema".to_owned(),
                files.reference(
                    CALLBACK_HEADERS,
                    &format!("/properties/{}", pointer_token(name)),
                ),
            );
            Value::Object(parameter)
        })
        .collect()
}

/// `name` escaped as one JSON pointer token.
fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn webhooks(files: &Files) -> Value {
    let headers = header_parameters(files);
    let mut webhooks = Map::new();
    for (callback_type, file, schema) in files.callbacks() {
        let body = files.reference(file, "");
        let content: Map<String, Value> = CALLBACK_CONTENT_TYPES
            .iter()
            .map(|content_type| ((*content_type).to_owned(), json!({ "schema": body })))
            .collect();
        let mut operation = Map::new();
        operation.insert("tags".to_owned(), json!(["callbacks"]));
        operation.insert(
            "summary".to_owned(),
            format!("A `{callback_type}` callback.").into(),
        );
        let mut description = String::new();
        if let Some(text) = schema.get("description").and_then(Value::as_str) {
            description.push_str(text);
            description.push_str("\n\n");
        }
        description.push_str(
            "Delivered with the method the registration names: `POST` (the default) or `PUT`, \
             with the same body and headers.",
        );
        operation.insert("description".to_owned(), description.into());
        operation.insert("parameters".to_owned(), Value::Array(headers.clone()));
        operation.insert(
            "requestBody".to_owned(),
            json!({
                "description": format!("The `{callback_type}` callback body."),
                "required": true,
                "content": content,
            }),
        );
        operation.insert("responses".to_owned(), webhook_responses());
        // Vibes authenticates itself by its source addresses or a client certificate, not by a
        // header this document could describe.
        operation.insert("security".to_owned(), json!([]));
        webhooks.insert(callback_type.to_owned(), json!({ "post": operation }));
    }
    Value::Object(webhooks)
}

/// What the receiver's answer means to Vibes, by class of status code.
fn webhook_responses() -> Value {
    json!({
        "2XX": {
            "description": "Done: Vibes does not send this event again. Answer 2XX also to \
                duplicates and to callback types you do not know.",
        },
        "3XX": {
            "description": "A transient failure, like 5XX: retried, then the failure queue.",
        },
        "4XX": {
            "description": "A permanent failure: no retry; the event goes to a failure queue and \
                the customer is notified.",
        },
        "5XX": {
            "description": "A transient failure: retried by the retry scheme, then the failure \
                queue; repeated failures can put the URL in a temporary \"down\" state. A \
                timeout counts the same.",
        },
    })
}

/// The unions of [`CALLBACK_UNION`] as schema components: each union its root is made of (one per
/// field a body names its type in), with its `oneOf` and its `discriminator` mapping pointing
/// into that file, and `Callback`, either of them.
///
/// # Panics
/// When the file is missing or its root is not a `oneOf` of `$ref`s to its unions.
fn union_schemas(files: &Files) -> Value {
    let union = files.get(CALLBACK_UNION).unwrap_or_else(|| {
        panic!("openapi.json needs `{CALLBACK_UNION}`, which is not among the generated files")
    });
    let Some(Value::Array(members)) = union.get("oneOf") else {
        panic!("`{CALLBACK_UNION}` is not a `oneOf` at its root")
    };
    let mut schemas = Map::new();
    let mut either = Vec::new();
    for member in members {
        let Some(name) = member["$ref"]
            .as_str()
            .and_then(|target| target.strip_prefix("#/$defs/"))
        else {
            panic!("`{CALLBACK_UNION}`: a member of the root is not a `$ref` to a definition")
        };
        let definition = &union["$defs"][name];
        let mut schema = Map::new();
        for key in ["description", "oneOf", "discriminator"] {
            if let Some(value) = definition.get(key) {
                schema.insert(key.to_owned(), into_union_file(files, value));
            }
        }
        assert!(
            schema.contains_key("discriminator"),
            "`{CALLBACK_UNION}`: the union `{name}` has no discriminator"
        );
        schemas.insert(name.to_owned(), Value::Object(schema));
        either.push(component("schemas", name));
    }
    let description = union.get("description").cloned().unwrap_or(Value::Null);
    schemas.insert(
        "Callback".to_owned(),
        json!({ "description": description, "oneOf": either }),
    );
    Value::Object(schemas)
}

/// `value` with every reference into [`CALLBACK_UNION`] (a `$ref`, or a value of a
/// discriminator's `mapping`) made relative to this document, after checking that it resolves.
fn into_union_file(files: &Files, value: &Value) -> Value {
    let rebase = |target: &Value| -> Value {
        let fragment = target
            .as_str()
            .and_then(|target| target.strip_prefix('#'))
            .unwrap_or_else(|| panic!("`{CALLBACK_UNION}`: `{target}` is not a local reference"));
        files.reference(CALLBACK_UNION, fragment)["$ref"].clone()
    };
    match value {
        Value::Object(object) => object
            .iter()
            .map(|(key, child)| {
                let child = match (key.as_str(), child) {
                    ("$ref", target) => rebase(target),
                    ("mapping", Value::Object(mapping)) => Value::Object(
                        mapping
                            .iter()
                            .map(|(tag, target)| (tag.clone(), rebase(target)))
                            .collect(),
                    ),
                    _ => into_union_file(files, child),
                };
                (key.clone(), child)
            })
            .collect::<Map<String, Value>>()
            .into(),
        Value::Array(items) => items
            .iter()
            .map(|item| into_union_file(files, item))
            .collect(),
        other => other.clone(),
    }
}

fn components(files: &Files) -> Value {
    let errors = json_content(files.reference(API_ERRORS, ""));
    json!({
        "schemas": union_schemas(files),
        "securitySchemes": {
            "basicAuth": {
                "type": "http",
                "scheme": "basic",
                "description": "HTTP Basic authorization with the API user and password.",
            },
        },
        "parameters": {
            "XApiVersion": {
                "name": "X-API-Version",
                "in": "header",
                "required": true,
                "description": "The API version; this document describes version 2 (with it, \
                    phone numbers are E.164).",
                "schema": { "type": "string", "enum": ["2"] },
            },
            "CompanyKey": {
                "name": "company_key",
                "in": "path",
                "required": true,
                "description": "The company's key.",
                "schema": { "type": "string", "minLength": 1 },
            },
            "CallbackId": {
                "name": "callback_id",
                "in": "path",
                "required": true,
                "description": "The registration's id.",
                "schema": { "type": "string", "minLength": 1 },
            },
        },
        "responses": {
            "NotFound": {
                "description": "No such registration (or, for a test event, no active \
                    registration of that type).",
                "content": errors,
            },
            "ClientError": {
                "description": "The request was refused; the body lists why.",
                "content": errors,
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::document;
    use crate::CallbackType;
    use serde_json::{Value, json};

    const HEADERS: [&str; 5] = [
        "X-Callback-Id",
        "X-Company-Id",
        "X-Delivery-Attempts",
        "X-Event-Id",
        "X-Event-Type",
    ];

    /// Stand-ins for the generated files, with the names and shapes the document relies on.
    fn files() -> Vec<(String, Value)> {
        let mut files: Vec<(String, Value)> = [
            "callback.schema.json",
            "callback-registration.schema.json",
            "callback-entity.schema.json",
            "callback-list.schema.json",
            "test-event-request.schema.json",
            "test-event-response.schema.json",
            "api-errors.schema.json",
        ]
        .iter()
        .map(|name| ((*name).to_owned(), json!({ "type": "object" })))
        .collect();
        let properties: serde_json::Map<String, Value> = HEADERS
            .iter()
            .map(|name| ((*name).to_owned(), json!({ "type": "string" })))
            .collect();
        files.push((
            "callback-headers.schema.json".to_owned(),
            json!({ "type": "object", "properties": properties, "required": HEADERS }),
        ));
        for name in CallbackType::KNOWN {
            files.push((
                format!("callbacks/{name}.schema.json"),
                json!({ "title": name, "type": "object" }),
            ));
        }
        files.push(("callback-union.schema.json".to_owned(), union_file()));
        files
    }

    /// A stand-in for the union file: its root a `oneOf` of two discriminated unions, each with a
    /// variant per callback type.
    fn union_file() -> Value {
        let mut definitions = serde_json::Map::new();
        let mut root = Vec::new();
        for (union, field, prefix) in [
            ("CurrentCallback", "callback_type", ""),
            ("LegacyCallback", "event_type", "Legacy"),
        ] {
            let mut mapping = serde_json::Map::new();
            let mut one_of = Vec::new();
            for name in CallbackType::KNOWN {
                let target = format!("#/$defs/{prefix}{name}");
                definitions.insert(format!("{prefix}{name}"), json!({ "type": "object" }));
                mapping.insert((*name).to_owned(), target.clone().into());
                one_of.push(json!({ "$ref": target }));
            }
            definitions.insert(
                union.to_owned(),
                json!({
                    "oneOf": one_of,
                    "discriminator": { "propertyName": field, "mapping": mapping },
                }),
            );
            root.push(json!({ "$ref": format!("#/$defs/{union}") }));
        }
        json!({ "oneOf": root, "$defs": definitions })
    }

    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("$ref", Value::String(target)) => found.push(target),
                        _ => refs(value, found),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
            _ => {}
        }
    }

    #[test]
    fn has_the_six_operations() {
        let doc = document(&files());
        assert_eq!(doc["openapi"], "3.1.0");
        const LIST: &str = "/companies/{company_key}/config/callbacks";
        const ONE: &str = "/companies/{company_key}/config/callbacks/{callback_id}";
        const TEST: &str = "/companies/{company_key}/config/callback_events/test";
        let expected = [
            (LIST, "post", "createCallback", "201"),
            (LIST, "get", "listCallbacks", "200"),
            (ONE, "get", "getCallback", "200"),
            (ONE, "put", "updateCallback", "200"),
            (ONE, "delete", "deleteCallback", "200"),
            (TEST, "post", "sendTestEvent", "201"),
        ];
        let mut count = 0;
        for (path, methods) in doc["paths"].as_object().unwrap() {
            for (method, operation) in methods.as_object().unwrap() {
                count += 1;
                let id = operation["operationId"].as_str().unwrap();
                let Some((_, _, _, success)) = expected
                    .iter()
                    .find(|(p, m, i, _)| (*p, *m, *i) == (path.as_str(), method.as_str(), id))
                else {
                    panic!("unexpected operation {method} {path} ({id})")
                };
                let responses = operation["responses"].as_object().unwrap();
                assert!(responses.contains_key(*success), "{id}: no {success}");
                assert!(responses.contains_key("4XX"), "{id}: no 4XX");
                let parameters = operation["parameters"].as_array().unwrap();
                assert!(
                    parameters.contains(&json!({ "$ref": "#/components/parameters/XApiVersion" })),
                    "{id}: no X-API-Version"
                );
                for name in ["company_key", "callback_id"] {
                    if path.contains(&format!("{{{name}}}")) {
                        let wanted = if name == "company_key" {
                            "CompanyKey"
                        } else {
                            "CallbackId"
                        };
                        assert!(
                            parameters.contains(
                                &json!({ "$ref": format!("#/components/parameters/{wanted}") })
                            ),
                            "{id}: no {name} parameter"
                        );
                    }
                }
            }
        }
        assert_eq!(count, expected.len());
        let body = |path: &str, method: &str| {
            doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
                ["$ref"]
                .clone()
        };
        assert_eq!(body(LIST, "post"), "callback-registration.schema.json");
        assert_eq!(body(ONE, "put"), "callback-registration.schema.json");
        assert_eq!(body(TEST, "post"), "test-event-request.schema.json");
        assert_eq!(
            doc["components"]["securitySchemes"]["basicAuth"],
            json!({
                "type": "http",
                "scheme": "basic",
                "description": "HTTP Basic authorization with the API user and password.",
            })
        );
        assert_eq!(doc["servers"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn every_callback_type_is_a_webhook() {
        let doc = document(&files());
        let webhooks = doc["webhooks"].as_object().unwrap();
        assert_eq!(webhooks.len(), CallbackType::KNOWN.len());
        for name in CallbackType::KNOWN {
            let operation = &webhooks[*name]["post"];
            let file = format!("callbacks/{name}.schema.json");
            for content_type in ["application/json", "text/json"] {
                assert_eq!(
                    operation["requestBody"]["content"][content_type]["schema"]["$ref"],
                    file.as_str(),
                    "{name} {content_type}"
                );
            }
            let headers: Vec<&str> = operation["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|parameter| {
                    assert_eq!(parameter["in"], "header");
                    assert_eq!(parameter["required"], true);
                    parameter["name"].as_str().unwrap()
                })
                .collect();
            assert_eq!(headers, HEADERS);
            let codes: Vec<&String> = operation["responses"].as_object().unwrap().keys().collect();
            for code in ["2XX", "4XX", "5XX"] {
                assert!(codes.iter().any(|c| *c == code), "{name}: no {code}");
            }
        }
    }

    #[test]
    fn every_ref_names_a_given_file_or_a_component() {
        let files = files();
        let doc = document(&files);
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 17 * 7);
        for target in found {
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            if file.is_empty() {
                assert!(
                    doc.pointer(fragment).is_some(),
                    "{target} is not in the document"
                );
                continue;
            }
            let Some((_, schema)) = files.iter().find(|(name, _)| name == file) else {
                panic!("{target} names no given schema file")
            };
            assert!(
                fragment.is_empty() || schema.pointer(fragment).is_some(),
                "{target}: no such place in {file}"
            );
        }
    }

    #[test]
    fn the_callback_unions_are_discriminated_components() {
        let doc = document(&files());
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Callback"]["oneOf"],
            json!([
                { "$ref": "#/components/schemas/CurrentCallback" },
                { "$ref": "#/components/schemas/LegacyCallback" },
            ])
        );
        for (union, field, prefix) in [
            ("CurrentCallback", "callback_type", ""),
            ("LegacyCallback", "event_type", "Legacy"),
        ] {
            let discriminator = &schemas[union]["discriminator"];
            assert_eq!(discriminator["propertyName"], field);
            let mapping = discriminator["mapping"].as_object().unwrap();
            assert_eq!(mapping.len(), CallbackType::KNOWN.len());
            for name in CallbackType::KNOWN {
                assert_eq!(
                    mapping[*name],
                    format!("callback-union.schema.json#/$defs/{prefix}{name}")
                );
            }
        }
    }

    #[test]
    #[should_panic(expected = "callback-entity.schema.json")]
    fn a_missing_file_is_a_clear_panic() {
        let files: Vec<_> = files()
            .into_iter()
            .filter(|(name, _)| name != "callback-entity.schema.json")
            .collect();
        document(&files);
    }
}
