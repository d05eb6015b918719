//! The client's network address, for the per-address limits (login attempts, public codes
//! and comments, the denial audit budget).
//!
//! Behind a reverse proxy every connection comes from the proxy, so the peer address alone
//! would count all users together. A proxy in `Config::trusted_proxies` is believed about
//! the hops it appends to `X-Forwarded-For`; nothing else is, since a client can write any
//! header. The rule ([`client_ip`]): walk the header from the right, skipping trusted
//! proxies; the first other address is the client. Garbage stops the walk at the last
//! trusted hop, as nothing to its left can be trusted.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderValue};
use ipnet::IpNet;

use crate::state::AppState;
use crate::ServeError;

/// The de facto standard header (http has no constant for it).
const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The client's address, as [`client_ip`] finds it (an extractor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    /// Without the peer's address (a router not served with `ConnectInfo`), the same 500
    /// as extracting `ConnectInfo` itself.
    type Rejection = <ConnectInfo<SocketAddr> as FromRequestParts<AppState>>::Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await?;
        Ok(ClientIp(client_ip(
            peer.ip(),
            parts.headers.get_all(X_FORWARDED_FOR),
            &state.config.trusted_proxies,
        )))
    }
}

/// The client of a request, or None when the router was not served with the peer's
/// address (`ConnectInfo`).
pub fn of_request(
    extensions: &Extensions,
    headers: &HeaderMap,
    trusted: &[IpNet],
) -> Option<IpAddr> {
    let ConnectInfo(peer) = extensions.get::<ConnectInfo<SocketAddr>>()?;
    Some(client_ip(
        peer.ip(),
        headers.get_all(X_FORWARDED_FOR),
        trusted,
    ))
}

/// The client's address: the peer, unless the peer is a trusted proxy; then the rightmost
/// `X-Forwarded-For` entry (over all the header's lines, in order) that is not a trusted
/// proxy. A malformed entry stops the walk at the last trusted hop seen; with no header, or
/// only trusted entries, that is the leftmost trusted hop. IPv4-mapped IPv6 addresses are
/// taken as IPv4, so that one address is counted once.
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded_for: impl IntoIterator<Item = &'a HeaderValue>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut last_trusted = peer.to_canonical();
    if !is_trusted(&last_trusted) {
        return last_trusted;
    }
    for entry in entries_from_the_right(forwarded_for) {
        let Some(ip) = entry.and_then(parse_hop) else {
            return last_trusted;
        };
        if !is_trusted(&ip) {
            return ip;
        }
        last_trusted = ip;
    }
    last_trusted
}

/// The header's entries, rightmost first; None for a line that is not visible ASCII (it
/// cannot be split, so it is one malformed entry).
fn entries_from_the_right<'a>(
    lines: impl IntoIterator<Item = &'a HeaderValue>,
) -> impl Iterator<Item = Option<&'a str>> {
    let mut entries = Vec::new();
    for line in lines {
        match line.to_str() {
            Ok(text) => entries.extend(text.split(',').map(|e| Some(e.trim()))),
            Err(_) => entries.push(None),
        }
    }
    entries.into_iter().rev()
}

/// One hop: `IP`, `v4:port` or `[v6]:port`, IPv4-mapped taken as IPv4.
fn parse_hop(text: &str) -> Option<IpAddr> {
    let ip = text
        .parse::<IpAddr>()
        .or_else(|_| text.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()?;
    Some(ip.to_canonical())
}

/// A trusted proxy as given to `serve`: a network in CIDR form, or one address (a /32 or
/// /128 network; IPv4-mapped taken as IPv4, as the addresses it is compared with are).
pub fn parse_trusted_proxy(text: &str) -> Result<IpNet, ServeError> {
    let t = text.trim();
    t.parse::<IpNet>()
        .or_else(|_| t.parse::<IpAddr>().map(|ip| IpNet::from(ip.to_canonical())))
        .map_err(|_| ServeError::BadTrustedProxy(t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter()
            .map(|n| parse_trusted_proxy(n).unwrap())
            .collect()
    }

    /// The client seen from `peer` with these `X-Forwarded-For` lines.
    fn client(peer: &str, lines: &[&str], trusted: &[&str]) -> IpAddr {
        let lines: Vec<HeaderValue> = lines
            .iter()
            .map(|l| HeaderValue::from_str(l).unwrap())
            .collect();
        client_ip(ip(peer), &lines, &nets(trusted))
    }

    const PROXY: &[&str] = &["10.0.0.0/8"];

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        assert_eq!(client("198.51.100.7", &[], &[]), ip("198.51.100.7"));
        assert_eq!(
            client("198.51.100.7", &["203.0.113.1"], &[]),
            ip("198.51.100.7"),
            "the default: no header is believed"
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_spoof_its_address() {
        for lines in [
            &["10.0.0.1"][..],
            &["203.0.113.1"],
            &["203.0.113.1, 10.0.0.1"],
        ] {
            assert_eq!(
                client("198.51.100.7", lines, PROXY),
                ip("198.51.100.7"),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn a_trusted_proxy_vouches_for_the_hop_it_appended() {
        assert_eq!(
            client("10.0.0.1", &["203.0.113.1"], PROXY),
            ip("203.0.113.1")
        );
        // The client wrote the first entry itself; the proxy appended the address it saw.
        assert_eq!(
            client("10.0.0.1", &[" 192.0.2.66 , 203.0.113.1 "], PROXY),
            ip("203.0.113.1")
        );
        // Through two trusted proxies.
        assert_eq!(
            client("10.0.0.1", &["192.0.2.66, 203.0.113.1, 10.0.0.2"], PROXY),
            ip("203.0.113.1")
        );
    }

    #[test]
    fn several_header_lines_are_one_list_in_order() {
        assert_eq!(
            client("10.0.0.1", &["192.0.2.66", "203.0.113.1, 10.0.0.2"], PROXY),
            ip("203.0.113.1")
        );
        assert_eq!(
            client("10.0.0.1", &["203.0.113.1, 10.0.0.3", "10.0.0.2"], PROXY),
            ip("203.0.113.1")
        );
    }

    #[test]
    fn with_no_header_or_only_proxies_the_leftmost_trusted_hop_is_the_client() {
        assert_eq!(client("10.0.0.1", &[], PROXY), ip("10.0.0.1"));
        assert_eq!(
            client("10.0.0.1", &["10.0.0.3, 10.0.0.2"], PROXY),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn garbage_stops_the_walk_at_the_last_trusted_hop() {
        for (lines, expected) in [
            (&["203.0.113.1, not-an-ip"][..], "10.0.0.1"),
            (&["203.0.113.1, unknown, 10.0.0.2"], "10.0.0.2"),
            (&["203.0.113.1,, 10.0.0.2"], "10.0.0.2"),
            (&["203.0.113.1", ""], "10.0.0.1"),
            (&["999.1.1.1"], "10.0.0.1"),
            (&["203.0.113.1/24"], "10.0.0.1"),
        ] {
            assert_eq!(client("10.0.0.1", lines, PROXY), ip(expected), "{lines:?}");
        }
        // A line that is not visible ASCII is one malformed entry.
        let lines = [
            HeaderValue::from_static("192.0.2.66"),
            HeaderValue::from_bytes(b"203.0.113.1\xff").unwrap(),
        ];
        assert_eq!(
            client_ip(ip("10.0.0.1"), &lines, &nets(PROXY)),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn hops_with_ports_are_read() {
        assert_eq!(
            client("10.0.0.1", &["203.0.113.1:4711"], PROXY),
            ip("203.0.113.1")
        );
        assert_eq!(
            client("10.0.0.1", &["[2001:db8::1]:4711"], PROXY),
            ip("2001:db8::1")
        );
        assert_eq!(
            client("10.0.0.1", &["2001:db8::1"], PROXY),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn ipv4_mapped_addresses_count_as_ipv4() {
        // The peer: a dual-stack listener sees IPv4 proxies as mapped addresses.
        assert_eq!(
            client("::ffff:10.0.0.1", &["203.0.113.1"], PROXY),
            ip("203.0.113.1")
        );
        assert_eq!(client("::ffff:198.51.100.7", &[], &[]), ip("198.51.100.7"));
        // The entries, trusted and not.
        assert_eq!(
            client("10.0.0.1", &["::ffff:203.0.113.1, ::ffff:10.0.0.2"], PROXY),
            ip("203.0.113.1")
        );
        // A trusted proxy given as a mapped address.
        assert_eq!(
            client("10.0.0.1", &["203.0.113.1"], &["::ffff:10.0.0.1"]),
            ip("203.0.113.1")
        );
    }

    #[test]
    fn trusted_proxies_are_networks_or_single_addresses() {
        assert_eq!(
            parse_trusted_proxy("10.0.0.0/8").unwrap(),
            "10.0.0.0/8".parse::<IpNet>().unwrap()
        );
        assert_eq!(
            parse_trusted_proxy(" 127.0.0.1 ").unwrap(),
            "127.0.0.1/32".parse::<IpNet>().unwrap()
        );
        assert_eq!(
            parse_trusted_proxy("::1").unwrap(),
            "::1/128".parse::<IpNet>().unwrap()
        );
        for bad in ["", "proxy.example", "10.0.0.0/33", "10.0.0.1:80", "10.0.0"] {
            let err = parse_trusted_proxy(bad).unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }
}
