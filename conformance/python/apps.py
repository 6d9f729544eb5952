"""Conformance: the Python SDK's call on the applications-and-products endpoints,
`account.hosts.list` (GET A/hosts), through bandwidth-numbers-sdk 1.2.0
(docs/applications-and-products.md). The SDK has no application or product calls.

Needs these endpoints (A = /accounts/{id}): GET A/hosts; POST A/sites; POST A/sites/{site}/sippeers.

Run: TNHUB_BASE_URL=http://127.0.0.1:8080/api TNHUB_ACCOUNT_ID=... TNHUB_USER=... TNHUB_PASSWORD=... \
     conformance/python/.venv/bin/python conformance/python/apps.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import ADDRESS, RUN, account, expect, expect_eq, finish, items, out, step  # noqa: E402


def setup():
    s = account.sites.create({"name": "conf py hosts %s" % RUN, "description": "conformance", "address": dict(ADDRESS)})
    p = s.sip_peers.create({
        "peer_name": "confpyhosts%s" % RUN,
        "is_default_peer": "true",
        "voice_hosts": {"host": [{"host_name": "192.0.2.10"}, {"host_name": "192.0.2.11", "port": "5080"}]},
    })
    expect(s.id and p.id, "no ids taken from the Location headers")
    return out((s, p), "site %s peer %s" % (s.id, p.id))


site, peer = step("setup site and peer", setup)


def hosts_list():
    sites = items(account.hosts.list())
    mine = [h for h in sites if str(h.site_id) == str(site.id)]
    expect(len(mine) == 1, "site %s appears %d times in %d site hosts" % (site.id, len(mine), len(sites)))
    peers = items(mine[0].sip_peer_hosts.sip_peer_host)
    expect(len(peers) == 1, "%d peers under site %s" % (len(peers), site.id))
    expect_eq(str(peers[0].sip_peer_id), str(peer.id), "SipPeerHost.sip_peer_id")
    hosts = [(h.host_name, h.port) for h in items(peers[0].voice_hosts.host)]
    expect_eq(hosts, [("192.0.2.10", None), ("192.0.2.11", "5080")], "voice hosts")
    return "%d sites; peer %s with %d voice hosts" % (len(sites), peer.id, len(hosts))


step("account.hosts.list", hosts_list)

finish()
