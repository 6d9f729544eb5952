#!/usr/bin/env python3
"""Conformance: safe retries (tnhub's Idempotency-Key, docs/idempotency.md) through
bandwidth-numbers-sdk 1.2.0, which has no per-call header option: the key is added by replacing
the client's private `_rest` object (the hook docs/idempotency.md shows).

Needs these endpoints (A = /accounts/{id}):
  POST A/sites, A/sites/{s}/sippeers for set-up; GET A/availableNumbers; POST A/orders;
  GET A/orders?customerOrderId=...
"""

import os
import random
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import requests  # noqa: E402
from bandwidth_numbers.utils import rest  # noqa: E402

from harness import (ACCOUNT_ID, ADDRESS, AREA_CODE, BASE_URL, PASSWORD, RUN, USER, account, client,  # noqa: E402
                     expect, expect_eq, expect_http_error, finish, items, out, step)


class KeyedRest(rest.RestClient):
    """The SDK's RestClient, adding the current key to POST and PUT and keeping the last answer."""
    next_key = None
    last = None

    def request(self, method, url, auth, params=None, data=None, headers=None):
        if self.next_key and method in ("POST", "PUT"):
            headers = dict(rest.HEADERS if headers is None else headers)
            headers["Idempotency-Key"] = self.next_key
        self.last = super().request(method, url, auth, params, data, headers)
        return self.last


keyed = KeyedRest()
client._rest = keyed

site = step("setup account.sites.create", lambda: out(
    account.sites.create({"name": "conf py idem %s" % RUN, "description": "conformance", "address": dict(ADDRESS)}),
    "created"))
peer = step("setup Site.sip_peers.create", lambda: out(
    site.sip_peers.create({"peer_name": "confpyidem%s" % RUN, "is_default_peer": "true",
                           "voice_hosts": {"host": [{"host_name": "192.0.2.10"}]}}), "created"))
found = [str(t) for t in items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": 20}))]
tn = random.choice(found)
customer_order_id = "idem-py-%s" % RUN


def order_data(name):
    return {"name": name, "customer_order_id": customer_order_id, "site_id": str(site.id),
            "peer_id": str(peer.id),
            "existing_telephone_number_order_type": {"telephone_number_list": {"telephone_number": [tn]}}}


keyed.next_key = str(uuid.uuid4())
first = step("account.orders.create with an Idempotency-Key", lambda: out(
    account.orders.create(order_data("idem py order %s" % RUN)), "key %s" % keyed.next_key))
expect(first.id, "no order id")


def retry():
    again = account.orders.create(order_data("idem py order %s" % RUN))
    expect_eq(again.id, first.id, "order id of the retry")
    expect_eq(keyed.last.headers.get("Idempotent-Replayed"), "true", "Idempotent-Replayed")
    return "id %s" % again.id


step("account.orders.create retried with the same key: the same order, replayed", retry)
step("account.orders.create with another body under that key: 422", lambda: "HTTP %s" % expect_http_error(
    lambda: account.orders.create(order_data("another py order %s" % RUN)), lambda s: s == 422, "422"))


def counted():
    r = requests.get("%s/accounts/%s/orders" % (BASE_URL, ACCOUNT_ID), auth=(USER, PASSWORD),
                     params={"customerOrderId": customer_order_id})
    expect_eq(r.status_code, 200, "status of the order list")
    expect("<TotalCount>1</TotalCount>" in r.text, "orders with this CustomerOrderId: %s" % r.text[:300])
    return "TotalCount 1"


keyed.next_key = None
step("the account has the order once", counted)
finish()
