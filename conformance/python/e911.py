#!/usr/bin/env python3
"""Conformance: address validation and E911 through bandwidth-numbers-sdk 1.2.0.

The SDK has no E911 or geocode methods: these steps use its own transport (`Client.post`/`get`,
with its authentication and error handling) on the real paths, and its `TelephoneNumber.tndetails`
model to read the number's record back.

Needs these endpoints (A = /accounts/{id}), besides the set-up ones of orders.py:
  POST A/geocodeRequest; POST A/e911s, GET A/e911s/{id}; GET /tns/{tn}/tndetails.
"""

import os
import random
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bandwidth_numbers import Tns  # noqa: E402

from harness import (ACCOUNT_ID, ADDRESS, AREA_CODE, RUN, account, client, expect, expect_eq,  # noqa: E402
                     expect_http_error, finish, items, out, poll, step)

GEOCODE = "accounts/%s/geocodeRequest" % ACCOUNT_ID
E911S = "accounts/%s/e911s" % ACCOUNT_ID


def text(root, path):
    el = root.find(path)
    return None if el is None else el.text


def geocode_valid():
    r = client.post(GEOCODE, data="<RequestAddress><AddressLine1>900 Main Campus Dr</AddressLine1>"
                    "<City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip></RequestAddress>")
    expect_eq(r.status_code, 200, "status")
    a = ET.fromstring(r.content).find("GeocodedAddress")
    expect_eq(text(a, "AddressLine1"), "900 MAIN CAMPUS DR", "AddressLine1")
    expect_eq(text(a, "StreetSuffix"), "DR", "StreetSuffix")
    expect_eq(text(a, "City"), "RALEIGH", "City")
    expect_eq(text(a, "Country"), "US", "Country")
    return text(a, "AddressLine1")


step("POST A/geocodeRequest (valid as sent: 200)", geocode_valid)


def geocode_changed():
    status = expect_http_error(lambda: client.post(
        GEOCODE, data="<RequestAddress><AddressLine1>1 Main Street</AddressLine1><StateCode>NC</StateCode>"
                      "<Zip>27513</Zip></RequestAddress>"), lambda s: s == 409, "409")
    return "HTTP %s (standardised)" % status


step("POST A/geocodeRequest (standardised: 409)", geocode_changed)


def geocode_refused():
    status = expect_http_error(lambda: client.post(
        GEOCODE, data="<RequestAddress><AddressLine1>900 Main Campus Dr</AddressLine1><City>Raleigh</City>"
                      "<StateCode>NC</StateCode><Zip>99999</Zip></RequestAddress>"), lambda s: s == 400, "400")
    return "HTTP %s" % status


step("POST A/geocodeRequest (no such ZIP: 400)", geocode_refused)

site = step("setup account.sites.create", lambda: out(
    account.sites.create({"name": "conf py e911 %s" % RUN, "description": "conformance", "address": dict(ADDRESS)}),
    "created"))
peer = step("setup Site.sip_peers.create", lambda: out(
    site.sip_peers.create({"peer_name": "confpye911%s" % RUN, "is_default_peer": "true",
                           "voice_hosts": {"host": [{"host_name": "192.0.2.10"}]}}), "created"))
found = [str(t) for t in items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": 20}))]
tn = random.choice(found)


def order():
    o = account.orders.create({
        "name": "conf py e911 order %s" % RUN, "site_id": str(site.id), "peer_id": str(peer.id),
        "existing_telephone_number_order_type": {"telephone_number_list": {"telephone_number": [tn]}}})
    r = poll(lambda: account.orders.get(str(o.id)), lambda r: r.order_status in ("COMPLETE", "FAILED"))
    expect_eq(r.order_status, "COMPLETE", "OrderStatus of the set-up order")
    return tn


step("setup account.orders.create", order)


def e911_order():
    r = client.post(E911S, data=(
        "<E911Order><CustomerOrderId>py-e911</CustomerOrderId><CallerName>Python HQ</CallerName>"
        "<Address><HouseNumber>900</HouseNumber><StreetName>Main Campus</StreetName><StreetSuffix>Drive</StreetSuffix>"
        "<City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip></Address>"
        "<TelephoneNumbers><TelephoneNumber>%s</TelephoneNumber></TelephoneNumbers></E911Order>" % tn))
    expect_eq(r.status_code, 201, "status")
    order_id = r.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    o = ET.fromstring(r.content).find("E911Order")
    expect_eq(text(o, "OrderId"), order_id, "OrderId vs Location")
    expect_eq(text(o, "ProcessingStatus"), "RECEIVED", "ProcessingStatus")
    return out(order_id, "order %s" % order_id)


order_id = step("POST A/e911s", e911_order)


def e911_done():
    def status():
        return text(ET.fromstring(client.get("%s/%s" % (E911S, order_id)).content), "E911Order/ProcessingStatus")
    s = poll(status, lambda s: s not in ("RECEIVED", "PROCESSING"))
    expect_eq(s, "COMPLETE", "ProcessingStatus")
    return s


step("GET A/e911s/{id} (poll until COMPLETE)", e911_done)


def details():
    d = Tns(client=client).get(tn).tndetails.get()
    expect_eq(str(d.full_number), tn, "FullNumber")
    # The SDK's Features model has no E911 member: read the same answer's element through its transport.
    root = ET.fromstring(client.get("tns/%s/tndetails" % tn).content)
    e = root.find("TelephoneNumberDetails/Features/E911")
    expect(e is not None, "no <Features><E911>")
    expect_eq(text(e, "CallerName"), "Python HQ", "CallerName")
    expect_eq(text(e, "Address/StreetName"), "MAIN CAMPUS", "StreetName")
    expect_eq(text(e, "Address/Zip"), "27606", "Zip")
    return "%s: %s %s" % (text(e, "CallerName"), text(e, "Address/HouseNumber"), text(e, "Address/StreetName"))


step("TelephoneNumber.tndetails.get (the E911 record)", details)

finish()
