#!/usr/bin/env node
// A test suite written the way a user of tnhub would write one: Node's own
// test runner, the official @bandwidth/numbers client, and a fresh sandbox
// per test from POST /admin/sandboxes (deleted again when the test ends).
// The tests run concurrently, so each one also shows that it sees nothing
// of the others.
//
// Run: TNHUB_ORIGIN=http://127.0.0.1:8080 TNHUB_ADMIN_TOKEN=… node --test conformance/node/sandbox_suite.mjs
// (the Rust test conformance::node_suite_gets_a_sandbox_per_test does this against a fresh server).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const numbers = require("@bandwidth/numbers");
const { Client, Site, Order, InServiceNumber, AvailableNumbers } = numbers;

const ORIGIN = (process.env.TNHUB_ORIGIN || "http://127.0.0.1:8080").replace(/\/+$/, "");
const ADMIN_TOKEN = process.env.TNHUB_ADMIN_TOKEN;
assert.ok(ADMIN_TOKEN, "set TNHUB_ADMIN_TOKEN (printed by `tnhub serve`)");

async function admin(method, path, body) {
  const res = await fetch(`${ORIGIN}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** A fresh sandbox for test `t`, deleted when `t` ends; with a client logged in to it. */
async function sandbox(t) {
  const { status, json } = await admin("POST", "/admin/sandboxes", {});
  assert.equal(status, 201, JSON.stringify(json));
  t.after(async () => {
    const r = await admin("DELETE", `/admin/accounts/${json.accountId}`);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  });
  const client = new Client(json.accountId, json.user, json.password, null, null, { apiEndPoint: json.baseUrls.api });
  return { ...json, client };
}

const asArray = (x) => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);

async function orderOne(sb) {
  const found = await AvailableNumbers.listAsync(sb.client, { areaCode: 919, quantity: 1 });
  const tn = String(asArray(found.telephoneNumberList.telephoneNumber)[0]);
  const created = await Order.createAsync(sb.client, {
    siteId: sb.siteId,
    existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: [tn] } },
  });
  const id = String(created.order.id);
  for (let i = 0; i < 200; i++) {
    const o = await Order.getAsync(sb.client, id);
    if (o.orderStatus !== "RECEIVED" && o.orderStatus !== "PROCESSING") {
      assert.equal(o.orderStatus, "COMPLETE");
      return { tn, id };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`order ${id} did not complete`);
}

async function inService(client) {
  const res = await InServiceNumber.listAsync(client, { page: 1, size: 1000 });
  return asArray(res.telephoneNumbers && res.telephoneNumbers.telephoneNumber).map(String);
}

async function status(promise) {
  try {
    await promise;
    return 200;
  } catch (e) {
    return Number(e.status ?? e.httpStatus);
  }
}

describe("every test in its own sandbox", { concurrency: true }, () => {
  test("a new sandbox starts with one site and nothing else", async (t) => {
    const sb = await sandbox(t);
    const sites = asArray(await Site.listAsync(sb.client));
    assert.deepEqual(sites.map((s) => String(s.id)), [sb.siteId]);
    assert.deepEqual(await inService(sb.client), []);
    const orders = await Order.listAsync(sb.client, { page: 1, size: 100 }).catch((e) => e);
    assert.equal(asArray(orders && orders.listOrderIdUserIdDate && orders.listOrderIdUserIdDate.orderIdUserIdDate).length, 0);
  });

  test("orders a number in its own sandbox", async (t) => {
    const sb = await sandbox(t);
    const { tn } = await orderOne(sb);
    assert.deepEqual(await inService(sb.client), [tn]);
  });

  test("its API client's token works like its password", async (t) => {
    const sb = await sandbox(t);
    // The official client fetches tokens from Bandwidth's own URL only; a
    // suite fetches one from the sandbox's tokenUrl and hands it over ready.
    const res = await fetch(sb.tokenUrl, {
      method: "POST",
      headers: {
        Authorization: "Basic " + Buffer.from(`${sb.clientId}:${sb.clientSecret}`).toString("base64"),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    assert.equal(res.status, 200);
    const { access_token, expires_in } = await res.json();
    const client = new Client(sb.accountId, "", "", null, null, {
      apiEndPoint: sb.baseUrls.api,
      tempAccessToken: access_token,
      tempAccessTokenExpiration: Math.floor(Date.now() / 1000) + expires_in,
    });
    const { tn } = await orderOne({ ...sb, client });
    assert.deepEqual(await inService(sb.client), [tn]);
    const sites = asArray(await Site.listAsync(client));
    assert.deepEqual(sites.map((s) => String(s.id)), [sb.siteId]);
  });

  test("sees nothing of another sandbox", async (t) => {
    const a = await sandbox(t);
    const b = await sandbox(t);
    await Site.createAsync(a.client, {
      name: "only in a",
      address: { houseNumber: "1", streetName: "Main", city: "Raleigh", stateCode: "NC", zip: "27606", addressType: "Service" },
    });
    const { tn } = await orderOne(a);
    // b's own view holds none of it …
    assert.equal(asArray(await Site.listAsync(b.client)).length, 1);
    assert.deepEqual(await inService(b.client), []);
    // … and b's credentials on a's account are refused.
    const intruder = new Client(a.accountId, b.user, b.password, null, null, { apiEndPoint: b.baseUrls.api });
    assert.equal(await status(Site.listAsync(intruder)), 403);
    assert.equal(await status(InServiceNumber.getAsync(intruder, tn)), 403);
  });

  test("a deleted sandbox's numbers are on sale again at once", async (t) => {
    const first = await sandbox(t);
    const { tn } = await orderOne(first);
    const r = await admin("DELETE", `/admin/accounts/${first.accountId}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.numbersReleased, 1);
    // (t.after's delete of an already deleted account would fail; make a new one for it.)
    const { json } = await admin("POST", "/admin/sandboxes", { accountId: first.accountId });
    const second = { ...json, client: new Client(json.accountId, json.user, json.password, null, null, { apiEndPoint: json.baseUrls.api }) };
    assert.deepEqual(await inService(second.client), []);
    const created = await Order.createAsync(second.client, {
      siteId: second.siteId,
      existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: [tn] } },
    });
    let o;
    for (let i = 0; i < 200; i++) {
      o = await Order.getAsync(second.client, String(created.order.id));
      if (o.orderStatus !== "RECEIVED" && o.orderStatus !== "PROCESSING") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(o.orderStatus, "COMPLETE");
    assert.deepEqual(await inService(second.client), [tn]);
  });
});
