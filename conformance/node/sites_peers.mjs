#!/usr/bin/env node
// Conformance: account, sites and SIP peers through @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}):
//   GET A; GET|POST A/sites; GET|PUT|DELETE A/sites/{site};
//   GET|POST A/sites/{site}/sippeers; GET|PUT|DELETE A/sites/{site}/sippeers/{peer};
//   the same site list under the /v1.0 prefix (raw fetch).
//
// Run: TNHUB_BASE_URL=http://127.0.0.1:8080/api TNHUB_ACCOUNT_ID=… TNHUB_USER=… TNHUB_PASSWORD=… \
//      node conformance/node/sites_peers.mjs

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, isGone, is4xx, RUN, ACCOUNT_ID,
  ORIGIN, basicAuth, ADDRESS, done, out,
} from "./lib/harness.mjs";

const { Account, Site, SipPeer } = numbers;

const siteName = `conf site ${RUN}`;
const siteName2 = `conf site ${RUN} renamed`;
const peerNameA = `confA${RUN}`;
const peerNameB = `confB${RUN}`;

await step("Account.get", async () => {
  const acct = await Account.getAsync(client);
  expect(acct && typeof acct === "object", "no <Account> element in the response");
  expectEq(acct.accountId, ACCOUNT_ID, "Account.accountId");
  return `account ${acct.accountId}${acct.companyName ? " (" + acct.companyName + ")" : ""}`;
});

const site = await step("Site.create", async () => {
  const s = await Site.createAsync(client, { name: siteName, description: "conformance site", address: ADDRESS });
  expect(s && s.id !== undefined && s.id !== "", "no <Id> in the site fetched after create");
  expectEq(s.name, siteName, "Site.name");
  return out(s, `id ${s.id}`);
});
const siteId = String(site.id);

await step("Site.get", async () => {
  const s = await Site.getAsync(client, siteId);
  expectEq(s.id, siteId, "Site.id");
  expectEq(s.name, siteName, "Site.name");
  expectEq(s.description, "conformance site", "Site.description");
  expect(s.address && String(s.address.city).toLowerCase() === "raleigh", `Site.address.city: got ${JSON.stringify(s.address)}`);
  expectEq(s.address.stateCode, "NC", "Site.address.stateCode");
  return `id ${s.id} name "${s.name}"`;
});

await step("Site.list", async () => {
  const list = await Site.listAsync(client);
  const mine = list.filter((s) => String(s.id) === siteId);
  expect(mine.length === 1, `site ${siteId} appears ${mine.length} times in ${list.length} sites`);
  expectEq(mine[0].name, siteName, "listed Site.name");
  return `${list.length} sites, ${siteId} among them`;
});

await step("site.update", async () => {
  await site.updateAsync({ name: siteName2, description: "renamed by conformance" });
  const s = await Site.getAsync(client, siteId);
  expectEq(s.name, siteName2, "Site.name after update");
  expectEq(s.description, "renamed by conformance", "Site.description after update");
  return `name "${s.name}"`;
});

// ---- SIP peers: statics ----
const peerA = await step("SipPeer.create", async () => {
  const p = await SipPeer.createAsync(client, {
    siteId,
    peerName: peerNameA,
    description: "conformance peer A",
    isDefaultPeer: true,
    voiceHosts: { host: [{ hostName: "192.0.2.10" }, { hostName: "192.0.2.12" }] },
    terminationHosts: { terminationHost: { hostName: "192.0.2.11", port: 5060, customerTrafficAllowed: "DOMESTIC", dataAllowed: true } },
    callingName: { display: true, enforced: false },
  });
  expect(p && p.id !== undefined && p.id !== "", "no <PeerId> in the peer fetched after create");
  expectEq(p.peerName, peerNameA, "SipPeer.peerName");
  expectEq(p.siteId, siteId, "SipPeer.siteId (set by the client)");
  return out(p, `id ${p.id}`);
});
const peerAId = String(peerA.id);

await step("SipPeer.get", async () => {
  const p = await SipPeer.getAsync(client, siteId, peerAId);
  expectEq(p.id, peerAId, "SipPeer.peerId");
  expectEq(p.peerName, peerNameA, "SipPeer.peerName");
  expectEq(p.description, "conformance peer A", "SipPeer.description");
  expect(p.isDefaultPeer === true, `the first peer of a site should be its default (IsDefaultPeer=${p.isDefaultPeer})`);
  const hosts = asArray(p.voiceHosts && p.voiceHosts.host).map((h) => h.hostName);
  expect(hosts.includes("192.0.2.10") && hosts.includes("192.0.2.12"), `VoiceHosts: got ${JSON.stringify(hosts)}`);
  return `id ${p.id} default=${p.isDefaultPeer} hosts ${hosts.join(",")}`;
});

await step("SipPeer.list", async () => {
  const list = await SipPeer.listAsync(client, siteId);
  expect(list.length === 1, `expected exactly 1 peer on the new site, got ${list.length}`);
  expectEq(list[0].id, peerAId, "listed peer id");
  expectEq(list[0].peerName, peerNameA, "listed peer name");
  return `1 peer: ${list[0].id}`;
});

await step("sipPeer.update", async () => {
  await peerA.updateAsync({ peerName: peerNameA, description: "updated by conformance", isDefaultPeer: true });
  const p = await SipPeer.getAsync(client, siteId, peerAId);
  expectEq(p.description, "updated by conformance", "SipPeer.description after update");
  expectEq(p.peerName, peerNameA, "SipPeer.peerName after update");
  return `description "${p.description}"`;
});

// ---- SIP peers: site instance methods ----
const siteObj = await Site.getAsync(client, siteId);

const peerB = await step("site.createSipPeer (second peer)", async () => {
  const p = await siteObj.createSipPeerAsync({ peerName: peerNameB, description: "conformance peer B", isDefaultPeer: false });
  expect(p && p.id !== undefined && p.id !== "", "no <PeerId> in the peer fetched after create");
  expect(String(p.id) !== peerAId, "second peer got the first peer's id");
  expectEq(p.peerName, peerNameB, "SipPeer.peerName");
  return out(p, `id ${p.id}`);
});
const peerBId = String(peerB.id);

await step("site.getSipPeers (first peer stays default)", async () => {
  const list = await siteObj.getSipPeersAsync();
  const ids = list.map((p) => String(p.id));
  expect(list.length === 2 && ids.includes(peerAId) && ids.includes(peerBId), `peers: ${JSON.stringify(ids)}`);
  const a = list.find((p) => String(p.id) === peerAId);
  const b = list.find((p) => String(p.id) === peerBId);
  expect(a.isDefaultPeer === true, `peer A IsDefaultPeer=${a.isDefaultPeer}, expected true`);
  expect(b.isDefaultPeer === false, `peer B IsDefaultPeer=${b.isDefaultPeer}, expected false`);
  return `peers ${ids.join(",")}; default ${peerAId}`;
});

await step("site.getSipPeer", async () => {
  const p = await siteObj.getSipPeerAsync(peerBId);
  expectEq(p.id, peerBId, "SipPeer.peerId");
  expectEq(p.peerName, peerNameB, "SipPeer.peerName");
  expectEq(p.siteId, siteId, "SipPeer.siteId");
  return `id ${p.id} name ${p.peerName}`;
});

await step("SipPeer.get unknown peer fails", async () => {
  const s = await expectHttpError(() => SipPeer.getAsync(client, siteId, "987654321"), isGone, "404 or 400");
  return `HTTP ${s}`;
});

await step("site.delete with peers fails (4xx)", async () => {
  const s = await expectHttpError(() => siteObj.deleteAsync(), is4xx, "a 4xx");
  const still = await Site.getAsync(client, siteId);
  expectEq(still.id, siteId, "site still there after refused delete");
  return `HTTP ${s}, site still there`;
});

await step("raw GET /v1.0/accounts/{id}/sites", async () => {
  const url = `${ORIGIN}/v1.0/accounts/${ACCOUNT_ID}/sites`;
  const res = await fetch(url, { headers: { Authorization: basicAuth() } });
  const text = await res.text();
  if (res.status !== 200) {
    const e = new Error(`GET ${url}`);
    e.status = res.status;
    e.response = { text };
    throw e;
  }
  expect(text.includes("<SitesResponse>"), `no <SitesResponse> in: ${text.slice(0, 300)}`);
  expect(text.includes(`<Id>${siteId}</Id>`), `site ${siteId} missing from: ${text.slice(0, 300)}`);
  const ct = res.headers.get("content-type") || "";
  expect(ct.includes("xml"), `Content-Type ${ct}`);
  return `200 ${ct}, ${text.length} bytes`;
});

// ---- clean up: peers first, then the site ----
await step("sipPeer.delete (peer B)", async () => {
  await peerB.deleteAsync();
  const s = await expectHttpError(() => SipPeer.getAsync(client, siteId, peerBId), isGone, "404 or 400 for the deleted peer");
  return `gone (HTTP ${s})`;
});

await step("sipPeer.delete (peer A)", async () => {
  await peerA.deleteAsync();
  const s = await expectHttpError(() => SipPeer.getAsync(client, siteId, peerAId), isGone, "404 or 400 for the deleted peer");
  const list = await SipPeer.listAsync(client, siteId);
  expect(list.length === 0, `site still lists peers ${JSON.stringify(list.map((p) => p.id))}`);
  return `gone (HTTP ${s}), site has no peers`;
});

await step("site.delete", async () => {
  await siteObj.deleteAsync();
  const s = await expectHttpError(() => Site.getAsync(client, siteId), isGone, "404 or 400 for the deleted site");
  const list = await Site.listAsync(client);
  expect(!list.some((x) => String(x.id) === siteId), `deleted site ${siteId} still listed`);
  return `gone (HTTP ${s}), not listed`;
});

done();
