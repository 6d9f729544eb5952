// Formats recorded requests as fixture text (see conformance/fixtures/README.md for the format).
//
//   <METHOD> <path?query as sent> HTTP/1.1
//   Content-Type: <value, or "(none)">
//   <blank line>
//   <body, byte for byte, no newline added>
//
// A method that sends several requests (e.g. Site.create POSTs, then GETs the Location) gets one
// block per request; blocks after the first start with the line "#### follow-up request N"
// preceded by one newline that is not part of the previous body.

import fs from "node:fs";
import path from "node:path";

export const FOLLOW_UP = "#### follow-up request";

export function formatRequests(requests) {
  return requests
    .map((r, i) => {
      const ct = r.headers["content-type"] ?? "(none)";
      const head = `${r.method} ${r.rawUrl} HTTP/1.1\nContent-Type: ${ct}\n\n`;
      return (i === 0 ? "" : `\n${FOLLOW_UP} ${i + 1}\n`) + head + r.body;
    })
    .join("");
}

export function writeFixture(dir, name, requests) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.txt`);
  fs.writeFileSync(file, Buffer.from(formatRequests(requests), "latin1"));
  return file;
}
