//! Geography look-ups over HTTP: `availableNpaNxx`, `/cities`,
//! `/rateCenters`, `/coveredRateCenters[/{id}]` — answered from the
//! inventory (here a small imported one that replaces the default, so
//! every count is known), with paging links, filters and every error code.

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, TestApp};

/// Two NC rate centres (Raleigh: an exchange less an excluded thousands
/// block, plus a tier-1 thousands block with a ZIP and its own vendor;
/// Charlotte: an exchange with a ZIP), an invented NC town, and Chicago.
const INVENTORY: &str = "\
number,state,rate_center,city,lata,zip,tier,status,vendor_id,vendor_name
919212,NC,RALEIGH,Raleigh,426,,0,,,
9192131,NC,RALEIGH,Raleigh,426,27601,1,,77,Acme Tel
9192125,,,,,,,excluded,,
704200,NC,CHARLOTTE,Charlotte,420,28202,0,,,
9102331,NC,TESTVILLE,Testville,426,28999,2,,,
3125521,IL,CHICAGO,Chicago,358,,0,,,
";

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    app.import_inventory(INVENTORY, true).await;
    app
}

/// The texts of every `<name>` element, in order.
fn all_of(body: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    body.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split_once(&close).map(|(text, _)| text.to_string()))
        .collect()
}

fn npa_nxx(query: &str) -> String {
    format!("/accounts/{ACCOUNT}/availableNpaNxx?{query}")
}

#[tokio::test]
async fn available_npa_nxx_lists_exchanges_with_their_available_quantity() {
    let app = app().await;
    let r = app.get(&npa_nxx("areaCode=919&quantity=5")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SearchResultForAvailableNpaNxx><AvailableNpaNxxList><AvailableNpaNxx><City>RALEIGH</City><Npa>919</Npa><Nxx>212</Nxx><Quantity>9000</Quantity><State>NC</State></AvailableNpaNxx><AvailableNpaNxx><City>RALEIGH</City><Npa>919</Npa><Nxx>213</Nxx><Quantity>1000</Quantity><State>NC</State></AvailableNpaNxx></AvailableNpaNxxList></SearchResultForAvailableNpaNxx>"#);

    let r = app.get(&npa_nxx("areacode=919&quantity=1")).await;
    assert_eq!(all_of(&r.body, "Nxx"), ["212"], "quantity caps the entries");
    let r = app.get(&npa_nxx("state=nc")).await;
    assert_eq!(all_of(&r.body, "Npa"), ["704", "910", "919", "919"]);
    let r = app.get(&npa_nxx("state=IL&areaCode=919")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<AvailableNpaNxxList/>"), "{}", r.body);
    // Under /v1.0 too.
    let r = app
        .get(&format!(
            "/v1.0/accounts/{ACCOUNT}/availablenpanxx?areaCode=312"
        ))
        .await;
    assert_eq!(all_of(&r.body, "Quantity"), ["1000"]);
}

#[tokio::test]
async fn available_npa_nxx_errors() {
    let app = app().await;
    for (query, code) in [
        ("", 4010),
        ("quantity=5", 4010),
        ("areaCode=123", 4000),
        ("areaCode=9x9", 4000),
        ("state=XX", 4006),
        ("areaCode=919&quantity=0", 5009),
        ("areaCode=919&quantity=5001", 5009),
    ] {
        let r = app.get(&npa_nxx(query)).await;
        r.assert_error(400, code);
        assert!(
            r.body
                .contains("<SearchResultForAvailableNpaNxx><Error><Code>"),
            "{query}: {}",
            r.body
        );
    }
    let r = app
        .get("/accounts/9999999/availableNpaNxx?areaCode=919")
        .await;
    r.assert_error(403, 5051);
}

#[tokio::test]
async fn cities_of_a_state_come_from_the_inventory() {
    let app = app().await;
    let r = app.get("/cities?state=NC").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><CityResponse><ResultCount>3</ResultCount><Cities><City><RcAbbreviation>CHARLOTTE</RcAbbreviation><Name>CHARLOTTE</Name></City><City><RcAbbreviation>RALEIGH</RcAbbreviation><Name>RALEIGH</Name></City><City><RcAbbreviation>TESTVILLE</RcAbbreviation><Name>TESTVILLE</Name></City></Cities></CityResponse>"#);
    let r = app
        .get("/cities?state=nc&available=true&supported=true")
        .await;
    assert_eq!(
        all_of(&r.body, "AvailableTelephoneNumberCount"),
        ["10000", "10000", "1000"]
    );
    let r = app.get("/api/v1/cities?state=IL").await;
    assert_eq!(all_of(&r.body, "Name"), ["CHICAGO"]);
    let r = app.get("/cities?state=WY").await;
    assert!(
        r.body.contains("<ResultCount>0</ResultCount><Cities/>"),
        "{}",
        r.body
    );

    for (query, code) in [
        ("", 4006),
        ("state=", 4006),
        ("state=XX", 4006),
        ("state=NC&available=yes", 4010),
    ] {
        let r = app.get(&format!("/cities?{query}")).await;
        r.assert_error(400, code);
        assert!(
            r.body.contains("<CityResponse><ResponseStatus><ErrorCode>"),
            "{}",
            r.body
        );
    }
    let r = app
        .request_as(Method::GET, "/api/cities?state=NC", None, None)
        .await;
    r.assert_error(401, 1001);
}

#[tokio::test]
async fn rate_centers_of_a_state_in_any_path_case() {
    let app = app().await;
    let r = app.get("/rateCenters?state=NC&available=true").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><RateCenterResponse><ResultCount>3</ResultCount><RateCenters><RateCenter><Abbreviation>CHARLOTTE</Abbreviation><AvailableTelephoneNumberCount>10000</AvailableTelephoneNumberCount><Name>CHARLOTTE</Name></RateCenter><RateCenter><Abbreviation>RALEIGH</Abbreviation><AvailableTelephoneNumberCount>10000</AvailableTelephoneNumberCount><Name>RALEIGH</Name></RateCenter><RateCenter><Abbreviation>TESTVILLE</Abbreviation><AvailableTelephoneNumberCount>1000</AvailableTelephoneNumberCount><Name>TESTVILLE</Name></RateCenter></RateCenters></RateCenterResponse>"#);
    let r = app.get("/ratecenters?state=il").await;
    assert_eq!(all_of(&r.body, "Abbreviation"), ["CHICAGO"]);
    assert!(!r.body.contains("AvailableTelephoneNumberCount"));
    let r = app.get("/v1.0/RATECENTERS?state=NC").await;
    assert_eq!(all_of(&r.body, "ResultCount"), ["3"]);
    let r = app.get("/rateCenters").await;
    r.assert_error(400, 4006);
    assert!(
        r.body.contains("<RateCenterResponse><ResponseStatus>"),
        "{}",
        r.body
    );
    let r = app.get("/rateCenters?state=NC&supported=1").await;
    r.assert_error(400, 4010);
}

#[tokio::test]
async fn the_embedded_default_inventory_has_places_too() {
    let app = TestApp::spawn().await;
    let r = app.get("/cities?state=NC").await;
    assert!(all_of(&r.body, "Name").contains(&"RALEIGH".to_string()));
    let r = app.get(&npa_nxx("areaCode=919&quantity=3")).await;
    assert_eq!(all_of(&r.body, "Quantity"), ["10000", "10000", "10000"]);
    let r = app
        .get("/coveredRateCenters?state=NC&abbreviation=RALEIGH")
        .await;
    assert_eq!(all_of(&r.body, "Lata"), ["426"]);
}

/// The URL inside a `Link=<…>;rel="…";` text, unescaped.
fn link_url(text: &str) -> String {
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let start = text.find('<').expect("a link") + 1;
    text[start..text.find('>').expect("a link")].to_string()
}

#[tokio::test]
async fn covered_rate_centers_page_by_id_with_links_under_the_request_prefix() {
    let app = app().await;
    let r = app.get("/coveredRateCenters?state=NC").await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "missing page/size is the first page: {}",
        r.body
    );
    assert_eq!(all_of(&r.body, "TotalCount"), ["3"]);
    let ids: Vec<u64> = all_of(&r.body, "Id")
        .iter()
        .map(|i| i.parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "ordered by id: {ids:?}"
    );
    assert!(!r.body.contains("<next>"), "one page only: {}", r.body);
    let first = link_url(&all_of(&r.body, "first")[0]);
    assert!(
        first.ends_with("/api/coveredRateCenters?state=NC&page=1&size=500"),
        "{first}"
    );

    // Ruby and Java use /v1.0; links keep it, and following them walks every page.
    let mut url = "/v1.0/coveredratecenters?state=NC&size=1&page=1&embed=Cities".to_string();
    let mut seen = Vec::new();
    loop {
        let r = app.get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.body);
        assert_eq!(all_of(&r.body, "TotalCount"), ["3"]);
        seen.extend(all_of(&r.body, "Id"));
        assert!(
            r.body.contains("<Cities><City>"),
            "embed kept across pages: {}",
            r.body
        );
        let first = link_url(&all_of(&r.body, "first")[0]);
        assert!(
            first.contains("/v1.0/coveredRateCenters?state=NC&embed=Cities&page=1&size=1"),
            "{first}"
        );
        let Some(next) = all_of(&r.body, "next").pop() else {
            break;
        };
        let next = link_url(&next);
        assert!(next.starts_with(&app.address), "{next}");
        url = next[app.address.len()..].to_string();
        assert!(url.starts_with("/v1.0/"), "{url}");
    }
    let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn covered_rate_center_filters_and_embeds() {
    let app = app().await;
    let names = |body: &str| all_of(body, "Abbreviation");
    for (query, want) in [
        ("abbreviation=raleigh", vec!["RALEIGH"]),
        ("name=Charlotte", vec!["CHARLOTTE"]),
        ("city=RALEIGH&state=NC", vec!["RALEIGH"]),
        ("zip=27601", vec!["RALEIGH"]),
        ("zip=28202", vec!["CHARLOTTE"]),
        ("lata=420", vec!["CHARLOTTE"]),
        ("tier=1", vec!["RALEIGH"]),
        ("tier=2&state=NC", vec!["TESTVILLE"]),
        ("npa=704", vec!["CHARLOTTE"]),
        ("npaNxx=919213", vec!["RALEIGH"]),
        ("npanxxx=9192124", vec!["RALEIGH"]),
        // The excluded thousands block is sold by nobody.
        ("npaNxxX=9192125", vec![]),
        ("npa=919&npaNxx=704200", vec![]),
        ("state=IL", vec!["CHICAGO"]),
        ("state=WY", vec![]),
    ] {
        let r = app
            .get(&format!("/coveredRateCenters?page=1&size=500&{query}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
        assert_eq!(names(&r.body), want, "{query}");
    }
    let r = app
        .get("/coveredRateCenters?abbreviation=RALEIGH&embed=AvailableNumberCount&embed=ZipCodes,NpaNxxX,Cities,Vendors")
        .await;
    assert_eq!(all_of(&r.body, "AvailableNumberCount"), ["10000"]);
    assert_eq!(all_of(&r.body, "Tier"), ["0", "1"]);
    assert!(
        all_of(&r.body, "ZipCode").contains(&"27601".to_string()),
        "{}",
        r.body
    );
    let xs = all_of(&r.body, "NpaNxxX");
    assert_eq!(
        xs.len(),
        10,
        "919212 less one thousands block, and 9192131: {xs:?}"
    );
    assert!(!xs.contains(&"9192125".to_string()));
    // The other embeds: a capped count, area codes, vendors, local rate centres.
    let r = app
        .get("/coveredRateCenters?abbreviation=RALEIGH&embed=LimitedAvailableNumberCount,Npa,Vendors,LocalRateCenters")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        all_of(&r.body, "LimitedAvailableNumberCount"),
        ["1000"],
        "capped"
    );
    assert!(!r.body.contains("<AvailableNumberCount>"), "{}", r.body);
    assert!(r.body.contains("<Npas><Npa>919</Npa></Npas>"), "{}", r.body);
    assert!(
        r.body.contains("<Vendors><Vendor><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName></Vendor><Vendor><VendorId>77</VendorId><VendorName>Acme Tel</VendorName></Vendor></Vendors>"),
        "{}",
        r.body
    );
    // No other rate centre of this inventory is near Raleigh.
    assert!(
        r.body
            .contains("</Id><LocalRateCenters/></CoveredRateCenter>"),
        "{}",
        r.body
    );
    let r = app
        .get("/coveredRateCenters?abbreviation=TESTVILLE&embed=limitedavailablenumbercount")
        .await;
    assert_eq!(all_of(&r.body, "LimitedAvailableNumberCount"), ["1000"]);
    // A real count below the cap: one number ordered goes from it.
    let site = app.create_site("geo").await;
    app.create_peer(&site, "edge").await;
    let order = format!(
        "<Order><SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType><TelephoneNumberList><TelephoneNumber>9102331234</TelephoneNumber></TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>"
    );
    let id = crate::orders::place(&app, &order).await;
    crate::orders::settle(&app, &id).await;
    let r = app
        .get("/coveredRateCenters?abbreviation=TESTVILLE&embed=LimitedAvailableNumberCount&embed=AvailableNumberCount")
        .await;
    assert_eq!(all_of(&r.body, "AvailableNumberCount"), ["999"]);
    assert_eq!(all_of(&r.body, "LimitedAvailableNumberCount"), ["999"]);

    let r = app.get("/coveredRateCenters?abbreviation=RALEIGH").await;
    for part in [
        "AvailableNumberCount",
        "ZipCodes",
        "Cities",
        "NpaNxxXs",
        "Npas",
        "Vendors",
        "LocalRateCenters",
    ] {
        assert!(
            !r.body.contains(part),
            "{part} only when embedded: {}",
            r.body
        );
    }
    assert!(
        r.body
            .contains("<Tiers><Tier>0</Tier><Tier>1</Tier></Tiers>"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn one_covered_rate_center_and_errors() {
    let app = app().await;
    let r = app.get("/coveredRateCenters?abbreviation=TESTVILLE").await;
    let id = all_of(&r.body, "Id").pop().expect("an id");
    let r = app.get(&format!("/coveredratecenters/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(r.body.replace(&id, "{id}"), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><CoveredRateCenter><Name>TESTVILLE</Name><Abbreviation>TESTVILLE</Abbreviation><State>NC</State><Lata>426</Lata><AvailableNumberCount>1000</AvailableNumberCount><LimitedAvailableNumberCount>1000</LimitedAvailableNumberCount><ZipCodes><ZipCode>28999</ZipCode></ZipCodes><Cities><City>TESTVILLE</City></Cities><Tiers><Tier>2</Tier></Tiers><NpaNxxXs><NpaNxxX>9102331</NpaNxxX></NpaNxxXs><Npas><Npa>910</Npa></Npas><Vendors><Vendor><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName></Vendor></Vendors><Id>{id}</Id><LocalRateCenters/></CoveredRateCenter>"#);
    // The id depends only on the state and abbreviation.
    let again = app.get("/coveredRateCenters?abbreviation=TESTVILLE").await;
    assert_eq!(all_of(&again.body, "Id"), std::slice::from_ref(&id));

    for path in ["/coveredRateCenters/2", "/coveredRateCenters/nope"] {
        let r = app.get(path).await;
        r.assert_error(404, 1005);
        assert!(
            r.body.contains("<CoveredRateCenter><ResponseStatus>"),
            "{}",
            r.body
        );
    }
    for (query, code) in [
        ("state=ZZ", 4006),
        ("npa=123", 4000),
        ("npaNxx=91921", 4002),
        ("npaNxxX=919212", 4002),
        ("zip=123", 4007),
        ("lata=abc", 4008),
        ("tier=6", 4010),
        ("embed=Everything", 4010),
        ("page=abc", 1004),
        ("page=0", 1004),
        ("size=0", 1004),
        ("size=5001", 1004),
    ] {
        let r = app.get(&format!("/coveredRateCenters?{query}")).await;
        r.assert_error(400, code);
        assert!(
            r.body
                .contains("<CoveredRateCenters><ResponseStatus><ErrorCode>"),
            "{query}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn local_rate_centers_are_the_near_ones_of_the_same_state_and_lata() {
    // The default inventory: Raleigh's local calling area holds Cary and
    // Garner, not Durham (37 km) nor Raleigh itself; and it is mutual.
    let app = TestApp::spawn().await;
    let id_of = async |abbreviation: &str| -> String {
        let r = app
            .get(&format!(
                "/coveredRateCenters?state=NC&abbreviation={abbreviation}"
            ))
            .await;
        let ids = all_of(&r.body, "Id");
        assert_eq!(ids.len(), 1, "{abbreviation}: {}", r.body);
        ids[0].clone()
    };
    let (raleigh, cary, garner, durham) = (
        id_of("RALEIGH").await,
        id_of("CARY").await,
        id_of("GARNER").await,
        id_of("DURHAM").await,
    );
    let local = async |id: &str| -> Vec<String> {
        let r = app.get(&format!("/coveredRateCenters/{id}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let part = r
            .body
            .split("<LocalRateCenters>")
            .nth(1)
            .unwrap_or_default();
        all_of(part, "RateCenterId")
    };
    let of_raleigh = local(&raleigh).await;
    assert!(
        of_raleigh.contains(&cary) && of_raleigh.contains(&garner),
        "{of_raleigh:?}"
    );
    assert!(!of_raleigh.contains(&durham) && !of_raleigh.contains(&raleigh));
    let mut sorted = of_raleigh.clone();
    sorted.sort_by_key(|id| id.parse::<u64>().unwrap());
    assert_eq!(sorted, of_raleigh, "ascending ids");
    assert!(local(&cary).await.contains(&raleigh), "mutual");
    // The list form embeds it on request only.
    let r = app
        .get("/coveredRateCenters?state=NC&abbreviation=RALEIGH&embed=LocalRateCenters")
        .await;
    assert_eq!(all_of(&r.body, "RateCenterId"), of_raleigh);
}
