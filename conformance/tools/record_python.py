"""Records what bandwidth-numbers-sdk sends for every P0 call (plus users/password).

Run by record-fixtures.mjs, which starts the recorder and sets RECORDER_URL and FIXTURE_DIR.
Each call below is made once against the recorder; the requests it caused are written to
FIXTURE_DIR/<name>.txt in the same format as the Node fixtures (see fixture-format.mjs).
"""

import json
import os
import sys
import tempfile
import traceback
import urllib.request

from bandwidth_numbers import Account, Cities, Client, CoveredRateCenters, RateCenters, Tns, Users

RECORDER = os.environ["RECORDER_URL"]
OUT = os.environ["FIXTURE_DIR"]
FOLLOW_UP = "#### follow-up request"
ACCOUNT = "9900001"


def control(what):
    method = "GET" if what == "requests" else "POST"
    req = urllib.request.Request(RECORDER + "/__recorder/" + what, method=method, data=None if method == "GET" else b"")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read().decode())


def fmt(requests):
    out = []
    for i, r in enumerate(requests):
        ct = r["headers"].get("content-type", "(none)")
        head = "%s %s HTTP/1.1\nContent-Type: %s\n\n" % (r["method"], r["rawUrl"], ct)
        out.append(("" if i == 0 else "\n%s %d\n" % (FOLLOW_UP, i + 1)) + head + r["body"])
    return "".join(out)


client = Client(url=RECORDER + "/api", account_id=ACCOUNT, username="demo", password="demo-pass")
account = Account(client=client)
ctx = {}
failures = 0

loa = tempfile.NamedTemporaryFile(prefix="loa", suffix=".pdf", delete=False)
loa.write(b"%PDF-1.4\n% recorded LOA\n")
loa.close()


def site():
    if "site" not in ctx:
        ctx["site"] = account.sites.get("101")
        control("reset")
    return ctx["site"]


def peer():
    if "peer" not in ctx:
        ctx["peer"] = site().sip_peers.get("102")
        control("reset")
    return ctx["peer"]


def order():
    if "order" not in ctx:
        ctx["order"] = account.orders.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000001")
        control("reset")
    return ctx["order"]


def tn():
    if "tn" not in ctx:
        ctx["tn"] = Tns(client=client).get("9195550101")
        control("reset")
    return ctx["tn"]


def portin():
    if "portin" not in ctx:
        ctx["portin"] = account.portins.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000007", None)
        control("reset")
    return ctx["portin"]


def disconnect():
    if "disconnect" not in ctx:
        ctx["disconnect"] = account.disconnects.create(save=False)
        ctx["disconnect"].id = "0b5e1a2c-1d2e-4f3a-8b4c-000000000003"
    return ctx["disconnect"]


def dlda():
    if "dlda" not in ctx:
        ctx["dlda"] = account.dldas.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000006")
        control("reset")
    return ctx["dlda"]


def subscription():
    if "sub" not in ctx:
        s = account.subscriptions.create(save=False)
        ctx["sub"] = s.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000008")
        control("reset")
    return ctx["sub"]


def site_update():
    s = site()
    control("reset")
    s.name = "Renamed Site"
    s.description = "updated"
    return s.save()


def peer_update():
    p = peer()
    control("reset")
    p.description = "updated"
    return p.save()


def order_update():
    o = order().order
    control("reset")
    o.name = "renamed order"
    return o.save()


def portin_update():
    p = portin()
    control("reset")
    p.customer_order_id = "rec-port-2"
    p.requested_foc_date = "2030-01-03T15:30:00.000Z"
    return p.save()


def dlda_update():
    d = dlda()
    control("reset")
    d.customer_order_id = "rec-dlda-2"
    return d.save()


def subscription_update():
    s = subscription()
    control("reset")
    s.order_type = "portins"
    return s.save()


def activation_save():
    st = portin().activation_status
    st.auto_activation_date = "2030-01-02T15:30:00.000Z"
    return st.save()


def metadata_save():
    md = portin().loas.metadata
    md.id = "0b5e1a2c-1700000000000.pdf"
    md.document_name = "loa.pdf"
    md.document_type = "LOA"
    return md.save()


def metadata_delete():
    md = portin().loas.metadata
    md.id = "0b5e1a2c-1700000000000.pdf"
    return md.delete()


def movetns():
    p = peer()
    control("reset")
    p.movetns.clear()
    p.movetns.full_number.add("9195550101")
    p.movetns.full_number.add("9195550102")
    return p.movetns()


def sip_peer_tn_save():
    t = peer().tns.get("9195550101")
    control("reset")
    t.rpid_format = "e164"
    return t.save()


def reservation_save():
    account.tnreservation.clear()
    account.tnreservation.reserved_tn = "9195550101"
    return account.tnreservation.save()


def site_delete():
    s = site()
    control("reset")
    return s.delete()


def peer_delete():
    p = peer()
    control("reset")
    return p.delete()


def portin_delete():
    p = portin()
    control("reset")
    return p.delete()


def sub_delete():
    s = subscription()
    control("reset")
    return s.delete()


def res_delete():
    r = account.tnreservation.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000002")
    control("reset")
    return r.delete()


# (fixture name, callable). Names follow endpoints.md's Python column.
CALLS = [
    ("Account.get", lambda: account.get()),
    ("account.users.list", lambda: account.users.list()),
    ("Users.password.change", lambda: Users(client=client).password.change("n3w-pass")),
    # ---- sites / sip peers ----
    ("account.sites.create", lambda: account.sites.create({
        "name": "Recorded Site", "description": "created by record-fixtures",
        "address": {"house_number": "900", "street_name": "Main Campus", "street_suffix": "Dr", "city": "Raleigh",
                    "state_code": "NC", "zip": "27606", "country": "United States", "address_type": "Service"}})),
    ("account.sites.get", lambda: account.sites.get("101")),
    ("account.sites.list", lambda: account.sites.list()),
    ("Site.save", site_update),
    ("Site.totaltns.get", lambda: site().totaltns.get()),
    ("Site.orders.list", lambda: site().orders.list({"page": 1, "size": 10})),
    ("Site.orders.get", lambda: site().orders.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000001")),
    ("Site.orders.get.tns.list", lambda: site().orders.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000001").order.tns.list()),
    ("Site.portins.list", lambda: site().portins.list({"page": 1, "size": 10})),
    ("Site.sip_peers.create", lambda: site().sip_peers.create({
        "peer_name": "recpeer1", "description": "recorded peer", "is_default_peer": "true",
        "short_messaging_protocol": "SIP",
        "voice_hosts": {"host": [{"host_name": "192.0.2.10"}, {"host_name": "192.0.2.12"}]},
        "termination_hosts": {"termination_host": [{"host_name": "192.0.2.11", "port": "5060",
                                                    "customer_traffic_allowed": "DOMESTIC", "data_allowed": "true"}]},
        "calling_name": {"display": "false", "enforced": "false"}})),
    ("Site.sip_peers.get", lambda: site().sip_peers.get("102")),
    ("Site.sip_peers.list", lambda: site().sip_peers.list()),
    ("SipPeer.save", peer_update),
    ("SipPeer.tns.list", lambda: peer().tns.list()),
    ("SipPeer.tns.get", lambda: peer().tns.get("9195550101")),
    ("SipPeer.tns.save", sip_peer_tn_save),
    ("SipPeer.totaltns.get", lambda: peer().totaltns.get()),
    ("SipPeer.movetns", movetns),
    ("SipPeer.delete", peer_delete),
    ("Site.delete", site_delete),
    # ---- search ----
    ("account.available_numbers.list", lambda: account.available_numbers.list({"areaCode": "919", "quantity": 3})),
    ("account.available_numbers.list~detail",
     lambda: account.available_numbers.list({"areaCode": "919", "quantity": 3, "enableTNDetail": "true"})),
    ("account.available_numbers.list~tollfree",
     lambda: account.available_numbers.list({"tollFreeWildCardPattern": "8**", "quantity": 2})),
    ("account.available_npa_nxx.list", lambda: account.available_npa_nxx.list({"areaCode": "919", "quantity": 5})),
    ("Cities.list", lambda: Cities(client=client).list({"state": "NC"})),
    ("RateCenters.list", lambda: RateCenters(client=client).list({"state": "NC", "available": "true"})),
    ("CoveredRateCenters.list", lambda: CoveredRateCenters(client=client).list({"page": 1, "size": 10, "state": "NC"})),
    ("CoveredRateCenters.get", lambda: CoveredRateCenters(client=client).get("3151")),
    # ---- orders ----
    ("account.orders.create", lambda: account.orders.create({
        "name": "recorded order", "site_id": "101", "peer_id": "102", "customer_order_id": "rec-1",
        "partial_allowed": "false",
        "existing_telephone_number_order_type": {"telephone_number_list": {"telephone_number": ["9195550101", "9195550102"]}}})),
    ("account.orders.create~areacode", lambda: account.orders.create({
        "name": "area code order", "site_id": "101",
        "area_code_search_and_order_type": {"area_code": "919", "quantity": "2"}})),
    ("account.orders.create~npanxx", lambda: account.orders.create({
        "name": "npanxx order", "site_id": "101",
        "npanxx_search_and_order_type": {"npa_nxx": "919555", "quantity": "2", "enable_lca": "false"}})),
    ("account.orders.get", lambda: account.orders.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000001")),
    ("account.orders.list", lambda: account.orders.list({"page": 1, "size": 10})),
    ("Order.tns.list", lambda: order().order.tns.list()),
    ("Order.notes.create", lambda: order().order.notes.create({"user_id": "ignored", "description": "recorded note"})),
    ("Order.notes.list", lambda: order().order.notes.list()),
    # Last: Order.save() clears the Order object and re-parses it from the PUT response.
    ("Order.save", order_update),
    # ---- reservations ----
    ("account.tnreservation.save", reservation_save),
    ("account.tnreservation.get", lambda: account.tnreservation.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000002")),
    ("account.tnreservation.delete", res_delete),
    # ---- inventory ----
    ("account.in_service_numbers.list", lambda: account.in_service_numbers.list({"page": 1, "size": 10})),
    ("account.in_service_numbers.totals.get", lambda: account.in_service_numbers.totals.get()),
    ("Tns.list", lambda: Tns(client=client).list({"page": 1, "size": 10, "npa": "919"})),
    ("Tns.get", lambda: Tns(client=client).get("9195550101")),
    ("TelephoneNumber.tndetails.get", lambda: tn().tndetails.get()),
    ("TelephoneNumber.site.get", lambda: tn().site.get()),
    ("TelephoneNumber.sip_peer.get", lambda: tn().sip_peer.get()),
    ("TelephoneNumber.tn_rate_center.get", lambda: tn().tn_rate_center.get()),
    ("TelephoneNumber.tn_lata.get", lambda: tn().tn_lata.get()),
    ("TelephoneNumber.lca.get", lambda: tn().lca.get()),
    ("TelephoneNumber.history.list", lambda: tn().history.list()),
    ("TelephoneNumber.tnreservation.get", lambda: tn().tnreservation.get()),
    # ---- disconnects ----
    ("account.disconnects.create", lambda: account.disconnects.create({
        "name": "recorded disconnect", "customer_order_id": "rec-disc",
        "disconnect_telephone_number_order_type": {"telephone_number_list": {"telephone_number": ["9195550101", "9195550102"]}}})),
    ("account.disconnects.get", lambda: account.disconnects.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000003")),
    ("account.disconnects.list", lambda: account.disconnects.list({"page": 1, "size": 10})),
    ("Disconnect.notes.create", lambda: disconnect().notes.create({"description": "recorded note"})),
    ("Disconnect.notes.list", lambda: disconnect().notes.list()),
    ("account.disconnected_numbers.list", lambda: account.disconnected_numbers.list({"page": 1, "size": 10})),
    ("account.disconnected_numbers.totals.get", lambda: account.disconnected_numbers.totals.get()),
    # ---- features ----
    ("account.tn_option_orders.create", lambda: account.tn_option_orders.create({
        "customer_order_id": "rec-opt",
        "tn_option_groups": {"tn_option_group": [
            {"calling_name_display": "on", "telephone_numbers": {"telephone_number": ["9195550101"]}},
            {"call_forward": "9195550199", "sms": "on", "telephone_numbers": {"telephone_number": ["9195550102", "9195550103"]}}]}})),
    ("account.tn_option_orders.get", lambda: account.tn_option_orders.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000004")),
    ("account.tn_option_orders.list", lambda: account.tn_option_orders.list({"status": "COMPLETE"})),
    ("account.lidbs.create", lambda: account.lidbs.create({
        "customer_order_id": "rec-lidb",
        "lidb_tn_groups": {"lidb_tn_group": [{"telephone_numbers": {"telephone_number": ["9195550101", "9195550102"]},
                                              "subscriber_information": "Joes Garage", "use_type": "RESIDENTIAL",
                                              "visibility": "PUBLIC"}]}})),
    ("account.lidbs.get", lambda: account.lidbs.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000005")),
    ("account.lidbs.list", lambda: account.lidbs.list({"telephoneNumber": "9195550101"})),
    ("account.dldas.create", lambda: account.dldas.create({
        "customer_order_id": "rec-dlda",
        "dlda_tn_groups": {"dlda_tn_group": [{
            "telephone_numbers": {"telephone_number": ["9195550101"]},
            "account_type": "RESIDENTIAL", "listing_type": "LISTED", "list_address": "true",
            "listing_name": {"first_name": "John", "last_name": "Smith"},
            "address": {"house_number": "123", "street_name": "Elm", "street_suffix": "Ave", "city": "Carpinteria",
                        "state_code": "CA", "zip": "93013", "address_type": "DLDA"}}]}})),
    ("account.dldas.get", lambda: account.dldas.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000006")),
    ("account.dldas.list", lambda: account.dldas.list({"telephoneNumber": "9195550101"})),
    ("Dlda.save", dlda_update),
    ("Dlda.history.list", lambda: dlda().history.list()),
    # ---- port-ins ----
    ("account.lnpchecker", lambda: account.lnpchecker(["9197770101", "9197770102"], {"fullCheck": "true"})),
    ("account.portins.create", lambda: account.portins.create({
        "customer_order_id": "rec-port", "site_id": "101", "peer_id": "102",
        "billing_telephone_number": "9197770101", "loa_authorizing_person": "Jane Doe",
        "subscriber": {"subscriber_type": "BUSINESS", "business_name": "Acme Corporation",
                       "service_address": {"house_number": "1623", "street_name": "Brockton Ave", "city": "Raleigh",
                                           "state_code": "NC", "zip": "27606", "country": "United States"}},
        "list_of_phone_numbers": {"phone_number": ["9197770101", "9197770102"]},
        "requested_foc_date": "2030-01-02T15:30:00.000Z", "triggered": "false", "billing_type": "PORTIN"})),
    ("account.portins.get", lambda: account.portins.get("0b5e1a2c-1d2e-4f3a-8b4c-000000000007", None)),
    ("account.portins.list", lambda: account.portins.list({"page": 1, "size": 10, "status": "submitted"})),
    ("PortIn.save", portin_update),
    ("PortIn.activation_status.get", lambda: portin().activation_status.get()),
    ("PortIn.activation_status.save", activation_save),
    ("PortIn.history.list", lambda: portin().history.list()),
    ("PortIn.totals.get", lambda: portin().totals.get()),
    ("PortIn.notes.create", lambda: portin().notes.create({"description": "recorded note"})),
    ("PortIn.notes.list", lambda: portin().notes.list()),
    ("PortIn.loas.create", lambda: portin().loas.create(loa.name, {"content-type": "application/pdf"})),
    ("PortIn.loas.list", lambda: portin().loas.list({"metadata": "false"})),
    ("PortIn.loas.list~metadata", lambda: portin().loas.list({"metadata": "true"})),
    ("PortIn.loas.get", lambda: portin().loas.get("0b5e1a2c-1700000000000.pdf")),
    ("PortIn.loas.update", lambda: portin().loas.update("0b5e1a2c-1700000000000.pdf", loa.name, {"content-type": "application/pdf"})),
    ("PortIn.loas.metadata.get", lambda: portin().loas.metadata.get("0b5e1a2c-1700000000000.pdf")),
    ("PortIn.loas.metadata.save", metadata_save),
    ("PortIn.loas.metadata.delete", metadata_delete),
    ("PortIn.loas.delete", lambda: portin().loas.delete("0b5e1a2c-1700000000000.pdf")),
    ("PortIn.delete", portin_delete),
    # ---- subscriptions ----
    ("account.subscriptions.create", lambda: account.subscriptions.create({
        "order_type": "orders",
        "callback_subscription": {"url": "http://127.0.0.1:9/cb", "user": "userid", "expiry": "12000"}})),
    ("account.subscriptions.create~email", lambda: account.subscriptions.create({
        "order_type": "portins", "email_subscription": {"email": "ops@example.invalid", "digest_requested": "NONE"}})),
    ("Subscription.get", lambda: ctx.update(sub=account.subscriptions.create(save=False).get("0b5e1a2c-1d2e-4f3a-8b4c-000000000008"))),
    ("account.subscriptions.list", lambda: account.subscriptions.list({"orderType": "orders"})),
    ("Subscription.save", subscription_update),
    ("Subscription.delete", sub_delete),
]


for name, fn in CALLS:
    control("reset")
    try:
        fn()
    except Exception as e:  # the request may still have been sent; record it anyway
        failures += 1
        print("FAIL python %s: %s: %s" % (name, type(e).__name__, e))
        traceback.print_exc(limit=3, file=sys.stderr)
    reqs = control("requests")
    if not reqs:
        failures += 1
        print("FAIL python %s: sent no request" % name)
        continue
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".txt"), "wb") as f:
        f.write(fmt(reqs).encode("latin1"))
    print("ok   python %s (%d request%s)" % (name, len(reqs), "s" if len(reqs) > 1 else ""))

os.unlink(loa.name)
sys.exit(1 if failures else 0)
