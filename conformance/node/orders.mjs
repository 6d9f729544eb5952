#!/usr/bin/env node
// Conformance: new-number orders, TN inventory, reservations and moving numbers between SIP peers
// through @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}):
//   POST A/sites, A/sites/{s}/sippeers (+ GETs) for set-up; GET A/availableNumbers;
//   POST|GET A/orders; GET A/orders/{id} and …/tns, …/history, …/areaCodes, …/npaNxx, …/totals,
//   GET|POST …/notes; POST|GET|DELETE A/tnreservation[/{id}];
//   GET /tns, /tns/{tn}, /tns/{tn}/tndetails, /tns/{tn}/sites, /tns/{tn}/sippeers, /tns/{tn}/ratecenter;
//   GET A/inserviceNumbers, A/inserviceNumbers/totals, A/inserviceNumbers/{tn};
//   PUT A/orders/{id}; GET A/sites/{s}/orders, A/sites/{s}/inserviceNumbers, A/sites/{s}/totaltns;
//   GET A/sites/{s}/sippeers/{p}/tns[/{tn}]; POST A/sites/{s}/sippeers/{p}/movetns;
//   PUT|GET A/sites/{s}/sippeers/{p}/tns/{tn}.

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, isGone, RUN, AREA_CODE, USER, ACCOUNT_ID,
  poll, setupSiteAndPeer, searchNumbers, done, out,
} from "./lib/harness.mjs";

const { Order, Tn, TnReservation, InServiceNumber, SipPeer, AvailableNumbers } = numbers;

const { site, peer } = await setupSiteAndPeer("ord");
const siteId = String(site.id);
const peerId = String(peer.id);
const tns = await searchNumbers(2);
const customerOrderId = `conf-${RUN}`;

const order = await step("Order.create", async () => {
  const res = await Order.createAsync(client, {
    name: `conf order ${RUN}`,
    customerOrderId,
    siteId,
    peerId,
    partialAllowed: false,
    existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: tns } },
  });
  expect(res.order && res.order.id, "no <Order><id> in the create response");
  expect(["RECEIVED", "PROCESSING", "COMPLETE"].includes(res.orderStatus), `OrderStatus ${res.orderStatus}`);
  expectEq(res.order.customerOrderId, customerOrderId, "echoed CustomerOrderId");
  expectEq(res.order.siteId, siteId, "echoed SiteId");
  return out(res.order, `id ${res.order.id} status ${res.orderStatus}`);
});
const orderId = String(order.id);

const completed = await step("Order.get (poll until COMPLETE, 20 s)", async () => {
  const res = await poll(() => Order.getAsync(client, orderId), (r) => r.orderStatus === "COMPLETE" || r.orderStatus === "FAILED");
  expectEq(res.orderStatus, "COMPLETE", "OrderStatus");
  expectEq(res.completedQuantity, 2, "CompletedQuantity");
  const done = asArray(res.completedNumbers && res.completedNumbers.telephoneNumber).map((t) => String(t.fullNumber));
  expect(tns.every((t) => done.includes(t)), `CompletedNumbers ${done.join(",")} lack some of ${tns.join(",")}`);
  expectEq(res.order.id, orderId, "<Order><id> in GET");
  return out(res.order, `COMPLETE, ${done.join(",")}`);
});

await step("order.getTns", async () => {
  const res = await completed.getTnsAsync();
  const list = asArray(res.telephoneNumber).map(String);
  expectEq(res.count, 2, "Count");
  expect(tns.every((t) => list.includes(t)), `got ${list.join(",")}`);
  return list.join(",");
});

await step("order.getHistory", async () => {
  const hist = await completed.getHistoryAsync();
  expect(hist.length >= 1 && hist[0], "empty history");
  for (const h of hist) expect(h.status !== undefined && h.orderDate !== undefined, `history entry without Status/OrderDate: ${JSON.stringify(h)}`);
  return hist.map((h) => h.status).join(" > ");
});

await step("order.getAreaCodes", async () => {
  const list = await completed.getAreaCodesAsync();
  const mine = list.find((r) => String(r.areaCode) === AREA_CODE);
  expect(mine, `area code ${AREA_CODE} missing: ${JSON.stringify(list)}`);
  expectEq(mine.count, 2, `Count for ${AREA_CODE}`);
  return list.map((r) => `${r.areaCode}:${r.count}`).join(" ");
});

await step("order.getNpaNxx", async () => {
  const list = await completed.getNpaNxxAsync();
  // <NPA-NXX> becomes "nPA-NXX" after the client's first-letter lower-casing.
  const key = (r) => String(r["nPA-NXX"] ?? r.npaNxx ?? "");
  const total = list.reduce((n, r) => n + Number(r.count), 0);
  expectEq(total, 2, "sum of Count");
  for (const t of tns) expect(list.some((r) => key(r) === t.slice(0, 6)), `NPA-NXX ${t.slice(0, 6)} missing: ${JSON.stringify(list)}`);
  return list.map((r) => `${key(r)}:${r.count}`).join(" ");
});

await step("order.getTotals", async () => {
  const list = await completed.getTotalsAsync();
  const total = list.reduce((n, r) => n + Number(r.count), 0);
  expectEq(total, 2, "Count");
  return `count ${total}`;
});

const noteText = `conformance note ${RUN}`;
const note = await step("order.addNote", async () => {
  const n = await completed.addNoteAsync({ userId: USER, description: noteText });
  expect(n && n.id !== undefined, "addNote found no note whose Id matches the Location header");
  expectEq(n.description, noteText, "Note.Description");
  expectEq(n.userId, USER, "Note.UserId");
  return out(n, `note ${n.id}`);
});

await step("order.getNotes", async () => {
  const list = await completed.getNotesAsync();
  expect(list.some((n) => n && String(n.id) === String(note.id) && n.description === noteText), `note ${note.id} missing: ${JSON.stringify(list)}`);
  return `${list.length} note(s)`;
});

await step("Order.list", async () => {
  const res = await Order.listAsync(client, { page: 1, size: 1000, customerOrderId });
  const wrapper = res.listOrderIdUserIdDate;
  expect(wrapper, "no <ListOrderIdUserIdDate>");
  const list = asArray(wrapper.orderIdUserIdDate);
  const mine = list.find((o) => String(o.orderId) === orderId);
  expect(mine, `order ${orderId} not in the list (${list.length} items, TotalCount ${wrapper.totalCount})`);
  expectEq(mine.orderStatus, "COMPLETE", "listed OrderStatus");
  expectEq(mine.countOfTNs, 2, "listed CountOfTNs");
  return `${list.length} listed, TotalCount ${wrapper.totalCount}`;
});

await step("order.update", async () => {
  const name = `conf order ${RUN} renamed`;
  await completed.updateAsync({ name });
  const res = await Order.getAsync(client, orderId);
  expectEq(res.order.name, name, "Order.Name after update");
  expectEq(res.order.customerOrderId, customerOrderId, "CustomerOrderId (not sent, so kept)");
  expectEq(res.orderStatus, "COMPLETE", "OrderStatus after update");
  return `name "${res.order.name}"`;
});

await step("site.getOrders", async () => {
  const res = await site.getOrdersAsync({ page: 1, size: 300 });
  const wrapper = res.listOrderIdUserIdDate;
  expect(wrapper, `no <ListOrderIdUserIdDate>: ${JSON.stringify(res).slice(0, 300)}`);
  const list = asArray(wrapper.orderIdUserIdDate);
  // The site is new: its only order is this one.
  expect(list.length === 1, `site ${siteId} lists ${list.length} orders, expected 1: ${JSON.stringify(list).slice(0, 300)}`);
  expectEq(list[0].orderId, orderId, "listed OrderId");
  expectEq(list[0].countOfTNs, 2, "listed CountOfTNs");
  expectEq(wrapper.totalCount, 1, "TotalCount");
  return `order ${list[0].orderId}`;
});

// ---- inventory ----
const tn0 = tns[0];
const tnObj = await step("Tn.get", async () => {
  const t = await Tn.getAsync(client, tn0);
  expectEq(t.telephoneNumber, tn0, "TelephoneNumber");
  expectEq(t.status, "Inservice", "Status");
  if (t.siteId !== undefined) expectEq(t.siteId, siteId, "SiteId");
  if (t.orderId !== undefined) expectEq(t.orderId, orderId, "OrderId");
  return out(t, `${t.telephoneNumber} ${t.status}`);
});

await step("Tn.list", async () => {
  const res = await Tn.listAsync(client, { accountId: ACCOUNT_ID, npaNxx: tn0.slice(0, 6) });
  const list = asArray(res.telephoneNumbers && res.telephoneNumbers.telephoneNumber);
  const mine = list.find((t) => String(t.fullNumber) === tn0);
  expect(mine, `${tn0} not in /tns?npaNxx=${tn0.slice(0, 6)} (${list.length} items)`);
  expectEq(mine.status, "Inservice", "listed Status");
  return `${list.length} numbers in ${tn0.slice(0, 6)}`;
});

await step("tn.getTnDetails", async () => {
  const d = await tnObj.getTnDetailsAsync();
  expectEq(d.fullNumber, tn0, "FullNumber");
  expectEq(d.status, "Inservice", "Status");
  expect(d.site && String(d.site.id) === siteId, `Site: ${JSON.stringify(d.site)}`);
  expect(d.sipPeer && String(d.sipPeer.peerId) === peerId, `SipPeer: ${JSON.stringify(d.sipPeer)}`);
  expect(d.city && d.state && d.rateCenter, `City/State/RateCenter missing: ${JSON.stringify(d)}`);
  return `${d.city}/${d.state}/${d.rateCenter} site ${d.site.id} peer ${d.sipPeer.peerId}`;
});

await step("tn.getSites", async () => {
  const s = await tnObj.getSitesAsync();
  expectEq(s.id, siteId, "Site.Id");
  return `site ${s.id} ${s.name ?? ""}`;
});

await step("tn.getSipPeers", async () => {
  const p = await tnObj.getSipPeersAsync();
  expectEq(p.id, peerId, "SipPeer.Id");
  return `peer ${p.id} ${p.name ?? ""}`;
});

await step("tn.getRateCenter", async () => {
  const rc = await tnObj.getRateCenterAsync();
  expect(rc && rc.state && rc.rateCenter, `State/RateCenter missing: ${JSON.stringify(rc)}`);
  return `${rc.rateCenter}, ${rc.state}`;
});

await step("InServiceNumber.list", async () => {
  const res = await InServiceNumber.listAsync(client, { page: 1, size: 1000, areacode: tn0.slice(0, 3) });
  const list = asArray(res.telephoneNumbers && res.telephoneNumbers.telephoneNumber).map(String);
  expect(tns.every((t) => list.includes(t)), `in-service list lacks ordered numbers: ${list.slice(0, 20).join(",")}`);
  return `${list.length} in service (TotalCount ${res.totalCount})`;
});

await step("InServiceNumber.get", async () => {
  await InServiceNumber.getAsync(client, tn0);
  return `${tn0} in service`;
});

await step("InServiceNumber.totals", async () => {
  const res = await InServiceNumber.totalsAsync(client);
  expect(Number(res.count) >= 2, `Count ${res.count}`);
  return `count ${res.count}`;
});

await step("sipPeer.getTns", async () => {
  const list = asArray(await peer.getTnsAsync()).map((t) => String(t.fullNumber));
  expect(tns.every((t) => list.includes(t)), `peer ${peerId} numbers: ${list.join(",")}`);
  return list.join(",");
});

await step("sipPeer.getTns (one-TN form)", async () => {
  const t = await peer.getTnsAsync(tn0);
  expectEq(t && t.fullNumber, tn0, "SipPeerTelephoneNumber.FullNumber");
  return `${t.fullNumber}`;
});

await step("site.getInserviceNumbers", async () => {
  const res = await site.getInserviceNumbersAsync({ page: 1, size: 1000 });
  const list = asArray(res.telephoneNumbers && res.telephoneNumbers.telephoneNumber).map(String);
  // The site is new: exactly the ordered numbers are in service on it.
  expect(list.length === 2 && tns.every((t) => list.includes(t)), `site ${siteId} in service: ${JSON.stringify(list)}, expected ${tns.join(",")}`);
  expectEq(res.totalCount, 2, "TotalCount");
  return list.join(",");
});

await step("site.getTotalTns", async () => {
  const res = await site.getTotalTnsAsync();
  const total = res.siteTNs && res.siteTNs.totalCount;
  expectEq(total, 2, `SiteTNs.TotalCount (${JSON.stringify(res)})`);
  return `total ${total}`;
});

const peerB = await step("setup second peer", async () => {
  const p = await SipPeer.createAsync(client, { siteId, peerName: `confordB${RUN}`, isDefaultPeer: false });
  return out(p, `id ${p.id}`);
});

await step("sipPeer.moveTns", async () => {
  await peerB.moveTnsAsync([tn0]);
  const onB = asArray(await peerB.getTnsAsync()).map((t) => String(t.fullNumber));
  const onA = asArray(await peer.getTnsAsync()).map((t) => String(t.fullNumber));
  expect(onB.includes(tn0), `${tn0} not on peer B after move: ${onB.join(",")}`);
  expect(!onA.includes(tn0), `${tn0} still on peer A after move`);
  expectEq((await peerB.getTnsAsync(tn0)).fullNumber, tn0, "one-TN form on peer B");
  await expectHttpError(() => peer.getTnsAsync(tn0), isGone, "404 or 400 from the one-TN form on peer A");
  const p = await tnObj.getSipPeersAsync();
  expectEq(p.id, peerB.id, "/tns/{tn}/sippeers after move");
  return `${tn0} now on peer ${peerB.id}`;
});

await step("ordered numbers are no longer available", async () => {
  const res = await AvailableNumbers.listAsync(client, { npaNxx: tn0.slice(0, 6), quantity: 5000 });
  const avail = new Set(asArray(res.telephoneNumberList && res.telephoneNumberList.telephoneNumber).map(String));
  for (const t of tns) expect(!avail.has(t), `${t} is still offered by AvailableNumbers.list`);
  return `${avail.size} available in ${tn0.slice(0, 6)}, none of ${tns.join(",")}`;
});

await step("Order.create of an in-service number does not deliver it", async () => {
  let res;
  try {
    res = await Order.createAsync(client, {
      name: `conf dup ${RUN}`, siteId, peerId, partialAllowed: false,
      existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: [tns[1]] } },
    });
  } catch (err) {
    // Rejected at create (4xx, or a 2xx carrying <ErrorList>): acceptable.
    if (err.status >= 400 && err.status < 500) return `refused at create (HTTP ${err.status})`;
    if (err.httpStatus !== undefined || err.errors) return `refused at create (${err.message})`;
    throw err;
  }
  const dupId = String(res.order.id);
  const final = await poll(
    // A FAILED order carries <ErrorList><Error>, which makes Node reject the 2xx GET.
    () => Order.getAsync(client, dupId).catch((e) => {
      if (e.httpStatus >= 200 && e.httpStatus < 300) return { orderStatus: "FAILED" };
      throw e;
    }),
    (r) => !["RECEIVED", "PROCESSING"].includes(r.orderStatus)
  );
  expect(final.orderStatus === "FAILED", `duplicate order ended ${final.orderStatus}`);
  return `order ${dupId} FAILED`;
});

// ---- reservations (last: Node's tnReservation.delete needs <Id> in the reservation) ----
const [resTn] = await searchNumbers(1, "setup AvailableNumbers.list for a reservation");
const reservation = await step("TnReservation.create", async () => {
  const r = await TnReservation.createAsync(client, { reservedTn: resTn });
  expect(r && r.reservationId, `no ReservationId: ${JSON.stringify(r)}`);
  expectEq(r.reservedTn, resTn, "ReservedTn");
  expect(Number(r.reservationExpires) > 0, `ReservationExpires ${r.reservationExpires}`);
  return out(r, `id ${r.reservationId} expires in ${r.reservationExpires}s`);
});
const reservationId = String(reservation.reservationId);

await step("TnReservation.get", async () => {
  const r = await TnReservation.getAsync(client, reservationId);
  expectEq(r.reservationId, reservationId, "ReservationId");
  expectEq(r.reservedTn, resTn, "ReservedTn");
  expectEq(r.accountId, ACCOUNT_ID, "AccountId");
  return `${r.reservedTn} reserved`;
});

await step("reserved number is not available", async () => {
  const res = await AvailableNumbers.listAsync(client, { npaNxx: resTn.slice(0, 6), quantity: 5000 });
  const avail = asArray(res.telephoneNumberList && res.telephoneNumberList.telephoneNumber).map(String);
  expect(!avail.includes(resTn), `${resTn} still offered while reserved`);
  return `${resTn} not offered`;
});

await step("tnReservation.delete", async () => {
  // The client DELETEs …/tnreservation/{this.id}; `id` only exists if the server sends <Id>.
  expect(reservation.id !== undefined, "the reservation has no <Id> element, so Node's delete() would send DELETE …/tnreservation/undefined");
  expectEq(reservation.id, reservationId, "<Id> vs <ReservationId>");
  await reservation.deleteAsync();
  const s = await expectHttpError(() => TnReservation.getAsync(client, reservationId), isGone, "404 or 400 for the deleted reservation");
  return `gone (HTTP ${s})`;
});

// ---- one number's settings on its SIP peer (tn0 is on peer B since the move) ----
await step("sipPeer.updateTns", async () => {
  await peerB.updateTnsAsync(tn0, {
    fullNumber: tn0, callingNameDisplay: true, rpidFormat: "e164", callForward: "9195550199",
    messagingSettings: { smsEnabled: true },
  });
  const t = await peerB.getTnsAsync(tn0);
  expectEq(t.fullNumber, tn0, "FullNumber");
  expectEq(t.callForward, "9195550199", "CallForward");
  expectEq(t.callingNameDisplay, true, "CallingNameDisplay");
  expectEq(t.messagingSettings && t.messagingSettings.smsEnabled, true, "MessagingSettings/SmsEnabled");
  const d = await (await Tn.getAsync(client, tn0)).getTnDetailsAsync();
  expectEq(d.features && d.features.callForward, "9195550199", "tndetails Features/CallForward");
  return `${tn0}: CallForward ${t.callForward}, SMS on`;
});

done();
