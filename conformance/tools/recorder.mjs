#!/usr/bin/env node
// Recording HTTP server that pretends to be Bandwidth's Numbers ("Iris") API.
//
// It records every request (method, path, query, headers, raw body) and answers with canned XML
// shaped like the real service (see shared docs wire-format.md), so that the official clients'
// follow-up requests (GET after a 201 + Location, notes look-ups, order instance methods ...) work.
// It is NOT a server implementation: answers do not depend on state beyond ids taken from the path.
//
// Use in-process:
//   import { startRecorder } from "./recorder.mjs";
//   const rec = await startRecorder({ port: 0 });   // rec.url = "http://127.0.0.1:PORT"
//   rec.reset(); ...drive a client at rec.url + "/api"...; rec.take() -> [request, ...]
//   await rec.close();
// or as a process (for the Python driver):
//   node conformance/tools/recorder.mjs [--port 0] [--log requests.jsonl]
//   prints "recorder listening on http://127.0.0.1:PORT" and serves control endpoints:
//     POST /__recorder/reset      clears the capture buffer
//     GET  /__recorder/requests   returns (and clears) the captured requests as JSON
//     POST /__recorder/shutdown   stops the process
// A recorded request is {method, path, query, rawUrl, headers, body (latin1 string of the raw bytes)}.

import http from "node:http";
import { fileURLToPath } from "node:url";
import fs from "node:fs";

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const ACCOUNT = "9900001";
const NOW = "2024-01-02T03:04:05.000Z";

const xml = (s) => DECL + s;
let seq = 100;
const nextId = () => String(++seq);
const uuid = () => {
  const n = String(++seq).padStart(12, "0");
  return `0b5e1a2c-1d2e-4f3a-8b4c-${n}`;
};
let lastNoteId = "8701";

const ADDRESS =
  "<Address><HouseNumber>900</HouseNumber><StreetName>Main Campus</StreetName><StreetSuffix>Dr</StreetSuffix>" +
  "<City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip><Country>United States</Country>" +
  "<AddressType>Service</AddressType></Address>";

const site = (id) =>
  `<Site><Id>${id}</Id><Name>Recorded Site ${id}</Name><Description>canned</Description>${ADDRESS}</Site>`;

const peer = (id, isDefault = true) =>
  `<SipPeer><PeerId>${id}</PeerId><PeerName>peer${id}</PeerName><Description>canned</Description>` +
  `<IsDefaultPeer>${isDefault}</IsDefaultPeer><ShortMessagingProtocol>SIP</ShortMessagingProtocol>` +
  "<VoiceHosts><Host><HostName>192.0.2.10</HostName></Host></VoiceHosts><VoiceHostGroups/><SmsHosts/>" +
  "<TerminationHosts><TerminationHost><HostName>192.0.2.11</HostName><Port>5060</Port>" +
  "<CustomerTrafficAllowed>DOMESTIC</CustomerTrafficAllowed><DataAllowed>true</DataAllowed></TerminationHost></TerminationHosts>" +
  "<CallingName><Display>false</Display><Enforced>false</Enforced></CallingName></SipPeer>";

const TNS = ["9195550101", "9195550102"];

const orderEcho = (id) =>
  `<Order><CustomerOrderId>rec-1</CustomerOrderId><Name>recorded order</Name><OrderCreateDate>${NOW}</OrderCreateDate>` +
  `<PeerId>102</PeerId><BackOrderRequested>false</BackOrderRequested><id>${id}</id>` +
  `<ExistingTelephoneNumberOrderType><TelephoneNumberList>${TNS.map((t) => `<TelephoneNumber>${t}</TelephoneNumber>`).join("")}` +
  `</TelephoneNumberList></ExistingTelephoneNumberOrderType><PartialAllowed>false</PartialAllowed><SiteId>101</SiteId></Order>`;

const orderGet = (id, siteScoped = false) =>
  xml(
    `<OrderResponse><CompletedQuantity>2</CompletedQuantity><CreatedByUser>demo</CreatedByUser>` +
      `<LastModifiedDate>${NOW}</LastModifiedDate><OrderCompleteDate>${NOW}</OrderCompleteDate>` +
      (siteScoped ? "<siteId>101</siteId>" : "") +
      orderEcho(id) +
      `<OrderStatus>COMPLETE</OrderStatus><CompletedNumbers>${TNS.map(
        (t) => `<TelephoneNumber><FullNumber>${t}</FullNumber></TelephoneNumber>`
      ).join("")}</CompletedNumbers><Summary>2 numbers ordered in (919)</Summary><FailedQuantity>0</FailedQuantity></OrderResponse>`
  );

const links = (base) =>
  `<Links><first>Link=&lt;${base}?page=1&amp;size=500&gt;;rel="first";</first></Links>`;

const listOrders = (base, disconnect = false) =>
  xml(
    `<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>1</TotalCount>${links(base)}<OrderIdUserIdDate>` +
      `<CountOfTNs>2</CountOfTNs><CustomerOrderId>rec-1</CustomerOrderId><userId>demo</userId>` +
      `<lastModifiedDate>${NOW}</lastModifiedDate><OrderDate>${NOW}</OrderDate>` +
      (disconnect
        ? `<OrderType>disconnect</OrderType><OrderId>${uuid()}</OrderId>`
        : `<OrderType>new_number</OrderType><orderId>${uuid()}</orderId>`) +
      `<OrderStatus>COMPLETE</OrderStatus></OrderIdUserIdDate></ListOrderIdUserIdDate></ResponseSelectWrapper>`
  );

const tnsPayload = () =>
  xml(
    `<TNs><TotalCount>2</TotalCount>${links("/accounts")}<TelephoneNumbers><Count>2</Count>` +
      TNS.map((t) => `<TelephoneNumber>${t}</TelephoneNumber>`).join("") +
      "</TelephoneNumbers></TNs>"
  );

const history = () =>
  xml(
    `<OrderHistoryWrapper><OrderHistory><OrderDate>${NOW}</OrderDate><Note>Order has been received by the system</Note>` +
      `<Author>demo</Author><Status>RECEIVED</Status></OrderHistory><OrderHistory><OrderDate>${NOW}</OrderDate>` +
      `<Note>Order is complete</Note><Author>System</Author><Status>COMPLETE</Status></OrderHistory></OrderHistoryWrapper>`
  );

const notes = () =>
  xml(
    `<Notes><Note><Id>8700</Id><UserId>demo</UserId><Description>older note</Description>` +
      `<LastDateModifier>${NOW}</LastDateModifier></Note><Note><Id>${lastNoteId}</Id><UserId>demo</UserId>` +
      `<Description>recorded note</Description><LastDateModifier>${NOW}</LastDateModifier></Note></Notes>`
  );

const detailsReport = (el, vals) =>
  xml(
    `<TelephoneDetailsReports>${vals
      .map((v) => `<TelephoneDetailsReport>${el ? `<${el}>${v}</${el}>` : ""}<Count>2</Count></TelephoneDetailsReport>`)
      .join("")}</TelephoneDetailsReports>`
  );

const orderTns = () =>
  xml(`<TelephoneNumbers><Count>2</Count>${TNS.map((t) => `<TelephoneNumber>${t}</TelephoneNumber>`).join("")}</TelephoneNumbers>`);

const portinBody = (id, withOrderId) =>
  (withOrderId ? `<OrderId>${id}</OrderId>` : "") +
  `<Status><Code>201</Code><Description>Order request received. Please use the order id to check the status of your order later.</Description></Status>` +
  `<ProcessingStatus>SUBMITTED</ProcessingStatus><RequestedFocDate>2030-01-02T15:30:00.000Z</RequestedFocDate>` +
  `<LoaAuthorizingPerson>Jane Doe</LoaAuthorizingPerson><Subscriber><SubscriberType>BUSINESS</SubscriberType>` +
  `<BusinessName>Acme Corporation</BusinessName><ServiceAddress><HouseNumber>1623</HouseNumber><StreetName>Brockton Ave</StreetName>` +
  `<City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip><Country>United States</Country></ServiceAddress></Subscriber>` +
  `<BillingTelephoneNumber>9197770101</BillingTelephoneNumber><SiteId>101</SiteId><PeerId>102</PeerId>` +
  `<ListOfPhoneNumbers><PhoneNumber>9197770101</PhoneNumber></ListOfPhoneNumbers><CustomerOrderId>rec-port</CustomerOrderId>` +
  `<Triggered>false</Triggered><BillingType>PORTIN</BillingType>`;

const subscription = (id) =>
  `<Subscription><SubscriptionId>${id}</SubscriptionId><OrderType>orders</OrderType><CallbackSubscription>` +
  `<URL>http://127.0.0.1:9/cb</URL><Expiry>3600</Expiry><Status>200 Callback received</Status></CallbackSubscription></Subscription>`;

const tnOptionOrder = (id) =>
  `<TnOptionOrder><OrderCreateDate>${NOW}</OrderCreateDate><AccountId>${ACCOUNT}</AccountId><CreatedByUser>demo</CreatedByUser>` +
  `<OrderId>${id}</OrderId><LastModifiedDate>${NOW}</LastModifiedDate><ProcessingStatus>RECEIVED</ProcessingStatus>` +
  `<TnOptionGroups><TnOptionGroup><CallingNameDisplay>on</CallingNameDisplay><TelephoneNumbers>` +
  `<TelephoneNumber>${TNS[0]}</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups><ErrorList/></TnOptionOrder>`;

const lidbOrder = (id) =>
  `<LidbOrder><CustomerOrderId>rec-lidb</CustomerOrderId><orderId>${id}</orderId><AccountId>${ACCOUNT}</AccountId>` +
  `<CreatedByUser>demo</CreatedByUser><OrderCreateDate>${NOW}</OrderCreateDate><ProcessingStatus>RECEIVED</ProcessingStatus>` +
  `<LidbTnGroups><LidbTnGroup><TelephoneNumbers><TelephoneNumber>${TNS[0]}</TelephoneNumber></TelephoneNumbers>` +
  `<SubscriberInformation>Steve</SubscriberInformation><UseType>RESIDENTIAL</UseType><Visibility>PUBLIC</Visibility>` +
  `</LidbTnGroup></LidbTnGroups><ErrorList/></LidbOrder>`;

const dldaOrder = (id) =>
  `<DldaOrder><CustomerOrderId>rec-dlda</CustomerOrderId><OrderCreateDate>${NOW}</OrderCreateDate><AccountId>${ACCOUNT}</AccountId>` +
  `<CreatedByUser>demo</CreatedByUser><OrderId>${id}</OrderId><LastModifiedDate>${NOW}</LastModifiedDate>` +
  `<ProcessingStatus>RECEIVED</ProcessingStatus><DldaTnGroups><DldaTnGroup><TelephoneNumbers><TelephoneNumber>${TNS[0]}</TelephoneNumber>` +
  `</TelephoneNumbers><AccountType>RESIDENTIAL</AccountType><ListingType>LISTED</ListingType><ListAddress>true</ListAddress>` +
  `<ListingName><FirstName>Jane</FirstName><LastName>Doe</LastName></ListingName></DldaTnGroup></DldaTnGroups></DldaOrder>`;

/** Canned answer for one request. `p` is the path after the API prefix, lower-cased segments kept in `segs`. */
function route(method, p, query, req) {
  const segs = p.split("/").filter(Boolean);
  const s = segs.map((x) => x.toLowerCase());
  const here = (extra) => `${req.origin}${req.prefix}/${segs.join("/")}/${extra}`;
  const created = (id, body = "") => ({ status: 201, headers: { Location: here(id) }, body });
  const ok = (body = "") => ({ status: 200, body });
  const is = (...pat) => pat.length === s.length && pat.every((x, i) => x === "*" || x === s[i]);

  // ---- global resources ----
  if (is("tns")) {
    return ok(
      xml(
        `<TelephoneNumbersResponse><TelephoneNumberCount>2</TelephoneNumberCount>${links("/tns")}<TelephoneNumbers>` +
          TNS.map(
            (t) =>
              `<TelephoneNumber><City>RALEIGH</City><Lata>426</Lata><State>NC</State><FullNumber>${t}</FullNumber><Tier>0</Tier>` +
              `<VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName><RateCenter>RALEIGH</RateCenter><Status>Inservice</Status>` +
              `<AccountId>${ACCOUNT}</AccountId><LastModified>${NOW}</LastModified><InServiceDate>${NOW}</InServiceDate></TelephoneNumber>`
          ).join("") +
          "</TelephoneNumbers></TelephoneNumbersResponse>"
      )
    );
  }
  if (is("tns", "*")) {
    return ok(
      xml(
        `<TelephoneNumberResponse><TelephoneNumber>${segs[1]}</TelephoneNumber><Status>Inservice</Status>` +
          `<LastModifiedDate>${NOW}</LastModifiedDate><OrderCreateDate>${NOW}</OrderCreateDate><OrderId>${uuid()}</OrderId>` +
          `<OrderType>NEW_NUMBER_ORDER</OrderType><InServiceDate>${NOW}</InServiceDate><SiteId>101</SiteId>` +
          `<AccountId>${ACCOUNT}</AccountId></TelephoneNumberResponse>`
      )
    );
  }
  if (is("tns", "*", "tndetails")) {
    return ok(
      xml(
        `<TelephoneNumberResponse><TelephoneNumberDetails><City>RALEIGH</City><Lata>426</Lata><State>NC</State>` +
          `<FullNumber>${segs[1]}</FullNumber><Tier>0</Tier><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName>` +
          `<OnNetVendor>true</OnNetVendor><RateCenter>RALEIGH</RateCenter><Status>Inservice</Status><AccountId>${ACCOUNT}</AccountId>` +
          `<Site><Id>101</Id><Name>Recorded Site 101</Name></Site><SipPeer><PeerId>102</PeerId><PeerName>peer102</PeerName>` +
          `<IsDefaultPeer>true</IsDefaultPeer></SipPeer><ServiceTypes><ServiceType>Voice</ServiceType></ServiceTypes>` +
          `<LastModified>${NOW}</LastModified><InServiceDate>${NOW}</InServiceDate></TelephoneNumberDetails></TelephoneNumberResponse>`
      )
    );
  }
  if (is("tns", "*", "sites")) return ok(xml("<Site><Id>101</Id><Name>Recorded Site 101</Name></Site>"));
  if (is("tns", "*", "sippeers")) return ok(xml("<SipPeer><Id>102</Id><Name>peer102</Name></SipPeer>"));
  if (is("tns", "*", "ratecenter"))
    return ok(xml("<TelephoneNumberResponse><TelephoneNumberDetails><State>NC</State><RateCenter>RALEIGH</RateCenter></TelephoneNumberDetails></TelephoneNumberResponse>"));
  if (is("tns", "*", "lata"))
    return ok(xml("<TelephoneNumberResponse><TelephoneNumberDetails><State>NC</State><Lata>426</Lata></TelephoneNumberDetails></TelephoneNumberResponse>"));
  if (is("tns", "*", "lca"))
    return ok(
      xml(
        "<SearchResult><ListofNPANXX><NPANXX>919555</NPANXX><NPANXX>919556</NPANXX></ListofNPANXX><Location><RateCenters>" +
          "<State>NC</State><RCs><RC>RALEIGH</RC><RC>CARY</RC></RCs></RateCenters></Location></SearchResult>"
      )
    );
  if (is("tns", "*", "history"))
    return ok(
      xml(
        `<TelephoneNumberResponse><TelephoneNumberStatuses><TelephoneNumberStatus><AccountId>${ACCOUNT}</AccountId>` +
          `<LastModifiedDate>${NOW}</LastModifiedDate><OrderCreateDate>${NOW}</OrderCreateDate><OrderId>${uuid()}</OrderId>` +
          `<Status>COMPLETE</Status><UserId>demo</UserId><OrderType>NEW_NUMBER_ORDER</OrderType></TelephoneNumberStatus>` +
          `</TelephoneNumberStatuses></TelephoneNumberResponse>`
      )
    );
  if (is("tns", "*", "tnreservation"))
    return ok(
      xml(
        `<TNReservation><ReservationId>${uuid()}</ReservationId><AccountId>${ACCOUNT}</AccountId>` +
          `<ReservationExpires>1492</ReservationExpires><ReservedTn>${segs[1]}</ReservedTn></TNReservation>`
      )
    );
  if (is("cities"))
    return ok(
      xml(
        "<CityResponse><ResultCount>2</ResultCount><Cities><City><RcAbbreviation>RALEIGH</RcAbbreviation><Name>RALEIGH</Name></City>" +
          "<City><RcAbbreviation>CARY</RcAbbreviation><Name>CARY</Name></City></Cities></CityResponse>"
      )
    );
  if (is("ratecenters"))
    return ok(
      xml(
        "<RateCenterResponse><ResultCount>2</ResultCount><RateCenters><RateCenter><Abbreviation>RALEIGH</Abbreviation><Name>RALEIGH</Name></RateCenter>" +
          "<RateCenter><Abbreviation>CARY</Abbreviation><Name>CARY</Name></RateCenter></RateCenters></RateCenterResponse>"
      )
    );
  const crc = (id) =>
    `<CoveredRateCenter><Name>RALEIGH</Name><Abbreviation>RALEIGH</Abbreviation><State>NC</State><Lata>426</Lata>` +
    `<ZipCodes><ZipCode>27606</ZipCode></ZipCodes><Cities><City>RALEIGH</City></Cities><Tiers><Tier>0</Tier></Tiers>` +
    `<NpaNxxXs><NpaNxxX>9195550</NpaNxxX></NpaNxxXs><Id>${id}</Id></CoveredRateCenter>`;
  if (is("coveredratecenters")) return ok(xml(`<CoveredRateCenters><TotalCount>1</TotalCount>${crc(3151)}</CoveredRateCenters>`));
  if (is("coveredratecenters", "*")) return ok(xml(crc(segs[1])));
  if (is("users"))
    return ok(
      xml(
        "<UsersResponse><Users><User><Username>demo</Username><FirstName>Demo</FirstName><LastName>User</LastName>" +
          "<EmailAddress>demo@example.invalid</EmailAddress><TelephoneNumber>9195550100</TelephoneNumber></User></Users></UsersResponse>"
      )
    );
  if (is("users", "*", "password")) return ok();
  if (is("users", "*")) return ok(xml(`<UserResponse><User><Username>${segs[1]}</Username></User></UserResponse>`));

  if (s[0] !== "accounts" || s.length < 2) return { status: 404, body: xml("<ErrorResponse><ResponseStatus><Description>The resource does not exist</Description></ResponseStatus></ErrorResponse>") };
  const a = s.slice(2);
  const A = segs.slice(2);
  const at = (...pat) => pat.length === a.length && pat.every((x, i) => x === "*" || x === a[i]);

  if (a.length === 0)
    return ok(
      xml(
        `<AccountResponse><Account><AccountId>${segs[1]}</AccountId><CompanyName>Recorder Inc</CompanyName><AccountType>Business</AccountType>` +
          `<Tiers><Tier>0</Tier></Tiers>${ADDRESS}<Contact><FirstName>Demo</FirstName><LastName>User</LastName><Phone>9195550100</Phone>` +
          `<Email>demo@example.invalid</Email></Contact><ReservationAllowed>true</ReservationAllowed><LnpEnabled>true</LnpEnabled>` +
          `<PortCarrierType>WIRELINE</PortCarrierType></Account></AccountResponse>`
      )
    );
  if (at("products"))
    return ok(xml("<AccountProductsResponse><Products><Product><Name>Termination</Name></Product><Product><Name>Origination</Name></Product></Products></AccountProductsResponse>"));
  if (at("users"))
    return ok(xml("<UsersResponse><Users><User><Username>demo</Username><FirstName>Demo</FirstName><LastName>User</LastName></User></Users></UsersResponse>"));

  // ---- sites & sip peers ----
  if (at("sites")) {
    if (method === "POST") return created(nextId());
    return ok(xml(`<SitesResponse><Sites>${site(101)}${site(103)}</Sites></SitesResponse>`));
  }
  if (at("sites", "*")) {
    if (method === "DELETE") return ok();
    return ok(xml(`<SiteResponse>${site(A[1])}</SiteResponse>`));
  }
  if (at("sites", "*", "totaltns")) return ok(xml("<SiteTNsResponse><SiteTNs><TotalCount>2</TotalCount></SiteTNs></SiteTNsResponse>"));
  if (at("sites", "*", "inservicenumbers")) return ok(tnsPayload());
  if (at("sites", "*", "orders")) return ok(listOrders("/orders"));
  if (at("sites", "*", "orders", "*")) return ok(orderGet(A[3], true));
  if (at("sites", "*", "orders", "*", "tns")) return ok(orderTns());
  if (at("sites", "*", "portins")) return ok(portinList());
  if (at("sites", "*", "portins", "*")) return ok(xml(`<LnpOrderResponse>${portinBody(A[3], false)}</LnpOrderResponse>`));
  if (at("sites", "*", "sippeers")) {
    if (method === "POST") return created(nextId());
    return ok(xml(`<TNSipPeersResponse><SipPeers>${peer(102, true)}${peer(104, false)}</SipPeers></TNSipPeersResponse>`));
  }
  if (at("sites", "*", "sippeers", "*")) {
    if (method === "DELETE") return ok();
    return ok(xml(`<SipPeerResponse>${peer(A[3], true)}</SipPeerResponse>`));
  }
  const sptn = (t) =>
    `<SipPeerTelephoneNumber><FullNumber>${t}</FullNumber><CallingNameDisplay>true</CallingNameDisplay>` +
    `<MessagingSettings><SmsEnabled>false</SmsEnabled></MessagingSettings></SipPeerTelephoneNumber>`;
  if (at("sites", "*", "sippeers", "*", "tns"))
    return ok(xml(`<SipPeerTelephoneNumbersResponse><SipPeerTelephoneNumbers>${TNS.map(sptn).join("")}</SipPeerTelephoneNumbers></SipPeerTelephoneNumbersResponse>`));
  if (at("sites", "*", "sippeers", "*", "tns", "*")) {
    if (method === "PUT") return ok();
    return ok(xml(`<SipPeerTelephoneNumberResponse>${sptn(A[5])}</SipPeerTelephoneNumberResponse>`));
  }
  if (at("sites", "*", "sippeers", "*", "totaltns"))
    return ok(
      xml(
        "<SipPeerTelephoneNumbersCountResponse><SipPeerTelephoneNumbersCount><SipPeerTelephoneNumbersCount>2</SipPeerTelephoneNumbersCount>" +
          "</SipPeerTelephoneNumbersCount></SipPeerTelephoneNumbersCountResponse>"
      )
    );
  if (at("sites", "*", "sippeers", "*", "movetns")) return ok();

  // ---- search ----
  if (at("availablenumbers")) {
    const q = lowerKeys(query);
    const tollFree = q.tollfreewildcardpattern || q.tollfreevanity;
    const nums = tollFree ? ["8885550101", "8885550102"] : TNS;
    if (String(q.enabletndetail).toLowerCase() === "true") {
      return ok(
        xml(
          `<SearchResult><ResultCount>${nums.length}</ResultCount><TelephoneNumberDetailList>` +
            nums
              .map(
                (t) =>
                  `<TelephoneNumberDetail><City>RALEIGH</City><LATA>426</LATA><RateCenter>RALEIGH</RateCenter><State>NC</State>` +
                  `<FullNumber>${t}</FullNumber><Tier>0</Tier><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName></TelephoneNumberDetail>`
              )
              .join("") +
            "</TelephoneNumberDetailList></SearchResult>"
        )
      );
    }
    return ok(
      xml(
        `<SearchResult><ResultCount>${nums.length}</ResultCount><TelephoneNumberList>` +
          nums.map((t) => `<TelephoneNumber>${t}</TelephoneNumber>`).join("") +
          "</TelephoneNumberList></SearchResult>"
      )
    );
  }
  if (at("availablenpanxx"))
    return ok(
      xml(
        "<SearchResultForAvailableNpaNxx><AvailableNpaNxxList><AvailableNpaNxx><City>RALEIGH</City><Npa>919</Npa><Nxx>555</Nxx>" +
          "<Quantity>12</Quantity><State>NC</State></AvailableNpaNxx><AvailableNpaNxx><City>CARY</City><Npa>919</Npa><Nxx>556</Nxx>" +
          "<Quantity>7</Quantity><State>NC</State></AvailableNpaNxx></AvailableNpaNxxList></SearchResultForAvailableNpaNxx>"
      )
    );

  // ---- orders ----
  if (at("orders")) {
    if (method === "POST") {
      const id = uuid();
      return created(id, xml(`<OrderResponse>${orderEcho(id)}<OrderStatus>RECEIVED</OrderStatus></OrderResponse>`));
    }
    return ok(listOrders("/orders"));
  }
  if (at("orders", "totals")) return ok(xml("<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>1</TotalCount></ListOrderIdUserIdDate></ResponseSelectWrapper>"));
  // ---- shared order-like sub-resources ----
  const orderish = ["orders", "portins", "disconnects", "dldas", "lidbs", "tnoptions"];
  if (a.length === 3 && orderish.includes(a[0])) {
    if (a[2] === "history") return ok(history());
    if (a[2] === "notes") {
      if (method === "POST") {
        lastNoteId = nextId();
        return created(lastNoteId);
      }
      return ok(notes());
    }
    if (a[2] === "tns") return ok(orderTns());
    if (a[2] === "areacodes") return ok(detailsReport("AreaCode", ["919"]));
    if (a[2] === "npanxx") return ok(detailsReport("NPA-NXX", ["919555"]));
    if (a[2] === "totals") return a[0] === "portins" ? ok(xml("<Quantity><Count>2</Count></Quantity>")) : ok(detailsReport(null, [0]));
  }
  if (at("orders", "*")) {
    if (method === "PUT") return ok(xml("<OrderResponse/>"));
    return ok(orderGet(A[1]));
  }

  // ---- reservations ----
  if (at("tnreservation")) return created(uuid());
  if (at("tnreservation", "*")) {
    const body = xml(
      `<ReservationResponse><Reservation><ReservationId>${A[1]}</ReservationId><AccountId>${ACCOUNT}</AccountId>` +
        `<ReservationExpires>14400</ReservationExpires><ReservedTn>${TNS[0]}</ReservedTn></Reservation></ReservationResponse>`
    );
    return ok(body);
  }

  // ---- inventory ----
  if (at("inservicenumbers")) return ok(tnsPayload());
  if (at("inservicenumbers", "totals")) return ok(xml("<Quantity><Count>2</Count></Quantity>"));
  if (at("inservicenumbers", "*")) return ok();
  if (at("discnumbers")) return ok(tnsPayload());
  if (at("discnumbers", "totals")) return ok(xml("<Quantity><Count>2</Count></Quantity>"));

  // ---- disconnects ----
  const discResp = (id, status) =>
    xml(
      `<DisconnectTelephoneNumberOrderResponse>` +
        (status === "COMPLETE" ? `<DisconnectedTelephoneNumberList><TelephoneNumber>${TNS[1]}</TelephoneNumber></DisconnectedTelephoneNumberList><ErrorList/>` : "") +
        `<orderRequest><Name>recorded disconnect</Name><OrderCreateDate>${NOW}</OrderCreateDate><id>${id}</id>` +
        `<DisconnectTelephoneNumberOrderType><TelephoneNumberList><TelephoneNumber>${TNS[1]}</TelephoneNumber></TelephoneNumberList>` +
        `<DisconnectMode>normal</DisconnectMode></DisconnectTelephoneNumberOrderType></orderRequest><OrderStatus>${status}</OrderStatus>` +
        `</DisconnectTelephoneNumberOrderResponse>`
    );
  if (at("disconnects")) {
    if (method === "POST") {
      const id = uuid();
      return created(id, discResp(id, "RECEIVED"));
    }
    return ok(listOrders("/disconnects", true));
  }
  if (at("disconnects", "*")) return ok(discResp(A[1], "COMPLETE"));

  // ---- features ----
  if (at("tnoptions")) {
    if (method === "POST") {
      const id = uuid();
      return created(id, xml(`<TnOptionOrderResponse>${tnOptionOrder(id)}</TnOptionOrderResponse>`));
    }
    return ok(
      xml(
        `<TnOptionOrders><TotalCount>1</TotalCount><TnOptionOrderSummary><accountId>${ACCOUNT}</accountId><CountOfTNs>1</CountOfTNs>` +
          `<userId>demo</userId><lastModifiedDate>${NOW}</lastModifiedDate><OrderDate>${NOW}</OrderDate><OrderType>tn_option</OrderType>` +
          `<OrderStatus>COMPLETE</OrderStatus><OrderId>${uuid()}</OrderId></TnOptionOrderSummary></TnOptionOrders>`
      )
    );
  }
  if (at("tnoptions", "*")) return ok(xml(tnOptionOrder(A[1])));
  if (at("lidbs")) {
    if (method === "POST") {
      const id = uuid();
      return created(id, xml(`<LidbOrderResponse>${lidbOrder(id)}</LidbOrderResponse>`));
    }
    return ok(
      xml(
        `<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>1</TotalCount><OrderIdUserIdDate><CountOfTNs>1</CountOfTNs>` +
          `<userId>demo</userId><lastModifiedDate>${NOW}</lastModifiedDate><OrderType>lidb</OrderType><OrderDate>${NOW}</OrderDate>` +
          `<orderId>${uuid()}</orderId><OrderStatus>COMPLETE</OrderStatus></OrderIdUserIdDate></ListOrderIdUserIdDate></ResponseSelectWrapper>`
      )
    );
  }
  if (at("lidbs", "*")) return ok(xml(lidbOrder(A[1])));
  if (at("dldas")) {
    // Python's Dlda.save() parses the POST body (ParseError on an empty one); Node follows Location.
    if (method === "POST") {
      const id = uuid();
      return created(id, xml(`<DldaOrderResponse>${dldaOrder(id)}</DldaOrderResponse>`));
    }
    return ok(
      xml(
        `<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>1</TotalCount><OrderIdUserIdDate><CountOfTNs>1</CountOfTNs>` +
          `<userId>demo</userId><lastModifiedDate>${NOW}</lastModifiedDate><OrderType>dlda</OrderType><OrderDate>${NOW}</OrderDate>` +
          `<orderId>${uuid()}</orderId><OrderStatus>COMPLETE</OrderStatus></OrderIdUserIdDate></ListOrderIdUserIdDate></ResponseSelectWrapper>`
      )
    );
  }
  if (at("dldas", "*")) {
    return ok(xml(`<DldaOrderResponse>${dldaOrder(A[1])}</DldaOrderResponse>`));
  }

  // ---- port-ins ----
  if (at("lnpchecker"))
    return ok(
      xml(
        "<NumberPortabilityResponse><PortType>AUTOMATED</PortType><SupportedRateCenters><RateCenterGroup><RateCenter>RALEIGH</RateCenter>" +
          "<City>RALEIGH</City><State>NC</State><LATA>426</LATA><Tiers><Tier>0</Tier></Tiers><TnList><Tn>9197770101</Tn></TnList>" +
          "</RateCenterGroup></SupportedRateCenters><UnsupportedRateCenters/></NumberPortabilityResponse>"
      )
    );
  if (at("portins")) {
    if (method === "POST") {
      const id = uuid();
      return created(id, xml(`<LnpOrderResponse>${portinBody(id, true)}</LnpOrderResponse>`));
    }
    return ok(portinList());
  }
  if (at("portins", "totals")) return ok(xml("<Quantity><Count>1</Count></Quantity>"));
  if (at("portins", "*")) {
    if (method === "DELETE") return ok();
    if (method === "PUT")
      return ok(
        xml(
          `<LnpOrderResponse><OrderId>${A[1]}</OrderId><Status><Code>200</Code><Description>Supp request received. Please use the order id to check the status of your order later.</Description></Status>` +
            `<ProcessingStatus>REQUESTED_SUPP</ProcessingStatus></LnpOrderResponse>`
        )
      );
    return ok(xml(`<LnpOrderResponse>${portinBody(A[1], false)}</LnpOrderResponse>`));
  }
  if (at("portins", "*", "activationstatus")) {
    if (method === "PUT") return ok();
    return ok(
      xml(
        `<ActivationStatusResponse><ActivationStatus><AutoActivationDate>2030-01-02T15:30:00.000Z</AutoActivationDate>` +
          `<ActivatedTelephoneNumbersList/><NotYetActivatedTelephoneNumbersList><TelephoneNumber>9197770101</TelephoneNumber>` +
          `</NotYetActivatedTelephoneNumbersList></ActivationStatus></ActivationStatusResponse>`
      )
    );
  }
  if (at("portins", "*", "loas")) {
    if (method === "POST") {
      const name = `${A[1]}-1700000000000.pdf`;
      return created(
        name,
        xml(`<fileUploadResponse><filename>${name}</filename><resultCode>0</resultCode><resultMessage>LOA file uploaded successfully for order ${A[1]}</resultMessage></fileUploadResponse>`)
      );
    }
    const meta = String(lowerKeys(query).metadata).toLowerCase() === "true";
    const name = `${A[1]}-1700000000000.pdf`;
    return ok(
      xml(
        `<fileListResponse><fileCount>1</fileCount>` +
          (meta
            ? `<fileData><FileName>${name}</FileName><FileMetaData><DocumentName>loa.pdf</DocumentName><DocumentType>LOA</DocumentType></FileMetaData></fileData>`
            : `<fileNames>${name}</fileNames>`) +
          `<resultCode>0</resultCode><resultMessage>LOA file list successfully returned</resultMessage></fileListResponse>`
      )
    );
  }
  if (at("portins", "*", "loas", "*")) {
    if (method === "GET") return { status: 200, headers: { "Content-Type": "application/pdf" }, body: "%PDF-1.4\n% recorded LOA\n" };
    if (method === "DELETE") return ok();
    return ok(
      xml(`<fileUploadResponse><filename>${A[3]}</filename><resultCode>0</resultCode><resultMessage>LOA file updated successfully for order ${A[1]}</resultMessage></fileUploadResponse>`)
    );
  }
  if (at("portins", "*", "loas", "*", "metadata")) {
    if (method === "GET") return ok(xml("<FileMetaData><DocumentName>loa.pdf</DocumentName><DocumentType>LOA</DocumentType></FileMetaData>"));
    return ok();
  }

  // ---- subscriptions ----
  if (at("subscriptions")) {
    if (method === "POST") return created(uuid());
    return ok(xml(`<SubscriptionsResponse><Subscriptions>${subscription(uuid())}${subscription(uuid())}</Subscriptions></SubscriptionsResponse>`));
  }
  if (at("subscriptions", "*")) {
    if (method === "GET") return ok(xml(`<SubscriptionsResponse><Subscriptions>${subscription(A[1])}</Subscriptions></SubscriptionsResponse>`));
    return ok();
  }

  // ---- port-outs (P1, used by Python list) ----
  if (at("portouts")) return ok(portinList());

  return {
    status: 404,
    body: xml("<ErrorResponse><ResponseStatus><Description>The resource does not exist</Description></ResponseStatus></ErrorResponse>"),
  };
}

function portinList() {
  return xml(
    `<LNPResponseWrapper><TotalCount>1</TotalCount>${links("/portins")}<lnpPortInfoForGivenStatus><accountId>${ACCOUNT}</accountId>` +
      `<CountOfTNs>1</CountOfTNs><CustomerOrderId>rec-port</CustomerOrderId><userId>demo</userId><lastModifiedDate>${NOW}</lastModifiedDate>` +
      `<OrderDate>${NOW}</OrderDate><OrderId>${uuid()}</OrderId><OrderType>port_in</OrderType><BillingTelephoneNumber>9197770101</BillingTelephoneNumber>` +
      `<ProcessingStatus>SUBMITTED</ProcessingStatus><RequestedFOCDate>2030-01-02T15:30:00.000Z</RequestedFOCDate><VendorId>49</VendorId>` +
      `<VendorName>Bandwidth CLEC</VendorName></lnpPortInfoForGivenStatus></LNPResponseWrapper>`
  );
}

function lowerKeys(q) {
  const out = {};
  for (const [k, v] of Object.entries(q)) out[k.toLowerCase()] = v;
  return out;
}

const PREFIXES = ["/api/v1", "/api", "/v1.0"];

/** Starts the recorder. Returns {url, requests, reset(), take(), close()}. */
export function startRecorder({ port = 0, host = "127.0.0.1", log = null } = {}) {
  const requests = [];
  let shutdown = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const u = new URL(req.url, `http://${req.headers.host || host}`);
      // ---- control plane (not recorded) ----
      if (u.pathname.startsWith("/__recorder/")) {
        const what = u.pathname.slice("/__recorder/".length);
        res.setHeader("Content-Type", "application/json");
        if (what === "reset") {
          requests.length = 0;
          return res.end("{}");
        }
        if (what === "requests") {
          const out = JSON.stringify(requests.splice(0));
          return res.end(out);
        }
        if (what === "shutdown") {
          res.end("{}");
          if (shutdown) shutdown();
          return;
        }
        res.statusCode = 404;
        return res.end("{}");
      }
      const query = {};
      for (const [k, v] of u.searchParams) query[k] = v;
      const rec = {
        method: req.method,
        path: u.pathname,
        query,
        rawUrl: req.url,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: raw.toString("latin1"),
      };
      requests.push(rec);
      if (log) fs.appendFileSync(log, JSON.stringify(rec) + "\n");

      const prefix = PREFIXES.find((p) => u.pathname.toLowerCase().startsWith(p + "/")) || "";
      const p = u.pathname.slice(prefix.length);
      let answer;
      try {
        answer = route(req.method, p, query, { origin: `http://${req.headers.host}`, prefix });
      } catch (e) {
        answer = { status: 500, body: String(e && e.stack) };
      }
      res.statusCode = answer.status;
      const headers = { "Content-Type": "application/xml", ...(answer.headers || {}) };
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.end(answer.body || "");
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const url = `http://${host}:${addr.port}`;
      const api = {
        url,
        requests,
        reset: () => {
          requests.length = 0;
        },
        take: () => requests.splice(0),
        close: () => new Promise((r) => server.close(() => r())),
        onShutdown: (fn) => {
          shutdown = fn;
        },
      };
      resolve(api);
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const rec = await startRecorder({ port: Number(opt("--port", 0)), log: opt("--log", null) });
  rec.onShutdown(() => rec.close().then(() => process.exit(0)));
  console.log(`recorder listening on ${rec.url}`);
}
