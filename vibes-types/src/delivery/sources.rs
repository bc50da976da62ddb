//! The addresses Vibes sends deliveries from, as one table, and the allow-list built on it.

use super::Answer;
use super::error::{json_response, serialize_error};
use super::proxy::{ForwardedProblem, TrustedProxy};
use http::{HeaderMap, HeaderName, StatusCode};
/// A CIDR range (`ipnet`'s), as the allow-list takes them.
///
/// Available on crate feature `sources` only.
pub use ipnet::IpNet;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;
use std::net::IpAddr;
use std::sync::LazyLock;

/// The address ranges Vibes documents as the sources of its deliveries: the one place they are
/// written. The current page lists six US and six EU addresses; another current page adds two US
/// addresses; the older list adds two US ranges of legacy data centres (and lists only the first
/// three EU addresses).
const VIBES_SOURCES: [(&str, SourceRegion, SourceListing); 16] = {
    use SourceListing::{Current, Legacy};
    use SourceRegion::{Eu, Us};
    [
        ("35.155.139.143/32", Us, Current),
        ("52.32.61.199/32", Us, Current),
        ("35.161.244.84/32", Us, Current),
        ("18.205.120.48/32", Us, Current),
        ("52.22.43.57/32", Us, Current),
        ("18.232.9.131/32", Us, Current),
        ("54.245.204.57/32", Us, Current),
        ("54.148.156.236/32", Us, Current),
        ("34.243.232.57/32", Eu, Current),
        ("52.48.241.82/32", Eu, Current),
        ("34.249.188.130/32", Eu, Current),
        ("54.247.36.51/32", Eu, Current),
        ("34.253.250.65/32", Eu, Current),
        ("54.217.181.160/32", Eu, Current),
        ("64.37.255.0/24", Us, Legacy),
        ("216.14.164.0/22", Us, Legacy),
    ]
};

/// The region of Vibes a delivery comes from.
///
/// Available on crate feature `sources` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceRegion {
    /// The United States.
    Us,
    /// Europe.
    Eu,
}

/// Which list of the documentation names an address range.
///
/// Available on crate feature `sources` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SourceListing {
    /// The current documentation.
    Current,
    /// Only the older documentation: the ranges of legacy data centres.
    Legacy,
}

/// One address range Vibes documents as a source of deliveries.
///
/// Available on crate feature `sources` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct VibesSource {
    /// The range (`/32` for a single address).
    pub network: IpNet,
    /// The region that sends from it.
    pub region: SourceRegion,
    /// The documentation that lists it.
    pub listing: SourceListing,
}

/// What an allowed address matched.
///
/// Available on crate feature `sources` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceMatch {
    /// One of Vibes' documented ranges.
    Vibes(VibesSource),
    /// One of the ranges added with [`SourceAllowList::with_extra`].
    Extra(IpNet),
}

/// The addresses a receiver accepts deliveries from: Vibes' documented ranges (the current ones,
/// or the current and the legacy ones), and ranges of the receiver's own (a test host, a
/// monitoring probe).
///
/// An IPv4-mapped IPv6 address (`::ffff:35.155.139.143`, as a dual-stack socket reports an IPv4
/// client) is its IPv4 address. Behind a reverse proxy, the client address is read from a header
/// the proxy writes: see [`behind_proxy`](Self::behind_proxy) and [`TrustedProxy`].
///
/// ```
/// use std::net::IpAddr;
/// use vibes_types::delivery::{SourceAllowList, SourceListing, SourceMatch, SourceRegion};
///
/// let allowed = SourceAllowList::current().with_extra("192.0.2.0/24".parse()?);
/// let eu: IpAddr = "::ffff:34.243.232.57".parse()?;
/// assert_eq!(allowed.lookup(eu).and_then(|found| found.region()), Some(SourceRegion::Eu));
/// assert!(matches!(allowed.lookup("192.0.2.7".parse()?), Some(SourceMatch::Extra(_))));
/// assert!(!allowed.allows("64.37.255.10".parse()?)); // a legacy range
/// let legacy = SourceAllowList::current_and_legacy().lookup("64.37.255.10".parse()?);
/// assert!(matches!(legacy, Some(SourceMatch::Vibes(source)) if source.listing == SourceListing::Legacy));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Available on crate feature `sources` only.
#[derive(Clone, Debug)]
pub struct SourceAllowList {
    vibes: Vec<VibesSource>,
    extra: Vec<IpNet>,
    proxy: Option<TrustedProxy>,
}

/// A delivery whose source is not allowed, or whose client address could not be read.
///
/// Available on crate feature `sources` only.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SourceError {
    /// The client address is not in the allow-list.
    NotAllowed {
        /// The client address (IPv4 for an IPv4-mapped one).
        address: IpAddr,
    },
    /// The request came through the trusted proxy, whose header does not say the client
    /// address.
    Forwarded(ForwardedProblem),
}

impl VibesSource {
    /// Every range the documentation names, current first.
    ///
    /// ```
    /// use vibes_types::delivery::{SourceListing, VibesSource};
    ///
    /// let all = VibesSource::all();
    /// assert_eq!(all.len(), 16);
    /// assert_eq!(all.iter().filter(|source| source.listing == SourceListing::Legacy).count(), 2);
    /// ```
    pub fn all() -> &'static [VibesSource] {
        static ALL: LazyLock<Vec<VibesSource>> = LazyLock::new(|| {
            VIBES_SOURCES
                .iter()
                .map(|&(network, region, listing)| VibesSource {
                    // The table is constant, and a test parses every row of it.
                    network: network.parse().expect("a CIDR of the table"),
                    region,
                    listing,
                })
                .collect()
        });
        &ALL
    }
}

impl SourceMatch {
    /// The Vibes region of a documented range; `None` for a range of the receiver's own.
    pub fn region(&self) -> Option<SourceRegion> {
        match self {
            SourceMatch::Vibes(source) => Some(source.region),
            SourceMatch::Extra(_) => None,
        }
    }
}

impl SourceAllowList {
    /// The ranges of the current documentation.
    pub fn current() -> Self {
        SourceAllowList::up_to(SourceListing::Current)
    }

    /// The ranges of the current and the older documentation.
    pub fn current_and_legacy() -> Self {
        SourceAllowList::up_to(SourceListing::Legacy)
    }

    fn up_to(listing: SourceListing) -> Self {
        SourceAllowList {
            vibes: VibesSource::all()
                .iter()
                .filter(|source| source.listing <= listing)
                .copied()
                .collect(),
            extra: Vec::new(),
            proxy: None,
        }
    }

    /// The same list, also allowing `network`.
    pub fn with_extra(mut self, network: IpNet) -> Self {
        self.extra.push(network);
        self
    }

    /// The same list, for a receiver behind `proxy`: a request from the proxy is checked by the
    /// client address the proxy's header gives, any other by its own peer address.
    pub fn behind_proxy(mut self, proxy: TrustedProxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// The range `address` is in, if it is allowed.
    pub fn lookup(&self, address: IpAddr) -> Option<SourceMatch> {
        let canonical = address.to_canonical();
        self.vibes
            .iter()
            .find(|source| source.network.contains(&canonical))
            .map(|source| SourceMatch::Vibes(*source))
            .or_else(|| {
                self.extra
                    .iter()
                    .find(|network| network.contains(&canonical) || network.contains(&address))
                    .map(|network| SourceMatch::Extra(*network))
            })
    }

    /// Whether `address` is allowed.
    pub fn allows(&self, address: IpAddr) -> bool {
        self.lookup(address).is_some()
    }

    /// Checks a request that came from `peer` (the TCP peer address) with `headers`: the client
    /// address is `peer`, or, when `peer` is the trusted proxy, the one its header gives.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderName, HeaderValue};
    /// use vibes_types::delivery::{SourceAllowList, SourceError, TrustedProxy};
    ///
    /// let proxy = TrustedProxy::new(HeaderName::from_static("x-forwarded-for"), ["10.0.0.2/32".parse()?]);
    /// let allowed = SourceAllowList::current().behind_proxy(proxy);
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-forwarded-for", HeaderValue::from_static("35.155.139.143"));
    /// assert!(allowed.check("10.0.0.2".parse()?, &headers).is_ok());
    /// // The same header from anyone else is not believed.
    /// let error = allowed.check("198.51.100.9".parse()?, &headers).unwrap_err();
    /// assert_eq!(error, SourceError::NotAllowed { address: "198.51.100.9".parse()? });
    /// assert_eq!(error.to_string(), "deliveries are not accepted from 198.51.100.9");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, peer: IpAddr, headers: &HeaderMap) -> Result<SourceMatch, SourceError> {
        let address = match &self.proxy {
            Some(proxy) => proxy
                .client_address(peer, headers)
                .map_err(SourceError::Forwarded)?,
            None => peer.to_canonical(),
        };
        self.lookup(address)
            .ok_or(SourceError::NotAllowed { address })
    }
}

impl SourceError {
    /// `403 Forbidden`: the request is refused. Vibes would take it as a permanent failure, but a
    /// request from elsewhere is not Vibes'.
    pub fn status(&self) -> StatusCode {
        StatusCode::FORBIDDEN
    }

    /// [`Answer::Reject`].
    pub fn answer(&self) -> Answer {
        Answer::Reject
    }

    /// The header the error concerns: the trusted proxy's, when it gives no client address.
    pub fn header(&self) -> Option<&HeaderName> {
        match self {
            SourceError::NotAllowed { .. } => None,
            SourceError::Forwarded(
                ForwardedProblem::Missing { header }
                | ForwardedProblem::NotText { header }
                | ForwardedProblem::TooFewEntries { header, .. }
                | ForwardedProblem::NotAnAddress { header, .. },
            ) => Some(header),
        }
    }

    /// The answer as a response: [`status`](Self::status), and the error's JSON form as the body
    /// (`Content-Type: application/json`), in the shape of a
    /// [`DeliveryError`](super::DeliveryError)'s with the kind `source`, so that a receiver's
    /// every refusal reads the same way.
    ///
    /// ```
    /// use vibes_types::delivery::SourceAllowList;
    ///
    /// let error = SourceAllowList::current().check("192.0.2.7".parse()?, &http::HeaderMap::new()).unwrap_err();
    /// let response = error.to_response::<Vec<u8>>();
    /// assert_eq!(response.status(), 403);
    /// assert_eq!(response.headers()["content-type"], "application/json");
    /// let body: serde_json::Value = serde_json::from_slice(response.body())?;
    /// assert_eq!(body["error"]["kind"], "source");
    /// assert_eq!(body["error"]["message"], "deliveries are not accepted from 192.0.2.7");
    /// assert_eq!(body["error"]["problems"][0]["header"], serde_json::Value::Null);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_response<B: From<Vec<u8>>>(&self) -> http::Response<B> {
        json_response(self.status(), self)
    }
}

/// The JSON form of a [`DeliveryError`](super::DeliveryError), with one problem of the kind
/// `source`: `{"error": {"kind": "source", "message", "path": null, "problems": [{"kind":
/// "source", "header", "path": null, "message"}]}}`, where `header` is the trusted proxy's header
/// when the error is about it.
impl Serialize for SourceError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Problem<'a>(&'a SourceError, &'a str);

        impl Serialize for Problem<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut problem = serializer.serialize_struct("DeliveryProblem", 4)?;
                problem.serialize_field("kind", SOURCE_KIND)?;
                problem.serialize_field("header", &self.0.header().map(HeaderName::as_str))?;
                problem.serialize_field("path", &None::<String>)?;
                problem.serialize_field("message", self.1)?;
                problem.end()
            }
        }

        let message = self.to_string();
        serialize_error(
            serializer,
            SOURCE_KIND,
            &message,
            None,
            &[Problem(self, &message)],
        )
    }
}

/// The `kind` of a source error in the JSON form.
const SOURCE_KIND: &str = "source";

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::NotAllowed { address } => {
                write!(f, "deliveries are not accepted from {address}")
            }
            SourceError::Forwarded(problem) => write!(f, "{problem}"),
        }
    }
}

impl std::error::Error for SourceError {}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderName, HeaderValue};
    use std::net::{Ipv4Addr, Ipv6Addr};

    /// The address `offset` after (or before) `address`.
    fn step(address: Ipv4Addr, offset: i64) -> Ipv4Addr {
        Ipv4Addr::from((i64::from(u32::from(address)) + offset) as u32)
    }

    fn mapped(address: Ipv4Addr) -> IpAddr {
        IpAddr::V6(address.to_ipv6_mapped())
    }

    #[test]
    fn every_row_of_the_table_is_a_cidr_with_no_host_bits() {
        assert_eq!(VibesSource::all().len(), VIBES_SOURCES.len());
        for (source, (text, ..)) in VibesSource::all().iter().zip(VIBES_SOURCES) {
            assert_eq!(source.network.to_string(), text);
            assert_eq!(source.network, source.network.trunc(), "{text}");
        }
        let count = |region, listing| {
            VibesSource::all()
                .iter()
                .filter(|source| source.region == region && source.listing == listing)
                .count()
        };
        assert_eq!(count(SourceRegion::Us, SourceListing::Current), 8);
        assert_eq!(count(SourceRegion::Eu, SourceListing::Current), 6);
        assert_eq!(count(SourceRegion::Us, SourceListing::Legacy), 2);
    }

    #[test]
    fn each_range_holds_exactly_its_addresses_at_the_boundaries() {
        let current = SourceAllowList::current();
        let both = SourceAllowList::current_and_legacy();
        for source in VibesSource::all() {
            let IpNet::V4(network) = source.network else {
                panic!("{}: the documented ranges are IPv4", source.network);
            };
            let (first, last) = (network.network(), network.broadcast());
            for list in [&current, &both] {
                let wanted = list.vibes.contains(source);
                for inside in [first, last] {
                    for address in [IpAddr::V4(inside), mapped(inside)] {
                        let found = list.lookup(address);
                        assert_eq!(found.is_some(), wanted, "{address} in {}", source.network);
                        if wanted {
                            assert_eq!(found, Some(SourceMatch::Vibes(*source)));
                            assert_eq!(found.unwrap().region(), Some(source.region));
                        }
                    }
                }
                for outside in [step(first, -1), step(last, 1)] {
                    assert!(!list.allows(IpAddr::V4(outside)), "{outside}");
                    assert!(!list.allows(mapped(outside)), "{outside}");
                }
            }
        }
    }

    #[test]
    fn the_legacy_ranges_are_allowed_only_on_request() {
        for (address, legacy) in [
            ("64.37.254.255", false),
            ("64.37.255.0", true),
            ("64.37.255.255", true),
            ("64.38.0.0", false),
            ("216.14.163.255", false),
            ("216.14.164.0", true),
            ("216.14.167.255", true),
            ("216.14.168.0", false),
        ] {
            let address: IpAddr = address.parse().unwrap();
            assert!(!SourceAllowList::current().allows(address), "{address}");
            assert_eq!(
                SourceAllowList::current_and_legacy().allows(address),
                legacy,
                "{address}"
            );
        }
        for (address, allowed) in [
            ("35.155.139.142", false),
            ("35.155.139.143", true),
            ("35.155.139.144", false),
            ("54.217.181.160", true),
            ("54.217.181.161", false),
        ] {
            let address: IpAddr = address.parse().unwrap();
            assert_eq!(SourceAllowList::current().allows(address), allowed);
        }
    }

    #[test]
    fn extra_ranges_of_either_family_are_allowed() {
        let list = SourceAllowList::current()
            .with_extra("127.0.0.0/8".parse().unwrap())
            .with_extra("2001:db8::/32".parse().unwrap());
        for (address, allowed) in [
            ("127.0.0.1", true),
            ("::ffff:127.0.0.1", true),
            ("126.255.255.255", false),
            ("2001:db8::1", true),
            ("2001:db9::", false),
            ("::1", false),
        ] {
            let address: IpAddr = address.parse().unwrap();
            let found = list.lookup(address);
            assert_eq!(found.is_some(), allowed, "{address}");
            if allowed {
                assert!(matches!(found, Some(SourceMatch::Extra(_))));
                assert_eq!(found.unwrap().region(), None);
            }
        }
        assert!(!SourceAllowList::current().allows(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    }

    #[test]
    fn a_peer_that_is_not_the_proxy_is_checked_by_its_own_address() {
        let proxy = TrustedProxy::new(
            HeaderName::from_static("x-forwarded-for"),
            ["10.0.0.0/24".parse().unwrap()],
        );
        let list = SourceAllowList::current().behind_proxy(proxy);
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.5, 52.48.241.82"),
        );
        let through_proxy = list.check("10.0.0.7".parse().unwrap(), &headers).unwrap();
        assert_eq!(through_proxy.region(), Some(SourceRegion::Eu));
        // Sent straight to the receiver, the header is the sender's word: not believed.
        let direct = list.check("203.0.113.5".parse().unwrap(), &headers);
        assert_eq!(
            direct,
            Err(SourceError::NotAllowed {
                address: "203.0.113.5".parse().unwrap()
            })
        );
        let vibes_direct = list.check("::ffff:52.48.241.82".parse().unwrap(), &HeaderMap::new());
        assert!(vibes_direct.is_ok());
        let missing = list.check("10.0.0.7".parse().unwrap(), &HeaderMap::new());
        assert!(matches!(missing, Err(SourceError::Forwarded(_))));
        assert_eq!(missing.unwrap_err().status(), StatusCode::FORBIDDEN);
    }

    #[test]
    fn the_json_form_names_the_address_and_the_proxy_header() {
        let not_allowed = SourceError::NotAllowed {
            address: "203.0.113.5".parse().unwrap(),
        };
        let message = "deliveries are not accepted from 203.0.113.5";
        assert_eq!(
            serde_json::to_value(&not_allowed).unwrap(),
            serde_json::json!({"error": {"kind": "source", "message": message, "path": null,
                "problems": [{"kind": "source", "header": null, "path": null, "message": message}]}})
        );
        let forwarded = SourceError::Forwarded(ForwardedProblem::Missing {
            header: HeaderName::from_static("x-real-ip"),
        });
        let json = serde_json::to_value(&forwarded).unwrap();
        assert_eq!(json["error"]["problems"][0]["header"], "x-real-ip");
        assert_eq!(
            json["error"]["message"],
            "the trusted proxy sent no `x-real-ip` header"
        );
        let response = forwarded.to_response::<Vec<u8>>();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(response.body()).unwrap(),
            json
        );
    }
}
