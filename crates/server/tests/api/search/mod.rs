//! `GET /accounts/{a}/availableNumbers` over HTTP: every search type, the
//! result forms, the 4000-range errors of every invalid combination or
//! value. Numbers in a taken state disappearing from every search that
//! would have offered them are in `taken`; the local calling area and
//! protected numbers in `lca` and `protected`.

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, Reply, TestApp};

mod lca;
mod protected;
mod taken;

async fn search(app: &TestApp, query: &str) -> Reply {
    app.get(&format!("/accounts/{ACCOUNT}/availableNumbers?{query}"))
        .await
}

/// The texts of every `<name>` element, in order.
pub(crate) fn all_of(body: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    body.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split_once(&close).map(|(text, _)| text.to_string()))
        .collect()
}

/// The numbers of a successful search, checked for the result's shape:
/// `ResultCount` matches, each number once, in ascending order.
async fn numbers(app: &TestApp, query: &str) -> Vec<String> {
    let r = search(app, query).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    assert!(r.body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><SearchResult><ResultCount>"), "{}", r.body);
    let tag = if r.body.contains("<TelephoneNumberDetailList>") {
        "FullNumber"
    } else {
        "TelephoneNumber"
    };
    let tns = all_of(&r.body, tag);
    assert_eq!(
        r.text_of("ResultCount").unwrap(),
        tns.len().to_string(),
        "{query}"
    );
    let mut sorted = tns.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, tns, "{query}: sorted, each once");
    tns
}

/// The detail records of a detailed search, as (City, LATA, RateCenter,
/// State, FullNumber).
async fn details(app: &TestApp, query: &str) -> Vec<[String; 5]> {
    let r = search(app, &format!("{query}&enableTNDetail=true")).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    all_of(&r.body, "TelephoneNumberDetail")
        .iter()
        .map(|d| {
            let field = |n: &str| all_of(d, n).into_iter().next().unwrap_or_default();
            [
                field("City"),
                field("LATA"),
                field("RateCenter"),
                field("State"),
                field("FullNumber"),
            ]
        })
        .collect()
}

/// A search and what every number it offers must satisfy.
type NumberCase = (&'static str, Box<dyn Fn(&str) -> bool>);
/// A search and what every detail record it offers must satisfy.
type DetailCase = (&'static str, Box<dyn Fn(&[String; 5]) -> bool>);

const TOLL_FREE: [&str; 7] = ["800", "833", "844", "855", "866", "877", "888"];

#[tokio::test]
async fn every_search_type_offers_only_matching_numbers() {
    let app = TestApp::spawn().await;
    let cases: Vec<NumberCase> = vec![
        ("areaCode=919", Box::new(|t| t.starts_with("919"))),
        (
            "npaNxx=919207&LCA=false",
            Box::new(|t| t.starts_with("919207")),
        ),
        (
            "npaNxxx=9192070&LCA=false",
            Box::new(|t| t.starts_with("9192070")),
        ),
        ("localVanity=CALL", Box::new(|t| t[3..].contains("2255"))),
        (
            "localVanity=CALL&endsIn=true",
            Box::new(|t| t.ends_with("2255")),
        ),
        (
            "localVanity=CALL&areaCode=919",
            Box::new(|t| t.starts_with("919") && t[3..].contains("2255")),
        ),
        (
            "tollFreeVanity=NEWCARS",
            Box::new(|t| TOLL_FREE.contains(&&t[..3]) && t.ends_with("6392277")),
        ),
        (
            "tollFreeWildCardPattern=8**",
            Box::new(|t| TOLL_FREE.contains(&&t[..3])),
        ),
        (
            "tollFreeWildCardPattern=88*",
            Box::new(|t| t.starts_with("888")),
        ),
    ];
    for (query, matches) in &cases {
        let tns = numbers(&app, &format!("{query}&quantity=25")).await;
        assert!(!tns.is_empty(), "{query} found nothing");
        assert!(tns.len() <= 25, "{query}");
        for t in &tns {
            assert!(matches(t), "{query} offered {t}");
        }
    }
    // Searches by place, checked on the detailed form.
    let place: Vec<DetailCase> = vec![
        (
            "rateCenter=RALEIGH&state=NC&LCA=false",
            Box::new(|d| d[2] == "RALEIGH" && d[3] == "NC"),
        ),
        (
            "city=Raleigh&state=NC",
            Box::new(|d| d[0] == "RALEIGH" && d[3] == "NC"),
        ),
        ("state=NC", Box::new(|d| d[3] == "NC")),
        ("lata=426", Box::new(|d| d[1] == "426")),
        ("zip=27601", Box::new(|d| d[0] == "RALEIGH" && d[3] == "NC")),
        (
            "areaCode=919&state=NC&rateCenter=CARY&LCA=false",
            Box::new(|d| d[4].starts_with("919") && d[2] == "CARY"),
        ),
        // Criteria the table lets go together intersect.
        (
            "zip=27601&lata=426",
            Box::new(|d| d[0] == "RALEIGH" && d[1] == "426"),
        ),
        (
            "npaNxx=919212&rateCenter=RALEIGH&state=NC&LCA=false",
            Box::new(|d| d[4].starts_with("919212") && d[2] == "RALEIGH"),
        ),
        (
            "state=NC&areaCode=252&orderBy=npaNxx",
            Box::new(|d| d[4].starts_with("252") && d[3] == "NC"),
        ),
    ];
    for (query, matches) in &place {
        let found = details(&app, &format!("{query}&quantity=25")).await;
        assert!(!found.is_empty(), "{query} found nothing");
        for d in &found {
            assert!(matches(d), "{query} offered {d:?}");
        }
    }
}

#[tokio::test]
async fn quantity_detail_and_ordering_follow_the_real_service() {
    let app = TestApp::spawn().await;
    // The default quantity is the most, 5000.
    assert_eq!(numbers(&app, "areaCode=919").await.len(), 5_000);
    assert_eq!(numbers(&app, "areaCode=919&quantity=1").await.len(), 1);
    // Parameter names match in any case.
    assert_eq!(numbers(&app, "AREACODE=919&QUANTITY=3").await.len(), 3);
    // The detailed form, with the real element order.
    let r = search(
        &app,
        "npaNxx=919207&LCA=false&quantity=2&enableTNDetail=true",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let detail = all_of(&r.body, "TelephoneNumberDetail");
    assert_eq!(detail.len(), 2, "{}", r.body);
    let first = &detail[0];
    let order: Vec<usize> = [
        "<City>",
        "<LATA>",
        "<RateCenter>",
        "<State>",
        "<FullNumber>",
        "<Tier>",
        "<VendorId>",
        "<VendorName>",
    ]
    .iter()
    .map(|e| {
        first
            .find(e)
            .unwrap_or_else(|| panic!("{e} missing: {first}"))
    })
    .collect();
    assert!(order.is_sorted(), "element order: {first}");
    assert!(!r.body.contains("<TelephoneNumberList>"));
    // Every orderBy value is accepted; results stay in number order.
    for by in ["fullNumber", "npaNxxx", "npaNxx", "areaCode"] {
        numbers(&app, &format!("state=NC&quantity=10&orderBy={by}")).await;
    }
    // Two customers asking for the same area code rarely get the same numbers.
    let a = numbers(&app, "areaCode=919&quantity=10").await;
    let b = numbers(&app, "areaCode=919&quantity=10").await;
    assert!(a != b, "results are spread, not always the first numbers");
}

#[tokio::test]
async fn every_invalid_search_has_its_code() {
    let app = TestApp::spawn().await;
    let long = "x".repeat(101);
    let cases: Vec<(String, u32)> = [
        ("", 4010),
        ("quantity=5", 4010),
        ("areaCode=123", 4000),
        ("areaCode=9x9", 4000),
        ("areaCode=222", 4000),
        ("npaNxx=91920", 4002),
        ("npaNxxx=919207", 4002),
        ("state=XX", 4006),
        ("city=Raleigh", 4010),
        ("rateCenter=RALEIGH", 4010),
        ("zip=2760", 4007),
        ("lata=abc", 4008),
        ("tollFreeVanity=A", 4003),
        ("tollFreeWildCardPattern=9**", 4004),
        ("tollFreeVanity=NEWCARS&areaCode=919", 4010),
        ("tollFreeVanity=NEWCARS&tollFreeWildCardPattern=8**", 4010),
        ("tollFreeWildCardPattern=8**&localVanity=CALL", 4010),
        ("localVanity=CALL&zip=27601", 4010),
        ("localVanity=CALL&npaNxx=919207", 4010),
        ("areaCode=919&endsIn=true", 4010),
        ("areaCode=919&enableTNDetail=maybe", 4010),
        ("npaNxx=919207&LCA=perhaps", 4010),
        ("state=NC&orderBy=price", 4020),
        // The combination table (wire-format.md 2.1): anything outside it.
        ("npaNxx=919207&npaNxxx=9192070", 4010),
        ("areaCode=919&npaNxx=919207", 4010),
        ("areaCode=919&npaNxxx=9192070&state=NC", 4010),
        ("areaCode=919&orderBy=fullNumber", 4010),
        ("areaCode=919&LCA=false", 4010),
        ("city=Raleigh&zip=27601", 4010),
        ("rateCenter=RALEIGH&lata=426", 4010),
        ("localVanity=CALL&orderBy=fullNumber", 4010),
        ("localVanity=CALL&lata=426", 4010),
        ("localVanity=CALL&LCA=false", 4010),
        ("tollFreeVanity=NEWCARS&LCA=false", 4010),
        ("tollFreeWildCardPattern=8**&endsIn=true", 4010),
        ("orderBy=fullNumber", 4010),
        ("LCA=true", 4010),
        ("areaCode=919&protected=SOMETIMES", 4022),
        ("areaCode=919&quantity=0", 5009),
        ("areaCode=919&quantity=5001", 5009),
        ("areaCode=919&quantity=ten", 5009),
    ]
    .into_iter()
    .map(|(q, c)| (q.to_string(), c))
    .chain([
        (format!("city={long}&state=NC"), 4005),
        (format!("rateCenter={long}&state=NC"), 4001),
    ])
    .collect();
    for (query, code) in &cases {
        let r = search(&app, query).await;
        r.assert_error(400, *code);
        assert!(
            r.body.contains(&format!(
                "<SearchResult><Error><Code>{code}</Code><Description>"
            )),
            "{query}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn imported_rows_without_places_take_them_from_the_reference_data() {
    // Only the number: the default inventory is off, but the exchange's
    // state, city, rate centre and LATA still come from the reference data.
    let app = TestApp::spawn().await;
    app.import_inventory("number\n7043321\n", true).await;
    let found = details(&app, "state=NC&quantity=5000").await;
    assert_eq!(found.len(), 1_000, "the block is found by its state");
    for d in &found {
        assert!(
            d[3] == "NC" && !d[0].is_empty() && !d[1].is_empty() && !d[2].is_empty(),
            "{d:?}"
        );
    }
    let (city, rate_center) = (
        found[0][0].replace(' ', "%20"),
        found[0][2].replace(' ', "%20"),
    );
    for q in [
        format!("city={city}&state=NC"),
        format!("rateCenter={rate_center}&state=NC"),
        format!("lata={}", found[0][1]),
    ] {
        assert_eq!(
            numbers(&app, &format!("{q}&quantity=5000")).await.len(),
            1_000,
            "{q}"
        );
    }
}
