//! The client address of a request that came through a reverse proxy of the receiver's own.

use super::sources::IpNet;
use http::{HeaderMap, HeaderName};
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroUsize;

/// A reverse proxy in front of the receiver, and the header in which it writes the client
/// address (`X-Forwarded-For`, `X-Real-IP`, …: a comma-separated list of addresses, each proxy
/// appending the address it received the request from).
///
/// **Why only from the proxy.** Anyone can send an `X-Forwarded-For` header with any address in
/// it, a Vibes address included. The header says something only when a proxy you control wrote
/// it, and only the part that proxy wrote: it appends (or overwrites) the entry for the address
/// it saw, and keeps whatever the client sent before it. So the header is read only when the
/// request's peer address is one of `proxies` (a request from anywhere else is checked by its
/// own peer address, its header ignored), and the entry taken is the one your proxy wrote: the
/// last one by default, or the `n`th from the right behind a chain of `n` proxies of your own
/// ([`entry_from_right`](Self::entry_from_right)). Entries further left were written by the
/// client: never take the first one.
///
/// An entry may carry a port (`203.0.113.5:4711`, `[2001:db8::1]:4711`); RFC 7239's `Forwarded`
/// header syntax (`for=…`) is not read.
///
/// ```
/// use http::{HeaderMap, HeaderName, HeaderValue};
/// use std::net::IpAddr;
/// use vibes_types::delivery::TrustedProxy;
///
/// let proxy = TrustedProxy::new(HeaderName::from_static("x-forwarded-for"), ["10.0.0.0/8".parse()?]);
/// let mut headers = HeaderMap::new();
/// // The client claimed 35.155.139.143 itself; the proxy appended the address it saw.
/// headers.insert("x-forwarded-for", HeaderValue::from_static("35.155.139.143, 198.51.100.9"));
/// let client = proxy.client_address("10.1.2.3".parse()?, &headers)?;
/// assert_eq!(client, "198.51.100.9".parse::<IpAddr>()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Available on crate feature `sources` only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedProxy {
    header: HeaderName,
    proxies: Vec<IpNet>,
    from_right: NonZeroUsize,
}

/// Why a trusted proxy's header gives no client address.
///
/// Available on crate feature `sources` only.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ForwardedProblem {
    /// The request came from the proxy without the header.
    Missing {
        /// The header.
        header: HeaderName,
    },
    /// The header is not visible ASCII text.
    NotText {
        /// The header.
        header: HeaderName,
    },
    /// The header has fewer entries than the proxies that should have written it.
    TooFewEntries {
        /// The header.
        header: HeaderName,
        /// How many entries it has.
        found: usize,
        /// Which one, from the right, was to be read.
        wanted: NonZeroUsize,
    },
    /// The entry to read is not an IP address (`unknown`, a host name, an obfuscated id).
    NotAnAddress {
        /// The header.
        header: HeaderName,
        /// The entry.
        entry: String,
    },
}

impl TrustedProxy {
    /// The proxy at the addresses `proxies`, which writes the client address into `header`; its
    /// last entry is read.
    pub fn new(header: HeaderName, proxies: impl IntoIterator<Item = IpNet>) -> Self {
        TrustedProxy {
            header,
            proxies: proxies.into_iter().collect(),
            from_right: NonZeroUsize::MIN,
        }
    }

    /// The same proxy, reading the `n`th entry from the right: 1, the default, for one proxy of
    /// your own; 2 behind two (a load balancer and a proxy), and so on.
    pub fn entry_from_right(mut self, n: NonZeroUsize) -> Self {
        self.from_right = n;
        self
    }

    /// Whether `peer` is one of the proxy's addresses.
    pub fn is_proxy(&self, peer: IpAddr) -> bool {
        let canonical = peer.to_canonical();
        self.proxies
            .iter()
            .any(|network| network.contains(&canonical) || network.contains(&peer))
    }

    /// The client address of a request from `peer` with `headers`: `peer` itself (IPv4 for an
    /// IPv4-mapped address) unless it is the proxy, else the entry the proxy wrote.
    pub fn client_address(
        &self,
        peer: IpAddr,
        headers: &HeaderMap,
    ) -> Result<IpAddr, ForwardedProblem> {
        if !self.is_proxy(peer) {
            return Ok(peer.to_canonical());
        }
        let header = || self.header.clone();
        let mut values = headers.get_all(&self.header).iter().peekable();
        if values.peek().is_none() {
            return Err(ForwardedProblem::Missing { header: header() });
        }
        // Several header lines are one list, in order (RFC 9110, section 5.3).
        let mut entries = Vec::new();
        for value in values {
            let text = value
                .to_str()
                .map_err(|_| ForwardedProblem::NotText { header: header() })?;
            entries.extend(text.split(',').map(str::trim));
        }
        let index = entries
            .len()
            .checked_sub(self.from_right.get())
            .ok_or_else(|| ForwardedProblem::TooFewEntries {
                header: header(),
                found: entries.len(),
                wanted: self.from_right,
            })?;
        let entry = entries[index];
        address_of(entry)
            .map(|address| address.to_canonical())
            .ok_or_else(|| ForwardedProblem::NotAnAddress {
                header: header(),
                entry: entry.to_owned(),
            })
    }
}

/// The address of an entry: an address, bracketed or not, with or without a port.
fn address_of(entry: &str) -> Option<IpAddr> {
    let unbracketed = entry
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(entry);
    unbracketed
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

impl fmt::Display for ForwardedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForwardedProblem::Missing { header } => {
                write!(f, "the trusted proxy sent no `{header}` header")
            }
            ForwardedProblem::NotText { header } => {
                write!(
                    f,
                    "the trusted proxy's `{header}` header is not visible ASCII text"
                )
            }
            ForwardedProblem::TooFewEntries {
                header,
                found,
                wanted,
            } => write!(
                f,
                "the trusted proxy's `{header}` header has {found} entries, so none is number {wanted} from the right"
            ),
            ForwardedProblem::NotAnAddress { header, entry } => write!(
                f,
                "the trusted proxy's `{header}` header names {}, not an IP address",
                crate::headers::quoted(entry)
            ),
        }
    }
}

impl std::error::Error for ForwardedProblem {}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn proxy() -> TrustedProxy {
        TrustedProxy::new(
            HeaderName::from_static("x-forwarded-for"),
            ["10.0.0.1/32".parse().unwrap(), "fd00::/8".parse().unwrap()],
        )
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn reads_the_entry_the_proxy_wrote() {
        let proxy = proxy();
        let headers = forwarded(&["1.1.1.1, 2.2.2.2", "3.3.3.3"]);
        for peer in ["10.0.0.1", "::ffff:10.0.0.1", "fd12::7"] {
            assert_eq!(proxy.client_address(ip(peer), &headers), Ok(ip("3.3.3.3")));
        }
        let two = proxy
            .clone()
            .entry_from_right(NonZeroUsize::new(2).unwrap());
        assert_eq!(
            two.client_address(ip("10.0.0.1"), &headers),
            Ok(ip("2.2.2.2"))
        );
        let four = proxy
            .clone()
            .entry_from_right(NonZeroUsize::new(4).unwrap());
        assert_eq!(
            four.client_address(ip("10.0.0.1"), &headers)
                .unwrap_err()
                .to_string(),
            "the trusted proxy's `x-forwarded-for` header has 3 entries, so none is number 4 from the right"
        );
    }

    #[test]
    fn the_header_of_anyone_else_is_ignored() {
        let headers = forwarded(&["35.155.139.143"]);
        for peer in ["10.0.0.2", "9.9.9.9", "fe80::1"] {
            assert_eq!(proxy().client_address(ip(peer), &headers), Ok(ip(peer)));
        }
        assert_eq!(
            proxy().client_address(ip("::ffff:9.9.9.9"), &headers),
            Ok(ip("9.9.9.9"))
        );
    }

    #[test]
    fn entries_may_carry_ports_and_brackets() {
        for (entry, address) in [
            ("203.0.113.5:4711", "203.0.113.5"),
            ("[2001:db8::1]:4711", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            (" 2001:db8::2 ", "2001:db8::2"),
            ("::ffff:203.0.113.6", "203.0.113.6"),
        ] {
            let headers = forwarded(&[entry]);
            assert_eq!(
                proxy().client_address(ip("10.0.0.1"), &headers),
                Ok(ip(address)),
                "{entry}"
            );
        }
    }

    #[test]
    fn a_header_that_names_no_address_is_an_error() {
        let peer = ip("10.0.0.1");
        assert!(matches!(
            proxy().client_address(peer, &HeaderMap::new()),
            Err(ForwardedProblem::Missing { .. })
        ));
        for entry in ["unknown", "_hidden", "", "1.2.3", "proxy.example"] {
            let error = proxy()
                .client_address(peer, &forwarded(&["1.1.1.1", entry]))
                .unwrap_err();
            assert!(
                matches!(&error, ForwardedProblem::NotAnAddress { entry: found, .. } if found == entry),
                "{entry}: {error}"
            );
        }
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        );
        assert!(matches!(
            proxy().client_address(peer, &headers),
            Err(ForwardedProblem::NotText { .. })
        ));
    }
}
