"""Conformance: port-outs (numbers taken away by another carrier) through bandwidth-numbers-sdk 1.2.0.

Needs these endpoints (A = /accounts/{id}), besides the set-up ones used by orders.py and
disconnects_features.py (sites, sippeers, availableNumbers, orders, tnoptions):
  GET A/portouts (account.portouts.list), GET A/portouts/{id} (PortOut.get),
  GET|POST A/portouts/{id}/notes (PortOut.notes), GET /tns/{tn};
  and the operator plane's POST /admin/portouts and POST /admin/portouts/{id}/complete (bearer
  TNHUB_ADMIN_TOKEN), which play the winning carrier.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bandwidth_numbers import Tns  # noqa: E402
from bandwidth_numbers.models.portout import PortOut  # noqa: E402

from harness import (ACCOUNT_ID, ADDRESS, AREA_CODE, RUN, USER, account, admin, admin_token, client,  # noqa: E402
                     expect, expect_eq, expect_http_error, finish, items, out, poll, step)

admin_token()  # checked up front: a missing token is a configuration problem (exit 2)


def setup_site():
    s = account.sites.create({"name": "conf py pout %s" % RUN, "description": "conformance", "address": dict(ADDRESS)})
    return out(s, "id %s" % s.id)


site = step("setup account.sites.create", setup_site)


def setup_peer():
    p = site.sip_peers.create({"peer_name": "confpypout%s" % RUN, "is_default_peer": "true",
                               "voice_hosts": {"host": [{"host_name": "192.0.2.10"}]}})
    return out(p, "id %s" % p.id)


peer = step("setup Site.sip_peers.create", setup_peer)


def search():
    found = [str(t) for t in items(account.available_numbers.list({"areaCode": AREA_CODE, "quantity": 40}))]
    expect(len(found) >= 2, "wanted 2 available numbers in %s, got %d" % (AREA_CODE, len(found)))
    tns = random.sample(found, 2)
    return out(tns, ",".join(tns))


tns = step("setup account.available_numbers.list", search)


def order():
    o = account.orders.create({
        "name": "conf py pout order %s" % RUN, "site_id": str(site.id), "peer_id": str(peer.id),
        "existing_telephone_number_order_type": {"telephone_number_list": {"telephone_number": list(tns)}}})
    r = poll(lambda: account.orders.get(str(o.id)), lambda r: r.order_status in ("COMPLETE", "FAILED"))
    expect_eq(r.order_status, "COMPLETE", "OrderStatus of the set-up order")
    return "order %s COMPLETE" % o.id


step("setup account.orders.create (poll until COMPLETE, 20 s)", order)
passcode = ("py%s" % RUN)[:10]


def set_passcode():
    o = account.tn_option_orders.create({
        "customer_order_id": "conf-py-pout-%s" % RUN,
        "tn_option_groups": {"tn_option_group": [
            {"port_out_passcode": passcode, "telephone_numbers": {"telephone_number": [tns[0]]}}]}})
    r = poll(lambda: account.tn_option_orders.get(str(o.id)), lambda r: r.processing_status not in ("RECEIVED", "PROCESSING"))
    expect_eq(r.processing_status, "COMPLETE", "ProcessingStatus of the passcode order")
    return "passcode set on %s" % tns[0]


step("setup account.tn_option_orders.create PortOutPasscode", set_passcode)


def get_port_out(pid):
    return PortOut(account.portouts).get(pid)


def settled(pid, status):
    # PortOutStatus is not in the SDK's map: watch the list's ProcessingStatus instead.
    def find():
        for p in items(account.portouts.list({"status": status})):
            if str(p.order_id) == pid:
                return p
        return None
    p = poll(find, lambda p: p is not None)
    expect(p is not None, "port-out %s never reached %s" % (pid, status))
    return p


def refused():
    v = admin("POST", "/portouts", {"accountId": ACCOUNT_ID, "tns": tns, "passcode": "nope99"})
    p = settled(v["id"], "exception")
    expect_eq(p.processing_status, "EXCEPTION", "ProcessingStatus")
    expect_eq(p.order_type, "port_out", "OrderType")
    g = get_port_out(v["id"])
    # The SDK maps one <Errors> (the first).
    expect_eq(g.errors.code, 7513, "Errors.Code")
    expect_eq(g.errors.description, "PIN Invalid", "Errors.Description")
    return "EXCEPTION %s: %s %s" % (v["id"], g.errors.code, g.errors.description)


step("account.portouts.list: a wrong passcode is refused", refused)


def accepted():
    v = admin("POST", "/portouts", {"accountId": ACCOUNT_ID, "tns": tns, "passcode": passcode, "winningCarrier": "9104"})
    p = settled(v["id"], "foc")
    v = admin("GET", "/portouts/%s" % v["id"])
    expect(v["actualFocDate"], "no FOC date: %r" % v)
    expect_eq(p.processing_status, "FOC", "ProcessingStatus")
    return out(v["id"], "FOC %s (operator: actualFocDate %s)" % (v["id"], v.get("actualFocDate")))


pid = step("account.portouts.list: the right passcode reaches FOC", accepted)


def get_one():
    g = get_port_out(pid)
    expect_eq(g.order_id, pid, "OrderId")
    expect_eq(g.count_of_t_ns, 2, "CountOfTNs")
    listed = sorted(str(t) for t in items(g.list_of_phone_numbers.phone_number))
    expect_eq(",".join(listed), ",".join(sorted(tns)), "ListOfPhoneNumbers")
    return "OrderId %s, %s numbers" % (g.order_id, g.count_of_t_ns)


step("PortOut.get", get_one)


def complete():
    v = admin("POST", "/portouts/%s/complete" % pid)
    expect_eq(v["status"], "COMPLETE", "operator status")
    settled(pid, "complete")
    for t in tns:
        status = Tns(client=client).get(t).status
        expect(status != "Inservice", "/tns/%s still says Inservice" % t)
    return "COMPLETE; %s aging" % ",".join(tns)


step("operator completes the port-out; the numbers leave", complete)
note_text = "conformance py port-out note %s" % RUN


def notes():
    p = get_port_out(pid)
    p.notes.create({"user_id": USER, "description": note_text})
    found = [n.description for n in items(p.notes.list())]
    expect(note_text in found, "note missing: %r" % found)
    return "%d note(s)" % len(found)


step("PortOut.notes.create / list", notes)


def unknown():
    s = expect_http_error(lambda: get_port_out("00000000-0000-0000-0000-000000000000"), lambda x: x == 404, "404")
    return "HTTP %s" % s


step("PortOut.get of an unknown id fails (404)", unknown)
finish()
