#!/usr/bin/env node
// Conformance: address validation and E911 through @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}), besides the set-up ones used by orders.mjs
// (sites, sippeers, availableNumbers, orders):
//   POST A/geocodeRequest (200 as sent, 409 standardised, 400 not a place);
//   POST|GET A/e911s, GET A/e911s/{id} (no client method: the client's own request path);
//   GET /tns/{tn}/tndetails (the number's <Features><E911>).

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, poll,
  setupSiteAndPeer, searchNumbers, orderNumbers, done, out,
} from "./lib/harness.mjs";

const { Geocode, Tn } = numbers;

// ---- address validation ----
await step("Geocode.request (valid as sent: 200)", async () => {
  const g = await Geocode.requestAsync(client, {
    addressLine1: "900 Main Campus Dr", city: "Raleigh", stateCode: "NC", zip: "27606",
  });
  expectEq(String(g.addressLine1), "900 MAIN CAMPUS DR", "AddressLine1");
  expectEq(g.houseNumber, 900, "HouseNumber");
  expectEq(g.streetName, "MAIN CAMPUS", "StreetName");
  expectEq(g.streetSuffix, "DR", "StreetSuffix");
  expectEq(g.city, "RALEIGH", "City");
  expectEq(g.stateCode, "NC", "StateCode");
  expectEq(String(g.zip), "27606", "Zip");
  expectEq(g.country, "US", "Country");
  return `${g.addressLine1}, ${g.city} ${g.stateCode} ${g.zip}`;
});

await step("Geocode.request (standardised: the client reads the 409's address)", async () => {
  const g = await Geocode.requestAsync(client, {
    addressLine1: "1 North Main Street", stateCode: "nc", zip: "27513-1234",
  });
  expectEq(String(g.addressLine1), "1 N MAIN ST", "AddressLine1");
  expectEq(g.preDirectional, "N", "PreDirectional");
  expectEq(g.city, "CARY", "City filled in from the ZIP");
  expectEq(g.plusFour, 1234, "PlusFour");
  return `${g.addressLine1}, ${g.city}`;
});

await step("Geocode.request (a ZIP of another state: 400)", async () => {
  const status = await expectHttpError(() => Geocode.requestAsync(client, {
    addressLine1: "900 Main Campus Dr", city: "Raleigh", stateCode: "VA", zip: "27606",
  }), (s) => s === 400, "400");
  return `HTTP ${status}`;
});

await step("Geocode.request (no such ZIP: 400 with code 12113)", async () => {
  let code;
  try {
    await Geocode.requestAsync(client, { addressLine1: "9 Elm St", city: "Raleigh", stateCode: "NC", zip: "99999" });
  } catch (err) {
    // A 4xx reaches the caller as the HTTP error, body unparsed.
    expectEq(err.status ?? err.httpStatus, 400, "status");
    const text = (err.response && err.response.text) || "";
    const m = /<ErrorCode>(\d+)<\/ErrorCode>/.exec(text);
    code = m ? m[1] : `none in ${text.slice(0, 200)}`;
  }
  expectEq(code, "12113", "ErrorCode");
  return `code ${code}`;
});

// ---- E911 orders (raw requests through the client: it has no E911 order method) ----
const { site, peer } = await setupSiteAndPeer("e911");
const tns = await searchNumbers(2);
await orderNumbers(site, peer, tns);
const e911Path = client.concatAccountPath("e911s");

const orderId = await step("POST A/e911s (ADD)", async () => {
  const res = await client.makeRequestAsync("post", e911Path, {
    e911Order: {
      customerOrderId: "conf-e911",
      e911ServiceAction: "ADD",
      callerName: "Conformance HQ",
      address: { houseNumber: "900", streetName: "Main Campus", streetSuffix: "Drive", city: "Raleigh", stateCode: "NC", zip: "27606" },
      telephoneNumbers: { telephoneNumber: tns },
    },
  });
  const o = res.e911Order;
  expect(o && o.orderId, `no <E911Order><OrderId>: ${JSON.stringify(res).slice(0, 300)}`);
  expectEq(o.processingStatus, "RECEIVED", "ProcessingStatus");
  expectEq(o.address.streetSuffix, "DR", "the stored address is standardised");
  return out(String(o.orderId), `order ${o.orderId}`);
});

await step("GET A/e911s/{id} (poll until COMPLETE)", async () => {
  const res = await poll(() => client.makeRequestAsync("get", `${e911Path}/${orderId}`),
    (r) => !["RECEIVED", "PROCESSING"].includes(r.e911Order.processingStatus));
  expectEq(res.e911Order.processingStatus, "COMPLETE", "ProcessingStatus");
  const listed = asArray(res.e911Order.telephoneNumbers.telephoneNumber).map(String);
  expectEq(listed.sort().join(","), [...tns].sort().join(","), "TelephoneNumbers");
  return "COMPLETE";
});

await step("tn.getTnDetails (the E911 address)", async () => {
  const t = await Tn.getAsync(client, tns[0]);
  const d = await t.getTnDetailsAsync();
  const e = d.features && d.features.e911;
  expect(e, `no <Features><E911>: ${JSON.stringify(d.features)}`);
  expectEq(e.status, "Success", "Status");
  expectEq(e.callerName, "Conformance HQ", "CallerName");
  expectEq(e.address.streetName, "MAIN CAMPUS", "StreetName");
  expectEq(String(e.address.zip), "27606", "Zip");
  return `${e.callerName}: ${e.address.houseNumber} ${e.address.streetName} ${e.address.streetSuffix}`;
});

await step("GET A/e911s?tn=", async () => {
  const res = await client.makeRequestAsync("get", e911Path, { tn: tns[1] });
  const list = asArray(res.listOrderIdUserIdDate && res.listOrderIdUserIdDate.orderIdUserIdDate);
  expect(list.some((o) => String(o.orderId) === orderId), `order ${orderId} not listed: ${JSON.stringify(res).slice(0, 300)}`);
  return `${list.length} order(s)`;
});

done();
