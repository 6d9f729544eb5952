// Shared plumbing for the Node conformance scripts.
//
// Interface (kept stable for the Rust test that spawns these scripts):
//   in:  TNHUB_BASE_URL (API endpoint incl. prefix, e.g. http://127.0.0.1:41234/api),
//        TNHUB_ACCOUNT_ID, TNHUB_USER, TNHUB_PASSWORD
//   out: one line per step on stdout ("ok   <step> -> <detail>"); on the first failure a
//        "FAIL <step>: <message>" line followed by indented "status:" / "response:" lines,
//        then exit code 1. Exit code 2 = bad configuration. Exit 0 = every step passed.

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "package.json"));

let numbers;
try {
  numbers = require("@bandwidth/numbers");
} catch (e) {
  console.log("FAIL setup: @bandwidth/numbers is not installed; run scripts/setup-conformance.sh");
  process.exit(2);
}
export { numbers };

function env(name) {
  const v = process.env[name];
  if (!v) {
    console.log(`FAIL setup: environment variable ${name} is not set`);
    console.log("     needs TNHUB_BASE_URL (e.g. http://127.0.0.1:8080/api), TNHUB_ACCOUNT_ID, TNHUB_USER, TNHUB_PASSWORD");
    process.exit(2);
  }
  return v;
}

// OAuth mode (conformance/oauth.sh): TNHUB_CLIENT_ID + TNHUB_CLIENT_SECRET, or a ready
// TNHUB_ACCESS_TOKEN, and no base URL: the client keeps Bandwidth's default hosts.
export const CLIENT_ID = process.env.TNHUB_CLIENT_ID || "";
export const CLIENT_SECRET = process.env.TNHUB_CLIENT_SECRET || "";
export const ACCESS_TOKEN = process.env.TNHUB_ACCESS_TOKEN || "";
const OAUTH = Boolean((CLIENT_ID && CLIENT_SECRET) || ACCESS_TOKEN);
export const BASE_URL = OAUTH ? (process.env.TNHUB_BASE_URL || "") : env("TNHUB_BASE_URL").replace(/\/+$/, "");
export const ACCOUNT_ID = env("TNHUB_ACCOUNT_ID");
export const USER = OAUTH ? "" : env("TNHUB_USER");
export const PASSWORD = OAUTH ? "" : env("TNHUB_PASSWORD");
/** Area code used for searches and orders; must exist in the server's geography. */
export const AREA_CODE = process.env.TNHUB_AREA_CODE || "919";
/** State matching AREA_CODE, for geography look-ups. */
export const STATE = process.env.TNHUB_STATE || "NC";
const STEP_TIMEOUT_MS = Number(process.env.TNHUB_STEP_TIMEOUT_MS || 30000);

export const client = ACCESS_TOKEN
  ? new numbers.Client(ACCOUNT_ID, "", "", null, null, {
      tempAccessToken: ACCESS_TOKEN,
      tempAccessTokenExpiration: Math.floor(Date.now() / 1000) + 3000,
    })
  : CLIENT_ID
    ? new numbers.Client(ACCOUNT_ID, "", "", CLIENT_ID, CLIENT_SECRET, {})
    : new numbers.Client(ACCOUNT_ID, USER, PASSWORD, null, null, { apiEndPoint: BASE_URL });

/** Short unique token for names: letters+digits only (peer names must be alphanumeric). */
export const RUN = (Date.now().toString(36) + Math.random().toString(36).slice(2, 6)).replace(/[^a-z0-9]/g, "");

export class AssertionFailed extends Error {}

export function expect(cond, message) {
  if (!cond) throw new AssertionFailed(message);
}

export function expectEq(actual, expected, what) {
  expect(String(actual) === String(expected), `${what}: expected ${JSON.stringify(String(expected))}, got ${JSON.stringify(actual)}`);
}

/** Node's XML layer turns one child into an object and many into an array; undefined into []. */
export function asArray(x) {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? x : [x];
}

/** All values under keys named `key` (case-insensitive), anywhere in a parsed response. */
export function deepFind(obj, key, out = [], seen = new Set()) {
  if (!obj || typeof obj !== "object" || seen.has(obj)) return out;
  seen.add(obj);
  for (const [k, v] of Object.entries(obj)) {
    if (k === "client") continue;
    if (k.toLowerCase() === key.toLowerCase()) out.push(v);
    if (v && typeof v === "object") deepFind(v, key, out, seen);
  }
  return out;
}

let current = "(start)";

function describe(err) {
  const lines = [];
  if (err instanceof AssertionFailed) {
    lines.push(`FAIL ${current}: ${err.message}`);
    return lines;
  }
  const msg = err && (err.message || String(err));
  lines.push(`FAIL ${current}: ${msg || "error"}`);
  const status = err && (err.status ?? err.httpStatus ?? (err.response && err.response.status));
  if (status !== undefined) lines.push(`     status: ${status}`);
  if (err && err.code !== undefined && err.httpStatus !== undefined) lines.push(`     bandwidth error code: ${err.code}`);
  if (err && Array.isArray(err.errors)) {
    for (const e of err.errors) lines.push(`     bandwidth error: ${e.code} ${e.message}`);
  }
  const req = err && err.response && err.response.req;
  if (req && req.method) lines.push(`     request: ${req.method} ${req.path}`);
  const text = err && err.response && err.response.text;
  if (text !== undefined) lines.push(`     response: ${text === "" ? "(empty body)" : text}`);
  if (err && err.rawResponse !== undefined) lines.push(`     response: ${err.rawResponse}`);
  if (!(status !== undefined || text !== undefined) && err && err.stack) {
    lines.push(...err.stack.split("\n").slice(1, 4).map((l) => "     " + l.trim()));
  }
  return lines;
}

function die(err) {
  for (const l of describe(err)) console.log(l);
  process.exit(1);
}

// Lidbs.create / Dlda.create in the client have no .catch(): a non-2xx rejects unhandled.
process.on("unhandledRejection", die);
process.on("uncaughtException", die);

class Out {
  constructor(value, detail) {
    this.value = value;
    this.detail = detail;
  }
}
/** Return `out(value, "detail")` from a step to get `value` back and print the detail. */
export const out = (value, detail) => new Out(value, detail);

/**
 * Runs one step. `fn` returns a detail string, or `out(value, detail)`; step() returns the value.
 * Any exception, rejected promise, failed assertion or timeout ends the script.
 */
export async function step(name, fn) {
  current = name;
  let timer;
  try {
    const result = await Promise.race([
      Promise.resolve().then(fn),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new AssertionFailed(`timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    const detail = typeof result === "string" ? result : result instanceof Out ? result.detail : undefined;
    console.log(`ok   ${name}${detail ? " -> " + detail : ""}`);
    return result instanceof Out ? result.value : result;
  } catch (err) {
    clearTimeout(timer);
    die(err);
  }
}

/** Expects `fn` to be rejected with an HTTP status for which `accept(status)` holds. */
export async function expectHttpError(fn, accept = (s) => s >= 400 && s < 500, what = "a 4xx") {
  let result;
  try {
    result = await fn();
  } catch (err) {
    const status = err && (err.status ?? err.httpStatus);
    if (status !== undefined && accept(Number(status))) return Number(status);
    if (status === undefined) throw err;
    const e = new AssertionFailed(`expected ${what}, got HTTP ${status}`);
    e.rawResponse = err.response && err.response.text;
    throw e;
  }
  throw new AssertionFailed(`expected ${what}, but the call succeeded (${JSON.stringify(strip(result)).slice(0, 300)})`);
}

export const is4xx = (s) => s >= 400 && s < 500;
export const isGone = (s) => s === 404 || s === 400;

/** Drops the client back-reference (and functions) so results can be printed. */
export function strip(x) {
  return JSON.parse(JSON.stringify(x ?? null, (k, v) => (k === "client" ? undefined : v)));
}

/** Polls `fn` until `done(result)` or `timeoutMs` passes; returns the last result. */
export async function poll(fn, done, timeoutMs = 20000, intervalMs = 250) {
  const start = Date.now();
  let last;
  for (;;) {
    last = await fn();
    if (done(last)) return last;
    if (Date.now() - start > timeoutMs) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Origin of TNHUB_BASE_URL (scheme://host:port), for raw calls under other prefixes. */
export const ORIGIN = new URL(BASE_URL || client.apiEndPoint).origin;

export function basicAuth() {
  return "Basic " + Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
}

export function done() {
  console.log(`ok   all steps passed`);
  process.exit(0);
}

// ---------- helpers shared by several areas ----------

export const ADDRESS = {
  houseNumber: "900",
  streetName: "Main Campus",
  streetSuffix: "Dr",
  city: "Raleigh",
  stateCode: "NC",
  zip: "27606",
  country: "United States",
  addressType: "Service",
};

/** Creates a site and a default SIP peer through the client (used by areas other than sites_peers). */
export async function setupSiteAndPeer(tag) {
  const { Site, SipPeer } = numbers;
  const site = await step("setup Site.create", async () => {
    const s = await Site.createAsync(client, { name: `conf ${tag} ${RUN}`, description: "conformance", address: ADDRESS });
    expect(s && s.id !== undefined, "Site.create returned no id");
    return out(s, `id ${s.id}`);
  });
  const peer = await step("setup SipPeer.create", async () => {
    const p = await SipPeer.createAsync(client, {
      siteId: site.id,
      peerName: `conf${tag}${RUN}`,
      isDefaultPeer: true,
      voiceHosts: { host: { hostName: "192.0.2.10" } },
    });
    expect(p && p.id !== undefined, "SipPeer.create returned no id");
    return out(p, `id ${p.id}`);
  });
  return { site, peer };
}

/**
 * Picks `quantity` available numbers in AREA_CODE: searches 20× as many and takes a random
 * sample, so scripts running at the same time against one server rarely pick the same numbers.
 */
export async function searchNumbers(quantity, name = "setup AvailableNumbers.list") {
  const { AvailableNumbers } = numbers;
  return step(name, async () => {
    const res = await AvailableNumbers.listAsync(client, { areaCode: AREA_CODE, quantity: quantity * 20 });
    const all = asArray(res.telephoneNumberList && res.telephoneNumberList.telephoneNumber).map(String);
    expect(all.length >= quantity, `wanted ${quantity} available numbers in ${AREA_CODE}, got ${all.length}`);
    expect(all.length <= quantity * 20, `asked for ${quantity * 20} numbers, got ${all.length}`);
    const tns = [];
    while (tns.length < quantity) {
      const t = all.splice(Math.floor(Math.random() * all.length), 1)[0];
      expect(t.startsWith(AREA_CODE), `${t} is not in ${AREA_CODE}`);
      tns.push(t);
    }
    return out(tns, tns.join(","));
  });
}

/** Orders `tns` on (site, peer) and waits (≤ 20 s) until the order is COMPLETE. Returns the order id. */
export async function orderNumbers(site, peer, tns, name = "setup Order") {
  const { Order } = numbers;
  const id = await step(`${name} create`, async () => {
    const res = await Order.createAsync(client, {
      name: `conf order ${RUN}`,
      siteId: site.id,
      peerId: peer.id,
      existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: tns } },
    });
    expect(res.order && res.order.id, "no <Order><id> in the create response");
    return out(String(res.order.id), `id ${res.order.id} status ${res.orderStatus}`);
  });
  await step(`${name} poll until COMPLETE`, async () => {
    const res = await poll(() => Order.getAsync(client, String(id)), (r) => r.orderStatus === "COMPLETE");
    expectEq(res.orderStatus, "COMPLETE", "orderStatus after 20 s");
    return `${res.completedQuantity} completed`;
  });
  return String(id);
}

/**
 * The operator plane's bearer token (TNHUB_ADMIN_TOKEN). Only scripts that play the losing
 * carrier need it; without it they stop with exit code 2 (a configuration problem, not a skip).
 */
export function adminToken() {
  const t = process.env.TNHUB_ADMIN_TOKEN;
  if (!t) {
    console.log("FAIL setup: environment variable TNHUB_ADMIN_TOKEN is not set (this script forces port-in states through /admin)");
    process.exit(2);
  }
  return t;
}

/** Calls the operator plane (`ORIGIN/admin/…`, JSON); a non-2xx answer throws with its status and body. */
export async function admin(method, pathAndQuery, body) {
  const res = await fetch(`${ORIGIN}/admin${pathAndQuery}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken()}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    const e = new Error(`${method} /admin${pathAndQuery}`);
    e.status = res.status;
    e.response = { text, req: { method, path: `/admin${pathAndQuery}` } };
    throw e;
  }
  return text ? JSON.parse(text) : null;
}
