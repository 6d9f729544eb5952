#!/usr/bin/env node
// Fault injection seen through @bandwidth/numbers 2.0.0: rules set on the
// operator plane (POST /admin/faults) make the next search answer 429, a
// Bandwidth 503, a dropped connection, then a slow answer; each step prints
// what the official client raises, which is what an app has to handle.
//
// Run: TNHUB_BASE_URL=… TNHUB_ACCOUNT_ID=… TNHUB_USER=… TNHUB_PASSWORD=… TNHUB_ADMIN_TOKEN=… \
//      node conformance/node/faults.mjs

import { numbers, client, step, expect, expectEq, done, ORIGIN, ACCOUNT_ID, AREA_CODE } from "./lib/harness.mjs";

const { AvailableNumbers } = numbers;
const ADMIN = process.env.TNHUB_ADMIN_TOKEN;
const route = "/accounts/{accountId}/availableNumbers";

async function rule(action) {
  const r = await fetch(`${ORIGIN}/admin/faults`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ method: "GET", route, account: ACCOUNT_ID, times: 1, action }),
  });
  expectEq(r.status, 201, `POST /admin/faults ${JSON.stringify(action)}`);
  return r.json();
}

async function failure(fn) {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("the call succeeded; a fault was expected");
}

const search = () => AvailableNumbers.listAsync(client, { areaCode: AREA_CODE, quantity: 1 });

await step("429 with X-RateLimit-Reset", async () => {
  await rule({ type: "rateLimit", resetSeconds: 30 });
  const err = await failure(search);
  expectEq(err.status, 429, "status of the client's error");
  const reset = Number(err.response.headers["x-ratelimit-reset"]);
  expect(reset > Date.now() / 1000 - 86400 * 366 * 50, `X-RateLimit-Reset ${reset}`);
  expectEq(err.response.headers["retry-after"], "30", "Retry-After");
  expectEq(err.response.text, "", "the 429's body");
  return `${err.constructor.name} status ${err.status}: ${err.message}; X-RateLimit-Reset ${reset}`;
});

await step("an injected Bandwidth 503", async () => {
  await rule({ type: "error", status: 503, code: 1000, description: "Vendor timed out (injected)" });
  const err = await failure(search);
  expectEq(err.status, 503, "status of the client's error");
  expect(err.response.text.includes("<ErrorCode>1000</ErrorCode>"), `body ${err.response.text}`);
  expect(err.response.text.includes("Vendor timed out (injected)"), `body ${err.response.text}`);
  return `${err.constructor.name} status ${err.status}: ${err.message}`;
});

await step("a dropped connection", async () => {
  await rule({ type: "drop" });
  const err = await failure(search);
  expect(err.status === undefined, `a status came back: ${err.status}`);
  expect(["ECONNRESET", "EPIPE", "ECONNREFUSED"].includes(err.code) || /socket hang up|closed/i.test(err.message),
    `not a connection error: ${err.code} ${err.message}`);
  return `${err.constructor.name} ${err.code}: ${err.message}`;
});

await step("added latency, then an answer", async () => {
  await rule({ type: "latency", ms: 400 });
  const started = Date.now();
  const found = await search();
  const took = Date.now() - started;
  expect(took >= 400, `answered in ${took} ms`);
  expect(found, "no search result");
  return `answered after ${took} ms`;
});

await step("the rules are used up: the next search succeeds", async () => {
  const found = await search();
  expect(found, "no search result");
  return "ok";
});

done();
