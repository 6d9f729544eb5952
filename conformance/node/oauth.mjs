// The Node client configured the modern way: client id and secret only (or a ready token), no base
// URL, so it posts to https://api.bandwidth.com/api/v1/oauth2/token and calls
// https://dashboard.bandwidth.com/api/... as it would against Bandwidth. conformance/oauth.sh runs
// it where those names reach tnhub. A search, an order (to COMPLETE) and a port-in check.
//
// Endpoints: POST /api/v1/oauth2/token (with client id and secret); GET A/availableNumbers;
// POST A/sites, A/sites/{s}/sippeers; POST|GET A/orders[/{id}]; POST A/lnpchecker.
// In: TNHUB_ACCOUNT_ID and TNHUB_CLIENT_ID + TNHUB_CLIENT_SECRET, or TNHUB_ACCESS_TOKEN.

import {
  numbers, client, step, expect, expectEq, asArray, poll, out, done, RUN,
  setupSiteAndPeer, searchNumbers, ACCESS_TOKEN,
} from "./lib/harness.mjs";

const { Order, LnpChecker } = numbers;

await step("Client defaults", async () => {
  expectEq(client.apiEndPoint, "https://dashboard.bandwidth.com/api", "apiEndPoint");
  return ACCESS_TOKEN ? "ready token (tempAccessToken)" : "client id and secret";
});

const found = await searchNumbers(4, "AvailableNumbers.list");
const tns = found.slice(0, 2);
const checked = found.slice(2);
const { site, peer } = await setupSiteAndPeer("oauth");

const order = await step("Order.create", async () => {
  const res = await Order.createAsync(client, {
    name: `conf oauth ${RUN}`,
    siteId: String(site.id),
    peerId: String(peer.id),
    existingTelephoneNumberOrderType: { telephoneNumberList: { telephoneNumber: tns } },
  });
  expect(res.order && res.order.id, "no <Order><id> in the create response");
  return out(res.order, `id ${res.order.id} status ${res.orderStatus}`);
});

await step("Order.get (poll until COMPLETE, 20 s)", async () => {
  const res = await poll(() => Order.getAsync(client, String(order.id)), (r) => r.orderStatus === "COMPLETE" || r.orderStatus === "FAILED");
  expectEq(res.orderStatus, "COMPLETE", "OrderStatus");
  const done = asArray(res.completedNumbers && res.completedNumbers.telephoneNumber).map((t) => String(t.fullNumber));
  expect(tns.every((t) => done.includes(t)), `CompletedNumbers ${done.join(",")} lack some of ${tns.join(",")}`);
  return `COMPLETE, ${done.join(",")}`;
});

await step("LnpChecker.check", async () => {
  const res = await LnpChecker.checkAsync(client, checked, false);
  const groups = [
    ...asArray(res.supportedRateCenters && res.supportedRateCenters.rateCenterGroup),
    ...asArray(res.unsupportedRateCenters && res.unsupportedRateCenters.rateCenterGroup),
  ];
  const seen = groups.flatMap((g) => asArray(g.tnList && g.tnList.tn).map(String));
  for (const t of checked) expect(seen.includes(t), `${t} not in any RateCenterGroup: ${JSON.stringify(res).slice(0, 400)}`);
  return `portType ${res.portType}, ${checked.join(",")} answered`;
});

client.destroy();
done();
