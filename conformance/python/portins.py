"""Conformance: the LNP checker and port-in orders through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}):
  POST A/sites, A/sites/{s}/sippeers (+ GETs) for set-up; GET A/availableNpaNxx;
  POST A/lnpchecker; POST|GET A/portins (POST answers 201 + Location and an <LnpOrderResponse>
  with <OrderId>); GET|PUT|DELETE A/portins/{id}; GET|POST A/portins/{id}/notes;
  GET A/portins/{id}/totals, …/history; GET A/sites/{s}/portins;
  POST|GET A/portins/{id}/loas; GET|PUT|DELETE …/loas/{file}; GET|PUT|DELETE …/loas/{file}/metadata;
  GET|PUT A/portins/{id}/activationStatus; GET /tns/{tn};
  and the operator plane's GET /admin/clock and POST /admin/portins/{id}/foc (bearer
  TNHUB_ADMIN_TOKEN), to give a triggered port-in its FOC later today (within ten minutes of
  midnight, POST /admin/clock/advance first moves the sandbox clock into the next day).
Port-in numbers: TNHUB_PORT_TNS (comma-separated, at least 2, one exchange: the last one goes to
the triggered port-in, the others to the main one) or, by default, three random numbers in an
exchange that account.available_npa_nxx.list reports for TNHUB_AREA_CODE.
"""

import datetime
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bandwidth_numbers import Tns  # noqa: E402

from harness import (ADDRESS, AREA_CODE, RUN, USER, account, admin, admin_token, client, expect,  # noqa: E402
                     expect_eq, expect_http_error, finish, is_gone, items, out, step)

admin_token()  # checked up front: a missing token is a configuration problem (exit 2)


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
        expect(len(tns) >= 2, "TNHUB_PORT_TNS needs at least two numbers")
        return out(tns, ",".join(tns))
    found = items(account.available_npa_nxx.list({"areaCode": AREA_CODE, "quantity": 5}))
    expect(found, "no exchange found in %s" % AREA_CODE)
    exchange = "%s%03d" % (found[0].npa, int(found[0].nxx))
    base = random.randint(1000, 8998)
    tns = ["%s%04d" % (exchange, base + i) for i in range(3)]
    return out(tns, ",".join(tns))


all_tns = step("setup pick port-in numbers", pick_numbers)
tns, triggered_tns = all_tns[:-1], all_tns[-1:]


def lnpchecker():
    res = account.lnpchecker(all_tns, {"fullCheck": "true"})
    supported = [str(t) for g in items(res.supported_rate_centers) for t in items(g.tn_list)]
    expect(all(t in supported for t in all_tns), "numbers in %s should be portable: supported %r" % (AREA_CODE, supported))
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


def lnp_order(order_id, numbers, triggered):
    return {
        "customer_order_id": order_id, "site_id": str(site.id), "peer_id": str(peer.id),
        "billing_telephone_number": numbers[0], "loa_authorizing_person": "Jane Doe",
        "subscriber": {"subscriber_type": "BUSINESS", "business_name": "Conformance Corp",
                       "service_address": {"house_number": "1623", "street_name": "Brockton Ave", "city": "Raleigh",
                                           "state_code": "NC", "zip": "27606", "country": "United States"}},
        "list_of_phone_numbers": {"phone_number": list(numbers)},
        "requested_foc_date": foc_date, "triggered": triggered, "billing_type": "PORTIN"}


def create():
    p = account.portins.create(lnp_order(customer_order_id, tns, "false"))
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


def site_listed():
    found = items(site.portins.list({"page": 1, "size": 300}))
    # The site is new: its only port-in is this one.
    expect([str(x.order_id) for x in found] == [port_id], "site %s lists port-ins %r, expected [%s]"
           % (site.id, [x.order_id for x in found], port_id))
    expect_eq(found[0].customer_order_id, customer_order_id, "listed CustomerOrderId")
    return "port-in %s" % found[0].order_id


step("Site.portins.list", site_listed)


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


note_text = "python port-in note %s" % RUN


def note_create():
    n = portin.notes.create({"user_id": USER, "description": note_text})
    expect(n.id, "no note id from the Location header")
    return out(str(n.id), "note %s" % n.id)


note_id = step("PortIn.notes.create", note_create)


def notes_list():
    found = items(portin.notes.list())
    mine = [n for n in found if str(n.id) == note_id]
    expect(mine, "note %s missing from %r" % (note_id, [n.id for n in found]))
    expect_eq(mine[0].description, note_text, "Note.description")
    expect_eq(mine[0].user_id, USER, "Note.user_id")
    return "%d note(s)" % len(found)


step("PortIn.notes.list", notes_list)


def history():
    hist = items(portin.history.list())
    statuses = [h.status for h in hist]
    expect(statuses[:1] == ["SUBMITTED"], "first history status %r, expected SUBMITTED" % statuses)
    expect("REQUESTED_SUPP" in statuses, "the supplement is not in the history %r" % statuses)
    expect(all(h.order_date and h.author for h in hist), "history entries without OrderDate/Author")
    return " > ".join(statuses)


step("PortIn.history.list", history)

# ---- LOA documents ----
loa_v1 = ("%%PDF-1.4\n%% python conformance LOA %s\n%%%%EOF\n" % RUN).encode()
loa_v2 = ("%%PDF-1.4\n%% python conformance LOA %s v2\n%%%%EOF\n" % RUN).encode()
loa_dir = tempfile.mkdtemp(prefix="tnhub-conformance-")


def loa_file(name, data):
    path = os.path.join(loa_dir, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


PDF = {"content-type": "application/pdf"}


def loa_create():
    name = portin.loas.create(loa_file("v1.pdf", loa_v1), PDF)
    expect(isinstance(name, str) and name, "no file name from the Location header: %r" % name)
    return out(name, name)


loa_name = step("PortIn.loas.create", loa_create)


def loa_list():
    # The real root is <fileListResponse> (lower-case, as Java requires); the SDK's model looks for
    # <FileListResponse>, so its list comes back empty (wire-format.md 2.14: accepted). The call
    # must still succeed, and the answer to the very request it made must list the file.
    for metadata in ("false", "true"):
        got = items(portin.loas.list({"metadata": metadata}))
        expect(got == [], "metadata=%s: the SDK read %r from <fileListResponse>; has the root changed?" % (metadata, got))
        text = portin.loas._get(params={"metadata": metadata}).text
        expect("<fileListResponse>" in text and loa_name in text, "metadata=%s answer lacks %s: %s" % (metadata, loa_name, text))
    return "listed (the SDK parses nothing from <fileListResponse>, as documented)"


step("PortIn.loas.list", loa_list)


def loa_get():
    r = portin.loas.get(loa_name)
    expect(r.content == loa_v1, "downloaded %d bytes differ from the %d uploaded" % (len(r.content), len(loa_v1)))
    expect("pdf" in r.headers.get("content-type", ""), "Content-Type %r" % r.headers.get("content-type"))
    return "%d bytes, identical" % len(r.content)


step("PortIn.loas.get", loa_get)


def loa_update():
    expect(portin.loas.update(loa_name, loa_file("v2.pdf", loa_v2), PDF), "update() got neither a Location nor 200")
    r = portin.loas.get(loa_name)
    expect(r.content == loa_v2, "download after update does not return the new content")
    return "%d bytes, replaced" % len(r.content)


step("PortIn.loas.update", loa_update)


def metadata_save():
    md = portin.loas.metadata
    md.clear()
    md.id = loa_name
    md.document_name = "python-loa.pdf"
    md.document_type = "LOA"
    md.save()  # returns nothing; the GET below is the check
    return "saved"


step("PortIn.loas.metadata.save", metadata_save)


def metadata_get():
    md = portin.loas.metadata.get(loa_name)
    expect_eq(md.document_name, "python-loa.pdf", "DocumentName")
    expect_eq(md.document_type, "LOA", "DocumentType")
    return "%s %s" % (md.document_name, md.document_type)


step("PortIn.loas.metadata.get", metadata_get)


def metadata_delete():
    md = portin.loas.metadata
    md.id = loa_name
    expect(md.delete() is True, "delete() did not get HTTP 200")
    md = portin.loas.metadata.get(loa_name)
    expect(not md.document_name, "DocumentName %r after the metadata was deleted" % md.document_name)
    expect(portin.loas.get(loa_name).content == loa_v2, "the file itself went with its metadata")
    return "cleared, file kept"


step("PortIn.loas.metadata.delete", metadata_delete)


def loa_delete():
    expect(portin.loas.delete(loa_name) is True, "delete() did not get HTTP 200")
    s = expect_http_error(lambda: portin.loas.get(loa_name), is_gone, "404 or 400 for the deleted file")
    expect(loa_name not in portin.loas._get(params={"metadata": "false"}).text, "deleted %s still listed" % loa_name)
    return "gone (HTTP %d)" % s


step("PortIn.loas.delete", loa_delete)


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

# ---- a triggered port-in: the carrier gives FOC today, the customer activates it ----


def triggered_create():
    p = account.portins.create(lnp_order(customer_order_id + "-trig", triggered_tns, "true"))
    expect(p.id, "no OrderId in the create answer")
    expect_eq(p.processing_status, "SUBMITTED", "ProcessingStatus")
    return out(str(p.id), "id %s" % p.id)


trig_id = step("account.portins.create (triggered)", triggered_create)
trig = account.portins.get(trig_id, None)


def activation_before_foc():
    s = expect_http_error(lambda: trig.activation_status.get(), lambda x: x == 400, "400")
    return "HTTP %d" % s


step("PortIn.activation_status.get before FOC fails (400)", activation_before_foc)


def parse_ms(iso):
    return int(datetime.datetime.strptime(iso.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def force_foc():
    # FOC later today on the sandbox clock, so that activating "now" is allowed (it opens on the FOC date).
    now = admin("GET", "/clock")["nowMs"]
    end_of_day = (now // 86400000 + 1) * 86400000
    if end_of_day - now < 600000:
        # Too close to midnight for "later today": start the day on the sandbox clock first.
        now = admin("POST", "/clock/advance?seconds=%d" % ((end_of_day - now) // 1000 + 1))["nowMs"]
        end_of_day = (now // 86400000 + 1) * 86400000
    foc_ms = now + (end_of_day - now) // 2
    admin("POST", "/portins/%s/foc" % trig_id, {"focDate": iso(foc_ms)})
    p = account.portins.get(trig_id, None)
    expect_eq(p.processing_status, "FOC", "ProcessingStatus after the forced FOC")
    return out(foc_ms, "FOC on %s" % iso(foc_ms))


foc_ms = step("operator: the carrier gives FOC today", force_foc)


def activation_get():
    st = trig.activation_status.get()
    expect_eq(parse_ms(st.auto_activation_date), foc_ms, "AutoActivationDate %s" % st.auto_activation_date)
    waiting = [str(t) for t in items(st.not_yet_activated_telephone_numbers_list)]
    active = [str(t) for t in items(st.activated_telephone_numbers_list)]
    expect(sorted(waiting) == sorted(triggered_tns), "NotYetActivatedTelephoneNumbersList %r" % waiting)
    expect(not active, "ActivatedTelephoneNumbersList %r before activation" % active)
    return out(st, "activates %s: %s" % (st.auto_activation_date, ",".join(waiting)))


status = step("PortIn.activation_status.get", activation_get)


def activation_save():
    # A time not in the future activates at once; the SDK PUTs what it read plus the new date.
    status.auto_activation_date = iso(admin("GET", "/clock")["nowMs"] - 1000)
    status.save()  # returns nothing; the port-in's state is the check
    p = account.portins.get(trig_id, None)
    expect_eq(p.processing_status, "COMPLETE", "ProcessingStatus after activation")
    t = Tns(client=client).get(triggered_tns[0])
    expect_eq(t.status, "Inservice", "/tns status of the ported number")
    s = expect_http_error(lambda: trig.activation_status.get(), lambda x: x == 404, "404 once complete")
    return "COMPLETE, %s in service; activationStatus now HTTP %d" % (triggered_tns[0], s)


step("PortIn.activation_status.save", activation_save)

finish()
