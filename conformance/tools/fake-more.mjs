// The fake server's disconnects, feature orders, port-ins, subscriptions and operator plane (split
// from fake-server.mjs to keep each file short). Shapes follow wire-format.md and what tnhub sends;
// behaviour is the bare minimum the conformance scripts check.

import {
  ACCOUNT, USER, now, el, esc, uuid, kid, kids, txt, allText, errA, notFound, historyXml, tnsXml, report, countBy,
  numbers, disconnects, tnoptions, lidbs, dldas, portins, subs, discXml, tnOptionXml, portinXml, subXml, RC,
} from "./fake-lib.mjs";

const listed = (items, f) =>
  `<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>${items.length}</TotalCount>${items.map(f).join("")}</ListOrderIdUserIdDate></ResponseSelectWrapper>`;
const summary = (o, type, idTag = "orderId") =>
  `<OrderIdUserIdDate><CountOfTNs>${o.tns.length}</CountOfTNs>${el("CustomerOrderId", o.customerOrderId)}<userId>${USER}</userId><OrderType>${type}</OrderType><${idTag}>${o.id}</${idTag}><OrderStatus>${o.status || "COMPLETE"}</OrderStatus></OrderIdUserIdDate>`;
const lidbXml = (l) =>
  `<LidbOrder>${el("CustomerOrderId", l.customerOrderId)}<OrderId>${l.id}</OrderId><ProcessingStatus>COMPLETE</ProcessingStatus><LidbTnGroups><LidbTnGroup><TelephoneNumbers>${l.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers>${el("SubscriberInformation", l.sub)}${el("UseType", l.useType)}${el("Visibility", l.visibility)}</LidbTnGroup></LidbTnGroups><ErrorList/></LidbOrder>`;
const dldaXml = (d) =>
  `<DldaOrderResponse><DldaOrder>${el("CustomerOrderId", d.customerOrderId)}<OrderId>${d.id}</OrderId><ProcessingStatus>COMPLETE</ProcessingStatus><DldaTnGroups><DldaTnGroup><TelephoneNumbers>${d.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers>${el("AccountType", d.accountType)}${el("ListingType", d.listingType)}<ListingName>${el("FirstName", d.first)}${el("LastName", d.last)}</ListingName>${d.address}</DldaTnGroup></DldaTnGroups><Id>${d.id}</Id></DldaOrder></DldaOrderResponse>`;

function dldaFrom(x, d) {
  const g = kid(kid(x, "DldaTnGroups"), "DldaTnGroup");
  const name = kid(g, "ListingName");
  const addr = kid(g, "Address");
  Object.assign(d, {
    customerOrderId: txt(x, "CustomerOrderId") ?? d.customerOrderId,
    tns: allText(kid(g, "TelephoneNumbers"), "TelephoneNumber"),
    accountType: txt(g, "AccountType"),
    listingType: txt(g, "ListingType"),
    first: txt(name, "FirstName"),
    last: txt(name, "LastName"),
    address: addr ? `<Address>${addr.children.map((c) => el(c.name, c.text.trim())).join("")}</Address>` : "",
  });
  for (const t of d.tns) if (numbers.get(t)) numbers.get(t).dlda = { first: d.first, last: d.last };
  d.history.push("RECEIVED", "COMPLETE");
  return d;
}

function activationXml(p) {
  const waiting = p.status === "COMPLETE" ? [] : p.tns;
  return `<ActivationStatusResponse><ActivationStatus><AutoActivationDate>${p.foc}</AutoActivationDate><ActivatedTelephoneNumbersList/><NotYetActivatedTelephoneNumbersList>${waiting.map((t) => el("TelephoneNumber", t)).join("")}</NotYetActivatedTelephoneNumbersList></ActivationStatus></ActivationStatusResponse>`;
}

function completePort(p) {
  p.status = "COMPLETE";
  p.history.push("COMPLETE");
  for (const t of p.tns) numbers.set(t, { status: "Inservice", site: p.site, peer: p.peer, order: p.id });
}

/** The operator plane: GET /admin/clock, POST /admin/portins/{id}/foc. JSON bodies. */
export function routeAdmin(method, segs, body) {
  const json = (status, v) => ({ status, json: v });
  if (segs.join("/") === "clock") return json(200, { now: now(), nowMs: Date.now(), sandbox: true });
  if (segs[0] === "portins" && segs[2] === "foc" && method === "POST") {
    const p = portins.get(segs[1]);
    if (!p) return json(404, { error: "no such port-in" });
    const b = body ? JSON.parse(body) : {};
    p.foc = b.focDate || now();
    p.status = "FOC";
    p.history.push("FOC");
    return json(200, { orderId: p.id, processingStatus: p.status, actualFocDate: p.foc });
  }
  return json(404, { error: "not found" });
}

/** Everything under /accounts/{a}/ from disconnects on; `a` lower-cased segments, `A` as sent. */
export function routeMore(method, a, A, q, x, ctx) {
  const at = (...pat) => pat.length === a.length && pat.every((v, i) => v === "*" || v === a[i]);
  const ok = (b = "") => ({ status: 200, body: b });
  const created = (newId, b = "") => ({ status: 201, headers: { Location: `${ctx.origin}${ctx.prefix}/${ctx.segs.join("/")}/${newId}` }, body: b });

  // disconnects
  if (at("disconnects")) {
    if (method === "POST") {
      const did = uuid();
      const tns = allText(x, "TelephoneNumber");
      const d = { id: did, name: txt(x, "name") || txt(x, "Name"), customerOrderId: txt(x, "CustomerOrderId"), tns, status: "RECEIVED" };
      disconnects.set(did, d);
      setTimeout(() => {
        for (const t of tns) if (numbers.get(t)) numbers.get(t).status = "Aging";
        d.status = "COMPLETE";
      }, 300);
      return created(did, discXml(d));
    }
    return ok(listed([...disconnects.values()], (d) => summary(d, "disconnect", "OrderId")));
  }
  if (at("disconnects", "*")) {
    const d = disconnects.get(A[1]);
    return d ? ok(discXml(d)) : notFound();
  }

  // features
  if (at("tnoptions")) {
    if (method === "POST") {
      const oid = uuid();
      const groups = kids(kid(x, "TnOptionGroups"), "TnOptionGroup").map((g) => ({ cnd: txt(g, "CallingNameDisplay"), tns: allText(g, "TelephoneNumber") }));
      const o = { id: oid, customerOrderId: txt(x, "CustomerOrderId"), groups, status: "RECEIVED" };
      tnoptions.set(oid, o);
      setTimeout(() => (o.status = "COMPLETE"), 300);
      return created(oid, `<TnOptionOrderResponse>${tnOptionXml(o)}</TnOptionOrderResponse>`);
    }
    return ok(`<TnOptionOrders><TotalCount>${tnoptions.size}</TotalCount>${[...tnoptions.values()].map((o) => `<TnOptionOrderSummary><OrderId>${o.id}</OrderId><OrderStatus>${o.status}</OrderStatus><OrderType>tn_option</OrderType></TnOptionOrderSummary>`).join("")}</TnOptionOrders>`);
  }
  if (at("tnoptions", "*")) {
    const o = tnoptions.get(A[1]);
    return o ? ok(tnOptionXml(o)) : notFound();
  }
  if (at("lidbs")) {
    if (method === "POST") {
      const oid = uuid();
      const l = { id: oid, sub: allText(x, "SubscriberInformation")[0], useType: allText(x, "UseType")[0], visibility: allText(x, "Visibility")[0], customerOrderId: txt(x, "CustomerOrderId"), tns: allText(x, "TelephoneNumber") };
      lidbs.set(oid, l);
      return created(oid, lidbXml(l));
    }
    return ok(listed([...lidbs.values()], (l) => summary(l, "lidb")));
  }
  if (at("lidbs", "*")) {
    const l = lidbs.get(A[1]);
    return l ? ok(lidbXml(l)) : notFound();
  }
  if (at("dldas")) {
    if (method === "POST") {
      const d = dldaFrom(x, { id: uuid(), history: [] });
      dldas.set(d.id, d);
      return created(d.id, dldaXml(d));
    }
    return ok(listed([...dldas.values()], (d) => summary(d, "dlda")));
  }
  if (a[0] === "dldas" && a.length >= 2) {
    const d = dldas.get(A[1]);
    if (!d) return notFound();
    if (at("dldas", "*", "history")) return ok(historyXml(d.history));
    if (method === "PUT") dldaFrom(x, d);
    return ok(dldaXml(d));
  }

  // port-ins
  if (at("lnpchecker")) {
    const tns = allText(x, "Tn");
    const bad = tns.filter((t) => !/^[2-9]\d{2}[2-9]\d{6}$/.test(t));
    if (bad.length) return { status: 400, body: `<NumberPortabilityResponse>${bad.map((t) => `<Errors><Code>7201</Code><Description>${t} is not a valid NANP telephone number.</Description></Errors>`).join("")}</NumberPortabilityResponse>` };
    const list = `<TnList>${tns.map((t) => el("Tn", t)).join("")}</TnList>`;
    return ok(`<NumberPortabilityResponse><PortType>AUTOMATED</PortType><SupportedRateCenters><RateCenterGroup><RateCenter>${RC.rc}</RateCenter><City>${RC.city}</City><State>${RC.state}</State><LATA>${RC.lata}</LATA>${list}</RateCenterGroup></SupportedRateCenters><UnsupportedRateCenters/><SupportedLosingCarriers><LosingCarrierTnList><LosingCarrierSPID>9101</LosingCarrierSPID><LosingCarrierName>Fake Bell</LosingCarrierName>${list}</LosingCarrierTnList></SupportedLosingCarriers></NumberPortabilityResponse>`);
  }
  const siteListed = (list) => `<LNPResponseWrapper><TotalCount>${list.length}</TotalCount>${list.map((p) => `<lnpPortInfoForGivenStatus><accountId>${ACCOUNT}</accountId><CountOfTNs>${p.tns.length}</CountOfTNs>${el("CustomerOrderId", p.customerOrderId)}<OrderId>${p.id}</OrderId><OrderType>port_in</OrderType><ProcessingStatus>${p.status}</ProcessingStatus></lnpPortInfoForGivenStatus>`).join("")}</LNPResponseWrapper>`;
  if (at("sites", "*", "portins")) return ok(siteListed([...portins.values()].filter((p) => p.site === A[1])));
  if (at("portins")) {
    if (method === "POST") {
      const pid = uuid();
      const sub = kid(x, "Subscriber");
      const p = { id: pid, customerOrderId: txt(x, "CustomerOrderId"), btn: txt(x, "BillingTelephoneNumber"), loa: txt(x, "LoaAuthorizingPerson"), tns: allText(kid(x, "ListOfPhoneNumbers"), "PhoneNumber"), status: "SUBMITTED", history: ["SUBMITTED"], files: new Map(), site: txt(x, "SiteId"), peer: txt(x, "PeerId"), triggered: txt(x, "Triggered") === "true", subscriber: sub ? `<Subscriber>${el("SubscriberType", txt(sub, "SubscriberType"))}${el("BusinessName", txt(sub, "BusinessName"))}<ServiceAddress>${el("City", txt(kid(sub, "ServiceAddress"), "City"))}</ServiceAddress></Subscriber>` : "" };
      portins.set(pid, p);
      return created(pid, `<LnpOrderResponse><OrderId>${pid}</OrderId><Status><Code>201</Code><Description>Order request received.</Description></Status>${portinXml(p)}</LnpOrderResponse>`);
    }
    const list = [...portins.values()].filter((p) => !q.customerorderid || p.customerOrderId === q.customerorderid);
    return list.length ? ok(siteListed(list)) : { status: 204, body: "" };
  }
  if (a[0] === "portins" && a.length >= 2) {
    const p = portins.get(A[1]);
    if (!p) return notFound();
    if (a.length === 2) {
      if (method === "DELETE") {
        p.status = "CANCELLED";
        return ok();
      }
      if (method === "PUT") {
        if (txt(x, "CustomerOrderId")) p.customerOrderId = txt(x, "CustomerOrderId");
        p.status = "REQUESTED_SUPP";
        p.history.push("REQUESTED_SUPP");
        return ok(`<LnpOrderResponse><OrderId>${p.id}</OrderId><Status><Code>200</Code><Description>Supp request received.</Description></Status><ProcessingStatus>REQUESTED_SUPP</ProcessingStatus></LnpOrderResponse>`);
      }
      return ok(`<LnpOrderResponse>${portinXml(p)}</LnpOrderResponse>`);
    }
    if (a[2] === "tns") return ok(tnsXml(p.tns));
    if (a[2] === "history") return ok(historyXml(p.history));
    if (a[2] === "areacodes") return ok(report("AreaCode", countBy(p.tns, (t) => t.slice(0, 3))));
    if (a[2] === "npanxx") return ok(report("NPA-NXX", countBy(p.tns, (t) => t.slice(0, 6))));
    if (a[2] === "totals") return ok(`<Quantity><Count>${p.tns.length}</Count><TelephoneDetailsReport><Count>${p.tns.length}</Count></TelephoneDetailsReport></Quantity>`);
    if (a[2] === "activationstatus") {
      if (p.status === "COMPLETE") return errA(404, "ActivationStatusResponse", 7348, "The order is already complete");
      if (p.status !== "FOC" || !p.triggered) return errA(400, "ActivationStatusResponse", 7342, "On demand portin activation not yet allowed");
      if (method === "PUT" && Date.parse(txt(x, "AutoActivationDate")) <= Date.now()) completePort(p);
      return ok(activationXml(p));
    }
    if (at("portins", "*", "loas")) {
      if (method === "POST") {
        const name = `${p.id}-${Date.now()}.pdf`;
        p.files.set(name, { data: ctx.raw, type: ctx.headers["content-type"], meta: { documentType: "LOA" } });
        return created(name, `<fileUploadResponse><filename>${name}</filename><resultCode>0</resultCode><resultMessage>LOA file uploaded successfully</resultMessage></fileUploadResponse>`);
      }
      return ok(`<fileListResponse><fileCount>${p.files.size}</fileCount>${[...p.files.entries()].map(([n, f]) => (q.metadata === "true" ? `<fileData><FileName>${n}</FileName><FileMetaData>${el("DocumentName", f.meta.documentName)}${el("DocumentType", f.meta.documentType)}</FileMetaData></fileData>` : `<fileNames>${n}</fileNames>`)).join("")}<resultCode>0</resultCode><resultMessage>LOA file list successfully returned</resultMessage></fileListResponse>`);
    }
    const f = p.files.get(A[3]);
    if (a[2] === "loas" && !f) return notFound();
    if (at("portins", "*", "loas", "*")) {
      if (method === "GET") return { status: 200, headers: { "Content-Type": f.type || "application/octet-stream" }, raw: f.data };
      if (method === "PUT") {
        f.data = ctx.raw;
        f.type = ctx.headers["content-type"];
        return ok(`<fileUploadResponse><filename>${A[3]}</filename><resultCode>0</resultCode><resultMessage>LOA file updated successfully</resultMessage></fileUploadResponse>`);
      }
      p.files.delete(A[3]);
      return ok();
    }
    if (at("portins", "*", "loas", "*", "metadata")) {
      if (method === "PUT") f.meta = { documentName: txt(x, "DocumentName"), documentType: txt(x, "DocumentType") };
      if (method === "DELETE") f.meta = {};
      return ok(`<FileMetaData>${el("DocumentName", f.meta.documentName)}${el("DocumentType", f.meta.documentType)}</FileMetaData>`);
    }
  }

  // subscriptions
  if (at("subscriptions")) {
    if (method === "POST") {
      const sid = uuid();
      subs.set(sid, { id: sid, orderType: txt(x, "OrderType"), url: txt(kid(x, "CallbackSubscription"), "URL"), expiry: txt(kid(x, "CallbackSubscription"), "Expiry") });
      return created(sid);
    }
    const list = [...subs.values()].filter((v) => !q.ordertype || v.orderType === q.ordertype);
    return ok(`<SubscriptionsResponse><Subscriptions>${list.map(subXml).join("")}</Subscriptions></SubscriptionsResponse>`);
  }
  if (at("subscriptions", "*")) {
    const v = subs.get(A[1]);
    if (!v) return errA(404, "SubscriptionsResponse", 16000, `Subscription ${esc(A[1])} not found`);
    if (method === "DELETE") {
      subs.delete(A[1]);
      return ok();
    }
    if (method === "PUT") {
      if (txt(x, "OrderType")) v.orderType = txt(x, "OrderType");
      const cb = kid(x, "CallbackSubscription");
      if (cb) Object.assign(v, { url: txt(cb, "URL") || v.url, expiry: txt(cb, "Expiry") || v.expiry });
      return ok();
    }
    // As tnhub: inside the wrapper (Node) and again under the root (Python).
    return ok(`<SubscriptionsResponse><Subscriptions>${subXml(v)}</Subscriptions>${subXml(v)}</SubscriptionsResponse>`);
  }
  return notFound();
}
