#!/usr/bin/env node
// Conformance: order-status subscriptions through @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}):
//   POST A/subscriptions (201 + Location); GET A/subscriptions[?orderType=];
//   GET|PUT|DELETE A/subscriptions/{id} (GET keeps the <Subscriptions> wrapper for one item).
// The callback URL points at a closed loopback port; nothing has to receive it.

import {
  numbers, client, step, expect, expectEq, expectHttpError, isGone, RUN, done, out,
} from "./lib/harness.mjs";

const { Subscription } = numbers;
const url = `http://127.0.0.1:9/conformance/${RUN}`;
const url2 = `http://127.0.0.1:9/conformance/${RUN}/v2`;
// Node lower-cases the first letter of every element: <URL> arrives as "uRL".
const cbUrl = (s) => s.callbackSubscription && (s.callbackSubscription.uRL ?? s.callbackSubscription.url);

const sub = await step("Subscription.create", async () => {
  const s = await Subscription.createAsync(client, { orderType: "orders", callbackSubscription: { URL: url, expiry: 3600 } });
  expect(s && s.id, `no <SubscriptionId> in the subscription fetched after create: ${JSON.stringify(s)}`);
  expectEq(s.orderType, "orders", "OrderType");
  expectEq(cbUrl(s), url, "CallbackSubscription.URL");
  const expiry = Number(s.callbackSubscription.expiry);
  expect(expiry > 0 && expiry <= 3600, `Expiry ${s.callbackSubscription.expiry} (seconds remaining, ≤ 3600)`);
  return out(s, `id ${s.id}`);
});
const subId = String(sub.id);

await step("Subscription.get", async () => {
  const s = await Subscription.getAsync(client, subId);
  expectEq(s.id, subId, "SubscriptionId");
  expectEq(s.orderType, "orders", "OrderType");
  expectEq(cbUrl(s), url, "CallbackSubscription.URL");
  return `${s.orderType} -> ${cbUrl(s)}`;
});

await step("Subscription.list", async () => {
  const list = await Subscription.listAsync(client, {});
  expect(list.some((s) => String(s.id) === subId), `subscription ${subId} not listed (${list.length} items)`);
  return `${list.length} subscription(s)`;
});

await step("subscription.update", async () => {
  await sub.updateAsync({ orderType: "portins", callbackSubscription: { URL: url2, expiry: 1800 } });
  const s = await Subscription.getAsync(client, subId);
  expectEq(s.orderType, "portins", "OrderType after update");
  expectEq(cbUrl(s), url2, "CallbackSubscription.URL after update");
  expect(Number(s.callbackSubscription.expiry) <= 1800, `Expiry after update ${s.callbackSubscription.expiry}`);
  return `${s.orderType} -> ${cbUrl(s)}`;
});

await step("Subscription.list orderType=portins", async () => {
  const list = await Subscription.listAsync(client, { orderType: "portins" });
  expect(list.some((s) => String(s.id) === subId), `subscription ${subId} not in the portins list`);
  expect(list.every((s) => s.orderType === "portins"), `filter ignored: ${JSON.stringify(list.map((s) => s.orderType))}`);
  const orders = await Subscription.listAsync(client, { orderType: "orders" });
  expect(!orders.some((s) => String(s.id) === subId), `subscription ${subId} still listed under orders`);
  return `${list.length} portins subscription(s)`;
});

await step("subscription.delete", async () => {
  await sub.deleteAsync();
  const s = await expectHttpError(() => Subscription.getAsync(client, subId), isGone, "404 or 400 for the deleted subscription");
  const list = await Subscription.listAsync(client, {});
  expect(!list.some((x) => String(x.id) === subId), "deleted subscription still listed");
  return `gone (HTTP ${s}), not listed`;
});

done();
