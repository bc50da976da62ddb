//! Checks to run on a registration before sending it: each finding names its field and says
//! whether the service would refuse the registration or merely accept something doubtful.

use super::Lifecycle;
use super::wire::ReadWarning;
use super::{CallbackRegistration, Destination};
use crate::{JsonPath, Timestamp};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::fmt;

/// The wire names findings point at; they are the serde names of the registration's fields.
mod field {
    pub const CALLBACK_TYPE: &str = crate::callback::TYPE_FIELDS[0];
    pub const EVENT_TYPE: &str = crate::callback::TYPE_FIELDS[1];
    pub const DESTINATION: &str = "destination";
    pub const URL: &str = "url";
    pub const END_DATE: &str = "end_date";
    pub const COUNTRY_CODE: &str = "country_code";
}

/// How much a [`Finding`] matters.
///
/// ```
/// use vibes_types::registration::Severity;
/// use vibes_types::{CallbackRegistration, Timestamp};
///
/// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
/// let registration = CallbackRegistration::person_added("ftp://example.com/hook");
/// let findings = registration.preflight(now);
/// let send = findings.iter().all(|finding| finding.severity() < Severity::Error);
/// assert!(!send);
/// # Ok::<(), vibes_types::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The registration works, but probably not as meant.
    Warning,
    /// The service refuses the registration, or Vibes cannot deliver to it.
    Error,
}

/// One problem pre-flight found in a registration, at the field it concerns.
///
/// ```
/// use vibes_types::{CallbackRegistration, Timestamp};
///
/// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
/// let registration = CallbackRegistration::subscription_added(" ", "https://example.com/hook");
/// let [finding] = registration.preflight(now).try_into().unwrap();
/// assert_eq!(finding.path.to_string(), "subscription_added.list_id");
/// assert_eq!(
///     finding.to_string(),
///     "error at `subscription_added.list_id`: the filter field is empty"
/// );
/// # Ok::<(), vibes_types::TimestampError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The field concerned (`destination.url`, `subscription_added.list_id`, …).
    pub path: JsonPath,
    /// What is wrong.
    pub kind: FindingKind,
}

/// What pre-flight found.
///
/// ```
/// use vibes_types::registration::FindingKind;
/// use vibes_types::{CallbackRegistration, Timestamp};
///
/// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
/// let ended = CallbackRegistration::device_added("abe57f09", "https://example.com/hook")
///     .ending(Timestamp::parse("2017-01-01T00:00Z")?);
/// let findings = ended.preflight(now);
/// let FindingKind::EndNotAfterStart { start, end } = &findings[0].kind else { unreachable!() };
/// assert_eq!((start.as_str(), end.as_str()), ("2017-01-15T12:00:00Z", "2017-01-01T00:00Z"));
/// # Ok::<(), vibes_types::TimestampError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FindingKind {
    /// The destination URL is not an absolute `http` or `https` URL (error).
    UrlNotAbsolute {
        /// Why it was refused.
        reason: String,
    },
    /// The destination URL starts or ends with whitespace (a trailing line break, say), which
    /// would be sent as part of the URL (error).
    UrlSurroundingWhitespace,
    /// The destination URL contains a control character (error).
    UrlControlCharacter {
        /// Where, in characters from the start (the first is 0).
        position: usize,
    },
    /// The destination URL contains `\`, which URL parsers read as `/` but the text sent keeps
    /// (error).
    UrlBackslash {
        /// Where, in characters from the start (the first is 0).
        position: usize,
    },
    /// The destination URL's `http:` or `https:` is not followed by `//` and a host
    /// (`https:example.com`, `https:///path`) (error).
    UrlWithoutHost,
    /// The destination URL's host is not ASCII (`bücher.example`, or `%C3%BC` escapes): it is
    /// sent as written, and whether a client turns it into its ASCII (punycode, `xn--`) form is
    /// not documented, so it is to be written in that form (error).
    UrlHostNotAscii {
        /// The host as written, with its port if it has one.
        host: String,
    },
    /// The destination URL carries a user name or password (`https://user:password@host`): the
    /// API stores it and answers it in plain text, and Vibes does not document sending it
    /// (warning). `Debug` of a destination never shows the password.
    UrlWithCredentials,
    /// The destination URL is plain `http`, so callbacks travel unencrypted (warning).
    PlainHttp,
    /// The destination URL is longer than [`Destination::MAX_URL_LENGTH`] characters (error).
    UrlTooLong {
        /// Its length in characters.
        length: usize,
    },
    /// The end date is at or before the start date (or before now, when there is no start), so
    /// the registration is never active (error).
    EndNotAfterStart {
        /// The start, as written or the `now` it defaults to.
        start: String,
        /// The end as written.
        end: String,
    },
    /// A required filter field is empty (error); a missing filter is already refused by reading.
    EmptyFilter,
    /// `unmatched_message_received` without `country_code`, which the wiki's field table marks as
    /// required (warning).
    MissingCountryCode,
    /// The filter was read from another callback type's key (warning; written under its own).
    MisplacedFilter {
        /// The key it was read from.
        found_under: String,
    },
    /// A filter field stood at the top level too, beside the filter object that was read
    /// (warning: the top-level one is sent as well, and which the service takes is not
    /// documented).
    FlatFieldBesideFilter {
        /// The key of the filter object that was read.
        filter_under: String,
    },
    /// `callback_type` and `event_type` disagreed when read (warning).
    TypeMismatch {
        /// The `callback_type` value the registration was read as.
        callback_type: String,
        /// The disagreeing `event_type` value, kept in `extra`.
        event_type: String,
    },
    /// The callback type is not one this version knows (warning: Vibes may have added it).
    UnknownCallbackType {
        /// The type's name.
        name: String,
    },
}

impl Destination {
    /// The longest destination URL Vibes accepts, in characters.
    pub const MAX_URL_LENGTH: usize = 1024;
}

impl Finding {
    /// Whether the finding stops the registration (error) or only deserves a look (warning).
    ///
    /// ```
    /// use vibes_types::registration::Severity;
    /// use vibes_types::{CallbackRegistration, Timestamp};
    ///
    /// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
    /// let plain_http = CallbackRegistration::person_added("http://e.com/hook").preflight(now);
    /// assert_eq!(plain_http[0].severity(), Severity::Warning);
    /// # Ok::<(), vibes_types::TimestampError>(())
    /// ```
    pub fn severity(&self) -> Severity {
        match self.kind {
            FindingKind::UrlNotAbsolute { .. }
            | FindingKind::UrlSurroundingWhitespace
            | FindingKind::UrlControlCharacter { .. }
            | FindingKind::UrlBackslash { .. }
            | FindingKind::UrlWithoutHost
            | FindingKind::UrlHostNotAscii { .. }
            | FindingKind::UrlTooLong { .. }
            | FindingKind::EndNotAfterStart { .. }
            | FindingKind::EmptyFilter => Severity::Error,
            FindingKind::PlainHttp
            | FindingKind::UrlWithCredentials
            | FindingKind::MissingCountryCode
            | FindingKind::MisplacedFilter { .. }
            | FindingKind::FlatFieldBesideFilter { .. }
            | FindingKind::TypeMismatch { .. }
            | FindingKind::UnknownCallbackType { .. } => Severity::Warning,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity} at `{}`: ", self.path)?;
        match &self.kind {
            FindingKind::UrlNotAbsolute { reason } => {
                write!(f, "not an absolute http(s) URL ({reason})")
            }
            FindingKind::UrlSurroundingWhitespace => f.write_str(
                "the URL starts or ends with whitespace, which would be sent as part of it",
            ),
            FindingKind::UrlControlCharacter { position } => write!(
                f,
                "the URL contains a control character at character {position}"
            ),
            FindingKind::UrlBackslash { position } => write!(
                f,
                "the URL contains `\\` at character {position}; write `/`"
            ),
            FindingKind::UrlWithoutHost => {
                f.write_str("the scheme is not followed by `//` and a host")
            }
            FindingKind::UrlHostNotAscii { host } => write!(
                f,
                "the host {host:?} is not ASCII; write it in its ASCII (punycode, `xn--`) form"
            ),
            FindingKind::UrlWithCredentials => f.write_str(
                "the URL carries a user name or password, which the API stores and answers in plain text",
            ),
            FindingKind::PlainHttp => f.write_str("plain http: callbacks would travel unencrypted"),
            FindingKind::UrlTooLong { length } => write!(
                f,
                "the URL has {length} characters, more than {}",
                Destination::MAX_URL_LENGTH
            ),
            FindingKind::EndNotAfterStart { start, end } => write!(
                f,
                "ends at `{end}`, not after its start `{start}`, so it is never active"
            ),
            FindingKind::EmptyFilter => f.write_str("the filter field is empty"),
            FindingKind::MissingCountryCode => f.write_str(
                "no `country_code` (the field table marks it required for unmatched messages)",
            ),
            FindingKind::MisplacedFilter { found_under } => write!(
                f,
                "the filter was read from `{found_under}`, another callback type's key"
            ),
            FindingKind::FlatFieldBesideFilter { filter_under } => write!(
                f,
                "a filter field at the top level, beside the filter object read from `{filter_under}`: the object is the filter, and this field would be sent beside it"
            ),
            FindingKind::TypeMismatch {
                callback_type,
                event_type,
            } => write!(
                f,
                "`event_type` is `{event_type}` but `callback_type` is `{callback_type}`"
            ),
            FindingKind::UnknownCallbackType { name } => {
                write!(f, "`{name}` is not a callback type this version knows")
            }
        }
    }
}

impl CallbackRegistration {
    /// Checks the registration before it is sent, `now` standing for the time of creation when
    /// it has no `start_date`. Findings come in field order: type, filter, destination, dates.
    ///
    /// ```
    /// use vibes_types::{CallbackRegistration, Timestamp};
    ///
    /// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
    /// let url = "https://example.com/hook";
    /// let registration = CallbackRegistration::unmatched_message_received("52623", "1", url);
    /// assert!(registration.preflight(now).is_empty());
    ///
    /// let relative = CallbackRegistration::person_added("/hooks/vibes");
    /// let findings: Vec<String> =
    ///     relative.preflight(now).iter().map(ToString::to_string).collect();
    /// assert_eq!(findings.len(), 1);
    /// assert!(findings[0].starts_with("error at `destination.url`: not an absolute http(s) URL"));
    /// # Ok::<(), vibes_types::TimestampError>(())
    /// ```
    pub fn preflight(&self, now: DateTime<Utc>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let callback_type = self.callback_type();
        if !callback_type.is_known() {
            findings.push(Finding {
                path: JsonPath::root().join_key(field::CALLBACK_TYPE),
                kind: FindingKind::UnknownCallbackType {
                    name: callback_type.to_string(),
                },
            });
        }
        for warning in self.warnings() {
            findings.push(match warning {
                ReadWarning::MisplacedFilter { found_under, .. } => Finding {
                    path: JsonPath::root().join_key(found_under),
                    kind: FindingKind::MisplacedFilter {
                        found_under: found_under.clone(),
                    },
                },
                ReadWarning::TypeMismatch {
                    callback_type,
                    event_type,
                } => Finding {
                    path: JsonPath::root().join_key(field::EVENT_TYPE),
                    kind: FindingKind::TypeMismatch {
                        callback_type: callback_type.clone(),
                        event_type: event_type.clone(),
                    },
                },
                ReadWarning::FlatFieldBesideFilter {
                    field,
                    filter_under,
                } => Finding {
                    path: JsonPath::root().join_key(field),
                    kind: FindingKind::FlatFieldBesideFilter {
                        filter_under: filter_under.clone(),
                    },
                },
            });
        }
        self.check_filter(&mut findings);
        check_url(&self.destination.url, &mut findings);
        let range = self.date_range(now);
        if let (Some(end), true) = (&self.end_date, range.is_empty()) {
            let start = self.start_date.as_ref().map_or_else(
                || Timestamp::from_instant(now).to_string(),
                Timestamp::to_string,
            );
            findings.push(Finding {
                path: JsonPath::root().join_key(field::END_DATE),
                kind: FindingKind::EndNotAfterStart {
                    start,
                    end: end.to_string(),
                },
            });
        }
        findings
    }

    /// Empty filter fields, found by their written form so that every filter is covered alike.
    fn check_filter(&self, findings: &mut Vec<Finding>) {
        let Ok(Value::Object(written)) = serde_json::to_value(self) else {
            return;
        };
        let key = self.callback_type().to_string();
        let Some(Value::Object(filter)) = written.get(&key) else {
            return;
        };
        let filter_path = JsonPath::root().join_key(&key);
        for (name, value) in filter {
            if value.as_str().is_some_and(|text| text.trim().is_empty()) {
                findings.push(Finding {
                    path: filter_path.join_key(name),
                    kind: FindingKind::EmptyFilter,
                });
            }
        }
        if let super::CallbackFilter::UnmatchedMessageReceived(source) = &self.callback
            && source.country_code.is_none()
        {
            findings.push(Finding {
                path: filter_path.join_key(field::COUNTRY_CODE),
                kind: FindingKind::MissingCountryCode,
            });
        }
    }
}

/// The destination URL: absolute http(s), preferably https, at most 1024 characters, and without
/// user information.
///
/// The raw text is what Vibes will send, so it is checked as written before a URL parser (which
/// trims whitespace, drops line breaks and reads `\\` as `/`) gets to normalise it.
fn check_url(text: &str, findings: &mut Vec<Finding>) {
    let path = JsonPath::root()
        .join_key(field::DESTINATION)
        .join_key(field::URL);
    let mut push = |kind| {
        findings.push(Finding {
            path: path.clone(),
            kind,
        });
    };
    let length = text.chars().count();
    if length > Destination::MAX_URL_LENGTH {
        push(FindingKind::UrlTooLong { length });
    }
    if let Some(malformed) = malformed(text) {
        push(malformed);
    } else if let Some(host) = host_not_ascii(text) {
        // Decided here rather than by the URL parser, whose verdict on a non-ASCII host depends
        // on the IDNA back end the application chose (`idna_adapter`).
        push(FindingKind::UrlHostNotAscii {
            host: host.to_owned(),
        });
    } else {
        match url::Url::parse(text) {
            Err(error) => push(FindingKind::UrlNotAbsolute {
                reason: error.to_string(),
            }),
            Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => {
                push(FindingKind::UrlNotAbsolute {
                    reason: format!("the scheme is `{}`", parsed.scheme()),
                });
            }
            Ok(parsed) if parsed.host_str().is_none_or(str::is_empty) => {
                push(FindingKind::UrlNotAbsolute {
                    reason: "no host".to_owned(),
                });
            }
            Ok(parsed) if parsed.scheme() == "http" => push(FindingKind::PlainHttp),
            Ok(_) => {}
        }
    }
    if super::destination::has_user_info(text) {
        push(FindingKind::UrlWithCredentials);
    }
}

/// The host of an `http(s)://` URL, as written, when it is not ASCII, or holds `%` escapes of
/// bytes that are not.
fn host_not_ascii(text: &str) -> Option<&str> {
    let (_, rest) = text.split_once("://")?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let escaped_beyond_ascii = host.as_bytes().windows(3).any(|escape| {
        escape[0] == b'%'
            && std::str::from_utf8(&escape[1..])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .is_some_and(|byte| !byte.is_ascii())
    });
    (!host.is_ascii() || escaped_beyond_ascii).then_some(host)
}

/// The first way the raw text differs from a URL written out in full, if any.
fn malformed(text: &str) -> Option<FindingKind> {
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        return Some(FindingKind::UrlSurroundingWhitespace);
    }
    if let Some(position) = text.chars().position(char::is_control) {
        return Some(FindingKind::UrlControlCharacter { position });
    }
    if let Some(position) = text.chars().position(|c| c == '\\') {
        return Some(FindingKind::UrlBackslash { position });
    }
    let (scheme, rest) = text.split_once(':')?;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let host = rest.strip_prefix("//").and_then(|rest| rest.chars().next());
    (web && !host.is_some_and(|first| !matches!(first, '/' | '?' | '#')))
        .then_some(FindingKind::UrlWithoutHost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::CallbackRegistration;

    fn now() -> DateTime<Utc> {
        Timestamp::parse("2017-01-15T12:00Z").unwrap().to_utc()
    }

    fn kinds(registration: &CallbackRegistration) -> Vec<(String, FindingKind)> {
        registration
            .preflight(now())
            .into_iter()
            .map(|finding| (finding.path.to_string(), finding.kind))
            .collect()
    }

    #[test]
    fn a_sound_registration_has_no_finding() {
        let registration =
            CallbackRegistration::subscription_added("list", "https://example.com/hook");
        assert!(registration.preflight(now()).is_empty());
    }

    #[test]
    fn urls_must_be_absolute_http_and_at_most_1024_characters() {
        let base = "https://example.com/";
        let longest = format!(
            "{base}{}",
            "a".repeat(Destination::MAX_URL_LENGTH - base.len())
        );
        assert!(kinds(&CallbackRegistration::person_added(longest.as_str())).is_empty());
        let too_long = format!("{longest}a");
        assert_eq!(
            kinds(&CallbackRegistration::person_added(too_long)),
            [(
                "destination.url".to_owned(),
                FindingKind::UrlTooLong { length: 1025 }
            )]
        );
        assert_eq!(
            kinds(&CallbackRegistration::person_added("http://example.com")),
            [("destination.url".to_owned(), FindingKind::PlainHttp)]
        );
        for url in [
            "",
            "/relative",
            "ftp://example.com",
            "example.com",
            "mailto:x@example.com",
        ] {
            let found = kinds(&CallbackRegistration::person_added(url));
            assert!(
                matches!(found.as_slice(), [(_, FindingKind::UrlNotAbsolute { .. })]),
                "{url}: {found:?}"
            );
            let severity = CallbackRegistration::person_added(url).preflight(now())[0].severity();
            assert_eq!(severity, Severity::Error);
        }
    }

    #[test]
    fn the_end_must_be_after_the_start() {
        let start = Timestamp::parse("2017-02-01T00:00Z").unwrap();
        let same = CallbackRegistration::person_added("https://example.com")
            .starting(start.clone())
            .ending(start.clone());
        let found = same.preflight(now());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.to_string(), "end_date");
        assert_eq!(found[0].severity(), Severity::Error);
        let one_minute = CallbackRegistration::person_added("https://example.com")
            .starting(start)
            .ending(Timestamp::parse("2017-02-01T00:01Z").unwrap());
        assert!(one_minute.preflight(now()).is_empty());
        let ended_before_now = CallbackRegistration::person_added("https://example.com")
            .ending(Timestamp::parse("2017-01-15T12:00Z").unwrap());
        assert!(matches!(
            kinds(&ended_before_now).as_slice(),
            [(_, FindingKind::EndNotAfterStart { .. })]
        ));
    }

    #[test]
    fn empty_filters_misplaced_filters_and_unknown_types_are_reported() {
        assert_eq!(
            kinds(&CallbackRegistration::device_added(
                " ",
                "https://example.com"
            )),
            [("device_added.app_id".to_owned(), FindingKind::EmptyFilter)]
        );
        let mut no_country =
            CallbackRegistration::unmatched_message_received("52623", "1", "https://example.com");
        if let crate::registration::CallbackFilter::UnmatchedMessageReceived(filter) =
            &mut no_country.callback
        {
            filter.country_code = None;
        }
        let found = no_country.preflight(now());
        assert_eq!(found[0].kind, FindingKind::MissingCountryCode);
        assert_eq!(found[0].severity(), Severity::Warning);
        let misplaced = CallbackRegistration::from_slice(
            br#"{"callback_type": "device_removed", "device_added": {"app_id": "x"}, "destination": {"url": "https://example.com"}}"#,
        )
        .unwrap();
        assert_eq!(
            misplaced.preflight(now())[0].to_string(),
            "warning at `device_added`: the filter was read from `device_added`, another callback type's key"
        );
        let unknown = CallbackRegistration::from_slice(
            br#"{"callback_type": "future_type", "destination": {"url": "https://example.com"}}"#,
        )
        .unwrap();
        assert_eq!(
            kinds(&unknown),
            [(
                "callback_type".to_owned(),
                FindingKind::UnknownCallbackType {
                    name: "future_type".to_owned()
                }
            )]
        );
    }

    fn url_findings(url: &str) -> Vec<FindingKind> {
        CallbackRegistration::person_added(url)
            .preflight(now())
            .into_iter()
            .map(|finding| {
                assert_eq!(finding.path.to_string(), "destination.url");
                finding.kind
            })
            .collect()
    }

    #[test]
    fn preflight_leading_space_is_a_finding() {
        assert_eq!(
            url_findings(" https://example.com/h"),
            [FindingKind::UrlSurroundingWhitespace]
        );
        assert_eq!(
            url_findings("\u{a0}https://example.com/h"),
            [FindingKind::UrlSurroundingWhitespace]
        );
    }

    #[test]
    fn preflight_trailing_newline_is_a_finding() {
        let found = CallbackRegistration::person_added("https://example.com/h\n").preflight(now());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, FindingKind::UrlSurroundingWhitespace);
        assert_eq!(found[0].severity(), Severity::Error);
        assert_eq!(
            found[0].to_string(),
            "error at `destination.url`: the URL starts or ends with whitespace, which would be sent as part of it"
        );
        assert_eq!(
            url_findings("https://example.com/a\nb"),
            [FindingKind::UrlControlCharacter { position: 21 }]
        );
        assert_eq!(
            url_findings("https://exa\u{7f}mple.com"),
            [FindingKind::UrlControlCharacter { position: 11 }]
        );
    }

    #[test]
    fn preflight_scheme_without_slashes_is_a_finding() {
        for url in [
            "https:example.com",
            "https:/example.com",
            "HTTP:example.com",
            "https://",
            "https:///example.com",
            "https://?x",
        ] {
            assert_eq!(url_findings(url), [FindingKind::UrlWithoutHost], "{url}");
        }
        assert_eq!(
            CallbackRegistration::person_added("https:example.com").preflight(now())[0].to_string(),
            "error at `destination.url`: the scheme is not followed by `//` and a host"
        );
    }

    /// Whatever IDNA back end the application chose for `url` (`idna_adapter`: none, unicode-rs
    /// or ICU4X), a host that is not ASCII is refused in the same words, and its ASCII form
    /// passes.
    #[test]
    fn preflight_a_host_that_is_not_ascii_is_a_finding_whatever_the_idna_back_end() {
        for (url, host) in [
            ("https://bücher.example/hook", "bücher.example"),
            ("https://bücher.example:8443/hook", "bücher.example:8443"),
            ("https://b%C3%BCcher.example/hook", "b%C3%BCcher.example"),
        ] {
            assert_eq!(
                url_findings(url),
                [FindingKind::UrlHostNotAscii {
                    host: host.to_owned()
                }],
                "{url}"
            );
        }
        assert_eq!(
            CallbackRegistration::person_added("https://bücher.example/h").preflight(now())[0]
                .to_string(),
            "error at `destination.url`: the host \"bücher.example\" is not ASCII; write it in \
             its ASCII (punycode, `xn--`) form"
        );
        for url in [
            "https://xn--bcher-kva.example/hook",
            "https://example.com/bücher?q=é#ü",
            "https://example.com/%C3%BC",
        ] {
            assert!(url_findings(url).is_empty(), "{url}");
        }
    }

    #[test]
    fn preflight_backslashes_are_a_finding() {
        assert_eq!(
            url_findings(r"https:\\example.com\h"),
            [FindingKind::UrlBackslash { position: 6 }]
        );
        assert_eq!(
            CallbackRegistration::person_added(r"https://example.com\h").preflight(now())[0]
                .to_string(),
            r"error at `destination.url`: the URL contains `\` at character 19; write `/`"
        );
    }

    #[test]
    fn preflight_destination_with_password_is_a_finding() {
        let url = "https://acme:s3cret@example.com/h";
        let registration = CallbackRegistration::person_added(url);
        let found = registration.preflight(now());
        assert_eq!(
            found.iter().map(|f| &f.kind).collect::<Vec<_>>(),
            [&FindingKind::UrlWithCredentials]
        );
        assert_eq!(found[0].severity(), Severity::Warning);
        let shown = format!("{found:?} {} {registration:?}", found[0]);
        assert!(!shown.contains("s3cret"), "{shown}");
        for url in [
            "https://acme@example.com/h",
            "http://:s3cret@example.com/h",
            r"https:\\acme:s3cret@example.com",
        ] {
            assert!(
                url_findings(url).contains(&FindingKind::UrlWithCredentials),
                "{url}"
            );
        }
        for url in [
            "https://example.com/a@b",
            "https://example.com/?to=a@b",
            "https://example.com/#a:b@c",
        ] {
            assert!(url_findings(url).is_empty(), "{url}");
        }
    }
}
