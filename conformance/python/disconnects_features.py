"""Conformance: disconnect orders, aging numbers and per-number feature orders (tnoptions, LIDB,
DLDA) through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}), besides the set-up ones used by orders.py
(sites, sippeers, availableNumbers, orders):
  POST|GET A/disconnects (POST answers a <DisconnectTelephoneNumberOrderResponse> the SDK parses);
  GET A/disconnects/{id}; GET|POST A/disconnects/{id}/notes; GET A/discnumbers, …/totals;
  GET /tns/{tn}; POST|GET A/tnoptions; GET A/tnoptions/{id};
  POST|GET A/lidbs; GET A/lidbs/{id}; POST|GET A/dldas; GET|PUT A/dldas/{id}; GET A/dldas/{id}/history.
Every create reads the id from the Location header and parses the POST answer; none re-GETs.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bandwidth_numbers import Tns  # noqa: E402

from harness import (ADDRESS, AREA_CODE, RUN, USER, account, client, expect, expect_eq,  # noqa: E402
                     expect_http_error, finish, is_gone, items, out, poll, step)


def setup_site():
    s = account.sites.create({"name": "conf py disc %s" % RUN, "description": "conformance", "address": dict(ADDRESS)})
    expect(s.id, "no site id")
    return out(s, "id %s" % s.id)


site = step("setup account.sites.create", setup_site)


def setup_peer():
    p = site.sip_peers.create({"peer_name": "confpydisc%s" % RUN, "is_default_peer": "true",
                               "voice_hosts": {"host": [{"host_name": "192.0.2.10"}]}})
    expect(p.id, "no peer id")
    return out(p, "id %s" % p.id)


peer = step("setup Site.sip_peers.create", setup_peer)


def search():
    found = [str(t) for t in items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": 60}))]
    expect(len(found) >= 3, "wanted 3 available numbers in %s, got %d" % (AREA_CODE, len(found)))
    tns = random.sample(found, 3)
    return out(tns, ",".join(tns))


tns = step("setup account.available_numbers.list", search)
gone, opt_tn, list_tn = tns


def order():
    o = account.orders.create({
        "name": "conf py disc order %s" % RUN, "site_id": str(site.id), "peer_id": str(peer.id),
        "existing_telephone_number_order_type": {"telephone_number_list": {"telephone_number": list(tns)}}})
    r = poll(lambda: account.orders.get(str(o.id)), lambda r: r.order_status in ("COMPLETE", "FAILED"))
    expect_eq(r.order_status, "COMPLETE", "OrderStatus of the set-up order")
    return "order %s COMPLETE" % o.id


step("setup account.orders.create (poll until COMPLETE, 20 s)", order)

FINAL = ("COMPLETE", "FAILED", "PARTIAL")

# ---- disconnects ----
disc_name = "conf py disconnect %s" % RUN


def disconnect_create():
    d = account.disconnects.create({
        "name": disc_name, "customer_order_id": "conf-py-disc-%s" % RUN,
        "disconnect_telephone_number_order_type": {"telephone_number_list": {"telephone_number": [gone]}}})
    expect(d.id, "no disconnect id (from Location or <orderRequest><id>)")
    expect(d.order_status in ("RECEIVED", "PROCESSING", "COMPLETE"), "OrderStatus %r" % d.order_status)
    echoed = [str(t) for t in items(d.disconnect_telephone_number_order_type.telephone_number_list)]
    expect(echoed == [gone], "echoed TelephoneNumberList %r, expected [%s]" % (echoed, gone))
    return out(d, "id %s status %s" % (d.id, d.order_status))


disconnect = step("account.disconnects.create", disconnect_create)
disc_id = str(disconnect.id)


def disconnect_get():
    r = poll(lambda: account.disconnects.get(disc_id), lambda r: r.order_status in FINAL)
    expect_eq(r.order_status, "COMPLETE", "OrderStatus")
    expect_eq(r.order_request.id, disc_id, "orderRequest id")
    expect_eq(r.order_request.name, disc_name, "orderRequest Name")
    listed = [str(t) for t in items(r.order_request.disconnect_telephone_number_order_type.telephone_number_list)]
    expect(listed == [gone], "DisconnectTelephoneNumberOrderType numbers %r" % listed)
    return "COMPLETE"


step("account.disconnects.get (poll until COMPLETE, 20 s)", disconnect_get)


def disconnect_list():
    listed = items(account.disconnects.list({"page": 1, "size": 1000}))
    mine = [d for d in listed if str(d.order_id) == disc_id]
    expect(mine, "disconnect %s not listed (%d items)" % (disc_id, len(listed)))
    expect_eq(mine[0].order_type, "disconnect", "OrderType")
    expect_eq(mine[0].order_status, "COMPLETE", "listed OrderStatus")
    expect_eq(mine[0].count_of_tns, 1, "listed CountOfTNs")
    return "%d listed" % len(listed)


step("account.disconnects.list", disconnect_list)

note_text = "conformance py disconnect note %s" % RUN


def note_create():
    n = disconnect.notes.create({"description": note_text})
    expect(n.id, "no note id from the Location header")
    return out(str(n.id), "note %s" % n.id)


note_id = step("Disconnect.notes.create", note_create)


def notes_list():
    found = items(disconnect.notes.list())
    mine = [n for n in found if str(n.id) == note_id]
    expect(mine, "note %s missing from %r" % (note_id, [n.id for n in found]))
    expect_eq(mine[0].description, note_text, "Note.description")
    expect_eq(mine[0].user_id, USER, "Note.user_id (the client forces the authenticated user)")
    return "%d note(s)" % len(found)


step("Disconnect.notes.list", notes_list)


def out_of_service():
    listed = [str(t) for t in items(account.in_service_numbers.list({"page": 1, "size": 1000, "areacode": gone[:3]}))]
    expect(gone not in listed, "%s is still in service" % gone)
    t = Tns(client=client).get(gone)
    expect(t.status != "Inservice", "/tns/%s still says Inservice" % gone)
    return "/tns status %s" % t.status


step("disconnected number is out of service", out_of_service)


def disc_numbers():
    listed = [str(t) for t in items(account.disconnected_numbers.list({"page": 1, "size": 5000}))]
    expect(gone in listed, "%s missing from discnumbers (%d listed)" % (gone, len(listed)))
    expect(opt_tn not in listed, "%s is listed as disconnected but is in service" % opt_tn)
    return "%d disconnected number(s)" % len(listed)


step("account.disconnected_numbers.list", disc_numbers)


def disc_totals():
    q = account.disconnected_numbers.totals.get()
    expect(int(q.count) >= 1, "Count %r" % q.count)
    return "count %s" % q.count


step("account.disconnected_numbers.totals.get", disc_totals)

# ---- tnoptions ----


def tn_option_create():
    o = account.tn_option_orders.create({
        "customer_order_id": "conf-py-opt-%s" % RUN,
        "tn_option_groups": {"tn_option_group": [
            {"calling_name_display": "on", "telephone_numbers": {"telephone_number": [opt_tn]}}]}})
    expect(o.id, "no OrderId")
    groups = items(o.tn_option_groups.tn_option_group)
    expect(groups and [str(t) for t in items(groups[0].telephone_numbers)] == [opt_tn],
           "echoed group numbers %r" % [[str(t) for t in items(g.telephone_numbers)] for g in groups])
    return out(str(o.id), "id %s status %s" % (o.id, o.processing_status))


opt_id = step("account.tn_option_orders.create", tn_option_create)


def tn_option_get():
    o = poll(lambda: account.tn_option_orders.get(opt_id), lambda r: r.processing_status in FINAL)
    expect_eq(o.order_id, opt_id, "OrderId")
    expect_eq(o.processing_status, "COMPLETE", "ProcessingStatus")
    g = items(o.tn_option_groups.tn_option_group)[0]
    expect_eq(g.calling_name_display, "on", "CallingNameDisplay")
    expect_eq(o.customer_order_id, "conf-py-opt-%s" % RUN, "CustomerOrderId")
    return "COMPLETE"


step("account.tn_option_orders.get (poll until COMPLETE, 20 s)", tn_option_get)


def tn_option_list():
    res = account.tn_option_orders.list({"status": "COMPLETE"})
    listed = items(res.tn_option_order_summary) + items(res.tn_option_order)
    mine = [o for o in listed if str(o.order_id) == opt_id]
    expect(mine, "tnoption order %s not listed (%d items)" % (opt_id, len(listed)))
    expect_eq(mine[0].order_status or mine[0].processing_status, "COMPLETE", "listed status")
    return "%d listed" % len(listed)


step("account.tn_option_orders.list", tn_option_list)

# ---- LIDB (CNAM) ----


def lidb_create():
    o = account.lidbs.create({
        "customer_order_id": "conf-py-lidb-%s" % RUN,
        "lidb_tn_groups": {"lidb_tn_group": [{"telephone_numbers": {"telephone_number": [list_tn]},
                                              "subscriber_information": "Conformance Py", "use_type": "BUSINESS",
                                              "visibility": "PUBLIC"}]}})
    expect(o.id, "no OrderId in the LIDB create answer (nor a Location)")
    expect_eq(o.customer_order_id, "conf-py-lidb-%s" % RUN, "echoed CustomerOrderId")
    return out(str(o.id), "id %s status %s" % (o.id, o.processing_status))


lidb_id = step("account.lidbs.create", lidb_create)


def lidb_get():
    o = poll(lambda: account.lidbs.get(lidb_id), lambda r: r.processing_status in FINAL)
    expect_eq(o.order_id, lidb_id, "OrderId")
    expect_eq(o.processing_status, "COMPLETE", "ProcessingStatus")
    g = items(o.lidb_tn_groups.lidb_tn_group)[0]
    expect_eq(g.subscriber_information, "Conformance Py", "SubscriberInformation")
    expect_eq(g.use_type, "BUSINESS", "UseType")
    expect([str(t) for t in items(g.telephone_numbers)] == [list_tn], "group numbers")
    return "COMPLETE"


step("account.lidbs.get (poll until COMPLETE, 20 s)", lidb_get)


def lidb_list():
    listed = items(account.lidbs.list({}))
    mine = [o for o in listed if str(o.order_id) == lidb_id]
    expect(mine, "LIDB order %s not listed (%d items)" % (lidb_id, len(listed)))
    expect_eq(mine[0].order_type, "lidb", "OrderType")
    expect_eq(mine[0].customer_order_id, "conf-py-lidb-%s" % RUN, "listed CustomerOrderId")
    return "%d listed" % len(listed)


step("account.lidbs.list", lidb_list)
step("account.lidbs.get unknown fails",
     lambda: "HTTP %d" % expect_http_error(lambda: account.lidbs.get("no-such-lidb-order"), is_gone, "404 or 400"))

# ---- DLDA (directory listing) ----


def dlda_create():
    o = account.dldas.create({
        "customer_order_id": "conf-py-dlda-%s" % RUN,
        "dlda_tn_groups": {"dlda_tn_group": [{
            "telephone_numbers": {"telephone_number": [list_tn]},
            "account_type": "BUSINESS", "listing_type": "LISTED", "list_address": "true",
            "listing_name": {"first_name": "Conformance", "last_name": "Smith"},
            "address": {"house_number": "900", "street_name": "Main Campus", "street_suffix": "Dr", "city": "Raleigh",
                        "state_code": "NC", "zip": "27606", "address_type": "Dlda"}}]}})
    expect(o.id, "no OrderId in the DLDA create answer (nor a Location)")
    expect_eq(o.customer_order_id, "conf-py-dlda-%s" % RUN, "echoed CustomerOrderId")
    return out(str(o.id), "id %s status %s" % (o.id, o.processing_status))


dlda_id = step("account.dldas.create", dlda_create)


def dlda_done():
    return poll(lambda: account.dldas.get(dlda_id), lambda r: r.processing_status in FINAL)


def dlda_get():
    o = dlda_done()
    expect_eq(o.order_id, dlda_id, "OrderId")
    expect_eq(o.processing_status, "COMPLETE", "ProcessingStatus")
    g = items(o.dlda_tn_groups.dlda_tn_group)[0]
    expect_eq(g.listing_name.last_name, "Smith", "ListingName.LastName")
    expect_eq(g.address.city, "Raleigh", "Address.City")
    expect([str(t) for t in items(g.telephone_numbers)] == [list_tn], "group numbers")
    return out(o, "COMPLETE")


dlda = step("account.dldas.get (poll until COMPLETE, 20 s)", dlda_get)


def dlda_list():
    listed = items(account.dldas.list({}))
    mine = [o for o in listed if str(o.order_id) == dlda_id]
    expect(mine, "DLDA order %s not listed (%d items)" % (dlda_id, len(listed)))
    expect_eq(mine[0].order_type, "dlda", "OrderType")
    expect_eq(mine[0].customer_order_id, "conf-py-dlda-%s" % RUN, "listed CustomerOrderId")
    return "%d listed" % len(listed)


step("account.dldas.list", dlda_list)


def dlda_save():
    # The SDK PUTs the whole order it read, with the changed listing name, and re-reads the answer.
    items(dlda.dlda_tn_groups.dlda_tn_group)[0].listing_name.last_name = "Jones"
    expect(dlda.save() is True, "save() did not return True")
    expect_eq(dlda.order_id, dlda_id, "OrderId in the PUT answer")
    o = dlda_done()
    expect_eq(o.processing_status, "COMPLETE", "ProcessingStatus after the update")
    expect_eq(items(o.dlda_tn_groups.dlda_tn_group)[0].listing_name.last_name, "Jones", "ListingName.LastName after save")
    details = Tns(client=client).get(list_tn).tndetails.get()
    expect("Jones" in str(vars(details.features.dlda.listing_name)), "tndetails do not show the new listing name")
    return "listing name Jones"


step("Dlda.save (id set)", dlda_save)


def dlda_history():
    hist = items(account.dldas.get(dlda_id).history.list())
    statuses = [h.status for h in hist]
    expect(len(hist) >= 2 and statuses[0] == "RECEIVED", "history %r" % statuses)
    expect("COMPLETE" in statuses, "history %r lacks COMPLETE" % statuses)
    expect(all(h.order_date for h in hist), "history entries without OrderDate")
    return " > ".join(statuses)


step("Dlda.history.list", dlda_history)
finish()
