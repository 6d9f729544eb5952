"""Conformance: account, sites and SIP peers through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}):
  GET A; GET|POST A/sites; GET|PUT|DELETE A/sites/{site};
  GET|POST A/sites/{site}/sippeers; GET|PUT|DELETE A/sites/{site}/sippeers/{peer}.

Run: TNHUB_BASE_URL=http://127.0.0.1:8080/api TNHUB_ACCOUNT_ID=... TNHUB_USER=... TNHUB_PASSWORD=... \
     conformance/python/.venv/bin/python conformance/python/sites_peers.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (ACCOUNT_ID, ADDRESS, RUN, account, expect, expect_eq, expect_http_error, finish,  # noqa: E402
                     is_gone, items, out, step)

site_name = "conf py site %s" % RUN
site_name2 = "conf py site %s renamed" % RUN
peer_a = "confpyA%s" % RUN
peer_b = "confpyB%s" % RUN


def account_get():
    account.get()
    expect_eq(account.account_id, ACCOUNT_ID, "Account.account_id")
    return "account %s%s" % (account.account_id, " (%s)" % account.company_name if account.company_name else "")


step("Account.get", account_get)


def site_create():
    s = account.sites.create({"name": site_name, "description": "conformance site", "address": dict(ADDRESS)})
    expect(s.id, "no id taken from the Location header")
    return out(s, "id %s" % s.id)


site = step("account.sites.create", site_create)
site_id = str(site.id)


def site_get():
    s = account.sites.get(site_id)
    expect_eq(s.id, site_id, "Site.id")
    expect_eq(s.name, site_name, "Site.name")
    expect_eq(s.description, "conformance site", "Site.description")
    expect_eq((s.address.city or "").lower(), "raleigh", "Site.address.city")
    expect_eq(s.address.state_code, "NC", "Site.address.state_code")
    return out(s, 'id %s name "%s"' % (s.id, s.name))


site = step("account.sites.get", site_get)


def site_list():
    sites = items(account.sites.list())
    mine = [s for s in sites if str(s.id) == site_id]
    expect(len(mine) == 1, "site %s appears %d times in %d sites" % (site_id, len(mine), len(sites)))
    expect_eq(mine[0].name, site_name, "listed Site.name")
    return "%d sites, %s among them" % (len(sites), site_id)


step("account.sites.list", site_list)


def site_save():
    site.name = site_name2
    site.description = "renamed by conformance"
    expect(site.save() is not False, "save() reported failure")
    s = account.sites.get(site_id)
    expect_eq(s.name, site_name2, "Site.name after save")
    expect_eq(s.description, "renamed by conformance", "Site.description after save")
    return 'name "%s"' % s.name


# Site.save() on an existing site PUTs the whole site (including <Id>); the client wants 200.
step("Site.save", site_save)


def peer_a_create():
    p = site.sip_peers.create({
        "peer_name": peer_a, "description": "conformance peer A", "is_default_peer": "true",
        "voice_hosts": {"host": [{"host_name": "192.0.2.10"}, {"host_name": "192.0.2.12"}]},
        "termination_hosts": {"termination_host": [{"host_name": "192.0.2.11", "port": "5060",
                                                    "customer_traffic_allowed": "DOMESTIC", "data_allowed": "true"}]},
        "calling_name": {"display": "true", "enforced": "false"}})
    expect(p.id, "no peer id taken from the Location header")
    return out(p, "id %s" % p.id)


peer = step("Site.sip_peers.create", peer_a_create)
peer_a_id = str(peer.id)


def peer_a_get():
    p = site.sip_peers.get(peer_a_id)
    expect_eq(p.id, peer_a_id, "SipPeer.peer_id")
    expect_eq(p.peer_name, peer_a, "SipPeer.peer_name")
    expect_eq(p.description, "conformance peer A", "SipPeer.description")
    expect_eq(p.is_default_peer, "true", "SipPeer.is_default_peer (first peer of a site)")
    hosts = [h.host_name for h in items(p.voice_hosts.host)]
    expect("192.0.2.10" in hosts and "192.0.2.12" in hosts, "VoiceHosts: got %r" % hosts)
    return out(p, "id %s default=%s hosts %s" % (p.id, p.is_default_peer, ",".join(hosts)))


peer = step("Site.sip_peers.get", peer_a_get)


def peer_list_one():
    peers = items(site.sip_peers.list())
    expect(len(peers) == 1, "expected exactly 1 peer on the new site, got %d" % len(peers))
    expect_eq(peers[0].id, peer_a_id, "listed peer id")
    return "1 peer: %s" % peers[0].id


step("Site.sip_peers.list", peer_list_one)


def peer_save():
    peer.description = "updated by conformance"
    expect(peer.save() is not False, "save() reported failure")
    p = site.sip_peers.get(peer_a_id)
    expect_eq(p.description, "updated by conformance", "SipPeer.description after save")
    expect_eq(p.peer_name, peer_a, "SipPeer.peer_name after save")
    return 'description "%s"' % p.description


step("SipPeer.save", peer_save)


def peer_b_create():
    p = site.sip_peers.create({"peer_name": peer_b, "description": "conformance peer B", "is_default_peer": "false"})
    expect(p.id, "no peer id taken from the Location header")
    expect(str(p.id) != peer_a_id, "second peer got the first peer's id")
    return out(p, "id %s" % p.id)


peer2 = step("Site.sip_peers.create (second peer)", peer_b_create)
peer_b_id = str(peer2.id)


def first_stays_default():
    peers = {str(p.id): p for p in items(site.sip_peers.list())}
    expect(set(peers) == {peer_a_id, peer_b_id}, "peers: %r" % sorted(peers))
    expect_eq(peers[peer_a_id].is_default_peer, "true", "peer A is_default_peer")
    expect_eq(peers[peer_b_id].is_default_peer, "false", "peer B is_default_peer")
    return "peers %s; default %s" % (",".join(sorted(peers)), peer_a_id)


step("Site.sip_peers.list (first peer stays default)", first_stays_default)


def unknown_peer():
    return "HTTP %d" % expect_http_error(lambda: site.sip_peers.get("987654321"), is_gone, "404 or 400")


step("Site.sip_peers.get unknown peer fails", unknown_peer)


def delete_site_with_peers():
    s = expect_http_error(lambda: site.delete())
    expect_eq(account.sites.get(site_id).id, site_id, "site still there after refused delete")
    return "HTTP %d, site still there" % s


step("Site.delete with peers fails (4xx)", delete_site_with_peers)


def delete_peer(pid):
    def run():
        p = site.sip_peers.get(pid)
        expect(p.delete() is True, "delete() returned False (the client wants HTTP 200)")
        s = expect_http_error(lambda: site.sip_peers.get(pid), is_gone, "404 or 400 for the deleted peer")
        return "gone (HTTP %d)" % s
    return run


step("SipPeer.delete (peer B)", delete_peer(peer_b_id))
step("SipPeer.delete (peer A)", delete_peer(peer_a_id))


def site_delete():
    expect(site.delete() is True, "delete() returned False (the client wants HTTP 200)")
    s = expect_http_error(lambda: account.sites.get(site_id), is_gone, "404 or 400 for the deleted site")
    expect(all(str(x.id) != site_id for x in items(account.sites.list())), "deleted site still listed")
    return "gone (HTTP %d), not listed" % s


step("Site.delete", site_delete)
finish()
