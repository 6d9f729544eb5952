"""The Python SDK configured the modern way: client id and secret only (or a ready access token),
no url, so it posts to https://api.bandwidth.com/api/v1/oauth2/token and calls
https://dashboard.bandwidth.com/api/... as it would against Bandwidth. conformance/oauth.sh runs
it where those names reach tnhub. A search, an order (to COMPLETE) and a port-in check.

Endpoints: POST /api/v1/oauth2/token (with client id and secret); GET A/availableNumbers;
POST A/sites, A/sites/{s}/sippeers; POST|GET A/orders[/{id}]; POST A/lnpchecker.
In: TNHUB_ACCOUNT_ID and TNHUB_CLIENT_ID + TNHUB_CLIENT_SECRET, or TNHUB_ACCESS_TOKEN.
"""

import random

from harness import (ACCESS_TOKEN, ADDRESS, AREA_CODE, RUN, account, client, expect, expect_eq,
                     finish, items, out, poll, step)


def defaults():
    expect_eq(client.config.url, "https://dashboard.bandwidth.com/api", "url")
    return "ready token (access_token)" if ACCESS_TOKEN else "client id and secret"


step("Client defaults", defaults)


def search():
    found = [str(t) for t in items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": 40}))]
    expect(len(found) >= 4, "wanted 4 available numbers in %s, got %d" % (AREA_CODE, len(found)))
    tns = random.sample(found, 4)
    return out(tns, ",".join(tns))


found = step("account.available_numbers.list", search)
tns, checked = found[:2], found[2:]


def setup_site():
    s = account.sites.create({"name": "conf py oauth %s" % RUN, "description": "conformance", "address": dict(ADDRESS)})
    expect(s.id, "no site id")
    return out(s, "id %s" % s.id)


site = step("setup account.sites.create", setup_site)


def setup_peer():
    p = site.sip_peers.create({"peer_name": "confpyoauth%s" % RUN, "is_default_peer": "true",
                               "voice_hosts": {"host": [{"host_name": "192.0.2.10"}]}})
    expect(p.id, "no peer id")
    return out(p, "id %s" % p.id)


peer = step("setup Site.sip_peers.create", setup_peer)


def order():
    o = account.orders.create({
        "name": "conf py oauth order %s" % RUN, "site_id": str(site.id), "peer_id": str(peer.id),
        "existing_telephone_number_order_type": {"telephone_number_list": {"telephone_number": list(tns)}}})
    r = poll(lambda: account.orders.get(str(o.id)), lambda r: r.order_status in ("COMPLETE", "FAILED"))
    expect_eq(r.order_status, "COMPLETE", "OrderStatus")
    return "order %s COMPLETE" % o.id


step("account.orders.create (poll until COMPLETE, 20 s)", order)


def lnpchecker():
    res = account.lnpchecker(checked, {"fullCheck": "true"})
    seen = [str(t) for g in items(res.supported_rate_centers) for t in items(g.tn_list)]
    seen += [str(t) for g in items(getattr(res, "unsupported_rate_centers", None)) for t in items(g.tn_list)]
    expect(all(t in seen for t in checked), "%s not all answered: %r" % (checked, seen))
    return "%s answered" % ",".join(checked)


step("account.lnpchecker", lnpchecker)
finish()
