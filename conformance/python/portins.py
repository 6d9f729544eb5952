"""Conformance: the LNP checker and port-in orders through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}):
  POST A/sites, A/sites/{s}/sippeers (+ GETs) for set-up; GET A/availableNpaNxx;
  POST A/lnpchecker; POST|GET A/portins (POST answers 201 + Location and an <LnpOrderResponse>
  with <OrderId>); GET|PUT|DELETE A/portins/{id}; GET|POST A/portins/{id}/notes;
  GET A/portins/{id}/totals.
Port-in numbers: TNHUB_PORT_TNS (comma-separated) or, by default, two random numbers in an
exchange that account.available_npa_nxx.list reports for TNHUB_AREA_CODE.
"""

import datetime
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (ADDRESS, AREA_CODE, RUN, USER, account, expect, expect_eq, expect_http_error,  # noqa: E402
                     finish, is_gone, items, out, step)


def setup_site():
    s = account.sites.create({"name": "conf py port %s" % RUN, "description": "conformance", "address": dict(ADDRESS)})
    expect(s.id, "no site id")
    return out(s, "id %s" % s.id)


site = step("setup account.sites.create", setup_site)


def setup_peer():
    p = site.sip_peers.create({"peer_name": "confpyport%s" % RUN, "is_default_peer": "true",
                               "voice_hosts": {"host": [{"host_name": "192.0.2.10"}]}})
    expect(p.id, "no peer id")
    return out(p, "id %s" % p.id)


peer = step("setup Site.sip_peers.create", setup_peer)


def pick_numbers():
    if os.environ.get("TNHUB_PORT_TNS"):
        tns = os.environ["TNHUB_PORT_TNS"].split(",")
        return out(tns, ",".join(tns))
    found = items(account.available_npa_nxx.list({"areaCode": AREA_CODE, "quantity": 5}))
    expect(found, "no exchange found in %s" % AREA_CODE)
    exchange = "%s%03d" % (found[0].npa, int(found[0].nxx))
    base = random.randint(1000, 8998)
    tns = ["%s%04d" % (exchange, base), "%s%04d" % (exchange, base + 1)]
    return out(tns, ",".join(tns))


tns = step("setup pick port-in numbers", pick_numbers)


def lnpchecker():
    res = account.lnpchecker(tns, {"fullCheck": "true"})
    supported = [str(t) for g in items(res.supported_rate_centers) for t in items(g.tn_list)]
    expect(all(t in supported for t in tns), "numbers in %s should be portable: supported %r" % (AREA_CODE, supported))
    # The SDK models one LosingCarrierTnList (the numbers share a carrier).
    carrier = res.supported_losing_carriers.losing_carrier_tn_list
    expect(carrier.losing_carrier_spid, "no LosingCarrierSPID in SupportedLosingCarriers")
    return "supported %s, losing carrier %s (%s)" % (",".join(supported), carrier.losing_carrier_name,
                                                     carrier.losing_carrier_spid)


step("account.lnpchecker", lnpchecker)

customer_order_id = "conf-py-port-%s" % RUN
foc = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=10)
while foc.weekday() >= 5:
    foc += datetime.timedelta(days=1)
foc_date = foc.strftime("%Y-%m-%dT15:00:00.000Z")


def create():
    p = account.portins.create({
        "customer_order_id": customer_order_id, "site_id": str(site.id), "peer_id": str(peer.id),
        "billing_telephone_number": tns[0], "loa_authorizing_person": "Jane Doe",
        "subscriber": {"subscriber_type": "BUSINESS", "business_name": "Conformance Corp",
                       "service_address": {"house_number": "1623", "street_name": "Brockton Ave", "city": "Raleigh",
                                           "state_code": "NC", "zip": "27606", "country": "United States"}},
        "list_of_phone_numbers": {"phone_number": tns},
        "requested_foc_date": foc_date, "triggered": "false", "billing_type": "PORTIN"})
    expect(p.id, "no OrderId in the create answer (nor a Location)")
    expect_eq(p.status.code, "201", "Status.Code")
    expect(p.processing_status in ("SUBMITTED", "PENDING_DOCUMENTS"), "ProcessingStatus %r" % p.processing_status)
    return out(p, "id %s %s" % (p.id, p.processing_status))


created = step("account.portins.create", create)
port_id = str(created.id)


def get():
    p = account.portins.get(port_id, None)
    expect_eq(p.customer_order_id, customer_order_id, "CustomerOrderId")
    expect_eq(p.billing_telephone_number, tns[0], "BillingTelephoneNumber")
    expect_eq(p.loa_authorizing_person, "Jane Doe", "LoaAuthorizingPerson")
    listed = [str(t) for t in items(p.list_of_phone_numbers)]
    expect(sorted(listed) == sorted(tns), "ListOfPhoneNumbers %r" % listed)
    expect_eq(p.subscriber.business_name, "Conformance Corp", "Subscriber.BusinessName")
    expect_eq(p.subscriber.service_address.city, "Raleigh", "ServiceAddress.City")
    expect_eq(p.site_id, site.id, "SiteId")
    return out(p, "%s, %s" % (p.processing_status, ",".join(listed)))


portin = step("account.portins.get", get)


def listed():
    found = items(account.portins.list({"page": 1, "size": 300, "customerOrderId": customer_order_id}))
    mine = [x for x in found if str(x.order_id) == port_id]
    expect(mine, "port-in %s not listed (%d items)" % (port_id, len(found)))
    expect_eq(mine[0].order_type, "port_in", "OrderType")
    return "%d listed" % len(found)


step("account.portins.list", listed)


def supplement():
    portin.customer_order_id = customer_order_id + "-supp"
    expect(portin.save(), "save() did not get HTTP 200")
    p = account.portins.get(port_id, None)
    expect_eq(p.customer_order_id, customer_order_id + "-supp", "CustomerOrderId after the supplement")
    expect_eq(p.processing_status, "REQUESTED_SUPP", "ProcessingStatus after the supplement")
    return p.processing_status


step("PortIn.save (supplement)", supplement)


def totals():
    t = portin.totals.get()
    expect_eq(t.count, len(tns), "Count")
    return "count %s" % t.count


step("PortIn.totals.get", totals)


def notes():
    portin.notes.create({"user_id": USER, "description": "python port-in note %s" % RUN})
    found = [n.description for n in items(portin.notes.list())]
    expect(any("python port-in note" in (d or "") for d in found), "note missing: %r" % found)
    return "%d note(s)" % len(found)


step("PortIn.notes.create/list", notes)


def cancel():
    expect(portin.delete(), "delete() did not get HTTP 200")
    p = account.portins.get(port_id, None)
    expect(p.processing_status in ("CANCELLED", "REQUESTED_CANCEL"), "ProcessingStatus %r" % p.processing_status)
    return p.processing_status


step("PortIn.delete", cancel)


def unknown():
    status = expect_http_error(lambda: account.portins.get("no-such-port-in", None), is_gone, "404 or 400")
    return "HTTP %s" % status


step("account.portins.get unknown fails", unknown)

finish()
