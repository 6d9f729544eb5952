//! `--auto-accounts`: a new credential used on `/accounts/{id}` of a new
//! account gets that account on first use (sandbox mode only), and never
//! an account or user that already exists.

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, PASSWORD, TestApp, USER};

async fn status(app: &TestApp, path: &str, creds: (&str, &str)) -> StatusCode {
    app.request_as(Method::GET, path, None, Some(creds))
        .await
        .status
}

#[tokio::test]
async fn a_new_credential_gets_its_own_account_on_first_use() {
    let app = TestApp::spawn_with_config(|c| c.auto_accounts = true).await;
    let job = ("ci-job-1", "ci-job-1-password");
    let r = app
        .request_as(Method::GET, "/accounts/9966601/sites", None, Some(job))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let site = r.text_of("Id").expect("the sandbox's site");
    // It is a whole tenant: it orders numbers at once, and logs in again.
    let order = app
        .order_as(
            "9966601",
            job,
            &format!("<Order><SiteId>{site}</SiteId><AreaCodeSearchAndOrderType><AreaCode>919</AreaCode><Quantity>1</Quantity></AreaCodeSearchAndOrderType></Order>"),
        )
        .await;
    assert_eq!(
        order.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        order.body
    );
    let r = app
        .request_as(Method::GET, "/accounts/9966601", None, Some(job))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Only its own account.
    assert_eq!(
        status(&app, &format!("/accounts/{ACCOUNT}"), job).await,
        StatusCode::FORBIDDEN
    );

    // Nothing that exists is taken over or changed: a new user on an
    // existing account, an existing user with a wrong password on a new
    // account, the same user with another password.
    let intruder = ("ci-job-2", "ci-job-2-password");
    assert_eq!(
        status(&app, "/accounts/9966601", intruder).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, &format!("/accounts/{ACCOUNT}"), intruder).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, "/accounts/9966602", (USER, "not-the-password")).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, "/accounts/9966603", ("ci-job-1", "another-password")).await,
        StatusCode::UNAUTHORIZED
    );
    // Paths without an account create nothing; a too-short password neither.
    assert_eq!(
        status(&app, "/tns", ("ci-job-3", "ci-job-3-password")).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, "/accounts/9966604", ("ci-job-4", "short")).await,
        StatusCode::UNAUTHORIZED
    );
    for id in ["9966602", "9966603", "9966604"] {
        let r = app
            .admin(Method::GET, &format!("/admin/accounts/{id}"))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{id}: {}", r.body);
    }
    let r = app.admin(Method::GET, "/admin/users").await;
    assert!(
        !r.body.contains("ci-job-2") && !r.body.contains("ci-job-3"),
        "{}",
        r.body
    );
    // The demo user still logs in with its own password.
    assert_eq!(
        status(&app, &format!("/accounts/{ACCOUNT}"), (USER, PASSWORD)).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn without_the_flag_or_in_production_a_new_credential_is_refused() {
    for production in [false, true] {
        let app = if production {
            TestApp::spawn_production_with_config(|c| c.auto_accounts = true).await
        } else {
            TestApp::spawn().await
        };
        let job = ("ci-job-1", "ci-job-1-password");
        assert_eq!(
            status(&app, "/accounts/9966601", job).await,
            StatusCode::UNAUTHORIZED
        );
        let r = app.admin(Method::GET, "/admin/accounts/9966601").await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "production {production}: {}",
            r.body
        );
    }
}
