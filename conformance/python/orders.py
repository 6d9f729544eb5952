"""Conformance: new-number orders, TN inventory, reservations and moving numbers between SIP
peers through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}):
  POST A/sites, A/sites/{s}/sippeers (+ GETs) for set-up; GET A/availableNumbers;
  POST|GET A/orders (POST answers 201 + Location and an <OrderResponse> body); GET A/orders/{id},
  GET A/orders/{id}/tns, GET|POST A/orders/{id}/notes; POST|GET|DELETE A/tnreservation[/{id}];
  PUT A/orders/{id} (answers a body: the SDK parses it); GET A/sites/{s}/orders[/{id}[/tns]];
  GET /tns, /tns/{tn}, /tns/{tn}/tndetails, /tns/{tn}/sites, /tns/{tn}/sippeers, /tns/{tn}/ratecenter,
  /tns/{tn}/lata, /tns/{tn}/history, /tns/{tn}/tnreservation, /tns/{tn}/lca;
  GET A/inserviceNumbers, A/inserviceNumbers/totals; GET A/sites/{s}/totaltns;
  GET A/sites/{s}/sippeers/{p}/tns[/{tn}], …/totaltns; POST A/sites/{s}/sippeers/{p}/movetns;
  PUT|GET A/sites/{s}/sippeers/{p}/tns/{tn}.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bandwidth_numbers import Tns  # noqa: E402

from harness import (ACCOUNT_ID, ADDRESS, AREA_CODE, RUN, USER, account, client, expect, expect_eq,  # noqa: E402
                     expect_http_error, finish, is_gone, items, out, poll, step)


def setup_site():
    s = account.sites.create({"name": "conf py ord %s" % RUN, "description": "conformance", "address": dict(ADDRESS)})
    expect(s.id, "no site id")
    return out(s, "id %s" % s.id)


site = step("setup account.sites.create", setup_site)
site_id = str(site.id)


def setup_peer(name, default):
    def run():
        p = site.sip_peers.create({"peer_name": name, "is_default_peer": default,
                                   "voice_hosts": {"host": [{"host_name": "192.0.2.10"}]}})
        expect(p.id, "no peer id")
        return out(site.sip_peers.get(p.id), "id %s" % p.id)
    return run


peer = step("setup Site.sip_peers.create", setup_peer("confpyord%s" % RUN, "true"))
peer_id = str(peer.id)


def search(n):
    """Searches 20x as many numbers and samples n, so concurrent runs rarely collide."""
    def run():
        found = [str(t) for t in items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": n * 20}))]
        expect(n <= len(found) <= n * 20, "wanted %d..%d available numbers in %s, got %d" % (n, n * 20, AREA_CODE, len(found)))
        expect(all(t.startswith(AREA_CODE) for t in found), "numbers outside %s: %r" % (AREA_CODE, found[:10]))
        tns = random.sample(found, n)
        return out(tns, ",".join(tns))
    return run


tns = step("account.available_numbers.list", search(2))
customer_order_id = "conf-py-%s" % RUN


def order_create():
    o = account.orders.create({
        "name": "conf py order %s" % RUN, "customer_order_id": customer_order_id, "site_id": site_id,
        "peer_id": peer_id, "partial_allowed": "false",
        "existing_telephone_number_order_type": {"telephone_number_list": {"telephone_number": list(tns)}}})
    expect(o.id, "no order id (from Location or <id>)")
    expect(o.order_status in ("RECEIVED", "PROCESSING", "COMPLETE"), "OrderStatus %r" % o.order_status)
    return out(o, "id %s status %s" % (o.id, o.order_status))


order = step("account.orders.create", order_create)
order_id = str(order.id)


def order_poll():
    r = poll(lambda: account.orders.get(order_id), lambda r: r.order_status in ("COMPLETE", "FAILED"))
    expect_eq(r.order_status, "COMPLETE", "OrderStatus")
    expect_eq(r.completed_quantity, 2, "CompletedQuantity")
    done = [str(getattr(t, "full_number", t)) for t in items(r.completed_numbers.telephone_number)]
    expect(sorted(done) == sorted(tns), "CompletedNumbers %r, expected %r" % (done, tns))
    return out(r, "COMPLETE, %s" % ",".join(done))


response = step("account.orders.get (poll until COMPLETE, 20 s)", order_poll)
completed = response.order


def order_tns():
    got = [str(t) for t in items(completed.tns.list())]
    expect(sorted(got) == sorted(tns), "order tns %r, expected %r" % (got, tns))
    return ",".join(got)


step("Order.tns.list", order_tns)

note_text = "conformance py note %s" % RUN


def note_create():
    n = completed.notes.create({"description": note_text})
    expect(n.id, "no note id from the Location header")
    return out(n, "note %s" % n.id)


note = step("Order.notes.create", note_create)


def notes_list():
    ns = items(completed.notes.list())
    mine = [n for n in ns if str(n.id) == str(note.id)]
    expect(mine, "note %s missing from %r" % (note.id, [n.id for n in ns]))
    expect_eq(mine[0].description, note_text, "Note.description")
    expect_eq(mine[0].user_id, USER, "Note.user_id (the client forces the authenticated user)")
    return "%d note(s)" % len(ns)


step("Order.notes.list", notes_list)


def order_save():
    o = account.orders.get(order_id).order
    o.name = "conf py order %s renamed" % RUN
    # PUT with the id set; the SDK then re-reads the Order from the answer's <OrderResponse>.
    expect(o.save() is True, "save() did not return True")
    r = account.orders.get(order_id)
    expect_eq(r.order.name, "conf py order %s renamed" % RUN, "Order.Name after save")
    expect_eq(r.order.customer_order_id, customer_order_id, "CustomerOrderId after save")
    expect_eq(r.order_status, "COMPLETE", "OrderStatus after save")
    return "name %r" % r.order.name


step("Order.save (id set)", order_save)


def site_orders_list():
    listed = items(site.orders.list({"page": 1, "size": 300}))
    # The site is new: its only order is this one.
    expect([str(o.id) for o in listed] == [order_id], "site %s lists orders %r, expected [%s]"
           % (site_id, [o.id for o in listed], order_id))
    expect_eq(listed[0].order_status, "COMPLETE", "listed OrderStatus")
    expect_eq(listed[0].count_of_tns, 2, "listed CountOfTNs")
    return "order %s" % listed[0].id


step("Site.orders.list", site_orders_list)


def site_orders_get():
    r = site.orders.get(order_id)
    expect_eq(r.order_status, "COMPLETE", "OrderStatus")
    expect_eq(r.order.id, order_id, "Order.id")
    expect_eq(r.order.site_id, site_id, "Order.SiteId")
    expect_eq(r.completed_quantity, 2, "CompletedQuantity")
    return out(r.order, "order %s %s" % (r.order.id, r.order_status))


site_order = step("Site.orders.get", site_orders_get)


def site_order_tns():
    got = [str(t) for t in items(site_order.tns.list())]
    expect(sorted(got) == sorted(tns), "site order tns %r, expected %r" % (got, tns))
    return ",".join(got)


step("Site.orders.get(id).tns.list", site_order_tns)


def orders_list():
    listed = items(account.orders.list({"page": 1, "size": 1000, "customerOrderId": customer_order_id}))
    mine = [o for o in listed if str(o.id) == order_id]
    expect(mine, "order %s not listed (%d items)" % (order_id, len(listed)))
    expect_eq(mine[0].order_status, "COMPLETE", "listed OrderStatus")
    return "%d listed" % len(listed)


step("account.orders.list", orders_list)

# ---- inventory ----
tn0 = tns[0]
tns_api = Tns(client=client)


def tn_get():
    t = tns_api.get(tn0)
    expect_eq(t.telephone_number, tn0, "TelephoneNumber")
    expect_eq(t.status, "Inservice", "Status")
    return out(t, "%s %s" % (t.telephone_number, t.status))


tn = step("Tns.get", tn_get)


def tn_list():
    listed = items(tns_api.list({"page": 1, "size": 500, "accountId": ACCOUNT_ID, "npaNxx": tn0[:6]}))
    mine = [t for t in listed if str(t.full_number) == tn0]
    expect(mine, "%s not in /tns?npaNxx=%s (%d items)" % (tn0, tn0[:6], len(listed)))
    return "%d numbers in %s" % (len(listed), tn0[:6])


step("Tns.list", tn_list)


def tn_details():
    d = tn.tndetails.get()
    expect_eq(d.full_number, tn0, "FullNumber")
    expect_eq(d.status, "Inservice", "Status")
    expect_eq(d.site.id, site_id, "Site.Id")
    expect_eq(d.sip_peer.peer_id, peer_id, "SipPeer.PeerId")
    expect(d.city and d.state and d.rate_center, "City/State/RateCenter missing")
    return "%s/%s/%s" % (d.city, d.state, d.rate_center)


step("TelephoneNumber.tndetails.get", tn_details)
step("TelephoneNumber.site.get", lambda: (lambda s: expect_eq(s.id, site_id, "Site.Id") or "site %s" % s.id)(tn.site.get()))
step("TelephoneNumber.sip_peer.get",
     lambda: (lambda p: expect_eq(p.id, peer_id, "SipPeer.Id") or "peer %s" % p.id)(tn.sip_peer.get()))


def tn_rc():
    rc = tn.tn_rate_center.get()
    expect(rc.state and rc.rate_center, "State/RateCenter missing")
    return "%s, %s" % (rc.rate_center, rc.state)


step("TelephoneNumber.tn_rate_center.get", tn_rc)


def tn_lata():
    lata = tn.tn_lata.get().lata
    details = tn.tndetails.get()
    expect(lata and str(lata).isdigit(), "Lata %r" % lata)
    expect_eq(lata, details.lata, "Lata vs tndetails' Lata")
    return "LATA %s" % lata


step("TelephoneNumber.tn_lata.get", tn_lata)


def tn_history():
    hist = items(tn.history.list())
    expect(hist, "no TelephoneNumberStatus in the history of %s" % tn0)
    mine = [h for h in hist if str(h.order_id) == order_id]
    expect(mine, "no history entry of order %s: %r" % (order_id, [(h.order_id, h.status) for h in hist]))
    expect_eq(mine[0].status, "Inservice", "Status after the order")
    expect_eq(mine[0].account_id, ACCOUNT_ID, "AccountId")
    expect(all(h.last_modified_date for h in hist), "history entries without LastModifiedDate")
    return " > ".join("%s(%s)" % (h.status, h.order_type) for h in hist)


step("TelephoneNumber.history.list", tn_history)


def in_service():
    listed = [str(t) for t in items(account.in_service_numbers.list({"page": 1, "size": 1000, "areacode": tn0[:3]}))]
    expect(all(t in listed for t in tns), "in-service list lacks ordered numbers: %r" % listed[:20])
    return "%d in service" % len(listed)


step("account.in_service_numbers.list", in_service)


def in_service_totals():
    q = account.in_service_numbers.totals.get()
    expect(int(q.count) >= 2, "Count %r" % q.count)
    return "count %s" % q.count


step("account.in_service_numbers.totals.get", in_service_totals)


def peer_tns(p):
    return [str(t.full_number) for t in items(p.tns.list())]


def sip_peer_tns():
    got = peer_tns(peer)
    expect(all(t in got for t in tns), "peer %s numbers: %r" % (peer_id, got))
    return ",".join(got)


step("SipPeer.tns.list", sip_peer_tns)


def sip_peer_tn():
    t = peer.tns.get(tn0)
    expect_eq(t.full_number, tn0, "SipPeerTelephoneNumber.FullNumber")
    return t.full_number


step("SipPeer.tns.get", sip_peer_tn)


def peer_total():
    c = peer.totaltns.get()
    expect_eq(c.count, 2, "SipPeerTelephoneNumbersCount")
    return "count %s" % c.count


step("SipPeer.totaltns.get", peer_total)


def site_total():
    c = site.totaltns.get()
    expect_eq(c.count, 2, "SiteTNs.TotalCount")
    return "count %s" % c.count


step("Site.totaltns.get", site_total)

peer_b = step("setup second peer", setup_peer("confpyordB%s" % RUN, "false"))


def move():
    peer_b.movetns.clear()
    peer_b.movetns.full_number.add(tn0)
    peer_b.movetns()
    expect(tn0 in peer_tns(peer_b), "%s not on peer B after move" % tn0)
    expect(tn0 not in peer_tns(peer), "%s still on peer A after move" % tn0)
    expect_eq(peer_b.tns.get(tn0).full_number, tn0, "SipPeer.tns.get on peer B")
    expect_http_error(lambda: peer.tns.get(tn0), is_gone, "404 or 400 from SipPeer.tns.get on peer A")
    expect_eq(peer.totaltns.get().count, 1, "peer A's count after the move")
    return "%s now on peer %s" % (tn0, peer_b.id)


step("SipPeer.movetns", move)


def not_available():
    avail = {str(t) for t in items(account.available_numbers.list({"npaNxx": tn0[:6], "quantity": 5000}))}
    expect(not any(t in avail for t in tns), "ordered numbers still offered")
    return "%d available in %s, none ordered" % (len(avail), tn0[:6])


step("ordered numbers are no longer available", not_available)

# ---- reservations ----
res_tn = step("account.available_numbers.list for a reservation", search(1))[0]


def reserve():
    r = account.tnreservation
    r.clear()
    r.reserved_tn = res_tn
    r.save()
    expect(r.id, "no reservation id from the Location header")
    return out(str(r.id), "id %s" % r.id)


reservation_id = step("account.tnreservation.save", reserve)


def reservation_get():
    r = account.tnreservation.get(reservation_id)
    expect_eq(r.reserved_tn, res_tn, "ReservedTn")
    expect_eq(r.reservation_id, reservation_id, "ReservationId")
    return out(r, "%s reserved, expires in %ss" % (r.reserved_tn, r.reservation_expires))


reservation = step("account.tnreservation.get", reservation_get)


def tn_reservation():
    r = tns_api.get(res_tn).tnreservation.get()
    expect_eq(r.reservation_id, reservation_id, "ReservationId")
    expect_eq(r.reserved_tn, res_tn, "ReservedTn")
    expect_eq(r.account_id, ACCOUNT_ID, "AccountId")
    return "%s reserved by %s" % (r.reserved_tn, r.reservation_id)


step("TelephoneNumber.tnreservation.get", tn_reservation)


def reservation_delete():
    expect(account.tnreservation.get(reservation_id).delete() is True, "delete() returned False (wants HTTP 200)")
    s = expect_http_error(lambda: account.tnreservation.get(reservation_id), is_gone, "404 or 400")
    return "gone (HTTP %d)" % s


step("account.tnreservation.delete", reservation_delete)

# ---- one number's settings on its SIP peer, and its local calling area ----
tn1 = tns[1]


def peer_tn_settings():
    peer.tns.create({"full_number": tn1, "calling_name_display": "true", "rpid_format": "e164",
                     "call_forward": "9195550199"})
    t = peer.tns.get(tn1)
    expect_eq(t.full_number, tn1, "FullNumber")
    expect_eq(t.rpid_format, "e164", "RPIDFormat")
    expect_eq(t.call_forward, "9195550199", "CallForward")
    expect_eq(str(t.calling_name_display).lower(), "true", "CallingNameDisplay")
    listed = [x for x in items(peer.tns.list()) if str(x.full_number) == tn1]
    expect(listed and str(listed[0].rpid_format) == "e164", "the peer's list does not show RPIDFormat e164")
    return "%s: RPIDFormat %s, CallForward %s" % (tn1, t.rpid_format, t.call_forward)


step("SipPeer.tns.create (PUT, full_number set)", peer_tn_settings)


def tn_lca():
    lca = tns_api.get(tn1).lca.get()
    exchanges = [str(x) for x in items(lca.listof_npanxx.npanxx)]
    expect(tn1[:6] in exchanges, "%s not in ListofNPANXX %r" % (tn1[:6], exchanges[:20]))
    centers = items(lca.location.rate_centers)
    expect(centers, "no Location/RateCenters")
    expect(all(c.state for c in centers), "a RateCenters without State")
    rcs = [str(rc) for c in centers for rc in items(c.rcs)]
    expect(rcs, "no RCs/RC")
    return "%d exchanges, rate centres %s" % (len(exchanges), ",".join(rcs))


step("TelephoneNumber.lca.get", tn_lca)
finish()
