"""Conformance: order-status subscriptions through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}):
  POST A/subscriptions (201 + Location: the SDK takes the id from it); GET A/subscriptions[?orderType=];
  GET|PUT|DELETE A/subscriptions/{id} (PUT and DELETE must answer 200: the SDK checks it).
The callback URL points at a closed loopback port; nothing has to receive it.
`account.subscriptions.get(id)` raises TypeError inside the SDK before sending anything
(endpoints.md section 7), so GETs go through a Subscription object, the form that works.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import RUN, account, expect, expect_eq, expect_http_error, finish, is_gone, items, out, step  # noqa: E402

url = "http://127.0.0.1:9/conformance-py/%s" % RUN
url2 = "http://127.0.0.1:9/conformance-py/%s/v2" % RUN


def fetch(sub_id):
    return account.subscriptions.create(save=False).get(sub_id)


def create():
    s = account.subscriptions.create({"order_type": "orders",
                                      "callback_subscription": {"url": url, "expiry": "3600"}})
    expect(s.id, "no subscription id from the Location header")
    return out(str(s.id), "id %s" % s.id)


sub_id = step("account.subscriptions.create", create)


def get():
    s = fetch(sub_id)
    expect_eq(s.subscription_id, sub_id, "SubscriptionId")
    expect_eq(s.order_type, "orders", "OrderType")
    expect_eq(s.callback_subscription.url, url, "CallbackSubscription.URL")
    expiry = int(s.callback_subscription.expiry)
    expect(0 < expiry <= 3600, "Expiry %s (seconds remaining, at most 3600)" % s.callback_subscription.expiry)
    return out(s, "%s -> %s" % (s.order_type, s.callback_subscription.url))


sub = step("Subscription.get", get)


def listed(params):
    return [s for s in items(account.subscriptions.list(params))]


def list_all():
    found = listed({})
    mine = [s for s in found if str(s.subscription_id) == sub_id]
    expect(mine, "subscription %s not listed (%d items)" % (sub_id, len(found)))
    expect_eq(mine[0].callback_subscription.url, url, "listed CallbackSubscription.URL")
    return "%d subscription(s)" % len(found)


step("account.subscriptions.list", list_all)


def save():
    sub.order_type = "portins"
    sub.callback_subscription.url = url2
    sub.callback_subscription.expiry = "1800"
    sub.save()  # returns nothing; the GET below is the check
    s = fetch(sub_id)
    expect_eq(s.order_type, "portins", "OrderType after save")
    expect_eq(s.callback_subscription.url, url2, "CallbackSubscription.URL after save")
    expect(int(s.callback_subscription.expiry) <= 1800, "Expiry after save %s" % s.callback_subscription.expiry)
    return "%s -> %s" % (s.order_type, s.callback_subscription.url)


step("Subscription.save (id set)", save)


def list_filtered():
    portins = listed({"orderType": "portins"})
    expect(sub_id in [str(s.subscription_id) for s in portins], "subscription %s not in the portins list" % sub_id)
    expect(all(s.order_type == "portins" for s in portins), "filter ignored: %r" % [s.order_type for s in portins])
    orders = listed({"orderType": "orders"})
    expect(sub_id not in [str(s.subscription_id) for s in orders], "subscription %s still listed under orders" % sub_id)
    return "%d portins subscription(s)" % len(portins)


step("account.subscriptions.list orderType=portins", list_filtered)


def delete():
    expect(fetch(sub_id).delete() is True, "delete() did not get HTTP 200")
    s = expect_http_error(lambda: fetch(sub_id), is_gone, "404 or 400 for the deleted subscription")
    expect(sub_id not in [str(x.subscription_id) for x in listed({})], "deleted subscription still listed")
    return "gone (HTTP %d), not listed" % s


step("Subscription.delete", delete)
finish()
