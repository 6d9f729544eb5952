#!/usr/bin/env node
// Conformance: LNP checker, port-in orders, their notes/history/TNs and LOA documents through
// @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}), besides the set-up ones (sites, sippeers,
// availableNpaNxx):
//   POST A/lnpchecker?fullCheck=…; POST|GET A/portins; GET|PUT|DELETE A/portins/{id};
//   GET A/sites/{s}/portins; GET A/portins/{id}/tns, …/areaCodes, …/npaNxx, …/totals, …/history;
//   GET|POST …/notes; POST|GET A/portins/{id}/loas; GET|PUT A/portins/{id}/loas/{file};
//   GET|PUT …/loas/{file}/metadata; GET A/portins/{id}/activationStatus;
//   and the operator plane's POST /admin/portins/{id}/foc (bearer TNHUB_ADMIN_TOKEN), to give a
//   triggered port-in its FOC.
// Port-in numbers: TNHUB_PORT_TNS (comma-separated, at least 2, one exchange: the last one goes to
// the triggered port-in, the others to the main one) or, by default, three random numbers in an
// exchange that AvailableNpaNxx.list reports for TNHUB_AREA_CODE.

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, isGone, RUN, USER, AREA_CODE,
  setupSiteAndPeer, done, out, admin, adminToken,
} from "./lib/harness.mjs";

const { LnpChecker, PortIn, AvailableNpaNxx } = numbers;

adminToken(); // checked up front: a missing token is a configuration problem (exit 2)
const { site, peer } = await setupSiteAndPeer("port");

const allTns = await step("setup pick port-in numbers", async () => {
  if (process.env.TNHUB_PORT_TNS) {
    const tns = process.env.TNHUB_PORT_TNS.split(",");
    expect(tns.length >= 2, "TNHUB_PORT_TNS needs at least two numbers");
    return out(tns, process.env.TNHUB_PORT_TNS);
  }
  const list = asArray(await AvailableNpaNxx.listAsync(client, { areaCode: AREA_CODE, quantity: 5 }));
  expect(list.length, `no exchange found in ${AREA_CODE}`);
  const npaNxx = `${list[0].npa}${String(list[0].nxx).padStart(3, "0")}`;
  const base = 1000 + Math.floor(Math.random() * 8000);
  const tns = [`${npaNxx}${base}`, `${npaNxx}${base + 1}`, `${npaNxx}${base + 2}`];
  return out(tns, tns.join(","));
});
const portTns = allTns.slice(0, -1);
const triggeredTns = allTns.slice(-1);

await step("LnpChecker.check", async () => {
  const res = await LnpChecker.checkAsync(client, allTns, false);
  // Every number must come back in some RateCenterGroup's TnList (supported or not).
  const groups = [
    ...asArray(res.supportedRateCenters && res.supportedRateCenters.rateCenterGroup),
    ...asArray(res.unsupportedRateCenters && res.unsupportedRateCenters.rateCenterGroup),
  ];
  const seen = groups.flatMap((g) => asArray(g.tnList && g.tnList.tn).map(String));
  for (const t of allTns) expect(seen.includes(t), `${t} not in any RateCenterGroup: ${JSON.stringify(res).slice(0, 400)}`);
  const supported = asArray(res.supportedRateCenters && res.supportedRateCenters.rateCenterGroup).flatMap((g) => asArray(g.tnList && g.tnList.tn).map(String));
  expect(allTns.every((t) => supported.includes(t)), `numbers in ${AREA_CODE} should be portable: supported ${JSON.stringify(supported)}`);
  return `portType ${res.portType}, supported ${supported.join(",")}`;
});

await step("LnpChecker.check invalid number fails (400)", async () => {
  const s = await expectHttpError(() => LnpChecker.checkAsync(client, ["12345"], false), (x) => x === 400, "400");
  return `HTTP ${s}`;
});

const customerOrderId = `conf-port-${RUN}`;
const focDate = (() => {
  const d = new Date(Date.now() + 10 * 86400000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(15, 0, 0, 0);
  return d;
})();

const created = await step("PortIn.create", async () => {
  const p = await PortIn.createAsync(client, {
    customerOrderId,
    siteId: site.id,
    peerId: peer.id,
    billingTelephoneNumber: portTns[0],
    loaAuthorizingPerson: "Jane Doe",
    subscriber: {
      subscriberType: "BUSINESS",
      businessName: "Conformance Corp",
      serviceAddress: { houseNumber: "1623", streetName: "Brockton Ave", city: "Raleigh", stateCode: "NC", zip: "27606", country: "United States" },
    },
    listOfPhoneNumbers: { phoneNumber: portTns },
    requestedFocDate: focDate,
    billingType: "PORTIN",
  });
  expect(p.id, "no <OrderId> in the create response");
  expect(p.status && Number(p.status.code) === 201, `Status.Code ${JSON.stringify(p.status)}`);
  expect(["SUBMITTED", "PENDING_DOCUMENTS", "FOC", "DRAFT"].includes(p.processingStatus), `ProcessingStatus ${p.processingStatus}`);
  return out(p, `id ${p.id} ${p.processingStatus}`);
});
const portId = String(created.id);

const portIn = await step("PortIn.get", async () => {
  const p = await PortIn.getAsync(client, portId);
  expect(p.processingStatus, "no ProcessingStatus");
  expectEq(p.customerOrderId, customerOrderId, "CustomerOrderId");
  expectEq(p.billingTelephoneNumber, portTns[0], "BillingTelephoneNumber");
  const listed = asArray(p.listOfPhoneNumbers && p.listOfPhoneNumbers.phoneNumber).map(String);
  expect(portTns.every((t) => listed.includes(t)), `ListOfPhoneNumbers ${JSON.stringify(listed)}`);
  expectEq(p.loaAuthorizingPerson, "Jane Doe", "LoaAuthorizingPerson");
  return out(p, `${p.processingStatus}, ${listed.join(",")}`);
});

await step("PortIn.list", async () => {
  const res = await PortIn.listAsync(client, { page: 1, size: 300, customerOrderId });
  const list = asArray(res && res.lnpPortInfoForGivenStatus);
  const mine = list.find((x) => String(x.orderId) === portId);
  expect(mine, `port-in ${portId} not listed (${list.length} items)`);
  expectEq(mine.orderType, "port_in", "OrderType");
  return `${list.length} listed`;
});

await step("site.getPortIns", async () => {
  const res = await site.getPortInsAsync({ page: 1, size: 300 });
  const list = asArray(res && res.lnpPortInfoForGivenStatus);
  // The site is new: its only port-in is this one.
  expect(list.length === 1, `site ${site.id} lists ${list.length} port-ins, expected 1: ${JSON.stringify(res).slice(0, 300)}`);
  expectEq(list[0].orderId, portId, "listed OrderId");
  expectEq(list[0].customerOrderId, customerOrderId, "listed CustomerOrderId");
  expectEq(res.totalCount, 1, "TotalCount");
  return `port-in ${list[0].orderId}`;
});

await step("portIn.update", async () => {
  await portIn.updateAsync({ customerOrderId: `${customerOrderId}-supp` });
  const p = await PortIn.getAsync(client, portId);
  expectEq(p.customerOrderId, `${customerOrderId}-supp`, "CustomerOrderId after SUPP");
  return `${p.processingStatus}, customerOrderId ${p.customerOrderId}`;
});

await step("portIn.getTns", async () => {
  const res = await portIn.getTnsAsync();
  const list = asArray(res.telephoneNumber).map(String);
  expect(portTns.every((t) => list.includes(t)), `TelephoneNumbers ${JSON.stringify(res)}`);
  return list.join(",");
});

// The three reports group the port-in's numbers: by area code, by exchange, in all.
const reportCount = (list) => list.reduce((n, r) => n + Number(r.count), 0);
await step("portIn.getAreaCodes", async () => {
  const list = await portIn.getAreaCodesAsync();
  const mine = list.find((r) => r && String(r.areaCode) === portTns[0].slice(0, 3));
  expect(mine, `area code ${portTns[0].slice(0, 3)} missing: ${JSON.stringify(list)}`);
  expectEq(mine.count, portTns.length, `Count for ${mine.areaCode}`);
  expectEq(reportCount(list), portTns.length, "sum of Count");
  return list.map((r) => `${r.areaCode}:${r.count}`).join(" ");
});

await step("portIn.getNpaNxx", async () => {
  const list = await portIn.getNpaNxxAsync();
  // <NPA-NXX> becomes "nPA-NXX" after the client's first-letter lower-casing.
  const key = (r) => String(r["nPA-NXX"] ?? r.npaNxx ?? "");
  const mine = list.find((r) => r && key(r) === portTns[0].slice(0, 6));
  expect(mine, `NPA-NXX ${portTns[0].slice(0, 6)} missing: ${JSON.stringify(list)}`);
  expectEq(mine.count, portTns.length, `Count for ${key(mine)}`);
  expectEq(reportCount(list), portTns.length, "sum of Count");
  return list.map((r) => `${key(r)}:${r.count}`).join(" ");
});

await step("portIn.getTotals", async () => {
  const list = await portIn.getTotalsAsync();
  expectEq(reportCount(list), portTns.length, `Count (${JSON.stringify(list)})`);
  return `count ${reportCount(list)}`;
});

const noteText = `conformance port-in note ${RUN}`;
await step("portIn.addNote", async () => {
  const n = await portIn.addNoteAsync({ userId: USER, description: noteText });
  expect(n && n.id !== undefined, "addNote found no note whose Id matches the Location header");
  expectEq(n.description, noteText, "Note.Description");
  return `note ${n.id}`;
});

await step("portIn.getNotes", async () => {
  const list = await portIn.getNotesAsync();
  expect(list.some((n) => n && n.description === noteText), `note missing: ${JSON.stringify(list)}`);
  return `${list.length} note(s)`;
});

await step("portIn.getHistory", async () => {
  const hist = await portIn.getHistoryAsync();
  expect(hist.length >= 1 && hist[0] && hist[0].status, `history: ${JSON.stringify(hist)}`);
  return hist.map((h) => h.status).join(" > ");
});

// ---- LOA documents ----
const loaV1 = Buffer.from(`%PDF-1.4\n% conformance LOA ${RUN}\n%%EOF\n`);
const loaV2 = Buffer.from(`%PDF-1.4\n% conformance LOA ${RUN} v2\n%%EOF\n`);

async function download(name) {
  const res = await portIn
    .getFile(name)
    .buffer(true)
    .parse((r, cb) => {
      const chunks = [];
      r.on("data", (c) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
  return res.body;
}

const fileName = await step("portIn.createFile", async () => {
  const name = await portIn.createFileAsync(loaV1, "application/pdf");
  expect(typeof name === "string" && name.length > 0, `no <filename> in the upload response: ${JSON.stringify(name)}`);
  return out(name, name);
});

await step("portIn.getFiles", async () => {
  const files = asArray(await portIn.getFilesAsync(true));
  const mine = files.find((f) => f.fileName === fileName);
  expect(mine, `${fileName} not in fileData ${JSON.stringify(files)}`);
  return `${files.length} file(s)`;
});

await step("portIn.getFile", async () => {
  const body = await download(fileName);
  expect(Buffer.isBuffer(body) && body.equals(loaV1), `downloaded ${body && body.length} bytes differ from the ${loaV1.length} uploaded`);
  return `${body.length} bytes, identical`;
});

await step("portIn.updateFile", async () => {
  await portIn.updateFileAsync(fileName, loaV2, "application/pdf");
  const body = await download(fileName);
  expect(body.equals(loaV2), "download after update does not return the new content");
  return `${body.length} bytes, replaced`;
});

await step("portIn.updateFileMetadata", async () => {
  await portIn.updateFileMetadataAsync(fileName, { documentName: "conformance-loa.pdf", documentType: "LOA" });
  return "ok";
});

await step("portIn.getFileMetadata", async () => {
  const md = await portIn.getFileMetadataAsync(fileName);
  expectEq(md.documentName, "conformance-loa.pdf", "DocumentName");
  expectEq(md.documentType, "LOA", "DocumentType");
  return `${md.documentName} ${md.documentType}`;
});

await step("portIn.getFile unknown file fails", async () => {
  const s = await expectHttpError(() => download("no-such-file.pdf"), isGone, "404 or 400");
  return `HTTP ${s}`;
});

// ---- cancel ----
await step("portIn.delete", async () => {
  await portIn.deleteAsync();
  let p;
  try {
    p = await PortIn.getAsync(client, portId);
  } catch (err) {
    if (err.status === 404) return "removed (HTTP 404)";
    throw err;
  }
  expect(["CANCELLED", "REQUESTED_CANCEL"].includes(p.processingStatus), `ProcessingStatus after delete: ${p.processingStatus}`);
  return p.processingStatus;
});

// ---- a triggered port-in: its activation status once the carrier gives FOC ----
const triggered = await step("PortIn.create (triggered)", async () => {
  const p = await PortIn.createAsync(client, {
    customerOrderId: `${customerOrderId}-trig`,
    siteId: site.id,
    peerId: peer.id,
    billingTelephoneNumber: triggeredTns[0],
    loaAuthorizingPerson: "Jane Doe",
    subscriber: {
      subscriberType: "BUSINESS",
      businessName: "Conformance Corp",
      serviceAddress: { houseNumber: "1623", streetName: "Brockton Ave", city: "Raleigh", stateCode: "NC", zip: "27606", country: "United States" },
    },
    listOfPhoneNumbers: { phoneNumber: triggeredTns },
    requestedFocDate: focDate,
    triggered: true,
    billingType: "PORTIN",
  });
  expect(p.id, "no <OrderId> in the create response");
  expectEq(p.processingStatus, "SUBMITTED", "ProcessingStatus");
  return out(p, `id ${p.id}`);
});
const triggeredId = String(triggered.id);

await step("portIn.getActivationStatus before FOC fails (400)", async () => {
  const s = await expectHttpError(() => triggered.getActivationStatusAsync(), (x) => x === 400, "400");
  return `HTTP ${s}`;
});

await step("operator: the carrier gives FOC", async () => {
  await admin("POST", `/portins/${triggeredId}/foc`, { focDate: focDate.toISOString() });
  const p = await PortIn.getAsync(client, triggeredId);
  expectEq(p.processingStatus, "FOC", "ProcessingStatus after the forced FOC");
  expectEq(new Date(p.actualFocDate).getTime(), focDate.getTime(), `ActualFocDate ${p.actualFocDate}`);
  return `FOC on ${p.actualFocDate}`;
});

await step("portIn.getActivationStatus", async () => {
  const res = await triggered.getActivationStatusAsync();
  const st = res && res.activationStatus;
  expect(st, `no <ActivationStatus>: ${JSON.stringify(res)}`);
  expectEq(new Date(st.autoActivationDate).getTime(), focDate.getTime(), `AutoActivationDate ${st.autoActivationDate}`);
  // An empty list element (<ActivatedTelephoneNumbersList/>) comes back from the client as "" or 0.
  const numbersOf = (l) => asArray(l && typeof l === "object" ? l.telephoneNumber : undefined).map(String);
  const waiting = numbersOf(st.notYetActivatedTelephoneNumbersList);
  const active = numbersOf(st.activatedTelephoneNumbersList);
  expect(triggeredTns.every((t) => waiting.includes(t)), `NotYetActivatedTelephoneNumbersList ${JSON.stringify(waiting)}`);
  expect(active.length === 0, `ActivatedTelephoneNumbersList ${JSON.stringify(active)} before activation`);
  return `activates ${st.autoActivationDate}: ${waiting.join(",")}`;
});

await step("portIn.delete (triggered, in FOC)", async () => {
  await triggered.deleteAsync();
  const p = await PortIn.getAsync(client, triggeredId);
  expect(["CANCELLED", "REQUESTED_CANCEL"].includes(p.processingStatus), `ProcessingStatus after delete: ${p.processingStatus}`);
  return p.processingStatus;
});

done();
