#!/usr/bin/env node
// Conformance: port-outs (numbers taken away by another carrier) through @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}), besides the set-up ones (sites, sippeers,
// availableNumbers, orders, tnoptions): GET A/portouts, GET A/portouts/{id}, GET|POST
// A/portouts/{id}/notes, GET A/inserviceNumbers/{tn}; and the operator plane's POST /admin/portouts
// and POST /admin/portouts/{id}/complete (bearer TNHUB_ADMIN_TOKEN), which play the winning carrier.

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, RUN, USER, poll,
  setupSiteAndPeer, searchNumbers, orderNumbers, done, out, admin, adminToken,
} from "./lib/harness.mjs";

const { PortOut, TnOption, InServiceNumber } = numbers;

adminToken(); // checked up front: a missing token is a configuration problem (exit 2)
const { site, peer } = await setupSiteAndPeer("pout");
const tns = await searchNumbers(2);
await orderNumbers(site, peer, tns);
const passcode = `pc${RUN}`.slice(0, 10);

await step("TnOption.create PortOutPasscode (poll until COMPLETE)", async () => {
  const o = await TnOption.createAsync(client, {
    customerOrderId: `conf-pout-${RUN}`,
    tnOptionGroups: [{ portOutPasscode: passcode, telephoneNumbers: [tns[0]] }],
  });
  const done = await poll(() => TnOption.getAsync(client, String(o.orderId)), (r) => r.processingStatus !== "RECEIVED" && r.processingStatus !== "PROCESSING");
  expectEq(done.processingStatus, "COMPLETE", "ProcessingStatus");
  return `passcode set on ${tns[0]}`;
});

/** The winning carrier's request through the operator plane; returns the port-out's id. */
async function request(extra) {
  const v = await admin("POST", "/portouts", { accountId: process.env.TNHUB_ACCOUNT_ID, tns, ...extra });
  expectEq(v.status, "NEW", "status of a new port-out");
  return v.id;
}

/** Waits (through PortOut.list, 20 s) until the port-out leaves NEW; returns its list entry. */
async function settled(id) {
  const find = async () => {
    const res = await PortOut.listAsync(client, { status: "foc,exception,complete,cancelled" }).catch(() => null);
    return asArray(res && res.lnpPortInfoForGivenStatus).find((i) => String(i.orderId) === id) || null;
  };
  const entry = await poll(find, (e) => e !== null);
  expect(entry, `port-out ${id} never left NEW`);
  return entry;
}

const refused = await step("PortOut.get: a wrong passcode is refused (EXCEPTION 7513)", async () => {
  const id = await request({ passcode: "wrong1" });
  expectEq((await settled(id)).processingStatus, "EXCEPTION", "ProcessingStatus in the list");
  // The client turns the port-out's <Errors> into an error, as it does for a port-in in EXCEPTION.
  const err = await PortOut.getAsync(client, id).then(() => null, (e) => e);
  expect(err, "PortOut.get of a refused port-out should report its <Errors>");
  const codes = (err.errors || [err]).map((e) => String(e.code));
  expectEq(codes.join(","), "7513", "error codes");
  expectEq((err.errors || [err])[0].message, "PIN Invalid", "error description");
  return out(id, `${id} EXCEPTION 7513`);
});

const id = await step("PortOut.get: the right passcode reaches FOC", async () => {
  const id = await request({ passcode, winningCarrier: "9103", pon: `WIN-${RUN}` });
  expectEq((await settled(id)).processingStatus, "FOC", "ProcessingStatus in the list");
  const p = await PortOut.getAsync(client, id);
  expectEq(p.portOutStatus, "FOC", "PortOutStatus");
  expectEq(String(p.sPID ?? p.spid ?? p.SPID), "9103", "SPID");
  expectEq(String(p.pON ?? p.pon ?? p.PON), `WIN-${RUN}`, "PON");
  expect(p.actualFocDate, "no ActualFocDate");
  expectEq(String(p.orderId), id, "OrderId");
  expectEq(asArray(p.listOfPhoneNumbers && p.listOfPhoneNumbers.phoneNumber).map(String).sort().join(","), [...tns].sort().join(","), "ListOfPhoneNumbers");
  return out(id, `${id} FOC on ${p.actualFocDate}`);
});

await step("numbers stay in service until the port completes", async () => {
  const n = await InServiceNumber.getAsync(client, tns[1]);
  expect(n, "inserviceNumbers/{tn} answered nothing");
  return `${tns[1]} in service`;
});

await step("operator completes the port-out; PortOut.get COMPLETE", async () => {
  const v = await admin("POST", `/portouts/${id}/complete`);
  expectEq(v.status, "COMPLETE", "operator status");
  const p = await PortOut.getAsync(client, id);
  expectEq(p.portOutStatus, "COMPLETE", "PortOutStatus");
  expectEq(p.userId, "System", "userId");
  return "COMPLETE";
});

await step("ported-out numbers are gone from the account", async () => {
  for (const t of tns) {
    await expectHttpError(() => InServiceNumber.getAsync(client, t), (s) => s === 404, `404 for ${t}`);
  }
  return `${tns.join(",")} gone`;
});

await step("PortOut.list", async () => {
  const res = await PortOut.listAsync(client, { status: "complete,exception" });
  const items = asArray(res.lnpPortInfoForGivenStatus);
  const mine = items.find((i) => String(i.orderId) === id);
  expect(mine, `port-out ${id} not listed: ${JSON.stringify(res).slice(0, 300)}`);
  expectEq(mine.orderType, "port_out", "OrderType");
  expectEq(mine.processingStatus, "COMPLETE", "ProcessingStatus");
  expect(items.some((i) => String(i.orderId) === refused), "the refused port-out is listed too");
  expect(Number(res.totalCount) >= 2, `TotalCount ${res.totalCount}`);
  return `${items.length} listed`;
});

// PortOut.get keeps the response as the object (its id is `orderId`), while the notes methods
// read `this.id`: set it, as a caller of the client has to.
const portOut = Object.assign(await PortOut.getAsync(client, id), { id });
const noteText = `conformance port-out note ${RUN}`;
await step("portOut.addNote", async () => {
  const n = await portOut.addNoteAsync({ userId: USER, description: noteText });
  expect(n && n.id !== undefined, "addNote found no note whose Id matches the Location header");
  expectEq(n.description, noteText, "Note.Description");
  return `note ${n.id}`;
});

await step("portOut.getNotes", async () => {
  const list = await portOut.getNotesAsync();
  expect(list.some((n) => n && n.description === noteText), `note missing: ${JSON.stringify(list)}`);
  return `${list.length} note(s)`;
});

await step("PortOut.get of an unknown id fails (404)", async () => {
  const s = await expectHttpError(() => PortOut.getAsync(client, "00000000-0000-0000-0000-000000000000"), (x) => x === 404, "404");
  return `HTTP ${s}`;
});

done();
