// Shared state and XML helpers of the fake server (fake-server.mjs); see that file for what the
// fake is for. Not a reference implementation.

export const ACCOUNT = "9900001";
export const USER = "demo";
export const PASS = "demo-pass";
export const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
export const now = () => new Date().toISOString();
export const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
export const el = (name, v) => (v === undefined || v === null || v === "" ? "" : `<${name}>${esc(v)}</${name}>`);

let seq = 1000;
export const id = () => String(++seq);
export const uuid = () => `fa4e0000-0000-4000-8000-${String(++seq).padStart(12, "0")}`;

// ---------- tiny tolerant XML reader (enough for the clients' bodies) ----------
export function parseXml(text) {
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
export const kids = (n, name) => (n ? n.children.filter((c) => c.name.toLowerCase() === name.toLowerCase()) : []);
export const kid = (n, name) => kids(n, name)[0];
export const txt = (n, name) => {
  const k = kid(n, name);
  return k ? k.text.trim() : undefined;
};
/** All text of descendants named `name` (merges repeated wrappers). */
export const allText = (n, name, out = []) => {
  if (!n) return out;
  for (const c of n.children) {
    if (c.name.toLowerCase() === name.toLowerCase() && c.children.length === 0) out.push(c.text.trim());
    allText(c, name, out);
  }
  return out;
};

// ---------- state ----------
export const sites = new Map(); // id -> {id, name, description, address(xml), peers: Map}
export const numbers = new Map(); // tn -> {status, site, peer, order, when}
export const orders = new Map();
export const notes = new Map(); // key -> [{id, userId, description}]
export const reservations = new Map();
export const disconnects = new Map();
export const tnoptions = new Map();
export const lidbs = new Map();
export const dldas = new Map();
export const portins = new Map();
export const subs = new Map();

export const RC = { npa: "919", nxxs: ["555", "556"], city: "RALEIGH", state: "NC", rc: "RALEIGH", lata: "426" };
export function available(prefix, limit, tollFree) {
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

export function peerXml(p) {
  return (
    `<SipPeer>${el("PeerId", p.id)}${el("PeerName", p.name)}${el("Description", p.description)}<IsDefaultPeer>${p.isDefault}</IsDefaultPeer>` +
    `<VoiceHosts>${p.hosts.map((h) => `<Host><HostName>${esc(h)}</HostName></Host>`).join("")}</VoiceHosts></SipPeer>`
  );
}
export function siteXml(s) {
  return `<Site>${el("Id", s.id)}${el("Name", s.name)}${el("Description", s.description)}${s.address}</Site>`;
}
export function errA(status, root, code, desc) {
  return { status, body: `<${root}><ResponseStatus><ErrorCode>${code}</ErrorCode><Description>${esc(desc)}</Description></ResponseStatus></${root}>` };
}
export const notFound = () => ({ status: 404, body: "<ErrorResponse><ResponseStatus><Description>The resource does not exist</Description></ResponseStatus></ErrorResponse>" });

export function historyXml(statuses) {
  return `<OrderHistoryWrapper>${statuses.map((s) => `<OrderHistory><OrderDate>${now()}</OrderDate><Note>${s}</Note><Author>${USER}</Author><Status>${s}</Status></OrderHistory>`).join("")}</OrderHistoryWrapper>`;
}
export function notesXml(key) {
  const list = notes.get(key) || [];
  if (!list.length) return { status: 204, body: "" };
  return { status: 200, body: `<Notes>${list.map((n) => `<Note><Id>${n.id}</Id><UserId>${esc(n.userId)}</UserId><Description>${esc(n.description)}</Description><LastDateModifier>${now()}</LastDateModifier></Note>`).join("")}</Notes>` };
}
export const tnsXml = (tns) => `<TelephoneNumbers><Count>${tns.length}</Count>${tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers>`;
export const report = (el2, m) => `<TelephoneDetailsReports>${[...m].map(([k, c]) => `<TelephoneDetailsReport>${el2 ? el(el2, k) : ""}<Count>${c}</Count></TelephoneDetailsReport>`).join("")}</TelephoneDetailsReports>`;
export const countBy = (tns, f) => tns.reduce((m, t) => m.set(f(t), (m.get(f(t)) || 0) + 1), new Map());

export function orderXml(o) {
  return `<Order>${el("CustomerOrderId", o.customerOrderId)}${el("Name", o.name)}<OrderCreateDate>${o.created}</OrderCreateDate>${el("PeerId", o.peer)}<id>${o.id}</id><ExistingTelephoneNumberOrderType><TelephoneNumberList>${o.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumberList></ExistingTelephoneNumberOrderType>${el("SiteId", o.site)}</Order>`;
}
export function discXml(d) {
  return `<DisconnectTelephoneNumberOrderResponse>${d.status === "COMPLETE" ? `<DisconnectedTelephoneNumberList>${d.tns.map((t) => el("TelephoneNumber", t)).join("")}</DisconnectedTelephoneNumberList><ErrorList/>` : ""}<orderRequest>${el("Name", d.name)}<id>${d.id}</id><DisconnectTelephoneNumberOrderType><TelephoneNumberList>${d.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumberList></DisconnectTelephoneNumberOrderType></orderRequest><OrderStatus>${d.status}</OrderStatus></DisconnectTelephoneNumberOrderResponse>`;
}
export function tnOptionXml(o) {
  return `<TnOptionOrder>${el("CustomerOrderId", o.customerOrderId)}<OrderId>${o.id}</OrderId><ProcessingStatus>${o.status}</ProcessingStatus><TnOptionGroups>${o.groups.map((g) => `<TnOptionGroup>${el("CallingNameDisplay", g.cnd)}<TelephoneNumbers>${g.tns.map((t) => el("TelephoneNumber", t)).join("")}</TelephoneNumbers></TnOptionGroup>`).join("")}</TnOptionGroups><ErrorList/></TnOptionOrder>`;
}
export function portinXml(p) {
  return `<ProcessingStatus>${p.status}</ProcessingStatus>${el("CustomerOrderId", p.customerOrderId)}${el("BillingTelephoneNumber", p.btn)}${el("LoaAuthorizingPerson", p.loa)}${el("SiteId", p.site)}${el("PeerId", p.peer)}${p.subscriber || ""}${el("ActualFocDate", p.foc)}<Triggered>${!!p.triggered}</Triggered><ListOfPhoneNumbers>${p.tns.map((t) => el("PhoneNumber", t)).join("")}</ListOfPhoneNumbers>`;
}
export function subXml(v) {
  return `<Subscription><SubscriptionId>${v.id}</SubscriptionId>${el("OrderType", v.orderType)}<CallbackSubscription>${el("URL", v.url)}${el("Expiry", v.expiry)}</CallbackSubscription></Subscription>`;
}
