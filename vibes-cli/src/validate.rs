//! Checking one document: the typed parser of `vibes-types` and the JSON Schema of its kind each
//! give a verdict, and the two must agree on the documented contract.
//!
//! Where the schema cannot see anything the typed strict reader does not, one typed read gives
//! both verdicts (see [`Checker::typed_only`] for where that is, and where the schema runs);
//! `--schema-everywhere` runs the schema on every document.

use crate::kind::{self, Kind};
use crate::schema::Validators;
use serde::Serialize;
use serde_json::Value;
use vibes_types::{
    ApiErrors, Callback, CallbackEntity, CallbackRegistration, Inspect, JsonPath, ParseError,
    ParseErrorKind, Segment, TestEventRequest, TestEventResponse, Unrecognized,
};

/// How documents are checked: which kind they are (`None`: recognised from each), and whether
/// the documented contract is required.
#[derive(Debug)]
pub struct Checker {
    kind: Option<Kind>,
    strict: bool,
    /// Run the JSON Schema on every document, not only where it can differ from the typed
    /// reader (`--schema-everywhere`).
    schema_everywhere: bool,
    validators: Validators,
}

/// What checking one document found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The kind it was checked as.
    pub kind: Kind,
    /// Whether that kind was recognised from the content (`--kind auto`).
    pub recognised: bool,
    /// The callback type it names, when it names one.
    pub callback_type: Option<String>,
    /// Whether it passes, in the chosen mode: lenient, the typed parser reads it; strict, the
    /// typed parser and the JSON Schema both accept it.
    pub valid: bool,
    /// Whether the JSON Schema accepts it; `None` when the schema could not judge it (a body
    /// the typed parser reads but `serde_json::Value` cannot hold).
    pub schema: Option<bool>,
    /// Why it does not pass.
    pub errors: Vec<Finding>,
    /// What the typed parser let through or noticed: unknown values and fields, repeated keys,
    /// and where the schema's view of the document differs from the bytes.
    pub warnings: Vec<Finding>,
}

/// One error or warning, where it sits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of finding, as vibes-cli/README.md lists them: a [`ParseErrorKind`] in
    /// snake case (`missing_field`), what lenient reading let through (`outside_contract`,
    /// `unknown_field`, `repeated_key`, `flat_field_beside_filter`, `type_mismatch`,
    /// `registration`), the schema's view
    /// (`schema`, `not_checked_by_schema`, `schema_sees_the_value`, `beyond_the_schema`), the
    /// input's (`too_long`, `unreadable`), or a bug (`disagreement`, `bug`).
    pub kind: &'static str,
    /// The JSON path (`person.person_id`, `errors[0].code`; `.` for the whole document).
    pub path: String,
    /// What is wrong, as a sentence, without the position.
    pub message: String,
    /// The line in the input, from 1, when known.
    pub line: Option<usize>,
    /// The column in the input, from 1, when known.
    pub column: Option<usize>,
}

/// What the typed parser read from a document it accepted leniently.
struct Reading {
    callback_type: Option<String>,
    /// Everything beyond the documented contract, as [`Inspect::unrecognized`] lists it.
    found: Vec<Unrecognized>,
    /// What reading a registration accepted although the documentation does not write it so.
    notes: Vec<String>,
    /// Why strict reading refuses the shape of what lenient reading kept: an API error body of
    /// another shape than the documented one, whose messages `ApiErrors::from_slice` keeps.
    shape: Option<ParseError>,
}

impl Reading {
    fn within_contract(&self) -> bool {
        self.shape.is_none() && !self.found.iter().any(Unrecognized::breaks_contract)
    }
}

impl Checker {
    /// A checker of documents of `kind` (`None`: recognised from each one's content), strict or
    /// lenient.
    pub fn new(kind: Option<Kind>, strict: bool) -> Self {
        Checker {
            kind,
            strict,
            schema_everywhere: false,
            validators: Validators::new(),
        }
    }

    /// With `true`, the JSON Schema checks every document (`--schema-everywhere`), as well as
    /// the typed parser; by default it runs only where its verdict can differ from the typed
    /// reader's (see [`Checker::typed_only`]). The report is the same either way: the tests
    /// hold the two to it on every fixture and mutation of the repository.
    #[must_use]
    pub fn schema_everywhere(mut self, everywhere: bool) -> Self {
        self.schema_everywhere = everywhere;
        self
    }

    /// The kind every document is checked as; `None` when it is recognised from each.
    pub fn kind(&self) -> Option<Kind> {
        self.kind
    }

    /// Checks one document, whatever its bytes.
    ///
    /// The readers do not panic on any input (vibes-types is tested and fuzzed for it); should
    /// one do so all the same, the document is reported as a bug of this program rather than
    /// ending the run, or stalling a stream whose other lines wait for this one.
    pub fn check(&self, bytes: &[u8]) -> Verdict {
        let checked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.check_bytes(bytes)));
        checked.unwrap_or_else(|_| Verdict {
            kind: self.kind.unwrap_or(Kind::Callback),
            recognised: self.kind.is_none(),
            callback_type: None,
            valid: false,
            schema: None,
            errors: vec![Finding::whole(
                "bug",
                "checking it panicked: this is a bug of vibes; please report it with this input"
                    .to_owned(),
            )],
            warnings: Vec::new(),
        })
    }

    fn check_bytes(&self, bytes: &[u8]) -> Verdict {
        if !self.schema_everywhere
            && let Some(verdict) = self.typed_only(bytes)
        {
            return verdict;
        }
        let value = serde_json::from_slice::<Value>(bytes);
        let kind = self
            .kind
            .unwrap_or_else(|| kind::recognise(value.as_ref().ok()));
        let typed = read(kind, bytes);
        let mut verdict = Verdict {
            kind,
            recognised: self.kind.is_none(),
            callback_type: None,
            valid: false,
            schema: None,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let validator = self.validators.get(kind);
        match &value {
            Ok(value) => verdict.schema = Some(validator.is_valid(value)),
            // Neither reader can read it: they agree.
            Err(_) if typed.is_err() => verdict.schema = Some(false),
            Err(error) => verdict.warnings.push(Finding::whole(
                "not_checked_by_schema",
                format!(
                    "the JSON Schema could not check it: serde_json::Value cannot hold it ({error})"
                ),
            )),
        }
        let within_contract = typed.as_ref().is_ok_and(Reading::within_contract);
        // What strict reading refuses in a shape lenient reading kept counts as the typed
        // parser's error when the two readers' verdicts are compared.
        let shape_error = typed
            .as_ref()
            .ok()
            .and_then(|reading| reading.shape.clone());
        let typed_error = match typed {
            Err(error) => {
                verdict.callback_type = error.callback_type().map(ToString::to_string);
                verdict.errors.push(Finding::from_parse_error(&error));
                Some(error)
            }
            Ok(reading) => {
                self.sort_findings(reading, &mut verdict);
                None
            }
        };
        let schema_accepts = verdict.schema.unwrap_or(within_contract);
        if self.strict && within_contract && !schema_accepts {
            // The typed parser accepts the bytes but the schema refuses their value: say why.
            if let Ok(value) = &value {
                verdict.errors.extend(schema_findings(validator, value));
            }
        }
        verdict.valid = if self.strict {
            verdict.errors.is_empty() && schema_accepts
        } else {
            typed_error.is_none()
        };
        if let Ok(value) = &value
            && schema_accepts != within_contract
        {
            let difference = Difference {
                kind,
                value,
                schema_accepts,
                typed_accepts: within_contract,
                typed_error: typed_error.as_ref().or(shape_error.as_ref()),
            };
            difference.settle(&mut verdict);
        }
        verdict
    }

    /// The verdict of one typed read, where the JSON Schema cannot differ from it; `None` where it
    /// can, and the schema runs:
    ///
    /// 1. a kind other than `callback` (`--kind`, or recognised from a document that is not
    ///    read as a callback body of a known type, or whose top level has `errors` or
    ///    `destination`, the keys that make `--kind auto` choose another kind);
    /// 2. a body the typed parser refuses (the report says whether the schema refuses it too);
    /// 3. a body outside the documented contract: an unknown callback type or value, a repeated
    ///    key (the schema judges the parsed value, which keeps the last of repeated keys), a
    ///    filter field given twice; the schema's verdict and errors are reported;
    /// 4. a body with more than 128 opening brackets, which may nest deeper than
    ///    `serde_json::Value` reads (the typed parser keeps free-form text at any depth, the
    ///    schema then cannot judge it).
    ///
    /// Everywhere else (a known callback body the typed parser reads within the contract), the
    /// schema accepts what the typed reader accepts: the agreement tests of the repository hold
    /// the two to the same verdict on every fixture and mutation, and a difference here would
    /// be a `disagreement`, a bug, which those tests would find.
    pub fn typed_only(&self, bytes: &[u8]) -> Option<Verdict> {
        if !matches!(self.kind, None | Some(Kind::Callback))
            || opening_brackets(bytes) > VALUE_DEPTH
        {
            return None;
        }
        let callback = Callback::from_slice(bytes).ok()?;
        if !callback.callback_type().is_known() {
            return None;
        }
        let found = callback.unrecognized();
        let names_another_kind = |item: &Unrecognized| {
            matches!(item, Unrecognized::Field { path }
                if matches!(path.segments(), [Segment::Key(key)] if OTHER_KINDS_KEYS.contains(&key.as_ref())))
        };
        if found.iter().any(Unrecognized::breaks_contract)
            || (self.kind.is_none() && found.iter().any(names_another_kind))
        {
            return None;
        }
        let reading = Reading {
            callback_type: Some(callback.callback_type().as_str().to_owned()),
            found,
            notes: Vec::new(),
            shape: None,
        };
        let mut verdict = Verdict {
            kind: Kind::Callback,
            recognised: self.kind.is_none(),
            callback_type: None,
            valid: true,
            schema: Some(true),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        self.sort_findings(reading, &mut verdict);
        Some(verdict)
    }

    /// Sorts what a lenient reading found into errors (strict reading refuses them) and
    /// warnings.
    fn sort_findings(&self, reading: Reading, verdict: &mut Verdict) {
        verdict.callback_type = reading.callback_type;
        for item in &reading.found {
            let finding = Finding::from_unrecognized(item);
            if self.strict && item.breaks_contract() {
                verdict.errors.push(finding);
            } else {
                verdict.warnings.push(finding);
            }
        }
        for note in reading.notes {
            verdict.warnings.push(Finding::whole("registration", note));
        }
        if let Some(error) = &reading.shape {
            let finding = Finding::from_parse_error(error);
            if self.strict {
                verdict.errors.push(finding);
            } else {
                verdict.warnings.push(finding);
            }
        }
    }
}

/// How deep `serde_json::Value` nests (its recursion limit); a body with more opening brackets
/// than this may be deeper.
const VALUE_DEPTH: usize = 128;

/// The top-level keys that make `--kind auto` recognise a document as another kind than a
/// callback body, whatever else it holds (see `kind::recognise`).
const OTHER_KINDS_KEYS: [&str; 2] = ["errors", "destination"];

/// How many `{` and `[` bytes `bytes` holds, in strings too: at least its depth.
///
/// It runs on every line of a stream, so it is written for the vector unit: `{` (0x7B) and `[`
/// (0x5B) differ only in the bit 0x20, so one comparison finds both, and the matches of up to
/// 255 bytes are added up in a byte before being widened (a count in a `usize` per byte cost
/// about 5 instructions a byte, as much as a fifth of a body's typed read).
fn opening_brackets(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let found = chunk
                .iter()
                .fold(0_u8, |found, &byte| found + u8::from(byte | 0x20 == b'{'));
            usize::from(found)
        })
        .sum()
}

/// The typed parser and the schema give different verdicts on a document's bytes. They are held
/// to the same verdict on every JSON value the repository's tests make, within what a JSON
/// Schema can state; a difference outside those limits is a bug.
struct Difference<'a> {
    kind: Kind,
    value: &'a Value,
    schema_accepts: bool,
    typed_accepts: bool,
    typed_error: Option<&'a ParseError>,
}

impl Difference<'_> {
    /// Why the two differ, when it is one of the known limits of the schema's view:
    ///
    /// - the schema judges the parsed JSON value, which keeps the last of repeated keys and not
    ///   how a number was written, where the typed parser reads the bytes: reading the value's
    ///   own serialization gives the schema's verdict;
    /// - a timestamp's pattern admits a day the month does not have (`2021-02-30`), which the
    ///   typed parser refuses;
    /// - an integer beyond a signed 64 bits where the schema has only the `int64` format, an
    ///   annotation.
    fn explained(&self) -> Option<Finding> {
        let written = serde_json::to_vec(self.value).unwrap_or_default();
        let typed_on_value =
            read(self.kind, &written).is_ok_and(|reading| reading.within_contract());
        if typed_on_value == self.schema_accepts {
            return Some(Finding::whole(
                "schema_sees_the_value",
                format!(
                    "the JSON Schema {} it and the typed parser {} it: the schema judges the JSON \
                     value, which keeps the last of repeated keys and not how numbers are written, \
                     where the typed parser reads these bytes",
                    says(self.schema_accepts),
                    says(self.typed_accepts)
                ),
            ));
        }
        let error = self.typed_error.filter(|_| self.schema_accepts)?;
        if error.kind() != ParseErrorKind::InvalidValue {
            return None;
        }
        let limit = match at(self.value, error.path())? {
            Value::String(_) => {
                "a timestamp's pattern in the JSON Schema admits days a month does not have, \
                 which the typed parser refuses"
            }
            Value::Number(number) if !number.is_i64() => {
                "the JSON Schema does not bound this integer to a signed 64 bits (its `int64` \
                 format is an annotation), which the typed parser does"
            }
            _ => return None,
        };
        Some(Finding {
            kind: "beyond_the_schema",
            path: error.path().to_string(),
            message: format!("the JSON Schema accepts it and the typed parser refuses it: {limit}"),
            line: None,
            column: None,
        })
    }

    /// Adds the difference to `verdict`: a warning saying why when a known limit explains it,
    /// else a `disagreement`, an error that makes the document invalid whatever the mode.
    fn settle(&self, verdict: &mut Verdict) {
        match self.explained() {
            Some(why) => verdict.warnings.push(why),
            None => {
                verdict.errors.push(self.disagreement());
                verdict.valid = false;
            }
        }
    }

    /// The finding of a difference no known limit explains.
    fn disagreement(&self) -> Finding {
        Finding::whole(
            "disagreement",
            format!(
                "the typed parser {} it under the documented contract but the JSON Schema {} it: \
                 this is a bug of vibes; please report it with this input",
                says(self.typed_accepts),
                says(self.schema_accepts)
            ),
        )
    }
}

fn says(accepts: bool) -> &'static str {
    if accepts { "accepts" } else { "refuses" }
}

/// The value at `path` inside `value`.
fn at<'v>(value: &'v Value, path: &JsonPath) -> Option<&'v Value> {
    path.segments()
        .iter()
        .try_fold(value, |inside, segment| match segment {
            Segment::Key(key) => inside.get(key.as_ref()),
            Segment::Index(index) => inside.get(*index),
        })
}

/// Reads `bytes` leniently as a document of `kind`.
fn read(kind: Kind, bytes: &[u8]) -> Result<Reading, ParseError> {
    fn plain<T: Inspect>(value: &T, callback_type: Option<String>) -> Reading {
        Reading {
            callback_type,
            found: value.unrecognized(),
            notes: Vec::new(),
            shape: None,
        }
    }
    Ok(match kind {
        Kind::Callback => {
            let callback = Callback::from_slice(bytes)?;
            plain(
                &callback,
                Some(callback.callback_type().as_str().to_owned()),
            )
        }
        Kind::Registration => {
            let registration = CallbackRegistration::from_slice(bytes)?;
            let mut reading = plain(
                &registration,
                Some(registration.callback_type().to_string()),
            );
            reading.notes = registration
                .warnings()
                .iter()
                .map(ToString::to_string)
                .collect();
            reading
        }
        Kind::Entity => {
            let entity = CallbackEntity::from_slice(bytes)?;
            plain(&entity, entity.callback_type().map(ToString::to_string))
        }
        Kind::EntityList => plain(&CallbackEntity::list_from_slice(bytes)?, None),
        Kind::TestEventRequest => {
            let request = TestEventRequest::from_slice(bytes)?;
            plain(&request, Some(request.event_type.to_string()))
        }
        Kind::TestEventResponse => plain(&TestEventResponse::from_slice(bytes)?, None),
        Kind::ApiErrors => {
            let mut reading = plain(&ApiErrors::from_slice(bytes)?, None);
            reading.shape = ApiErrors::from_slice_strict(bytes)
                .err()
                .filter(|error| error.kind() != ParseErrorKind::OutsideContract);
            reading
        }
    })
}

/// Every error the schema reports on `value`.
fn schema_findings(validator: &jsonschema::Validator, value: &Value) -> Vec<Finding> {
    validator
        .iter_errors(value)
        .map(|error| {
            let path = error
                .instance_path()
                .iter()
                .fold(JsonPath::root(), |path, segment| match segment {
                    jsonschema::paths::LocationSegment::Property(key) => path.join_key(&key),
                    jsonschema::paths::LocationSegment::Index(index) => path.join_index(index),
                });
            Finding {
                kind: "schema",
                path: path.to_string(),
                message: format!("the JSON Schema refuses it: {error}"),
                line: None,
                column: None,
            }
        })
        .collect()
}

impl Finding {
    /// A finding about the whole document.
    pub fn whole(kind: &'static str, message: String) -> Self {
        Finding {
            kind,
            path: JsonPath::root().to_string(),
            message,
            line: None,
            column: None,
        }
    }

    /// The finding of a parse error: its kind, path and message, and its position apart.
    pub fn from_parse_error(error: &ParseError) -> Self {
        let mut message = error.to_string();
        if let (Some(line), Some(column)) = (error.line(), error.column()) {
            // Reported apart, so that a stream can give the line in the file.
            let position = format!(" (line {line}, column {column})");
            if let Some(without) = message.strip_suffix(&position) {
                message.truncate(without.len());
            }
        }
        Finding {
            kind: error_kind(error.kind()),
            path: error.path().to_string(),
            message,
            line: error.line(),
            column: error.column(),
        }
    }

    fn from_unrecognized(item: &Unrecognized) -> Self {
        let kind = match item {
            Unrecognized::Value { .. } => "outside_contract",
            Unrecognized::Field { .. } => "unknown_field",
            Unrecognized::RepeatedKey { .. } => "repeated_key",
            Unrecognized::FlatFieldBesideFilter { .. } => "flat_field_beside_filter",
            Unrecognized::TypeMismatch { .. } => "type_mismatch",
            _ => "unrecognized",
        };
        Finding {
            kind,
            path: item.path().to_string(),
            message: item.to_string(),
            line: None,
            column: None,
        }
    }
}

/// The name of a kind of parse error, as the JSON output and the summary give it.
pub fn error_kind(kind: ParseErrorKind) -> &'static str {
    match kind {
        ParseErrorKind::Syntax => "syntax",
        ParseErrorKind::Truncated => "truncated",
        ParseErrorKind::NotAnObject => "not_an_object",
        ParseErrorKind::MissingField => "missing_field",
        ParseErrorKind::WrongType => "wrong_type",
        ParseErrorKind::InvalidValue => "invalid_value",
        ParseErrorKind::DuplicateField => "duplicate_field",
        ParseErrorKind::NoCallbackType => "no_callback_type",
        ParseErrorKind::OutsideContract => "outside_contract",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::{Checker, Difference, Verdict, opening_brackets};
    use crate::kind::Kind;
    use crate::report::{self, Source};
    use serde_json::{Value, json};

    const BODY: &[u8] = br#"{"callback_type":"person_added","event_id":"e1","event_date":"2026-03-01T09:00:00Z","person":{"person_id":"p1"}}"#;

    /// The verdict on a valid body, after a difference between the two readers is settled in
    /// it. The readers agree on every body the repository has, so their verdicts are fabricated.
    fn settled(schema_accepts: bool, typed_accepts: bool) -> Verdict {
        let mut verdict = Checker::new(None, false).check(BODY);
        assert!(verdict.valid && verdict.schema == Some(true), "{verdict:?}");
        verdict.schema = Some(schema_accepts);
        let value: Value = serde_json::from_slice(BODY).unwrap();
        let difference = Difference {
            kind: Kind::Callback,
            value: &value,
            schema_accepts,
            typed_accepts,
            typed_error: None,
        };
        difference.settle(&mut verdict);
        verdict
    }

    /// The schema refuses what the typed parser accepts, and no known limit explains it.
    #[test]
    fn a_difference_no_limit_explains_is_a_disagreement_reported_as_a_bug() {
        let verdict = settled(false, true);
        assert!(!verdict.valid);
        let file = crate::file_name::FileName::of(std::path::Path::new("body.json"));
        let source = Source {
            file: &file,
            line: None,
        };
        let mut text = Vec::new();
        report::text(source, &verdict, &mut text).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "body.json: invalid callback person_added (kind recognised; JSON Schema refuses it): \
             the typed parser accepts it under the documented contract but the JSON Schema \
             refuses it: this is a bug of vibes; please report it with this input\n"
        );
        let mut line = Vec::new();
        report::json(source, &verdict, &mut line).unwrap();
        let record: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(
            (
                &record["valid"],
                &record["schema"],
                &record["errors"][0]["kind"]
            ),
            (&json!(false), &json!(false), &json!("disagreement"))
        );
        assert_eq!(record["errors"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn opening_brackets_counts_both_brackets_and_nothing_else() {
        assert_eq!(opening_brackets(b""), 0);
        assert_eq!(opening_brackets(br#"{"a":[{},[]],"b":"{[}]"}"#), 6);
        // Every other byte, and the closing brackets, are not counted; nor is `;` (0x3B) nor `K`.
        let others: Vec<u8> = (0..=255_u8).filter(|b| *b != b'{' && *b != b'[').collect();
        assert_eq!(opening_brackets(&others), 0);
        // Past one chunk of 255 bytes, and a chunk full of them.
        assert_eq!(opening_brackets(&b"[".repeat(1000)), 1000);
        assert_eq!(opening_brackets(&b"x{".repeat(300)), 300);
    }

    /// The typed parser refuses the bytes, but its reading of the value's own serialization
    /// accepts it, as the schema does: the difference is in the bytes, which the schema does not
    /// see, so it is a warning and the verdict stands.
    #[test]
    fn a_difference_the_schema_cannot_see_is_a_warning() {
        let verdict = settled(true, false);
        assert!(verdict.valid && verdict.errors.is_empty(), "{verdict:?}");
        assert_eq!(verdict.warnings[0].kind, "schema_sees_the_value");
    }
}
