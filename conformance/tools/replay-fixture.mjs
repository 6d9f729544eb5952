#!/usr/bin/env node
// Replays a recorded fixture against a server and prints what came back: the quickest way to see
// how tnhub takes a body some client really sends.
//
//   TNHUB_BASE_URL=http://127.0.0.1:8080/api TNHUB_USER=demo TNHUB_PASSWORD=demo-pass \
//     node conformance/tools/replay-fixture.mjs conformance/fixtures/node/site.update~self.txt \
//       [--sub 101=8 --sub 9900001=9900001 ...] [--all]
//
// The fixture's path is taken after its /api prefix and appended to TNHUB_BASE_URL. Each
// --sub FROM=TO replaces text in the path and body (ids in fixtures are the recorder's: site 101,
// peer 102, account 9900001). --all also replays the follow-up requests.

import fs from "node:fs";
import http from "node:http";
import { FOLLOW_UP } from "./fixture-format.mjs";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !args[args.indexOf(a) - 1]?.startsWith("--sub"));
if (!file || !process.env.TNHUB_BASE_URL) {
  console.error("usage: TNHUB_BASE_URL=… TNHUB_USER=… TNHUB_PASSWORD=… node replay-fixture.mjs FIXTURE [--sub FROM=TO]… [--all]");
  process.exit(2);
}
const subs = [];
args.forEach((a, i) => {
  if (a === "--sub") subs.push(args[i + 1].split("="));
});
const apply = (s) => subs.reduce((t, [from, to]) => t.split(from).join(to), s);

const text = fs.readFileSync(file, "latin1");
const blocks = text.split(`\n${FOLLOW_UP} `).map((b, i) => (i === 0 ? b : b.slice(b.indexOf("\n") + 1)));
const base = new URL(process.env.TNHUB_BASE_URL.replace(/\/+$/, ""));
const auth = "Basic " + Buffer.from(`${process.env.TNHUB_USER || ""}:${process.env.TNHUB_PASSWORD || ""}`).toString("base64");

for (const block of args.includes("--all") ? blocks : blocks.slice(0, 1)) {
  const [requestLine, ctLine] = block.split("\n");
  const [method, rawPath] = requestLine.split(" ");
  const path = apply(rawPath.replace(/^\/(api\/v1|api|v1\.0)(?=\/)/i, ""));
  const body = Buffer.from(apply(block.slice(block.indexOf("\n\n") + 2)), "latin1");
  const ct = ctLine.slice("Content-Type: ".length);
  const headers = { Authorization: auth, "Content-Length": body.length };
  if (ct !== "(none)") headers["Content-Type"] = ct;
  const res = await new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path: base.pathname + path, headers }, (r) => {
      const chunks = [];
      r.on("data", (c) => chunks.push(c));
      r.on("end", () => resolve({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body);
  });
  console.log(`${method} ${base.pathname}${path} (${body.length} bytes) -> ${res.status}${res.headers.location ? " Location: " + res.headers.location : ""}`);
  if (res.body) console.log(res.body);
}
