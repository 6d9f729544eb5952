#!/usr/bin/env node
// Conformance: safe retries (tnhub's Idempotency-Key, docs/idempotency.md) through
// @bandwidth/numbers 2.0.0, which has no per-call header option: the key is added by wrapping
// the client instance's prepareRequest (the hook docs/idempotency.md shows).
//
// Needs these endpoints (A = /accounts/{id}):
//   POST A/sites, A/sites/{s}/sippeers (+ GETs) for set-up; GET A/availableNumbers;
//   POST A/orders; GET A/orders?customerOrderId=…

import { randomUUID } from "node:crypto";

import {
  numbers, client, step, expect, expectEq, expectHttpError, RUN, ACCOUNT_ID, BASE_URL, basicAuth,
  setupSiteAndPeer, searchNumbers, done, out,
} from "./lib/harness.mjs";

const { Order } = numbers;

// The hook: every request passes through prepareRequest; POST and PUT get the current key.
let nextKey = null;
let lastReplayed = null;
const prepare = client.prepareRequest.bind(client);
client.prepareRequest = (req) => {
  prepare(req);
  if (nextKey && ["POST", "PUT"].includes(req.method)) {
    req.set("Idempotency-Key", nextKey);
    req.on("response", (res) => {
      lastReplayed = res.headers["idempotent-replayed"] || null;
    });
  }
  return req;
};

const { site, peer } = await setupSiteAndPeer("idem");
const tns = await searchNumbers(1);
const customerOrderId = `idem-${RUN}`;
const orderData = (name) => ({
  name,
  customerOrderId,
  siteId: String(site.id),
  peerId: String(peer.id),
  existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: tns } },
});

nextKey = randomUUID();
const first = await step("Order.create with an Idempotency-Key", async () => {
  const res = await Order.createAsync(client, orderData(`idem order ${RUN}`));
  expect(res.order && res.order.id, "no <Order><id> in the create response");
  expectEq(lastReplayed, null, "Idempotent-Replayed on the first answer");
  return out(res.order, `id ${res.order.id}, key ${nextKey}`);
});

await step("Order.create retried with the same key: the same order, replayed", async () => {
  const res = await Order.createAsync(client, orderData(`idem order ${RUN}`));
  expectEq(res.order.id, first.id, "order id of the retry");
  expectEq(lastReplayed, "true", "Idempotent-Replayed");
  return `id ${res.order.id}`;
});

await step("Order.create with another body under that key: 422", async () => {
  const status = await expectHttpError(
    () => Order.createAsync(client, orderData(`another order ${RUN}`)),
    (s) => s === 422,
    "422",
  );
  return `HTTP ${status}`;
});

await step("the account has the order once", async () => {
  nextKey = null;
  const res = await fetch(`${BASE_URL}/accounts/${ACCOUNT_ID}/orders?customerOrderId=${customerOrderId}`, {
    headers: { Authorization: basicAuth() },
  });
  const body = await res.text();
  expectEq(res.status, 200, "status of the order list");
  const count = (body.match(/<TotalCount>(\d+)<\/TotalCount>/) || [])[1];
  expectEq(count, 1, "orders with this CustomerOrderId");
  return "TotalCount 1";
});

done();
