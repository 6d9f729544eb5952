#!/usr/bin/env node
// A small stateful stand-in for tnhub, used ONLY to self-test the conformance scripts while the
// real server is not available (it is not a reference implementation: shapes follow
// wire-format.md, behaviour is the bare minimum the scripts check).
//
//   node conformance/tools/fake-server.mjs [--port 0]
//   -> prints "fake listening on http://127.0.0.1:PORT"; account 9900001, user demo / demo-pass.
//
// Covers: account, sites (+orders, in-service, totals, port-ins), SIP peers (+tns, totals, movetns),
// available numbers / npa-nxx / geography, orders (+tns, history, notes, area codes, npa-nxx,
// totals), reservations, /tns (+details, lata, history, reservation), in-service, disconnects,
// disc numbers, tnoptions, lidbs, dldas (+history), lnpchecker, port-ins (+notes, history, reports,
// loas, metadata, activation), subscriptions, and /admin/clock and /admin/portins/{id}/foc with the
// bearer token FAKE_ADMIN_TOKEN (default fake-admin-token). Prefixes /api, /api/v1, /v1.0; path
// segments case-insensitive. Routes from disconnects on are in fake-more.mjs, state in fake-lib.mjs.

import http from "node:http";

import { routeAdmin, routeMore } from "./fake-more.mjs";
import {
  ACCOUNT, USER, PASS, DECL, now, esc, el, id, uuid, parseXml, kids, kid, txt, allText, sites, numbers, orders, notes, reservations, RC, available, peerXml, siteXml, errA, notFound, historyXml, notesXml, tnsXml, report, countBy, orderXml,
} from "./fake-lib.mjs";
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
    const dlda = n.dlda ? `<Features><Dlda><ListingName>${el("FirstName", n.dlda.first)}${el("LastName", n.dlda.last)}</ListingName></Dlda></Features>` : "";
    if (is("tns", "*", "tndetails")) return ok(`<TelephoneNumberResponse><TelephoneNumberDetails><City>${RC.city}</City><Lata>${RC.lata}</Lata><State>${RC.state}</State>${el("FullNumber", segs[1])}<RateCenter>${RC.rc}</RateCenter>${el("Status", n.status)}<AccountId>${ACCOUNT}</AccountId><Site>${el("Id", n.site)}${el("Name", site && site.name)}</Site><SipPeer>${el("PeerId", n.peer)}${el("PeerName", peer && peer.name)}</SipPeer>${dlda}</TelephoneNumberDetails></TelephoneNumberResponse>`);
    if (is("tns", "*", "lata")) return ok(`<TelephoneNumberResponse><TelephoneNumberDetails><Lata>${RC.lata}</Lata></TelephoneNumberDetails></TelephoneNumberResponse>`);
    if (is("tns", "*", "history")) return ok(`<TelephoneNumberResponse><TelephoneNumberStatuses><TelephoneNumberStatus><AccountId>${ACCOUNT}</AccountId><LastModifiedDate>${now()}</LastModifiedDate>${el("OrderId", n.order)}<Status>${n.status}</Status><OrderType>NEW_NUMBER_ORDER</OrderType></TelephoneNumberStatus></TelephoneNumberStatuses></TelephoneNumberResponse>`);
    if (is("tns", "*", "tnreservation")) return n.reservation ? ok(`<TNReservation><ReservationId>${n.reservation}</ReservationId><AccountId>${ACCOUNT}</AccountId><ReservationExpires>14400</ReservationExpires><ReservedTn>${segs[1]}</ReservedTn></TNReservation>`) : notFound();
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
    const onSite = () => [...numbers.entries()].filter(([, n]) => n.site === site.id && n.status === "Inservice").map(([t]) => t);
    if (at("sites", "*", "orders")) return ok(ordersXml([...orders.values()].filter((o) => o.site === site.id)));
    if (at("sites", "*", "orders", "*") || at("sites", "*", "orders", "*", "tns")) {
      const o = orders.get(A[3]);
      if (!o || o.site !== site.id) return notFound();
      return ok(a.length === 5 ? tnsXml(o.tns) : orderResponseXml(o));
    }
    if (at("sites", "*", "inservicenumbers")) return ok(`<TNs><TotalCount>${onSite().length}</TotalCount>${tnsXml(onSite())}</TNs>`);
    if (at("sites", "*", "totaltns")) return ok(`<SiteTNsResponse><SiteTNs><TotalCount>${onSite().length}</TotalCount></SiteTNs></SiteTNsResponse>`);
    if (at("sites", "*", "portins")) return routeMore(method, a, A, q, x, { ...ctx, segs });
    const onPeer = () => [...numbers.entries()].filter(([, n]) => n.peer === peer.id && n.status === "Inservice").map(([t]) => t);
    if (at("sites", "*", "sippeers", "*", "totaltns")) return ok(`<SipPeerTelephoneNumbersCountResponse><SipPeerTelephoneNumbersCounts><SipPeerTelephoneNumbersCount>${onPeer().length}</SipPeerTelephoneNumbersCount></SipPeerTelephoneNumbersCounts></SipPeerTelephoneNumbersCountResponse>`);
    if (at("sites", "*", "sippeers", "*", "tns", "*")) return onPeer().includes(A[5]) ? ok(`<SipPeerTelephoneNumberResponse><SipPeerTelephoneNumber><FullNumber>${A[5]}</FullNumber></SipPeerTelephoneNumber></SipPeerTelephoneNumberResponse>`) : notFound();
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
    return ok(ordersXml([...orders.values()].filter((o) => !q.customerorderid || o.customerOrderId === q.customerorderid)));
  }
  if (a[0] === "orders" && a.length >= 2) {
    const o = orders.get(A[1]);
    if (!o) return notFound();
    if (a.length === 2) {
      if (method === "PUT") {
        if (txt(x, "Name")) o.name = txt(x, "Name");
        return ok("<OrderResponse/>");
      }
      return ok(orderResponseXml(o));
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
    numbers.set(tn, { status: "Reserved", reservation: rid });
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
  return routeMore(method, a, A, q, x, { ...ctx, segs });
}

const ordersXml = (list) =>
  `<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>${list.length}</TotalCount>${list.map((o) => `<OrderIdUserIdDate><CountOfTNs>${o.tns.length}</CountOfTNs>${el("CustomerOrderId", o.customerOrderId)}<userId>${USER}</userId><OrderType>new_number</OrderType><orderId>${o.id}</orderId><OrderStatus>${o.status}</OrderStatus></OrderIdUserIdDate>`).join("")}</ListOrderIdUserIdDate></ResponseSelectWrapper>`;
function orderResponseXml(o) {
  const done = o.status === "COMPLETE";
  return `<OrderResponse><CompletedQuantity>${done ? o.tns.length : 0}</CompletedQuantity><CreatedByUser>${USER}</CreatedByUser>${orderXml(o)}<OrderStatus>${o.status}</OrderStatus>${done ? `<CompletedNumbers>${o.tns.map((t) => `<TelephoneNumber><FullNumber>${t}</FullNumber></TelephoneNumber>`).join("")}</CompletedNumbers>` : ""}${o.failed && o.failed.length ? `<ErrorList>${o.failed.map((t) => `<Error><Code>5005</Code><Description>The telephone number is unavailable for ordering</Description><TelephoneNumber>${t}</TelephoneNumber></Error>`).join("")}</ErrorList>` : ""}<FailedQuantity>${o.failed ? o.failed.length : 0}</FailedQuantity></OrderResponse>`;
}

const PREFIXES = ["/api/v1", "/api", "/v1.0"];
/** Bearer token of the fake's operator plane (/admin/clock, /admin/portins/{id}/foc). */
const ADMIN_TOKEN = process.env.FAKE_ADMIN_TOKEN || "fake-admin-token";
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
    if (u.pathname.startsWith("/admin/")) {
      if (auth !== `Bearer ${ADMIN_TOKEN}`) return send(401, { "Content-Type": "application/json" }, '{"error":"bearer token"}');
      const r = routeAdmin(req.method, u.pathname.slice(7).split("/").filter(Boolean), raw.toString("utf8"));
      return send(r.status, { "Content-Type": "application/json" }, JSON.stringify(r.json));
    }
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
