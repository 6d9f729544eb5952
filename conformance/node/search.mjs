#!/usr/bin/env node
// Conformance: number search and geography look-ups through @bandwidth/numbers 2.0.0.
//
// Needs these endpoints (A = /accounts/{id}):
//   GET A/availableNumbers (areaCode, quantity, enableTNDetail, tollFreeWildCardPattern, rateCenter+state);
//   GET A/availableNpaNxx; GET /rateCenters; GET /cities; GET /coveredRateCenters.
// TNHUB_AREA_CODE (default 919) and TNHUB_STATE (default NC) pick the geography searched.

import {
  numbers, client, step, expect, expectEq, expectHttpError, asArray, AREA_CODE, STATE, done, out,
} from "./lib/harness.mjs";

const { AvailableNumbers, AvailableNpaNxx, RateCenter, City, CoveredRateCenter } = numbers;
const TOLL_FREE_NPAS = ["800", "833", "844", "855", "866", "877", "888"];
const isTn = (t) => /^[2-9]\d{2}[2-9]\d{6}$/.test(String(t));

await step(`AvailableNumbers.list areaCode=${AREA_CODE} quantity=5`, async () => {
  const res = await AvailableNumbers.listAsync(client, { areaCode: AREA_CODE, quantity: 5 });
  const tns = asArray(res.telephoneNumberList && res.telephoneNumberList.telephoneNumber).map(String);
  expect(tns.length >= 1, `no numbers found in area code ${AREA_CODE}`);
  expect(tns.length <= 5, `asked for 5, got ${tns.length}`);
  for (const t of tns) {
    expect(isTn(t), `${t} is not a 10-digit NANP number`);
    expect(t.startsWith(AREA_CODE), `${t} does not start with ${AREA_CODE}`);
  }
  expect(new Set(tns).size === tns.length, `duplicates in ${tns.join(",")}`);
  if (res.resultCount !== undefined) expectEq(res.resultCount, tns.length, "ResultCount");
  return `${tns.length}: ${tns.join(",")}`;
});

await step("AvailableNumbers.list quantity=1", async () => {
  const res = await AvailableNumbers.listAsync(client, { areaCode: AREA_CODE, quantity: 1 });
  const tn = res.telephoneNumberList && res.telephoneNumberList.telephoneNumber;
  // One result: Node's parser yields a plain string, not an array.
  expect(typeof tn === "string" && isTn(tn), `expected one number, got ${JSON.stringify(res)}`);
  return tn;
});

const detail = await step(`AvailableNumbers.list enableTNDetail=true`, async () => {
  const res = await AvailableNumbers.listAsync(client, { areaCode: AREA_CODE, quantity: 3, enableTNDetail: true });
  const list = asArray(res.telephoneNumberDetailList && res.telephoneNumberDetailList.telephoneNumberDetail);
  expect(list.length >= 1 && list.length <= 3, `expected 1..3 details, got ${list.length}: ${JSON.stringify(res).slice(0, 300)}`);
  for (const d of list) {
    expect(isTn(d.fullNumber) && String(d.fullNumber).startsWith(AREA_CODE), `FullNumber ${d.fullNumber}`);
    expect(d.city && typeof d.city === "string", `City missing in ${JSON.stringify(d)}`);
    expect(d.state && /^[A-Z]{2}$/.test(d.state), `State missing/invalid in ${JSON.stringify(d)}`);
    expect(d.rateCenter && typeof d.rateCenter === "string", `RateCenter missing in ${JSON.stringify(d)}`);
    expect(d.lata !== undefined, `LATA missing in ${JSON.stringify(d)}`);
  }
  return out(list[0], list.map((d) => `${d.fullNumber} ${d.city}/${d.state}/${d.rateCenter}`).join("; "));
});

await step(`AvailableNumbers.list rateCenter+state from the detail`, async () => {
  const d = detail;
  // LCA=false: with the default (true) a rate-center search may include local-calling-area neighbours.
  const res = await AvailableNumbers.listAsync(client, { rateCenter: d.rateCenter, state: d.state, quantity: 3, enableTNDetail: true, LCA: false });
  const list = asArray(res.telephoneNumberDetailList && res.telephoneNumberDetailList.telephoneNumberDetail);
  expect(list.length >= 1 && list.length <= 3, `expected 1..3 numbers in ${d.rateCenter}/${d.state}, got ${list.length}`);
  for (const x of list) {
    expectEq(x.state, d.state, `State of ${x.fullNumber}`);
    expectEq(x.rateCenter, d.rateCenter, `RateCenter of ${x.fullNumber}`);
  }
  return `${list.length} in ${d.rateCenter}, ${d.state}`;
});

await step("AvailableNumbers.list tollFreeWildCardPattern=8**", async () => {
  const res = await AvailableNumbers.listAsync(client, { tollFreeWildCardPattern: "8**", quantity: 3 });
  const tns = asArray(res.telephoneNumberList && res.telephoneNumberList.telephoneNumber).map(String);
  expect(tns.length >= 1 && tns.length <= 3, `expected 1..3 toll-free numbers, got ${tns.length}`);
  for (const t of tns) expect(TOLL_FREE_NPAS.includes(t.slice(0, 3)), `${t} is not toll-free`);
  return tns.join(",");
});

await step("AvailableNumbers.list tollFreeWildCardPattern=88*", async () => {
  const res = await AvailableNumbers.listAsync(client, { tollFreeWildCardPattern: "88*", quantity: 2 });
  const tns = asArray(res.telephoneNumberList && res.telephoneNumberList.telephoneNumber).map(String);
  expect(tns.length >= 1 && tns.length <= 2, `expected 1..2 numbers, got ${tns.length}`);
  for (const t of tns) expect(t.startsWith("88") && TOLL_FREE_NPAS.includes(t.slice(0, 3)), `${t} does not match 88*`);
  return tns.join(",");
});

await step("AvailableNumbers.list invalid areaCode fails (400)", async () => {
  const s = await expectHttpError(() => AvailableNumbers.listAsync(client, { areaCode: "123", quantity: 1 }), (x) => x === 400, "400");
  return `HTTP ${s}`;
});

await step(`AvailableNpaNxx.list areaCode=${AREA_CODE}`, async () => {
  const list = asArray(await AvailableNpaNxx.listAsync(client, { areaCode: AREA_CODE, quantity: 5 }));
  expect(list.length >= 1, "no NPA-NXX returned");
  for (const x of list) {
    expectEq(x.npa, AREA_CODE, "Npa");
    expect(/^[2-9]\d\d$/.test(String(x.nxx).padStart(3, "0")), `Nxx ${x.nxx}`);
    expect(Number(x.quantity) > 0, `Quantity ${x.quantity} for ${x.npa}${x.nxx}`);
  }
  return list.map((x) => `${x.npa}-${x.nxx}(${x.quantity})`).slice(0, 5).join(" ");
});

await step(`RateCenter.list state=${STATE}`, async () => {
  const list = await RateCenter.listAsync(client, { state: STATE });
  expect(list.length >= 1, `no rate centers in ${STATE}`);
  for (const r of list) expect(r.abbreviation && r.name, `rate center without Abbreviation/Name: ${JSON.stringify(r)}`);
  expect(list.some((r) => String(r.abbreviation) === String(detail.rateCenter) || String(r.name) === String(detail.rateCenter)),
    `rate center ${detail.rateCenter} of a searched number is not listed for ${STATE}`);
  return `${list.length} rate centers`;
});

await step(`City.list state=${STATE}`, async () => {
  const list = asArray(await City.listAsync(client, { state: STATE }));
  expect(list.length >= 1, `no cities in ${STATE}`);
  for (const c of list) expect(c.name, `city without Name: ${JSON.stringify(c)}`);
  return `${list.length} cities (${list.slice(0, 3).map((c) => c.name).join(", ")}…)`;
});

await step(`CoveredRateCenter.list state=${STATE}`, async () => {
  const list = await CoveredRateCenter.listAsync(client, { state: STATE });
  expect(list.length >= 1, `no covered rate centers in ${STATE}`);
  for (const r of list) {
    expectEq(r.state, STATE, `State of covered rate center ${r.abbreviation}`);
    expect(r.abbreviation && r.name && r.id !== undefined, `covered rate center missing Abbreviation/Name/Id: ${JSON.stringify(r)}`);
  }
  return `${list.length} covered rate centers`;
});

done();
