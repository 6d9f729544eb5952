"""Conformance: number search and geography look-ups through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}):
  GET A/availableNumbers (areaCode, quantity, enableTNDetail, tollFreeWildCardPattern);
  GET A/availableNpaNxx; GET /ratecenters; GET /cities; GET /coveredratecenters[/{id}]
  (Python sends the lower-case path segments).
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bandwidth_numbers import Cities, CoveredRateCenters, RateCenters  # noqa: E402

from harness import AREA_CODE, STATE, account, client, expect, expect_eq, finish, items, out, step  # noqa: E402

TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")
TN = re.compile(r"^[2-9]\d{2}[2-9]\d{6}$")


def plain():
    tns = [str(t) for t in items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": 5}))]
    expect(1 <= len(tns) <= 5, "expected 1..5 numbers, got %d" % len(tns))
    for t in tns:
        expect(TN.match(t) and t.startswith(AREA_CODE), "%s is not a number in %s" % (t, AREA_CODE))
    return "%d: %s" % (len(tns), ",".join(tns))


step("account.available_numbers.list areaCode=%s quantity=5" % AREA_CODE, plain)


def detail():
    ds = items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": 3, "enableTNDetail": "true"}))
    expect(1 <= len(ds) <= 3, "expected 1..3 details, got %d" % len(ds))
    for d in ds:
        expect(str(d.full_number).startswith(AREA_CODE), "FullNumber %r" % d.full_number)
        expect(d.city and d.state and d.rate_center, "City/State/RateCenter missing for %s" % d.full_number)
    return out(ds[0], "; ".join("%s %s/%s/%s" % (d.full_number, d.city, d.state, d.rate_center) for d in ds))


first = step("account.available_numbers.list enableTNDetail=true", detail)


def toll_free():
    tns = [str(t) for t in items(account.available_numbers.list({"tollFreeWildCardPattern": "8**", "quantity": 3}))]
    expect(1 <= len(tns) <= 3, "expected 1..3 toll-free numbers, got %d" % len(tns))
    expect(all(t[:3] in TOLL_FREE for t in tns), "not toll-free: %r" % tns)
    return ",".join(tns)


step("account.available_numbers.list tollFreeWildCardPattern=8**", toll_free)


def npa_nxx():
    xs = items(account.available_npa_nxx.list({"areaCode": AREA_CODE, "quantity": 5}))
    expect(xs, "no NPA-NXX returned")
    for x in xs:
        expect_eq(x.npa, AREA_CODE, "Npa")
        expect(int(x.quantity) > 0, "Quantity %r" % x.quantity)
    return " ".join("%s-%s(%s)" % (x.npa, x.nxx, x.quantity) for x in xs[:5])


step("account.available_npa_nxx.list", npa_nxx)


def rate_centers():
    rcs = items(RateCenters(client=client).list({"state": STATE}))
    expect(rcs, "no rate centers in %s" % STATE)
    expect(all(r.abbreviation and r.name for r in rcs), "rate center without Abbreviation/Name")
    names = {r.abbreviation for r in rcs} | {r.name for r in rcs}
    expect(first.rate_center in names, "rate center %s of a searched number not listed" % first.rate_center)
    return "%d rate centers" % len(rcs)


step("RateCenters.list state=%s" % STATE, rate_centers)


def cities():
    cs = items(Cities(client=client).list({"state": STATE}))
    expect(cs and all(c.name for c in cs), "no cities in %s" % STATE)
    return "%d cities" % len(cs)


step("Cities.list state=%s" % STATE, cities)

crc_api = CoveredRateCenters(client=client)


def covered():
    rcs = items(crc_api.list({"page": 1, "size": 500, "state": STATE}))
    expect(rcs, "no covered rate centers in %s" % STATE)
    for r in rcs:
        expect_eq(r.state, STATE, "State of %s" % r.abbreviation)
    expect(rcs[0].id, "covered rate center without Id")
    return out(rcs[0], "%d covered rate centers" % len(rcs))


crc = step("CoveredRateCenters.list state=%s" % STATE, covered)


def covered_get():
    r = crc_api.get(crc.id)
    expect_eq(r.id, crc.id, "Id")
    expect_eq(r.abbreviation, crc.abbreviation, "Abbreviation")
    return "%s %s" % (r.id, r.name)


step("CoveredRateCenters.get", covered_get)
finish()
