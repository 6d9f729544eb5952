#!/usr/bin/env node
// A small stateful stand-in for tnhub, used ONLY to self-test the conformance scripts while the
// real server is not available (it is not a reference implementation: shapes follow
// wire-format.md, behaviour is the bare minimum the scripts check).
//
//   node conformance/tools/fake-server.mjs [--port 0]
//   -> prints "fake listening on http://127.0.0.1:PORT"; account 9900001, user demo / demo-pass.
//
// Covers: account, sites, SIP peers (+tns, movetns), available numbers / npa-nxx / geography,
// orders (+tns, history, notes, area codes, npa-nxx, totals), reservations, /tns, in-service,
// disconnects, disc numbers, tnoptions, lidbs, dldas, lnpchecker, port-ins (+notes, history,
// loas, metadata), subscriptions. Prefixes /api, /api/v1, /v1.0; path segments case-insensitive.

import http from "node:http";

const ACCOUNT = "9900001";
const USER = "demo";
const PASS = "demo-pass";
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const now = () => new Date().toISOString();
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const el = (name, v) => (v === undefined || v === null || v === "" ? "" : `<${name}>${esc(v)}</${name}>`);

let seq = 1000;
const id = () => String(++seq);
const uuid = () => `fa4e0000-0000-4000-8000-${String(++seq).padStart(12, "0")}`;

// ---------- tiny tolerant XML reader (enough for the clients' bodies) ----------
function parseXml(text) {
  const root = { name: "#root", children: [], text: "" };
  const stack = [root];
  const re = /<\?[^>]*\?>|<!--[\s\S]*?-->|<\/([^>\s]+)\s*>|<([^>\s/]+)([^>]*?)(\/?)>|([^<]+)/g;
  let m;
  while ((m = re.exec(text))) {
    if (m[1]) stack.pop();
    else if (m[2]) {
      const node = { name: m[2], children: [], text: "" };
      stack[stack.length - 1].children.push(node);
      if (!m[4]) stack.push(node);
    } else if (m[5]) stack[stack.length - 1].text += m[5].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }
  return root.children[0] || root;
}
const kids = (n, name) => (n ? n.children.filter((c) => c.name.toLowerCase() === name.toLowerCase()) : []);
const kid = (n, name) => kids(n, name)[0];
const txt = (n, name) => {
  const k = kid(n, name);
  return k ? k.text.trim() : undefined;
};
/** All text of descendants named `name` (merges repeated wrappers). */
const allText = (n, name, out = []) => {
  if (!n) return out;
  for (const c of n.children) {
    if (c.name.toLowerCase() === name.toLowerCase() && c.children.length === 0) out.push(c.text.trim());
    allText(c, name, out);
  }
  return out;
};

// ---------- state ----------
const sites = new Map(); // id -> {id, name, description, address(xml), peers: Map}
const numbers = new Map(); // tn -> {status, site, peer, order, when}
const orders = new Map();
const notes = new Map(); // key -> [{id, userId, description}]
const reservations = new Map();
const disconnects = new Map();
const tnoptions = new Map();
const lidbs = new Map();
const dldas = new Map();
const portins = new Map();
const subs = new Map();

const RC = { npa: "919", nxxs: ["555", "556"], city: "RALEIGH", state: "NC", rc: "RALEIGH", lata: "426" };
function available(prefix, limit, tollFree) {
  const out = [];
  const bases = tollFree ? ["888555", "877555"] : RC.nxxs.map((n) => RC.npa + n);
  for (const b of bases) {
    if (prefix && !b.startsWith(prefix.slice(0, 6))) continue;
    for (let i = 100; i < 10000 && out.length < limit; i += 7) {
      const tn = b + String(i).padStart(4, "0");
      if (!numbers.has(tn)) out.push(tn);
    }
  }
  return out;
}

function peerXml(p) {
  return (
    `<SipPeer>${el("PeerId", p.id)}${el("PeerName", p.name)}${el("Description", p.description)}<IsDefaultPeer>${p.isDefault}</IsDefaultPeer>` +
    `<VoiceHosts>${p.hosts.map((h) => `<Host><HostName>${esc(h)}</HostName></Host>`).join("")}</VoiceHosts></SipPeer>`
  );
}
function siteXml(s) {
  return `<Site>${el("Id", s.id)}${el("Name", s.name)}${el("Description", s.description)}${s.address}</Site>`;
}
function errA(status, root, code, desc) {
  return { status, body: `<${root}><ResponseStatus><ErrorCode>${code}</ErrorCode><Description>${esc(desc)}</Description></ResponseStatus></${root}>` };
}
const notFound = () => ({ status: 404, body: "<ErrorResponse><ResponseStatus><Description>The resource does not exist</Description></ResponseStatus></ErrorResponse>" });

function historyXml(statuses) {
  return `<OrderHistoryWrapper>${statuses.map((s) => `<OrderHistory><OrderDate>${now()}</OrderDate><Note>${s}</Note><Author>${USER}</Author><Status>${s}</Status></OrderHistory>`).join("")}</OrderHistoryWrapper>`;
}
function notesXml(key) {
  const list = notes.get(key) || [];
  if (!list.length) return { status: 204, body: "" };
  return { status: 200, body: `<Notes>${list.map((n) => `<Note><Id>${n.id}</Id><UserId>${esc(n.userId)}</UserId><Description>${esc(n.description)}</Description><LastDateModifier>${now()}</LastDateModifier></Note>`).join("")}</Notes>` };
}
const tnsXml = (tns) => `<TelephoneNumbers><Count>${tns.length}</Count>${tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers>`;
const report = (el2, m) => `<TelephoneDetailsReports>${[...m].map(([k, c]) => `<TelephoneDetailsReport>${el2 ? el(el2, k) : ""}<Count>${c}</Count></TelephoneDetailsReport>`).join("")}</TelephoneDetailsReports>`;
const countBy = (tns, f) => tns.reduce((m, t) => m.set(f(t), (m.get(f(t)) || 0) + 1), new Map());

function route(method, segs, q, body, ctx) {
  const s = segs.map((x) => x.toLowerCase());
  const is = (...pat) => pat.length === s.length && pat.every((x, i) => x === "*" || x === s[i]);
  const created = (newId, b = "") => ({ status: 201, headers: { Location: `${ctx.origin}${ctx.prefix}/${segs.join("/")}/${newId}` }, body: b });
  const ok = (b = "") => ({ status: 200, body: b });
  const x = body ? parseXml(body) : null;

  // global
  if (is("tns")) {
    const list = [...numbers.entries()].filter(([, n]) => n.status === "Inservice" && (!q.npanxx || true));
    const filtered = list.filter(([t]) => (!q.npanxx || t.startsWith(q.npanxx)) && (!q.npa || t.startsWith(q.npa)) && (!q.fullnumber || t === q.fullnumber));
    return ok(`<TelephoneNumbersResponse><TelephoneNumberCount>${filtered.length}</TelephoneNumberCount><TelephoneNumbers>${filtered.map(([t]) => `<TelephoneNumber><City>${RC.city}</City><Lata>${RC.lata}</Lata><State>${RC.state}</State><FullNumber>${t}</FullNumber><RateCenter>${RC.rc}</RateCenter><Status>Inservice</Status><AccountId>${ACCOUNT}</AccountId></TelephoneNumber>`).join("")}</TelephoneNumbers></TelephoneNumbersResponse>`);
  }
  if (s[0] === "tns" && s.length >= 2) {
    const n = numbers.get(segs[1]);
    if (!n || n.status === "Available") return errA(404, "TelephoneNumberResponse", 15506, `The telephone number '${segs[1]}' does not exist`);
    if (s.length === 2) return ok(`<TelephoneNumberResponse>${el("TelephoneNumber", segs[1])}${el("Status", n.status)}${el("OrderId", n.order)}<OrderType>NEW_NUMBER_ORDER</OrderType>${el("SiteId", n.site)}<AccountId>${ACCOUNT}</AccountId></TelephoneNumberResponse>`);
    const site = sites.get(n.site);
    const peer = site && site.peers.get(n.peer);
    if (is("tns", "*", "tndetails")) return ok(`<TelephoneNumberResponse><TelephoneNumberDetails><City>${RC.city}</City><Lata>${RC.lata}</Lata><State>${RC.state}</State>${el("FullNumber", segs[1])}<RateCenter>${RC.rc}</RateCenter>${el("Status", n.status)}<AccountId>${ACCOUNT}</AccountId><Site>${el("Id", n.site)}${el("Name", site && site.name)}</Site><SipPeer>${el("PeerId", n.peer)}${el("PeerName", peer && peer.name)}</SipPeer></TelephoneNumberDetails></TelephoneNumberResponse>`);
    if (is("tns", "*", "sites")) return ok(`<Site>${el("Id", n.site)}${el("Name", site && site.name)}</Site>`);
    if (is("tns", "*", "sippeers")) return ok(`<SipPeer>${el("Id", n.peer)}${el("Name", peer && peer.name)}</SipPeer>`);
    if (is("tns", "*", "ratecenter")) return ok(`<TelephoneNumberResponse><TelephoneNumberDetails><State>${RC.state}</State><RateCenter>${RC.rc}</RateCenter></TelephoneNumberDetails></TelephoneNumberResponse>`);
    return notFound();
  }
  if (is("cities")) return ok(`<CityResponse><ResultCount>2</ResultCount><Cities><City><RcAbbreviation>RALEIGH</RcAbbreviation><Name>RALEIGH</Name></City><City><RcAbbreviation>CARY</RcAbbreviation><Name>CARY</Name></City></Cities></CityResponse>`);
  if (is("ratecenters")) return ok(`<RateCenterResponse><ResultCount>2</ResultCount><RateCenters><RateCenter><Abbreviation>RALEIGH</Abbreviation><Name>RALEIGH</Name></RateCenter><RateCenter><Abbreviation>CARY</Abbreviation><Name>CARY</Name></RateCenter></RateCenters></RateCenterResponse>`);
  if (is("coveredratecenters", "*")) return ok(`<CoveredRateCenter><Name>RALEIGH</Name><Abbreviation>RALEIGH</Abbreviation><State>NC</State><Lata>426</Lata><Id>${esc(segs[1])}</Id></CoveredRateCenter>`);
  if (is("coveredratecenters")) return ok(`<CoveredRateCenters><TotalCount>1</TotalCount><CoveredRateCenter><Name>RALEIGH</Name><Abbreviation>RALEIGH</Abbreviation><State>NC</State><Lata>426</Lata><Id>3151</Id></CoveredRateCenter></CoveredRateCenters>`);

  if (s[0] !== "accounts" || segs[1] !== ACCOUNT) return { status: 403, body: "<ErrorResponse><ResponseStatus><ErrorCode>1001</ErrorCode><Description>Access Denied</Description></ResponseStatus></ErrorResponse>" };
  const a = s.slice(2);
  const A = segs.slice(2);
  const at = (...pat) => pat.length === a.length && pat.every((v, i) => v === "*" || v === a[i]);

  if (a.length === 0) return ok(`<AccountResponse><Account><AccountId>${ACCOUNT}</AccountId><CompanyName>Fake Inc</CompanyName><AccountType>Business</AccountType></Account></AccountResponse>`);

  // sites
  if (at("sites")) {
    if (method === "POST") {
      const nid = id();
      const addr = kid(x, "Address");
      if (!addr) return errA(400, "SiteResponse", 1003, "Address is required");
      sites.set(nid, { id: nid, name: txt(x, "Name"), description: txt(x, "Description"), address: body.slice(body.indexOf("<Address>"), body.indexOf("</Address>") + 10), peers: new Map() });
      return created(nid);
    }
    return ok(`<SitesResponse><Sites>${[...sites.values()].map(siteXml).join("")}</Sites></SitesResponse>`);
  }
  if (a[0] === "sites") {
    const site = sites.get(A[1]);
    if (!site) return errA(404, "SiteResponse", 12016, `Site '${A[1]}' does not exist`);
    if (at("sites", "*")) {
      if (method === "DELETE") {
        if (site.peers.size) return errA(400, "SiteResponse", 12054, "Site has SIP peers");
        sites.delete(A[1]);
        return ok();
      }
      if (method === "PUT") {
        if (txt(x, "Name") !== undefined) site.name = txt(x, "Name");
        if (txt(x, "Description") !== undefined) site.description = txt(x, "Description");
      }
      return ok(`<SiteResponse>${siteXml(site)}</SiteResponse>`);
    }
    if (at("sites", "*", "sippeers")) {
      if (method === "POST") {
        const nid = id();
        const first = site.peers.size === 0;
        const isDefault = first || txt(x, "IsDefaultPeer") === "true";
        if (isDefault) for (const p of site.peers.values()) p.isDefault = false;
        site.peers.set(nid, { id: nid, name: txt(x, "PeerName"), description: txt(x, "Description"), isDefault, hosts: allText(kids(x, "VoiceHosts").length ? { children: kids(x, "VoiceHosts") } : null, "HostName") });
        return created(nid);
      }
      return ok(`<TNSipPeersResponse><SipPeers>${[...site.peers.values()].map(peerXml).join("")}</SipPeers></TNSipPeersResponse>`);
    }
    const peer = site.peers.get(A[3]);
    if (a[2] === "sippeers" && !peer) return errA(400, "SipPeerResponse", 13563, `Sip Peer '${A[3]}' does not exist`);
    if (at("sites", "*", "sippeers", "*")) {
      if (method === "DELETE") {
        if ([...numbers.values()].some((n) => n.peer === peer.id && n.status === "Inservice")) return errA(400, "SipPeerResponse", 13600, "peer has numbers");
        site.peers.delete(A[3]);
        return ok();
      }
      if (method === "PUT") {
        if (txt(x, "PeerName") !== undefined) peer.name = txt(x, "PeerName");
        if (txt(x, "Description") !== undefined) peer.description = txt(x, "Description");
      }
      return ok(`<SipPeerResponse>${peerXml(peer)}</SipPeerResponse>`);
    }
    if (at("sites", "*", "sippeers", "*", "tns")) {
      const tns = [...numbers.entries()].filter(([, n]) => n.peer === peer.id && n.status === "Inservice").map(([t]) => t);
      return ok(`<SipPeerTelephoneNumbersResponse><SipPeerTelephoneNumbers>${tns.map((t) => `<SipPeerTelephoneNumber><FullNumber>${t}</FullNumber></SipPeerTelephoneNumber>`).join("")}</SipPeerTelephoneNumbers></SipPeerTelephoneNumbersResponse>`);
    }
    if (at("sites", "*", "sippeers", "*", "movetns")) {
      for (const t of allText(x, "FullNumber")) {
        const n = numbers.get(t);
        if (n) Object.assign(n, { site: site.id, peer: peer.id });
      }
      return ok();
    }
    return notFound();
  }

  // search
  if (at("availablenumbers")) {
    const quantity = Number(q.quantity || 5000);
    if (q.areacode && !/^[2-9]\d\d$/.test(q.areacode)) return { status: 400, body: `<SearchResult><Error><Code>4000</Code><Description>The area code specified ${esc(q.areacode)} is not valid</Description></Error></SearchResult>` };
    const tollFree = !!q.tollfreewildcardpattern;
    const prefix = q.npanxx || q.areacode || "";
    const tns = tollFree || !prefix || prefix.startsWith(RC.npa) ? available(prefix, quantity, tollFree) : [];
    if (String(q.enabletndetail) === "true")
      return ok(`<SearchResult><ResultCount>${tns.length}</ResultCount><TelephoneNumberDetailList>${tns.map((t) => `<TelephoneNumberDetail><City>${RC.city}</City><LATA>${RC.lata}</LATA><RateCenter>${RC.rc}</RateCenter><State>${RC.state}</State><FullNumber>${t}</FullNumber></TelephoneNumberDetail>`).join("")}</TelephoneNumberDetailList></SearchResult>`);
    return ok(`<SearchResult><ResultCount>${tns.length}</ResultCount><TelephoneNumberList>${tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumberList></SearchResult>`);
  }
  if (at("availablenpanxx")) return ok(`<SearchResultForAvailableNpaNxx><AvailableNpaNxxList>${RC.nxxs.map((n) => `<AvailableNpaNxx><City>${RC.city}</City><Npa>${RC.npa}</Npa><Nxx>${n}</Nxx><Quantity>100</Quantity><State>${RC.state}</State></AvailableNpaNxx>`).join("")}</AvailableNpaNxxList></SearchResultForAvailableNpaNxx>`);

  // orders
  if (at("orders")) {
    if (method === "POST") {
      const oid = uuid();
      const tns = allText(kid(x, "ExistingTelephoneNumberOrderType"), "TelephoneNumber");
      const siteId = txt(x, "SiteId");
      const site = sites.get(siteId);
      if (!site) return { status: 400, body: `<OrderResponse><ErrorList><Error><Code>5016</Code><Description>The SiteId submitted is invalid.</Description></Error></ErrorList></OrderResponse>` };
      const peerId = txt(x, "PeerId") || [...site.peers.values()].find((p) => p.isDefault)?.id;
      const o = { id: oid, name: txt(x, "Name"), customerOrderId: txt(x, "CustomerOrderId"), site: siteId, peer: peerId, tns, status: "RECEIVED", created: now() };
      orders.set(oid, o);
      setTimeout(() => {
        const free = tns.filter((t) => !numbers.has(t));
        for (const t of free) numbers.set(t, { status: "Inservice", site: siteId, peer: peerId, order: oid });
        o.status = free.length === tns.length ? "COMPLETE" : "FAILED";
        o.failed = tns.filter((t) => !free.includes(t));
      }, 300);
      return created(oid, `<OrderResponse>${orderXml(o)}<OrderStatus>RECEIVED</OrderStatus></OrderResponse>`);
    }
    const list = [...orders.values()].filter((o) => !q.customerorderid || o.customerOrderId === q.customerorderid);
    return ok(`<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>${list.length}</TotalCount>${list.map((o) => `<OrderIdUserIdDate><CountOfTNs>${o.tns.length}</CountOfTNs>${el("CustomerOrderId", o.customerOrderId)}<userId>${USER}</userId><OrderType>new_number</OrderType><orderId>${o.id}</orderId><OrderStatus>${o.status}</OrderStatus></OrderIdUserIdDate>`).join("")}</ListOrderIdUserIdDate></ResponseSelectWrapper>`);
  }
  if (a[0] === "orders" && a.length >= 2) {
    const o = orders.get(A[1]);
    if (!o) return notFound();
    if (a.length === 2) {
      if (method === "PUT") {
        if (txt(x, "Name")) o.name = txt(x, "Name");
        return ok("<OrderResponse/>");
      }
      const done = o.status === "COMPLETE";
      return ok(`<OrderResponse><CompletedQuantity>${done ? o.tns.length : 0}</CompletedQuantity><CreatedByUser>${USER}</CreatedByUser>${orderXml(o)}<OrderStatus>${o.status}</OrderStatus>${done ? `<CompletedNumbers>${o.tns.map((t) => `<TelephoneNumber><FullNumber>${t}</FullNumber></TelephoneNumber>`).join("")}</CompletedNumbers>` : ""}${o.failed && o.failed.length ? `<ErrorList>${o.failed.map((t) => `<Error><Code>5005</Code><Description>The telephone number is unavailable for ordering</Description><TelephoneNumber>${t}</TelephoneNumber></Error>`).join("")}</ErrorList>` : ""}<FailedQuantity>${o.failed ? o.failed.length : 0}</FailedQuantity></OrderResponse>`);
    }
    if (a[2] === "tns") return ok(tnsXml(o.tns));
    if (a[2] === "history") return ok(historyXml(o.status === "COMPLETE" ? ["RECEIVED", "COMPLETE"] : ["RECEIVED"]));
    if (a[2] === "areacodes") return ok(report("AreaCode", countBy(o.tns, (t) => t.slice(0, 3))));
    if (a[2] === "npanxx") return ok(report("NPA-NXX", countBy(o.tns, (t) => t.slice(0, 6))));
    if (a[2] === "totals") return ok(report(null, new Map([["x", o.tns.length]])));
  }
  // notes for orders, disconnects, portins
  if (a.length === 3 && a[2] === "notes" && ["orders", "disconnects", "portins"].includes(a[0])) {
    const key = `${a[0]}/${A[1]}`;
    if (method === "POST") {
      const nid = id();
      if (!notes.has(key)) notes.set(key, []);
      notes.get(key).push({ id: nid, userId: txt(x, "UserId"), description: txt(x, "Description") });
      return created(nid);
    }
    return notesXml(key);
  }

  // reservations
  if (at("tnreservation")) {
    const tn = txt(x, "ReservedTn");
    if (numbers.has(tn)) return errA(400, "ReservationResponse", 5041, `Reservation failed: telephone number ${tn} is not available.`);
    const rid = uuid();
    reservations.set(rid, tn);
    numbers.set(tn, { status: "Reserved" });
    return created(rid);
  }
  if (at("tnreservation", "*")) {
    const tn = reservations.get(A[1]);
    if (!tn) return errA(404, "ReservationResponse", 5043, `Reservation ${A[1]} not found.`);
    if (method === "DELETE") {
      reservations.delete(A[1]);
      numbers.delete(tn);
      return ok();
    }
    return ok(`<ReservationResponse><Reservation><Id>${A[1]}</Id><ReservationId>${A[1]}</ReservationId><AccountId>${ACCOUNT}</AccountId><ReservationExpires>14400</ReservationExpires><ReservedTn>${tn}</ReservedTn></Reservation></ReservationResponse>`);
  }

  // inventory
  const inservice = () => [...numbers.entries()].filter(([, n]) => n.status === "Inservice").map(([t]) => t);
  const tnsPayload = (tns) => (tns.length ? ok(`<TNs><TotalCount>${tns.length}</TotalCount>${tnsXml(tns)}</TNs>`) : { status: 204, body: "" });
  if (at("inservicenumbers")) return tnsPayload(inservice().filter((t) => !q.npanxx || t.startsWith(q.npanxx)));
  if (at("inservicenumbers", "totals")) return ok(`<Quantity><Count>${inservice().length}</Count></Quantity>`);
  if (at("inservicenumbers", "*")) return numbers.get(A[1])?.status === "Inservice" ? ok() : notFound();
  const disc = () => [...numbers.entries()].filter(([, n]) => n.status === "Aging").map(([t]) => t);
  if (at("discnumbers")) return tnsPayload(disc());
  if (at("discnumbers", "totals")) return ok(`<Quantity><Count>${disc().length}</Count></Quantity>`);

  // disconnects
  if (at("disconnects")) {
    if (method === "POST") {
      const did = uuid();
      const tns = allText(x, "TelephoneNumber");
      const d = { id: did, name: txt(x, "name") || txt(x, "Name"), tns, status: "RECEIVED" };
      disconnects.set(did, d);
      setTimeout(() => {
        for (const t of tns) if (numbers.get(t)) numbers.get(t).status = "Aging";
        d.status = "COMPLETE";
      }, 300);
      return created(did, discXml(d));
    }
    return ok(`<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>${disconnects.size}</TotalCount>${[...disconnects.values()].map((d) => `<OrderIdUserIdDate><CountOfTNs>${d.tns.length}</CountOfTNs><userId>${USER}</userId><OrderType>disconnect</OrderType><OrderId>${d.id}</OrderId><OrderStatus>${d.status}</OrderStatus></OrderIdUserIdDate>`).join("")}</ListOrderIdUserIdDate></ResponseSelectWrapper>`);
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
      lidbs.set(oid, { id: oid, sub: allText(x, "SubscriberInformation")[0], customerOrderId: txt(x, "CustomerOrderId"), tns: allText(x, "TelephoneNumber").concat(allText(x, "TelephoneNumbers")) });
      return created(oid);
    }
    return ok(`<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>${lidbs.size}</TotalCount>${[...lidbs.values()].map((l) => `<OrderIdUserIdDate><orderId>${l.id}</orderId><OrderStatus>COMPLETE</OrderStatus></OrderIdUserIdDate>`).join("")}</ListOrderIdUserIdDate></ResponseSelectWrapper>`);
  }
  if (at("lidbs", "*")) {
    const l = lidbs.get(A[1]);
    return l ? ok(`<LidbOrder>${el("CustomerOrderId", l.customerOrderId)}<orderId>${l.id}</orderId><ProcessingStatus>COMPLETE</ProcessingStatus><LidbTnGroups><LidbTnGroup><TelephoneNumbers>${l.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers>${el("SubscriberInformation", l.sub)}</LidbTnGroup></LidbTnGroups><ErrorList/></LidbOrder>`) : notFound();
  }
  if (at("dldas")) {
    if (method === "POST") {
      const oid = uuid();
      dldas.set(oid, { id: oid, customerOrderId: txt(x, "CustomerOrderId"), tns: allText(x, "TelephoneNumber").concat(allText(x, "TelephoneNumbers")) });
      return created(oid);
    }
    return ok(`<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>${dldas.size}</TotalCount>${[...dldas.values()].map((l) => `<OrderIdUserIdDate><orderId>${l.id}</orderId><OrderStatus>COMPLETE</OrderStatus></OrderIdUserIdDate>`).join("")}</ListOrderIdUserIdDate></ResponseSelectWrapper>`);
  }
  if (at("dldas", "*")) {
    const l = dldas.get(A[1]);
    return l ? ok(`<DldaOrderResponse><DldaOrder>${el("CustomerOrderId", l.customerOrderId)}<OrderId>${l.id}</OrderId><ProcessingStatus>COMPLETE</ProcessingStatus><DldaTnGroups><DldaTnGroup><TelephoneNumbers>${l.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers></DldaTnGroup></DldaTnGroups></DldaOrder></DldaOrderResponse>`) : notFound();
  }

  // port-ins
  if (at("lnpchecker")) {
    const tns = allText(x, "Tn");
    const bad = tns.filter((t) => !/^[2-9]\d{2}[2-9]\d{6}$/.test(t));
    if (bad.length) return { status: 400, body: `<NumberPortabilityResponse>${bad.map((t) => `<Errors><Code>7201</Code><Description>${t} is not a valid NANP telephone number.</Description></Errors>`).join("")}</NumberPortabilityResponse>` };
    return ok(`<NumberPortabilityResponse><PortType>AUTOMATED</PortType><SupportedRateCenters><RateCenterGroup><RateCenter>${RC.rc}</RateCenter><City>${RC.city}</City><State>${RC.state}</State><LATA>${RC.lata}</LATA><TnList>${tns.map((t) => el("Tn", t)).join("")}</TnList></RateCenterGroup></SupportedRateCenters><UnsupportedRateCenters/></NumberPortabilityResponse>`);
  }
  if (at("portins")) {
    if (method === "POST") {
      const pid = uuid();
      const p = { id: pid, customerOrderId: txt(x, "CustomerOrderId"), btn: txt(x, "BillingTelephoneNumber"), loa: txt(x, "LoaAuthorizingPerson"), tns: allText(kid(x, "ListOfPhoneNumbers"), "PhoneNumber"), status: "SUBMITTED", files: new Map(), site: txt(x, "SiteId"), peer: txt(x, "PeerId") };
      portins.set(pid, p);
      return created(pid, `<LnpOrderResponse><OrderId>${pid}</OrderId><Status><Code>201</Code><Description>Order request received.</Description></Status>${portinXml(p)}</LnpOrderResponse>`);
    }
    const list = [...portins.values()].filter((p) => !q.customerorderid || p.customerOrderId === q.customerorderid);
    if (!list.length) return { status: 204, body: "" };
    return ok(`<LNPResponseWrapper><TotalCount>${list.length}</TotalCount>${list.map((p) => `<lnpPortInfoForGivenStatus><accountId>${ACCOUNT}</accountId><CountOfTNs>${p.tns.length}</CountOfTNs>${el("CustomerOrderId", p.customerOrderId)}<OrderId>${p.id}</OrderId><OrderType>port_in</OrderType><ProcessingStatus>${p.status}</ProcessingStatus></lnpPortInfoForGivenStatus>`).join("")}</LNPResponseWrapper>`);
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
        return ok(`<LnpOrderResponse><OrderId>${p.id}</OrderId><Status><Code>200</Code><Description>Supp request received.</Description></Status><ProcessingStatus>REQUESTED_SUPP</ProcessingStatus></LnpOrderResponse>`);
      }
      return ok(`<LnpOrderResponse>${portinXml(p)}</LnpOrderResponse>`);
    }
    if (a[2] === "tns") return ok(tnsXml(p.tns));
    if (a[2] === "history") return ok(historyXml(["SUBMITTED"]));
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
    if (!v) return errA(404, "SubscriptionsResponse", 16000, `Subscription ${A[1]} not found`);
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
    return ok(`<SubscriptionsResponse><Subscriptions>${subXml(v)}</Subscriptions></SubscriptionsResponse>`);
  }
  return notFound();
}

function orderXml(o) {
  return `<Order>${el("CustomerOrderId", o.customerOrderId)}${el("Name", o.name)}<OrderCreateDate>${o.created}</OrderCreateDate>${el("PeerId", o.peer)}<id>${o.id}</id><ExistingTelephoneNumberOrderType><TelephoneNumberList>${o.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumberList></ExistingTelephoneNumberOrderType>${el("SiteId", o.site)}</Order>`;
}
function discXml(d) {
  return `<DisconnectTelephoneNumberOrderResponse>${d.status === "COMPLETE" ? `<DisconnectedTelephoneNumberList>${d.tns.map((t) => el("TelephoneNumber", t)).join("")}</DisconnectedTelephoneNumberList><ErrorList/>` : ""}<orderRequest>${el("Name", d.name)}<id>${d.id}</id><DisconnectTelephoneNumberOrderType><TelephoneNumberList>${d.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumberList></DisconnectTelephoneNumberOrderType></orderRequest><OrderStatus>${d.status}</OrderStatus></DisconnectTelephoneNumberOrderResponse>`;
}
function tnOptionXml(o) {
  return `<TnOptionOrder>${el("CustomerOrderId", o.customerOrderId)}<OrderId>${o.id}</OrderId><ProcessingStatus>${o.status}</ProcessingStatus><TnOptionGroups>${o.groups.map((g) => `<TnOptionGroup>${el("CallingNameDisplay", g.cnd)}<TelephoneNumbers>${g.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers></TnOptionGroup>`).join("")}</TnOptionGroups><ErrorList/></TnOptionOrder>`;
}
function portinXml(p) {
  return `<ProcessingStatus>${p.status}</ProcessingStatus>${el("CustomerOrderId", p.customerOrderId)}${el("BillingTelephoneNumber", p.btn)}${el("LoaAuthorizingPerson", p.loa)}${el("SiteId", p.site)}${el("PeerId", p.peer)}<ListOfPhoneNumbers>${p.tns.map((t) => el("PhoneNumber", t)).join("")}</ListOfPhoneNumbers>`;
}
function subXml(v) {
  return `<Subscription><SubscriptionId>${v.id}</SubscriptionId>${el("OrderType", v.orderType)}<CallbackSubscription>${el("URL", v.url)}${el("Expiry", v.expiry)}</CallbackSubscription></Subscription>`;
}

const PREFIXES = ["/api/v1", "/api", "/v1.0"];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const u = new URL(req.url, "http://x");
    const auth = req.headers.authorization || "";
    const send = (status, headers, body) => {
      res.writeHead(status, { "Content-Type": "application/xml", ...headers });
      res.end(body);
    };
    if (auth !== "Basic " + Buffer.from(`${USER}:${PASS}`).toString("base64"))
      return send(401, { "WWW-Authenticate": 'Basic realm="fake"' }, "");
    const prefix = PREFIXES.find((p) => u.pathname.toLowerCase().startsWith(p + "/"));
    if (!prefix) return send(404, {}, "");
    const segs = u.pathname.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent);
    const q = {};
    for (const [k, v] of u.searchParams) q[k.toLowerCase()] = v;
    let r;
    try {
      r = route(req.method, segs, q, raw.length && /xml/.test(req.headers["content-type"] || "") ? raw.toString("utf8") : "", {
        origin: `http://${req.headers.host}`,
        prefix,
        raw,
        headers: req.headers,
      });
    } catch (e) {
      r = { status: 500, body: esc(e.stack) };
    }
    if (r.raw !== undefined) return send(r.status, r.headers || {}, r.raw);
    send(r.status, r.headers || {}, r.body ? DECL + r.body : "");
  });
});
const args = process.argv.slice(2);
const pi = args.indexOf("--port");
server.listen(pi >= 0 ? Number(args[pi + 1]) : 0, "127.0.0.1", () => {
  console.log(`fake listening on http://127.0.0.1:${server.address().port}`);
});
