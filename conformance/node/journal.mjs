#!/usr/bin/env node
// The request journal seen through @bandwidth/numbers 2.0.0: a subscription
// with callback credentials created by the client, then the account's own
// journal (GET A/tnhub/requests, a tnhub extension) read with a raw fetch:
// the client's request and tnhub's answer are there, the password is not.
//
// Run: TNHUB_BASE_URL=… TNHUB_ACCOUNT_ID=… TNHUB_USER=… TNHUB_PASSWORD=… node conformance/node/journal.mjs

import {
  numbers, client, step, expect, expectEq, RUN, done, out, BASE_URL, ACCOUNT_ID, PASSWORD, basicAuth,
} from "./lib/harness.mjs";

const { Subscription } = numbers;
const secret = `cb-secret-${RUN}`;

const sub = await step("Subscription.create with callback credentials", async () => {
  const s = await Subscription.createAsync(client, {
    orderType: "orders",
    callbackSubscription: {
      URL: `http://127.0.0.1:9/journal/${RUN}`,
      expiry: 3600,
      callbackCredentials: { basicAuthentication: { username: "hook", password: secret } },
    },
  });
  expect(s && s.id, "no subscription id");
  return out(s, `id ${s.id}`);
});

const journal = await step("GET A/tnhub/requests", async () => {
  const r = await fetch(`${BASE_URL}/accounts/${ACCOUNT_ID}/tnhub/requests?path=subscriptions`, {
    headers: { Authorization: basicAuth() },
  });
  expectEq(r.status, 200, "status");
  const text = await r.text();
  expect(!text.includes(secret), "the callback password is in the journal");
  expect(!text.includes(PASSWORD), "the account password is in the journal");
  return out(JSON.parse(text), `${text.length} bytes`);
});

await step("the client's POST is journaled, redacted", async () => {
  const post = journal.requests.find((e) => e.method === "POST");
  expect(post, `no POST in ${JSON.stringify(journal.requests).slice(0, 500)}`);
  expectEq(post.status, 201, "status");
  expect(post.userAgent, "no user agent kept");
  expect(post.requestBody.includes("<Password>[redacted]</Password>"), `request body ${post.requestBody}`);
  expect(post.requestBody.includes("<Username>hook</Username>"), `request body ${post.requestBody}`);
  expectEq(post.authorization, "Basic [redacted]", "authorization");
  return `${post.method} ${post.path} -> ${post.status} (${post.userAgent})`;
});

await step("the answer to the client's GET is journaled", async () => {
  await Subscription.getAsync(client, String(sub.id));
  const r = await fetch(`${BASE_URL}/accounts/${ACCOUNT_ID}/tnhub/requests?path=${sub.id}`, {
    headers: { Authorization: basicAuth() },
  });
  const j = await r.json();
  const get = j.requests.find((e) => e.method === "GET");
  expect(get && get.status === 200, `no GET of the subscription: ${JSON.stringify(j).slice(0, 500)}`);
  expect(get.responseBody.includes(`<SubscriptionId>${sub.id}</SubscriptionId>`), `response body ${get.responseBody}`);
  expect(!get.responseBody.includes(secret), "the password came back in the journal");
  return `${get.responseBody.length} bytes of the answer kept`;
});

done();
