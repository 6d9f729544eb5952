//! Where callbacks may go.
//!
//! A callback URL is chosen by a customer, so without a check it would let
//! anyone make the server POST to its own loopback services, the cloud
//! metadata address or the operator's private network. Every destination is
//! therefore judged before connecting: an IP literal in the URL directly,
//! a host name by every address it resolves to at connection time (the
//! [`GuardedResolver`], so a name cannot be re-pointed between a check and
//! the connection). A refusal is an [`AddressRefused`] error, which the
//! deliverer treats as permanent: retrying would be refused again.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Which callback destinations are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPolicy {
    /// Public addresses only.
    PublicOnly,
    /// Public and loopback (the sandbox default, for local receivers).
    Loopback,
    /// Anything, private networks included.
    Any,
}

/// What kind of address a destination is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Public,
    Loopback,
    /// Private, link-local, carrier-grade NAT, documentation, multicast,
    /// reserved and other ranges that are not the public internet.
    Special,
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], len: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn in_v6(ip: Ipv6Addr, net: u128, len: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
    u128::from(ip) & mask == net & mask
}

/// IPv4 ranges that are not public (IANA's special-purpose registry).
const SPECIAL_V4: &[([u8; 4], u32)] = &[
    ([0, 0, 0, 0], 8),       // "this network"
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // carrier-grade NAT
    ([169, 254, 0, 0], 16),  // link-local (cloud metadata lives here)
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // documentation
    ([192, 88, 99, 0], 24),  // the retired 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // documentation
    ([203, 0, 113, 0], 24),  // documentation
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, and the broadcast address
];

/// IPv6 ranges that are not public, besides those embedding an IPv4
/// address (judged by it) and loopback.
const SPECIAL_V6: &[(u128, u32)] = &[
    (0, 8),                            // ::/8: unspecified, IPv4-compatible, local-use NAT64 …
    (0x0100_0000_0000_0000 << 64, 64), // 100::/64 discard-only
    (0x2001_0000 << 96, 23),           // 2001::/23 IETF protocol assignments (Teredo …)
    (0x2001_0db8 << 96, 32),           // 2001:db8::/32 documentation
    (0x3fff << 112, 20),               // 3fff::/20 documentation
    (0x5f00 << 112, 16),               // 5f00::/16 segment routing
    (0xfc00 << 112, 7),                // unique local
    (0xfe80 << 112, 10),               // link-local
    (0xfec0 << 112, 10),               // the retired site-local
    (0xff00 << 112, 8),                // multicast
];

fn classify_v4(ip: Ipv4Addr) -> Class {
    if in_v4(ip, [127, 0, 0, 0], 8) {
        Class::Loopback
    } else if SPECIAL_V4.iter().any(|(net, len)| in_v4(ip, *net, *len)) {
        Class::Special
    } else {
        Class::Public
    }
}

/// An IPv4 address reached through a translator or tunnel is only as
/// public as that address; never loopback (the translator's own).
fn translated(v4: Ipv4Addr) -> Class {
    match classify_v4(v4) {
        Class::Public => Class::Public,
        _ => Class::Special,
    }
}

fn classify(ip: IpAddr) -> Class {
    let v6 = match ip {
        IpAddr::V4(v4) => return classify_v4(v4),
        IpAddr::V6(v6) => v6,
    };
    // ::ffff:a.b.c.d is a.b.c.d itself on a dual-stack socket.
    if let Some(v4) = v6.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let bits = u128::from(v6);
    // 64:ff9b::/96, NAT64's well-known prefix: the last 32 bits.
    if in_v6(v6, 0x0064_ff9b << 96, 96) {
        return translated(Ipv4Addr::from(bits as u32));
    }
    // 2002::/16, 6to4: the 32 bits after the prefix.
    if in_v6(v6, 0x2002 << 112, 16) {
        return translated(Ipv4Addr::from((bits >> 80) as u32));
    }
    if v6 == Ipv6Addr::LOCALHOST {
        return Class::Loopback;
    }
    if SPECIAL_V6.iter().any(|(net, len)| in_v6(v6, *net, *len)) {
        Class::Special
    } else {
        Class::Public
    }
}

impl AddressPolicy {
    /// Whether a destination address may be called.
    pub fn allows(self, ip: IpAddr) -> bool {
        matches!(
            (self, classify(ip)),
            (AddressPolicy::Any, _)
                | (_, Class::Public)
                | (AddressPolicy::Loopback, Class::Loopback)
        )
    }
}

/// A destination the address policy refuses: a permanent failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRefused(pub String);

impl std::fmt::Display for AddressRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AddressRefused {}

/// Checks an IP literal from a URL.
pub(super) fn check_literal(policy: AddressPolicy, ip: IpAddr) -> Result<(), AddressRefused> {
    if policy.allows(ip) {
        Ok(())
    } else {
        Err(AddressRefused(format!(
            "{ip} is not an address callbacks may reach; the operator can allow it (--callback-allow)"
        )))
    }
}

/// Resolves host names and keeps only allowed addresses; none allowed is
/// an [`AddressRefused`].
pub(super) struct GuardedResolver(pub AddressPolicy);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| policy.allows(a.ip()))
                .collect();
            if allowed.is_empty() {
                // With public addresses only (production), what a name
                // resolves to inside the operator's network is not the
                // customer's to learn: the refusal names no address.
                let why = if policy == AddressPolicy::PublicOnly {
                    format!("{host} is refused by the address policy")
                } else {
                    let ips: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
                    format!(
                        "{host} resolves to {}, not an address callbacks may reach; the operator can allow it (--callback-allow)",
                        ips.join(", ")
                    )
                };
                let e: Box<dyn std::error::Error + Send + Sync> = Box::new(AddressRefused(why));
                return Err(e);
            }
            let iter: reqwest::dns::Addrs = Box::new(allowed.into_iter());
            Ok(iter)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use reqwest::dns::Resolve;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn special_ranges_are_refused_public_ones_allowed() {
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "1.1.1.1",
            "198.17.255.255",
            "198.20.0.1",
            "192.0.1.1",
            "223.255.255.255",
            "100.128.0.1",
            "2606:4700::1111",
            "2001:4860:4860::8888",
            "2001:200::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(classify(ip(public)), Class::Public, "{public}");
            assert!(AddressPolicy::PublicOnly.allows(ip(public)), "{public}");
        }
        for special in [
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::10.0.0.1",
            "100::1",
            "2001::1",
            "2001:db8::1",
            "2001:db8:ffff::1",
            "3fff::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "64:ff9b::7f00:1",
            "64:ff9b::c0a8:101",
            "64:ff9b:1::1",
            "2002:c0a8:101::1",
            "2002:7f00:1::1",
        ] {
            assert_eq!(classify(ip(special)), Class::Special, "{special}");
            for policy in [AddressPolicy::PublicOnly, AddressPolicy::Loopback] {
                assert!(!policy.allows(ip(special)), "{policy:?} {special}");
            }
            assert!(AddressPolicy::Any.allows(ip(special)));
        }
        for lo in ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(classify(ip(lo)), Class::Loopback, "{lo}");
            assert!(!AddressPolicy::PublicOnly.allows(ip(lo)), "{lo}");
            assert!(AddressPolicy::Loopback.allows(ip(lo)), "{lo}");
        }
    }

    #[tokio::test]
    async fn host_names_are_judged_by_what_they_resolve_to() {
        let name = || reqwest::dns::Name::from_str("localhost").unwrap();
        let refused = GuardedResolver(AddressPolicy::PublicOnly)
            .resolve(name())
            .await
            .err()
            .expect("localhost resolves only to loopback addresses");
        let refused = refused
            .downcast_ref::<AddressRefused>()
            .unwrap_or_else(|| panic!("not an AddressRefused: {refused}"));
        // Public-only (production) names no resolved address.
        assert_eq!(refused.0, "localhost is refused by the address policy");
        let told = GuardedResolver(AddressPolicy::Any)
            .resolve(reqwest::dns::Name::from_str("localhost").unwrap())
            .await;
        assert!(told.is_ok());
        let allowed: Vec<SocketAddr> = GuardedResolver(AddressPolicy::Loopback)
            .resolve(name())
            .await
            .unwrap()
            .collect();
        assert!(
            !allowed.is_empty() && allowed.iter().all(|a| a.ip().is_loopback()),
            "{allowed:?}"
        );
    }
}
