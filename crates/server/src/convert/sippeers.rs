//! SIP peers.

use tnhub_core::CoreError;
use tnhub_core::sippeer::{CallingName, Host, PeerPatch, SipPeer, TerminationHost};
use tnhub_wire::request::sippeer::{HostsBody, SipPeerBody};
use tnhub_wire::response::sippeer::{
    CallingNameXml, HostGroups, HostXml, Hosts, SipPeerXml, TerminationHostXml, TerminationHosts,
};

use super::{address, boolean, text};

fn hosts(wrappers: &[HostsBody]) -> Result<Vec<Host>, CoreError> {
    wrappers
        .iter()
        .flat_map(|w| w.hosts.iter())
        .map(|h| Host::parse(h.host_name.as_deref().unwrap_or(""), h.port.as_deref()))
        .collect()
}

/// Present lists (even empty ones) replace; absent ones are left alone.
fn sent<T>(present: bool, value: Result<T, CoreError>) -> Result<Option<T>, CoreError> {
    if present { value.map(Some) } else { Ok(None) }
}

/// A `<SipPeer>` body as a patch (create or update).
pub fn patch(b: SipPeerBody) -> Result<PeerPatch, CoreError> {
    let termination = b
        .termination_hosts
        .iter()
        .flat_map(|w| w.hosts.iter())
        .map(|t| {
            Ok(TerminationHost {
                host: Host::parse(t.host_name.as_deref().unwrap_or(""), t.port.as_deref())?,
                customer_traffic_allowed: text(t.customer_traffic_allowed.clone()),
                data_allowed: boolean(&t.data_allowed, "DataAllowed")?.unwrap_or(false),
            })
        })
        .collect::<Result<Vec<_>, CoreError>>();
    let groups = b
        .voice_host_groups
        .iter()
        .flat_map(|g| g.groups.iter())
        .map(|g| hosts(std::slice::from_ref(g)))
        .collect::<Result<Vec<_>, CoreError>>();
    let calling_name = match &b.calling_name {
        None => None,
        Some(c) => Some(CallingName {
            display: boolean(&c.display, "CallingName Display")?.unwrap_or(false),
            enforced: boolean(&c.enforced, "CallingName Enforced")?.unwrap_or(false),
        }),
    };
    Ok(PeerPatch {
        is_default: boolean(&b.is_default_peer, "IsDefaultPeer")?,
        voice_hosts: sent(!b.voice_hosts.is_empty(), hosts(&b.voice_hosts))?,
        voice_host_groups: sent(!b.voice_host_groups.is_empty(), groups)?,
        sms_hosts: sent(!b.sms_hosts.is_empty(), hosts(&b.sms_hosts))?,
        termination_hosts: sent(!b.termination_hosts.is_empty(), termination)?,
        calling_name,
        name: b.peer_name,
        description: b.description,
        short_messaging_protocol: b.short_messaging_protocol,
        final_destination_uri: b.final_destination_uri,
        billing_identifier: b.billing_identifier,
        address: b.address.map(address::from_wire),
    })
}

fn host_xml(h: &Host) -> HostXml {
    HostXml {
        host_name: h.name.clone(),
        port: h.port,
    }
}

/// A peer as `<SipPeer>`.
pub fn to_wire(p: &SipPeer) -> SipPeerXml {
    let s = &p.fields.settings;
    SipPeerXml {
        peer_id: p.id.get(),
        peer_name: p.fields.name.clone(),
        description: p.fields.description.clone(),
        is_default_peer: p.is_default,
        short_messaging_protocol: s.short_messaging_protocol.clone(),
        voice_hosts: Hosts {
            hosts: s.voice_hosts.iter().map(host_xml).collect(),
        },
        voice_host_groups: HostGroups {
            groups: s
                .voice_host_groups
                .iter()
                .map(|g| Hosts {
                    hosts: g.iter().map(host_xml).collect(),
                })
                .collect(),
        },
        sms_hosts: Hosts {
            hosts: s.sms_hosts.iter().map(host_xml).collect(),
        },
        termination_hosts: TerminationHosts {
            hosts: s
                .termination_hosts
                .iter()
                .map(|t| TerminationHostXml {
                    host_name: t.host.name.clone(),
                    port: t.host.port,
                    customer_traffic_allowed: t.customer_traffic_allowed.clone(),
                    data_allowed: t.data_allowed,
                })
                .collect(),
        },
        final_destination_uri: s.final_destination_uri.clone(),
        billing_identifier: s.billing_identifier.clone(),
        address: s.address.as_ref().map(address::to_wire),
        calling_name: CallingNameXml {
            display: s.calling_name.display,
            enforced: s.calling_name.enforced,
        },
    }
}
