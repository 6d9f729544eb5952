#!/usr/bin/env node
// Regenerates conformance/fixtures/{node,python}/*.txt: drives every P0 client method (plus the P1
// users/products calls) of @bandwidth/numbers and bandwidth-numbers-sdk against the recording
// server in recorder.mjs and saves exactly what each client sent.
//
//   bash scripts/setup-conformance.sh && node conformance/tools/record-fixtures.mjs [--node-only|--python-only]
//
// Fixture names: `Class.method` = static method, `instance.method` = method of an object returned
// by a static call (naming as in shared docs endpoints.md); `~variant` marks an alternative input
// shape for the same method (e.g. the README's own examples).

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import { spawn } from "node:child_process";
import { startRecorder } from "./recorder.mjs";
import { writeFixture } from "./fixture-format.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const conf = path.resolve(here, "..");
const require = createRequire(path.join(conf, "node", "package.json"));
const numbers = require("@bandwidth/numbers");

const ACCOUNT = "9900001";
const args = process.argv.slice(2);
// A fixed port keeps fixtures that echo the endpoint (site.update~self) stable across runs.
const rec = await startRecorder({ port: 18931 }).catch(() => startRecorder({ port: 0 }));
let failures = 0;

async function recordNode() {
  const outDir = path.join(conf, "fixtures", "node");
  const client = new numbers.Client(ACCOUNT, "demo", "demo-pass", null, null, { apiEndPoint: `${rec.url}/api` });
  const {
    Account, Site, SipPeer, Order, TnReservation, InServiceNumber, Tn, AvailableNumbers, AvailableNpaNxx, City,
    RateCenter, CoveredRateCenter, Disconnect, DiscNumber, Lidbs, Dlda, TnOption, LnpChecker, PortIn, Subscription, User,
  } = numbers;

  // Objects that instance methods are called on, obtained through the client itself.
  const ctx = {};
  const steps = [
    ["Account.get", () => Account.getAsync(client)],
    ["Account.getProducts", () => Account.getProductsAsync(client)],
    ["User.list", () => User.listAsync(client)],
    // ---- sites ----
    ["Site.create", () =>
      Site.createAsync(client, {
        name: "Recorded Site",
        description: "created by record-fixtures",
        address: { houseNumber: "900", streetName: "Main Campus", streetSuffix: "Dr", city: "Raleigh", stateCode: "NC", zip: "27606", country: "United States", addressType: "Service" },
      })],
    ["Site.get", async () => (ctx.site = await Site.getAsync(client, "101"))],
    ["Site.list", () => Site.listAsync(client)],
    ["site.update", () => ctx.site.updateAsync({ name: "Renamed Site", description: "updated" })],
    // README: `site.name = "Some new name"; site.update(site, callback);`
    ["site.update~self", async () => {
      const s = await Site.getAsync(client, "101");
      rec.reset();
      s.name = "Some new name";
      return s.updateAsync(s);
    }],
    ["site.getSipPeers", () => ctx.site.getSipPeersAsync()],
    ["site.getSipPeer", () => ctx.site.getSipPeerAsync("102")],
    ["site.createSipPeer", () =>
      ctx.site.createSipPeerAsync({
        peerName: "recpeer1",
        description: "recorded peer",
        isDefaultPeer: true,
        callingName: { display: false, enforced: false },
      })],
    ["site.getInserviceNumbers", () => ctx.site.getInserviceNumbersAsync({ page: 1, size: 10 })],
    ["site.getOrders", () => ctx.site.getOrdersAsync({ page: 1, size: 10 })],
    ["site.getPortIns", () => ctx.site.getPortInsAsync({ page: 1, size: 10 })],
    ["site.getTotalTns", () => ctx.site.getTotalTnsAsync()],
    // ---- sip peers ----
    ["SipPeer.create", () =>
      SipPeer.createAsync(client, {
        siteId: "101",
        peerName: "recpeer2",
        description: "recorded peer",
        isDefaultPeer: false,
        voiceHosts: { host: [{ hostName: "192.0.2.10" }, { hostName: "192.0.2.12" }] },
        terminationHosts: { terminationHost: { hostName: "192.0.2.11", port: 5060, customerTrafficAllowed: "DOMESTIC", dataAllowed: true } },
        callingName: { display: true, enforced: false },
      })],
    // The shape wire-format.md calls out: an array of wrappers repeats the outer element.
    ["SipPeer.create~array-of-wrappers", () =>
      SipPeer.createAsync(client, {
        siteId: "101",
        peerName: "recpeer3",
        voiceHosts: [{ host: { hostName: "192.0.2.10" } }, { host: { hostName: "192.0.2.12" } }],
      })],
    ["SipPeer.get", async () => (ctx.peer = await SipPeer.getAsync(client, "101", "102"))],
    ["SipPeer.list", () => SipPeer.listAsync(client, "101")],
    ["sipPeer.update", () => ctx.peer.updateAsync({ peerName: "recpeer1b", description: "updated", isDefaultPeer: true })],
    ["sipPeer.getTns", () => ctx.peer.getTnsAsync()],
    ["sipPeer.getTns~one", () => ctx.peer.getTnsAsync("9195550101")],
    ["sipPeer.updateTns", () => ctx.peer.updateTnsAsync("9195550101", { fullNumber: "9195550101", callingNameDisplay: "on", rpidFormat: "e164" })],
    ["sipPeer.moveTns", () => ctx.peer.moveTnsAsync(["9195550101", "9195550102"])],
    ["sipPeer.moveTns~one", () => ctx.peer.moveTnsAsync(["9195550101"])],
    ["sipPeer.delete", () => ctx.peer.deleteAsync()],
    ["site.delete", () => ctx.site.deleteAsync()],
    // ---- search ----
    ["AvailableNumbers.list", () => AvailableNumbers.listAsync(client, { areaCode: "919", quantity: 3 })],
    ["AvailableNumbers.list~detail", () => AvailableNumbers.listAsync(client, { areaCode: "919", quantity: 3, enableTNDetail: true })],
    ["AvailableNumbers.list~tollfree", () => AvailableNumbers.listAsync(client, { tollFreeWildCardPattern: "8**", quantity: 2 })],
    ["AvailableNumbers.list~vanity", () => AvailableNumbers.listAsync(client, { localVanity: "HELLO", state: "NC", endsIn: true, quantity: 2 })],
    ["AvailableNpaNxx.list", () => AvailableNpaNxx.listAsync(client, { areaCode: "919", quantity: 5 })],
    ["City.list", () => City.listAsync(client, { state: "NC" })],
    ["RateCenter.list", () => RateCenter.listAsync(client, { state: "NC", available: true })],
    ["CoveredRateCenter.list", () => CoveredRateCenter.listAsync(client, { state: "NC" })],
    // ---- orders ----
    ["Order.create", () =>
      Order.createAsync(client, {
        name: "recorded order",
        customerOrderId: "rec-1",
        siteId: "101",
        peerId: "102",
        partialAllowed: false,
        existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: ["9195550101", "9195550102"] } },
      })],
    // README example shape.
    ["Order.create~readme", () =>
      Order.createAsync(client, {
        name: "A Test Order",
        siteId: 1111,
        existingTelephoneNumberOrderType: { telephoneNumberList: [{ telephoneNumber: "9195550101" }, { telephoneNumber: "9195550102" }] },
      })],
    ["Order.create~areacode", () =>
      Order.createAsync(client, { name: "area code order", siteId: "101", areaCodeSearchAndOrderType: { areaCode: "919", quantity: 2 } })],
    ["Order.get", async () => (ctx.order = (await Order.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000001")).order)],
    ["Order.list", () => Order.listAsync(client, { page: 1, size: 10 })],
    ["order.update", () => ctx.order.updateAsync({ name: "renamed order", customerOrderId: "rec-2" })],
    ["order.getTns", () => ctx.order.getTnsAsync()],
    ["order.getHistory", () => ctx.order.getHistoryAsync()],
    ["order.getAreaCodes", () => ctx.order.getAreaCodesAsync()],
    ["order.getNpaNxx", () => ctx.order.getNpaNxxAsync()],
    ["order.getTotals", () => ctx.order.getTotalsAsync()],
    ["order.addNote", () => ctx.order.addNoteAsync({ userId: "demo", description: "recorded note" })],
    ["order.getNotes", () => ctx.order.getNotesAsync()],
    // ---- reservations ----
    ["TnReservation.create", () => TnReservation.createAsync(client, { reservedTn: "9195550101" })],
    ["TnReservation.get", async () => (ctx.reservation = await TnReservation.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000002"))],
    ["tnReservation.delete", () => ctx.reservation.deleteAsync()],
    // ---- inventory ----
    ["InServiceNumber.list", () => InServiceNumber.listAsync(client, { areacode: "919", page: 1, size: 10 })],
    ["InServiceNumber.totals", () => InServiceNumber.totalsAsync(client)],
    ["InServiceNumber.get", () => InServiceNumber.getAsync(client, "9195550101")],
    ["Tn.list", () => Tn.listAsync(client, { npa: "919" })],
    ["Tn.get", async () => (ctx.tn = await Tn.getAsync(client, "9195550101"))],
    ["tn.getTnDetails", () => ctx.tn.getTnDetailsAsync()],
    ["tn.getSites", () => ctx.tn.getSitesAsync()],
    ["tn.getSipPeers", () => ctx.tn.getSipPeersAsync()],
    ["tn.getRateCenter", () => ctx.tn.getRateCenterAsync()],
    // ---- disconnects ----
    ["Disconnect.create", () => Disconnect.createAsync(client, "recorded disconnect", ["9195550101", "9195550102"])],
    ["Disconnect.create~one", () => Disconnect.createAsync(client, "recorded disconnect", ["9195550101"])],
    ["Disconnect.get", () => Disconnect.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000003", { tndetail: true })],
    ["Disconnect.list", () => Disconnect.listAsync(client, { page: 1, size: 10 })],
    ["disconnect.addNote", () => disconnectObj().addNoteAsync({ userId: "demo", description: "recorded note" })],
    ["disconnect.getNotes", () => disconnectObj().getNotesAsync()],
    ["DiscNumber.list", () => DiscNumber.listAsync(client, { page: 1, size: 10 })],
    ["DiscNumber.totals", () => DiscNumber.totalsAsync(client)],
    // ---- features ----
    ["TnOption.create", () =>
      TnOption.createAsync(client, {
        customerOrderId: "rec-opt",
        tnOptionGroups: [
          { callingNameDisplay: "on", telephoneNumbers: ["9195550101"] },
          { callForward: "9195550199", sms: "on", telephoneNumbers: ["9195550102", "9195550103"] },
        ],
      })],
    ["TnOption.get", () => TnOption.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000004")],
    ["TnOption.list", () => TnOption.listAsync(client, { status: "COMPLETE" })],
    ["Lidbs.create", () =>
      Lidbs.createAsync(client, {
        customerOrderId: "rec-lidb",
        lidbTnGroups: { lidbTnGroup: { telephoneNumbers: ["9195550101", "9195550102"], subscriberInformation: "Joes Garage", useType: "RESIDENTIAL", visibility: "PUBLIC" } },
      })],
    ["Lidbs.get", () => Lidbs.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000005")],
    ["Lidbs.list", () => Lidbs.listAsync(client, { telephoneNumber: "9195550101" })],
    ["Dlda.create", () =>
      Dlda.createAsync(client, {
        customerOrderId: "rec-dlda",
        dldaTnGroups: {
          dldaTnGroup: {
            telephoneNumbers: ["9195550101"],
            subscriberType: "RESIDENTIAL",
            listingType: "LISTED",
            listingName: { firstName: "John", lastName: "Smith" },
            listAddress: true,
            address: { houseNumber: "123", streetName: "Elm", streetSuffix: "Ave", city: "Carpinteria", stateCode: "CA", zip: "93013", addressType: "DLDA" },
          },
        },
      })],
    ["Dlda.get", async () => (ctx.dlda = await Dlda.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000006"))],
    ["Dlda.list", () => Dlda.listAsync(client, { telephoneNumber: "9195550101" })],
    ["dlda.getHistory", () => ctx.dlda.getHistoryAsync()],
    // ---- port-ins ----
    ["LnpChecker.check", () => LnpChecker.checkAsync(client, ["9197770101", "9197770102"], false)],
    ["LnpChecker.check~full", () => LnpChecker.checkAsync(client, ["9197770101"], true)],
    ["PortIn.create", async () =>
      (ctx.portIn = await PortIn.createAsync(client, {
        customerOrderId: "rec-port",
        siteId: "101",
        peerId: "102",
        billingTelephoneNumber: "9197770101",
        loaAuthorizingPerson: "Jane Doe",
        subscriber: {
          subscriberType: "BUSINESS",
          businessName: "Acme Corporation",
          serviceAddress: { houseNumber: "1623", streetName: "Brockton Ave", city: "Raleigh", stateCode: "NC", zip: "27606", country: "United States" },
        },
        listOfPhoneNumbers: { phoneNumber: ["9197770101", "9197770102"] },
        requestedFocDate: new Date("2030-01-02T15:30:00.000Z"),
        billingType: "PORTIN",
      }))],
    ["PortIn.get", async () => (ctx.portIn = await PortIn.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000007"))],
    ["PortIn.list", () => PortIn.listAsync(client, { page: 1, size: 10, status: "submitted" })],
    ["portIn.update", () => ctx.portIn.updateAsync({ requestedFocDate: new Date("2030-01-03T15:30:00.000Z"), customerOrderId: "rec-port-2" })],
    ["portIn.getAreaCodes", () => ctx.portIn.getAreaCodesAsync()],
    ["portIn.getNpaNxx", () => ctx.portIn.getNpaNxxAsync()],
    ["portIn.getTotals", () => ctx.portIn.getTotalsAsync()],
    ["portIn.getTns", () => ctx.portIn.getTnsAsync()],
    ["portIn.getActivationStatus", () => ctx.portIn.getActivationStatusAsync()],
    ["portIn.addNote", () => ctx.portIn.addNoteAsync({ userId: "demo", description: "recorded note" })],
    ["portIn.getNotes", () => ctx.portIn.getNotesAsync()],
    ["portIn.getHistory", () => ctx.portIn.getHistoryAsync()],
    ["portIn.createFile", () => ctx.portIn.createFileAsync(Buffer.from("%PDF-1.4\n% recorded LOA\n"), "application/pdf")],
    ["portIn.createFile~default-type", () => ctx.portIn.createFileAsync(Buffer.from("plain bytes"))],
    ["portIn.getFiles", () => ctx.portIn.getFilesAsync()],
    ["portIn.getFiles~metadata", () => ctx.portIn.getFilesAsync(true)],
    ["portIn.getFile", () => ctx.portIn.getFile("0b5e1a2c-1700000000000.pdf")],
    ["portIn.updateFile", () => ctx.portIn.updateFileAsync("0b5e1a2c-1700000000000.pdf", Buffer.from("%PDF-1.4\n% v2\n"), "application/pdf")],
    ["portIn.getFileMetadata", () => ctx.portIn.getFileMetadataAsync("0b5e1a2c-1700000000000.pdf")],
    ["portIn.updateFileMetadata", () => ctx.portIn.updateFileMetadataAsync("0b5e1a2c-1700000000000.pdf", { documentName: "loa.pdf", documentType: "LOA" })],
    ["portIn.delete", () => ctx.portIn.deleteAsync()],
    // ---- subscriptions ----
    ["Subscription.create", () =>
      Subscription.createAsync(client, { orderType: "orders", callbackSubscription: { URL: "http://127.0.0.1:9/cb", user: "userid", expiry: 12000 } })],
    ["Subscription.create~email", () =>
      Subscription.createAsync(client, { orderType: "portins", emailSubscription: { email: "ops@example.invalid", digestRequested: "NONE" } })],
    ["Subscription.get", async () => (ctx.sub = await Subscription.getAsync(client, "0b5e1a2c-1d2e-4f3a-8b4c-000000000008"))],
    ["Subscription.list", () => Subscription.listAsync(client, { orderType: "orders" })],
    ["subscription.update", () => ctx.sub.updateAsync({ orderType: "portins", callbackSubscription: { URL: "http://127.0.0.1:9/cb2", expiry: 3600 } })],
    ["subscription.delete", () => ctx.sub.deleteAsync()],
  ];

  function disconnectObj() {
    const d = new Disconnect();
    d.client = client;
    d.id = "0b5e1a2c-1d2e-4f3a-8b4c-000000000003";
    return d;
  }

  for (const [name, fn] of steps) {
    rec.reset();
    try {
      const r = await fn();
      if (r && typeof r.then === "function") await r; // superagent request (getFile)
    } catch (e) {
      failures++;
      console.log(`FAIL node ${name}: ${e && (e.message || e)}`);
    }
    const reqs = rec.take();
    if (reqs.length === 0) {
      failures++;
      console.log(`FAIL node ${name}: sent no request`);
      continue;
    }
    writeFixture(outDir, name, reqs);
    console.log(`ok   node ${name} (${reqs.length} request${reqs.length > 1 ? "s" : ""})`);
  }
}

if (!args.includes("--python-only")) await recordNode();
if (!args.includes("--node-only")) {
  // The Python driver talks to the recorder over HTTP; this process keeps serving it meanwhile.
  await recordPython();
}
await rec.close();
process.exit(failures ? 1 : 0);

// Not spawnSync: that would block this process's event loop and so the in-process recorder.
async function recordPython() {
  const py = path.join(conf, "python", ".venv", "bin", "python");
  if (!fs.existsSync(py)) {
    console.log("FAIL python: venv missing, run scripts/setup-conformance.sh");
    failures++;
    return;
  }
  await new Promise((resolve) => {
    const child = spawn(py, [path.join(here, "record_python.py")], {
      env: { ...process.env, RECORDER_URL: rec.url, FIXTURE_DIR: path.join(conf, "fixtures", "python") },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", (code) => {
      if (code !== 0) failures++;
      resolve();
    });
  });
}
