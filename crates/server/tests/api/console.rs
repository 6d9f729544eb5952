//! The web console over plain HTTP (the browser tests drive the same pages
//! through Chromium: `console_browser.rs`): `/` leads to it, pages need a
//! session, sign-in is CSRF-protected and throttled, the session cookie is
//! HttpOnly and SameSite=Strict, every form post without the session's
//! CSRF token is refused, a customer sees only its accounts and cannot use
//! the operator's tools, and without an operator token the operator view
//! is off.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};

use tnhub_core::Timestamp;
use tnhub_core::ids::AccountId;
use tnhub_core::order::{OrderKind, OrderRow};

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, PASSWORD, Reply, TestApp, USER};

/// A client that keeps the console's cookies, as a browser does.
pub struct Console<'a> {
    app: &'a TestApp,
    cookies: HashMap<String, String>,
    /// The `Set-Cookie` headers of the last answer.
    pub set_cookies: Vec<String>,
}

impl<'a> Console<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Console {
            app,
            cookies: HashMap::new(),
            set_cookies: Vec::new(),
        }
    }

    async fn send(&mut self, method: Method, path: &str, form: Option<&[(&str, &str)]>) -> Reply {
        let mut req = self
            .app
            .client
            .request(method, format!("{}{path}", self.app.address));
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if !cookie.is_empty() {
            req = req.header("cookie", cookie.join("; "));
        }
        if let Some(form) = form {
            let body: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form)
                .finish();
            req = req
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
        }
        let r = req.send().await.expect("console request");
        self.set_cookies = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        for c in &self.set_cookies {
            let (pair, _) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        Reply {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.send(Method::POST, path, Some(form)).await
    }

    /// Signs in with the sign-in page's form.
    pub async fn sign_in(&mut self, fields: &[(&str, &str)]) -> Reply {
        let page = self.get("/console/sign-in").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let token = csrf(&page.body);
        let mut form = vec![("csrf", token.as_str())];
        form.extend_from_slice(fields);
        self.post("/console/sign-in", &form).await
    }

    pub async fn sign_in_operator(&mut self) {
        let r = self
            .sign_in(&[("kind", "operator"), ("token", ADMIN_TOKEN)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }

    pub async fn sign_in_user(&mut self, user: &str, password: &str) {
        let r = self
            .sign_in(&[("kind", "user"), ("user", user), ("password", password)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
}

/// The first form's CSRF token in a page.
pub fn csrf(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    body[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn the_root_leads_to_the_console_and_pages_need_a_session() {
    let app = TestApp::spawn().await;
    let mut c = Console::new(&app);
    let r = c.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/console");
    let r = c.get(&format!("/console/accounts/{ACCOUNT}/orders")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        format!("/console/sign-in?next=%2Fconsole%2Faccounts%2F{ACCOUNT}%2Forders")
    );
    let r = c.get("/console/static/htmx.min.js").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/javascript"));
    // The API still answers its own XML 404 beside the console.
    let r = app.get("/nothing-here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.starts_with("<?xml"), "{}", r.body);
}

#[tokio::test]
async fn the_operator_signs_in_with_the_token_and_sees_every_account() {
    let app = TestApp::spawn().await;
    app.other_tenant("9900002", "other", "other-password").await;
    let mut c = Console::new(&app);
    c.sign_in_operator().await;
    let cookie = c
        .set_cookies
        .iter()
        .find(|s| s.starts_with("tnhub_console="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && !cookie.contains("Secure"),
        "{cookie}"
    );
    let r = c.get("/console").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Every account (2)"), "{}", r.body);
    let r = c.get("/console/accounts/9900002").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(c.get("/console/jobs").await.status, StatusCode::OK);

    // Signing out ends the session.
    let token = csrf(&r.body);
    let r = c.post("/console/sign-out", &[("csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/console").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_customer_sees_only_its_accounts_and_not_the_operators_tools() {
    let app = TestApp::spawn().await;
    app.other_tenant("9900002", "other", "other-password").await;
    let mut c = Console::new(&app);
    c.sign_in_user(USER, PASSWORD).await;
    let r = c.get("/console").await;
    assert!(
        r.body.contains(&format!("/console/accounts/{ACCOUNT}")),
        "{}",
        r.body
    );
    assert!(!r.body.contains("9900002"), "{}", r.body);
    assert_eq!(
        c.get(&format!("/console/accounts/{ACCOUNT}/orders"))
            .await
            .status,
        StatusCode::OK
    );
    for path in [
        "/console/accounts/9900002",
        "/console/accounts/9900002/orders",
        "/console/accounts/9900002/portins",
        "/console/accounts/9900002/search?areaCode=919",
        "/console/clock",
        "/console/jobs",
    ] {
        assert_eq!(c.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let token = csrf(&c.get("/console").await.body);
    let r = c
        .post(
            "/console/clock/advance",
            &[("csrf", &token), ("hours", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .post(
            "/console/accounts/9900002/search/order",
            &[("csrf", &token), ("tn", "9195550100"), ("site", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let accounts = c.get("/console/accounts").await;
    assert!(!accounts.body.contains("9900002"), "{}", accounts.body);
}

#[tokio::test]
async fn a_form_post_without_the_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let before = app.hub.clock_state().now;
    let mut c = Console::new(&app);
    // The sign-in form itself: no token, or a token not from this browser.
    let r = c
        .post(
            "/console/sign-in",
            &[("kind", "operator"), ("token", ADMIN_TOKEN)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = c
        .post(
            "/console/sign-in",
            &[
                ("csrf", "forged"),
                ("kind", "operator"),
                ("token", ADMIN_TOKEN),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    c.sign_in_operator().await;
    for form in [
        vec![("hours", "5")],
        vec![("csrf", "forged"), ("hours", "5")],
    ] {
        let r = c.post("/console/clock/advance", &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert!(r.body.contains("CSRF"), "{}", r.body);
    }
    assert!(app.hub.clock_state().now.millis() - before.millis() < 3_600_000);
    // With the token it works.
    let token = csrf(&c.get("/console/clock").await.body);
    let r = c
        .post(
            "/console/clock/advance",
            &[("csrf", &token), ("hours", "5")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.hub.clock_state().now.millis() - before.millis() >= 5 * 3_600_000);
}

#[tokio::test]
async fn failed_sign_ins_are_refused_then_throttled() {
    let app = TestApp::spawn().await;
    let mut c = Console::new(&app);
    let r = c
        .sign_in(&[("kind", "user"), ("user", USER), ("password", "wrong")])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("wrong"), "{}", r.body);
    let r = c.sign_in(&[("kind", "operator"), ("token", "wrong")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // The API's throttle counts console failures too (10 per name).
    for _ in 0..10 {
        c.sign_in(&[("kind", "user"), ("user", USER), ("password", "wrong")])
            .await;
    }
    let r = c
        .sign_in(&[("kind", "user"), ("user", USER), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.headers.get("retry-after").is_some());
}

#[tokio::test]
async fn without_an_operator_token_the_operator_view_is_off() {
    let app = TestApp::spawn_production_with_config(|c| c.admin_token = None).await;
    let mut c = Console::new(&app);
    let page = c.get("/console/sign-in").await;
    assert!(
        page.body.contains("The operator view is off"),
        "{}",
        page.body
    );
    let r = c
        .sign_in(&[("kind", "operator"), ("token", "anything")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn an_accounts_request_journal_is_on_its_page_and_only_there() {
    let app = TestApp::spawn().await;
    app.other_tenant("9900002", "other", "other-password").await;
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites/424242")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mut c = Console::new(&app);
    c.sign_in_user(USER, PASSWORD).await;
    let r = c
        .get(&format!("/console/accounts/{ACCOUNT}/requests?status=4xx"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains(&format!("GET /api/accounts/{ACCOUNT}/sites/424242")),
        "{}",
        r.body
    );
    let r = c.get("/console/accounts/9900002/requests").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_orders_list_counts_no_further_than_its_limit() {
    let app = TestApp::spawn().await;
    let account = AccountId::parse(ACCOUNT).unwrap();
    let at = Timestamp::from_millis(1_700_000_000_000);
    let mut tx = app.hub.store().write().await.unwrap();
    for i in 0..1_003u32 {
        let row = OrderRow {
            id: format!("00000000-0000-7000-8000-{i:012x}"),
            account_id: account.clone(),
            kind: OrderKind::NewNumber,
            status: if i < 3 { "FAILED" } else { "COMPLETE" }.into(),
            customer_order_id: None,
            name: None,
            created_by: USER.into(),
            site_id: None,
            peer_id: None,
            tn_count: 1,
            request: "{}".into(),
            result: "{}".into(),
            created_at: at,
            updated_at: at,
            completed_at: None,
        };
        tx.insert_order(&row).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut c = Console::new(&app);
    c.sign_in_user(USER, PASSWORD).await;
    let r = c.get(&format!("/console/accounts/{ACCOUNT}/orders")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("More than 1000 orders match"), "{}", r.body);
    assert!(r.body.contains("00000000-0000-7000-8000-0000000003ea"));
    let r = c
        .get(&format!("/console/accounts/{ACCOUNT}/orders?status=failed"))
        .await;
    assert!(r.body.contains("3 orders match"), "{}", r.body);
}
