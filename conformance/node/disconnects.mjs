#!/usr/bin/env node
// Conformance: disconnect orders, aging numbers and per-number feature orders (tnoptions, LIDB,
// DLDA) through @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}), besides the set-up ones used by orders.mjs
// (sites, sippeers, availableNumbers, orders):
//   POST|GET A/disconnects; GET A/disconnects/{id}?tndetail=true; GET|POST A/disconnects/{id}/notes;
//   GET A/discnumbers, A/discnumbers/totals; GET A/inserviceNumbers/{tn};
//   POST|GET A/tnoptions; GET A/tnoptions/{id};
//   POST A/lidbs (201 + Location), GET A/lidbs/{id}, GET A/lidbs; POST A/dldas (201 + Location),
//   GET A/dldas/{id}, GET A/dldas, GET A/dldas/{id}/history.

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, deepFind, isGone, RUN, USER,
  poll, setupSiteAndPeer, searchNumbers, orderNumbers, done, out,
} from "./lib/harness.mjs";

const { Disconnect, DiscNumber, InServiceNumber, TnOption, Lidbs, Dlda, Tn } = numbers;

const { site, peer } = await setupSiteAndPeer("disc");
const tns = await searchNumbers(3);
await orderNumbers(site, peer, tns);
const [gone, optTn, listTn] = tns;

// ---- disconnects ----
const discName = `conf disconnect ${RUN}`;
const disc = await step("Disconnect.create", async () => {
  const res = await Disconnect.createAsync(client, discName, [gone]);
  const req = res.orderRequest;
  expect(req && req.id, `no <orderRequest><id>: ${JSON.stringify(res).slice(0, 300)}`);
  expect(["RECEIVED", "PROCESSING", "COMPLETE"].includes(res.orderStatus), `OrderStatus ${res.orderStatus}`);
  const listed = asArray(req.disconnectTelephoneNumberOrderType && req.disconnectTelephoneNumberOrderType.telephoneNumberList &&
    req.disconnectTelephoneNumberOrderType.telephoneNumberList.telephoneNumber).map(String);
  expect(listed.includes(gone), `echoed TelephoneNumberList ${JSON.stringify(listed)}`);
  return out(String(req.id), `id ${req.id} status ${res.orderStatus}`);
});

await step("Disconnect.get (poll until COMPLETE, 20 s)", async () => {
  const res = await poll(() => Disconnect.getAsync(client, disc, { tndetail: true }), (r) => ["COMPLETE", "FAILED", "PARTIAL"].includes(r.orderStatus));
  expectEq(res.orderStatus, "COMPLETE", "OrderStatus");
  const list = asArray(res.disconnectedTelephoneNumberList && res.disconnectedTelephoneNumberList.telephoneNumber).map(String);
  expect(list.includes(gone), `DisconnectedTelephoneNumberList ${JSON.stringify(list)}`);
  expectEq(res.orderRequest && res.orderRequest.id, disc, "orderRequest.id");
  return `COMPLETE, disconnected ${list.join(",")}`;
});

await step("Disconnect.list", async () => {
  const res = await Disconnect.listAsync(client, { page: 1, size: 1000 });
  const list = asArray(res.listOrderIdUserIdDate && res.listOrderIdUserIdDate.orderIdUserIdDate);
  const mine = list.find((o) => String(o.orderId) === disc);
  expect(mine, `disconnect ${disc} not listed (${list.length} items)`);
  expectEq(mine.orderType, "disconnect", "OrderType");
  return `${list.length} listed`;
});

const discObj = Object.assign(new Disconnect(), { client, id: disc });
const noteText = `conformance disconnect note ${RUN}`;
await step("disconnect.addNote", async () => {
  const n = await discObj.addNoteAsync({ userId: USER, description: noteText });
  expect(n && n.id !== undefined, "addNote found no note whose Id matches the Location header");
  expectEq(n.description, noteText, "Note.Description");
  return `note ${n.id}`;
});

await step("disconnect.getNotes", async () => {
  const list = await discObj.getNotesAsync();
  expect(list.some((n) => n && n.description === noteText), `note missing: ${JSON.stringify(list)}`);
  return `${list.length} note(s)`;
});

await step("disconnected number is out of service", async () => {
  const s = await expectHttpError(() => InServiceNumber.getAsync(client, gone), (x) => x === 404, "404 from inserviceNumbers/{tn}");
  const t = await Tn.getAsync(client, gone).catch(() => null);
  if (t) expect(t.status !== "Inservice", `/tns/${gone} still says Inservice`);
  return `HTTP ${s}${t ? `, /tns status ${t.status}` : ""}`;
});

await step("DiscNumber.list", async () => {
  const res = await DiscNumber.listAsync(client, { page: 1, size: 5000 });
  const list = asArray(res && res.telephoneNumber).map(String);
  expect(list.includes(gone), `${gone} missing from discnumbers (${list.length} listed)`);
  return `${list.length} disconnected number(s)`;
});

await step("DiscNumber.totals", async () => {
  const res = await DiscNumber.totalsAsync(client);
  expect(Number(res.count) >= 1, `Count ${res.count}`);
  return `count ${res.count}`;
});

// ---- tnoptions ----
const tnOpt = await step("TnOption.create", async () => {
  const o = await TnOption.createAsync(client, {
    customerOrderId: `conf-opt-${RUN}`,
    tnOptionGroups: [{ callingNameDisplay: "on", telephoneNumbers: [optTn] }],
  });
  expect(o && o.orderId, `no OrderId: ${JSON.stringify(o).slice(0, 300)}`);
  const groupTns = o.tnOptionGroups.flatMap((g) => asArray(g.telephoneNumbers).map(String));
  expect(groupTns.includes(optTn), `echoed group numbers ${JSON.stringify(groupTns)}`);
  return out(String(o.orderId), `id ${o.orderId} status ${o.processingStatus}`);
});

await step("TnOption.get (poll until COMPLETE, 20 s)", async () => {
  const o = await poll(() => TnOption.getAsync(client, tnOpt), (r) => ["COMPLETE", "FAILED", "PARTIAL"].includes(r.processingStatus));
  expectEq(o.orderId, tnOpt, "OrderId");
  expectEq(o.processingStatus, "COMPLETE", "ProcessingStatus");
  const g = o.tnOptionGroups[0];
  expectEq(g.callingNameDisplay, "on", "CallingNameDisplay");
  expect(asArray(g.telephoneNumbers).map(String).includes(optTn), `group numbers ${JSON.stringify(g.telephoneNumbers)}`);
  return `COMPLETE`;
});

await step("TnOption.list", async () => {
  const list = await TnOption.listAsync(client, {});
  expect(list.some((o) => String(o.orderId) === tnOpt), `tnoption order ${tnOpt} not listed (${list.length} items)`);
  return `${list.length} listed`;
});

// ---- LIDB (CNAM) ----
let lidbId;
await step("Lidbs.create", async () => {
  const res = await Lidbs.createAsync(client, {
    customerOrderId: `conf-lidb-${RUN}`,
    lidbTnGroups: { lidbTnGroup: { telephoneNumbers: { telephoneNumber: [listTn] }, subscriberInformation: "Conformance Co", useType: "BUSINESS", visibility: "PUBLIC" } },
  });
  const ids = deepFind(res, "orderId").map(String);
  expect(ids.length >= 1 && ids[0], `no OrderId in the LIDB order fetched after create: ${JSON.stringify(res).slice(0, 300)}`);
  lidbId = ids[0];
  const nums = deepFind(res, "telephoneNumber").flatMap(asArray).map(String);
  expect(nums.includes(listTn), `LIDB order does not list ${listTn}: ${JSON.stringify(res).slice(0, 300)}`);
  return `id ${lidbId}`;
});

await step("Lidbs.get", async () => {
  const res = await Lidbs.getAsync(client, lidbId);
  expect(deepFind(res, "orderId").map(String).includes(lidbId), `OrderId ${lidbId} not in ${JSON.stringify(res).slice(0, 300)}`);
  const sub = deepFind(res, "subscriberInformation").map(String);
  expect(sub.includes("Conformance Co"), `SubscriberInformation ${JSON.stringify(sub)}`);
  return `order ${lidbId}`;
});

// Lists are <ResponseSelectWrapper><ListOrderIdUserIdDate><OrderIdUserIdDate>… as for orders.
const listed = (res) => asArray(res && res.listOrderIdUserIdDate && res.listOrderIdUserIdDate.orderIdUserIdDate);

await step("Lidbs.list", async () => {
  const list = listed(await Lidbs.listAsync(client, {}));
  const mine = list.find((o) => String(o.orderId) === lidbId);
  expect(mine, `LIDB order ${lidbId} not listed: ${JSON.stringify(list).slice(0, 300)}`);
  expectEq(mine.customerOrderId, `conf-lidb-${RUN}`, "listed CustomerOrderId");
  expectEq(mine.orderType, "lidb", "listed OrderType");
  expectEq(mine.countOfTNs, 1, "listed CountOfTNs");
  expect(!list.some((o) => o.orderType !== "lidb"), `non-LIDB orders listed: ${JSON.stringify(list.map((o) => o.orderType))}`);
  return `${list.length} listed`;
});

await step("Lidbs.get unknown id fails", async () => `HTTP ${await expectHttpError(() => Lidbs.getAsync(client, "no-such-lidb-order"), isGone, "404 or 400")}`);

// ---- DLDA (directory listing) ----
let dlda;
await step("Dlda.create", async () => {
  dlda = await Dlda.createAsync(client, {
    customerOrderId: `conf-dlda-${RUN}`,
    dldaTnGroups: {
      dldaTnGroup: {
        telephoneNumbers: { telephoneNumber: [listTn] },
        accountType: "BUSINESS",
        listingType: "LISTED",
        listingName: { firstName: "Conformance", lastName: "Test" },
        listAddress: true,
        address: { houseNumber: "900", streetName: "Main Campus", streetSuffix: "Dr", city: "Raleigh", stateCode: "NC", zip: "27606", addressType: "Dlda" },
      },
    },
  });
  expect(dlda && dlda.orderId, `no <DldaOrder><OrderId>: ${JSON.stringify(deepFind(dlda, "orderId"))}`);
  const nums = deepFind(dlda, "telephoneNumber").flatMap(asArray).map(String);
  expect(nums.includes(listTn), `DLDA order does not list ${listTn}`);
  return `id ${dlda.orderId} status ${dlda.processingStatus}`;
});

await step("Dlda.get", async () => {
  const d = await Dlda.getAsync(client, String(dlda.orderId));
  expectEq(d.orderId, dlda.orderId, "OrderId");
  expectEq(d.customerOrderId, `conf-dlda-${RUN}`, "CustomerOrderId");
  return `order ${d.orderId} ${d.processingStatus}`;
});

await step("Dlda.list", async () => {
  const list = listed(await Dlda.listAsync(client, {}));
  const mine = list.find((o) => String(o.orderId) === String(dlda.orderId));
  expect(mine, `DLDA order ${dlda.orderId} not listed: ${JSON.stringify(list).slice(0, 300)}`);
  expectEq(mine.customerOrderId, `conf-dlda-${RUN}`, "listed CustomerOrderId");
  expectEq(mine.orderType, "dlda", "listed OrderType");
  expectEq(mine.countOfTNs, 1, "listed CountOfTNs");
  expect(!list.some((o) => o.orderType !== "dlda"), `non-DLDA orders listed: ${JSON.stringify(list.map((o) => o.orderType))}`);
  return `${list.length} listed`;
});

await step("dlda.getHistory", async () => {
  // getHistory uses `this.id`: the <DldaOrder> the client fetched must carry an id it can read.
  const d = await Dlda.getAsync(client, String(dlda.orderId));
  const hist = await d.getHistoryAsync();
  expect(hist.length >= 1 && hist[0], `empty history: ${JSON.stringify(hist)}`);
  for (const h of hist) expect(h.status !== undefined && h.orderDate !== undefined, `history entry without Status/OrderDate: ${JSON.stringify(h)}`);
  return hist.map((h) => h.status).join(" > ");
});

done();
