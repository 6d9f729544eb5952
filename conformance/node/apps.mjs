#!/usr/bin/env node
// Conformance: applications, SIP-peer products and account products through
// @bandwidth/numbers 2.0.0 (docs/applications-and-products.md).
//
// Needs these endpoints (A = /accounts/{id}, P = A/sites/{site}/sippeers/{peer}):
//   GET|POST A/applications; GET|PUT|DELETE A/applications/{id}; GET A/applications/{id}/associatedsippeers;
//   GET|POST|PUT|DELETE P/products/messaging/features/sms and …/mms;
//   GET|PUT P/products/messaging/applicationSettings; POST P/products/origination/settings;
//   GET A/products; plus the setup calls of lib/harness.mjs.
//
// Run: TNHUB_BASE_URL=http://127.0.0.1:8080/api TNHUB_ACCOUNT_ID=… TNHUB_USER=… TNHUB_PASSWORD=… \
//      node conformance/node/apps.mjs

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, isGone, is4xx, RUN, done, out,
  setupSiteAndPeer,
} from "./lib/harness.mjs";

const { Account, Application } = numbers;

const { site, peer } = await setupSiteAndPeer("apps");

const messaging = await step("Application.createMessagingApplication", async () => {
  const a = await Application.createMessagingApplicationAsync(client, {
    appName: `conf sms ${RUN}`,
    msgCallbackUrl: "https://example.com/messages",
    callbackCreds: { userId: "hook", password: "s3cret-pw" },
  });
  expect(a && typeof a.applicationId === "string" && a.applicationId.length === 36, `applicationId: ${JSON.stringify(a)}`);
  expectEq(a.serviceType, "Messaging-V2", "serviceType");
  expectEq(a.appName, `conf sms ${RUN}`, "appName");
  expectEq(a.msgCallbackUrl, "https://example.com/messages", "msgCallbackUrl");
  expectEq(a.callbackCreds && a.callbackCreds.userId, "hook", "callbackCreds.userId");
  expect(!JSON.stringify(a).includes("s3cret-pw"), "the password came back");
  return out(a, `id ${a.applicationId}`);
});

const voice = await step("Application.createVoiceApplication", async () => {
  const a = await Application.createVoiceApplicationAsync(client, {
    appName: `conf voice ${RUN}`,
    callInitiatedCallbackUrl: "https://example.com/calls",
    callInitiatedMethod: "POST",
  });
  expectEq(a.serviceType, "Voice-V2", "serviceType");
  expectEq(a.callInitiatedCallbackUrl, "https://example.com/calls", "callInitiatedCallbackUrl");
  expectEq(a.callInitiatedMethod, "POST", "callInitiatedMethod");
  return out(a, `id ${a.applicationId}`);
});

await step("Application.createMessagingApplication refused (metadata address)", async () => {
  const s = await expectHttpError(() => Application.createMessagingApplicationAsync(client, {
    appName: "bad", msgCallbackUrl: "http://169.254.169.254/latest",
  }), (st) => st === 400, "400");
  return `status ${s}`;
});

await step("Application.get", async () => {
  const a = await Application.getAsync(client, messaging.applicationId);
  expectEq(a.applicationId, messaging.applicationId, "applicationId");
  expectEq(a.appName, `conf sms ${RUN}`, "appName");
  return `${a.serviceType} "${a.appName}"`;
});

await step("Application.list", async () => {
  const list = await Application.listAsync(client);
  const ids = list.map((a) => a.applicationId);
  expect(ids.includes(messaging.applicationId) && ids.includes(voice.applicationId), `ids: ${ids}`);
  return `${list.length} applications`;
});

await step("application.update", async () => {
  await messaging.updateAsync({ appName: `conf sms ${RUN} v2`, msgCallbackUrl: "https://example.com/v2" });
  const a = await Application.getAsync(client, messaging.applicationId);
  expectEq(a.appName, `conf sms ${RUN} v2`, "appName after update");
  expectEq(a.msgCallbackUrl, "https://example.com/v2", "msgCallbackUrl after update");
  expectEq(a.serviceType, "Messaging-V2", "serviceType kept");
  return `"${a.appName}"`;
});

await step("sipPeer.getSmsSettings before SMS (404)", async () => {
  const s = await expectHttpError(() => peer.getSmsSettingsAsync(), (st) => st === 404, "404");
  return `status ${s}`;
});

await step("sipPeer.createMmsSettings before SMS (400)", async () => {
  const s = await expectHttpError(() => peer.createMmsSettingsAsync({ mmsSettings: { protocol: "HTTP" } }), (st) => st === 400, "400");
  return `status ${s}`;
});

await step("sipPeer.createSmsSettings", async () => {
  const s = await peer.createSmsSettingsAsync({
    sipPeerSmsFeatureSettings: { tollFree: true, shortCode: false, protocol: "HTTP", zone1: true, zone2: false },
    httpSettings: { proxyPeerId: 539692 },
  });
  expectEq(s.sipPeerSmsFeatureSettings.protocol, "HTTP", "protocol");
  expectEq(String(s.sipPeerSmsFeatureSettings.tollFree), "true", "tollFree");
  expectEq(String(s.httpSettings.proxyPeerId), "539692", "proxyPeerId");
  return "HTTP, toll-free";
});

await step("sipPeer.editSmsSettings", async () => {
  const s = await peer.editSmsSettingsAsync({ sipPeerSmsFeatureSettings: { shortCode: true } });
  expectEq(String(s.sipPeerSmsFeatureSettings.shortCode), "true", "shortCode after edit");
  expectEq(String(s.sipPeerSmsFeatureSettings.tollFree), "true", "tollFree kept");
  return "short codes on";
});

await step("sipPeer.getSmsSettings", async () => {
  const s = await peer.getSmsSettingsAsync();
  expectEq(String(s.sipPeerSmsFeatureSettings.shortCode), "true", "shortCode");
  expectEq(String(s.sipPeerSmsFeatureSettings.zone1), "true", "zone1");
  return `protocol ${s.sipPeerSmsFeatureSettings.protocol}`;
});

await step("sipPeer.createMmsSettings", async () => {
  const m = await peer.createMmsSettingsAsync({
    mmsSettings: { protocol: "HTTP" },
    protocols: { HTTP: { httpSettings: { proxyPeerId: 539692 } } },
  });
  expectEq(m.mmsSettings.protocol, "HTTP", "mmsSettings.protocol");
  // Node lower-cases each element's first letter: <HTTP> is read as hTTP.
  expectEq(String(m.protocols.hTTP.httpSettings.proxyPeerId), "539692", "proxyPeerId");
  return "HTTP";
});

await step("sipPeer.editMmsSettings", async () => {
  const m = await peer.editMmsSettingsAsync({ mmsSettings: { protocol: "HTTP" }, protocols: { HTTP: { httpSettings: { proxyPeerId: 500017 } } } });
  expectEq(String(m.protocols.hTTP.httpSettings.proxyPeerId), "500017", "proxyPeerId after edit");
  return "proxy 500017";
});

await step("sipPeer.getMmsSettings", async () => {
  const m = await peer.getMmsSettingsAsync();
  expectEq(m.mmsSettings.protocol, "HTTP", "protocol");
  return "HTTP";
});

await step("sipPeer.editApplication", async () => {
  const a = await peer.editApplicationAsync({ httpMessagingV2AppId: messaging.applicationId });
  expectEq(a && a.httpMessagingV2AppId, messaging.applicationId, "httpMessagingV2AppId");
  return messaging.applicationId;
});

await step("sipPeer.listApplication", async () => {
  const a = await peer.listApplicationAsync();
  expectEq(asArray(a.httpMessagingV2AppId)[0], messaging.applicationId, "httpMessagingV2AppId");
  return "one application";
});

await step("sipPeer.createOriginationSettings", async () => {
  const o = await peer.createOriginationSettingsAsync({ voiceProtocol: "HTTP", httpSettings: { httpVoiceV2AppId: voice.applicationId } });
  expectEq(o.voiceProtocol, "HTTP", "voiceProtocol");
  expectEq(o.httpSettings.httpVoiceV2AppId, voice.applicationId, "httpVoiceV2AppId");
  return "HTTP voice";
});

await step("application.getSipPeers", async () => {
  const peers = asArray(await messaging.getSipPeersAsync());
  expect(peers.length === 1, `peers: ${JSON.stringify(peers)}`);
  expectEq(String(peers[0].peerId), String(peer.id), "peerId");
  expectEq(String(peers[0].siteId), String(site.id), "siteId");
  return `peer ${peers[0].peerId}`;
});

await step("application.delete refused while in use (409)", async () => {
  const s = await expectHttpError(() => voice.deleteAsync(), (st) => st === 409, "409");
  return `status ${s}`;
});

await step("sipPeer.deleteSmsSettings refused while MMS is on (400)", async () => {
  const s = await expectHttpError(() => peer.deleteSmsSettingsAsync(), (st) => st === 400, "400");
  return `status ${s}`;
});

await step("sipPeer.removeApplication", async () => {
  await peer.removeApplicationAsync();
  const a = await peer.listApplicationAsync();
  expect(!a || !a.httpMessagingV2AppId, `still set: ${JSON.stringify(a)}`);
  return "removed";
});

await step("sipPeer.deleteMmsSettings", async () => {
  await peer.deleteMmsSettingsAsync();
  const s = await expectHttpError(() => peer.getMmsSettingsAsync(), (st) => st === 404, "404");
  return `then GET ${s}`;
});

await step("sipPeer.deleteSmsSettings", async () => {
  await peer.deleteSmsSettingsAsync();
  const s = await expectHttpError(() => peer.getSmsSettingsAsync(), (st) => st === 404, "404");
  return `then GET ${s}`;
});

await step("application.delete", async () => {
  await messaging.deleteAsync();
  const s = await expectHttpError(() => Application.getAsync(client, messaging.applicationId), isGone, "404");
  return `then GET ${s}`;
});

await step("Account.getProducts", async () => {
  const p = await Account.getProductsAsync(client);
  const products = asArray(p.product);
  const names = products.map((x) => x.name);
  for (const n of ["Origination", "Termination", "Messaging"]) expect(names.includes(n), `no ${n} in ${names}`);
  const msg = products.find((x) => x.name === "Messaging");
  expect(asArray(msg.features.feature).includes("SMS"), `Messaging features: ${JSON.stringify(msg.features)}`);
  return names.join(",");
});

void is4xx;
done();
