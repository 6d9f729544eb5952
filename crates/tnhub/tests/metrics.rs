//! `/metrics` of the real binary: open in sandbox mode, the operator's in
//! production mode (401 without `Authorization: Bearer <admin token>`), and
//! with `--metrics-listen` served (with `/health`) on that address only.

mod support;

use support::Server;

const TOKEN: &str = "metrics-operator-token";

async fn status(url: &str, bearer: Option<&str>) -> u16 {
    let mut req = reqwest::Client::new().get(url);
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status().as_u16()
}

/// `http://ADDR/metrics` as the banner printed it.
fn metrics_url(output: &str) -> String {
    output
        .lines()
        .find_map(|l| l.trim().strip_prefix("metrics (and health):"))
        .map(|u| u.trim().to_string())
        .unwrap_or_else(|| panic!("no metrics address in the banner:\n{output}"))
}

#[tokio::test]
async fn production_mode_keeps_metrics_to_the_operator() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let (mut server, _) = Server::start_logged(
        dir.path(),
        &[("TNHUB_DATABASE_URL", &db), ("TNHUB_ADMIN_TOKEN", TOKEN)],
        &["--mode", "production"],
    );
    let url = format!("{}/metrics", server.origin());
    assert_eq!(status(&url, None).await, 401);
    assert_eq!(status(&url, Some("not-it")).await, 401);
    assert_eq!(status(&url, Some(TOKEN)).await, 200);
    assert_eq!(
        status(&format!("{}/health", server.origin()), None).await,
        200
    );
    server.signal("TERM");

    // --metrics-access open overrides the production default.
    let (mut server, _) = Server::start_logged(
        dir.path(),
        &[
            ("TNHUB_DATABASE_URL", &db),
            ("TNHUB_METRICS_ACCESS", "open"),
        ],
        &["--mode", "production"],
    );
    assert_eq!(
        status(&format!("{}/metrics", server.origin()), None).await,
        200
    );
    server.signal("TERM");
}

#[tokio::test]
async fn sandbox_mode_serves_metrics_to_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("s.db").display());
    let (mut server, _) = Server::start_logged(dir.path(), &[("TNHUB_DATABASE_URL", &db)], &[]);
    assert_eq!(
        status(&format!("{}/metrics", server.origin()), None).await,
        200
    );
    server.signal("TERM");
}

#[tokio::test]
async fn metrics_listen_serves_metrics_and_health_there_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("m.db").display());
    let (mut server, output) = Server::start_logged(
        dir.path(),
        &[("TNHUB_DATABASE_URL", &db), ("TNHUB_ADMIN_TOKEN", TOKEN)],
        &["--mode", "production", "--metrics-listen", "127.0.0.1:0"],
    );
    let metrics = metrics_url(&output.lock().unwrap());
    let ops = metrics.trim_end_matches("/metrics").to_string();
    assert_ne!(ops, server.origin());
    // Open on its own listener (the production default there) ...
    assert_eq!(status(&metrics, None).await, 200);
    assert_eq!(status(&format!("{ops}/health"), None).await, 200);
    // ... which serves nothing else,
    assert_eq!(status(&format!("{ops}/api/openapi.yaml"), None).await, 404);
    // and gone from the API's listener, even for the operator.
    let main = format!("{}/metrics", server.origin());
    assert_eq!(status(&main, Some(TOKEN)).await, 404);
    assert_eq!(
        status(&format!("{}/health", server.origin()), None).await,
        200
    );
    server.signal("TERM");

    // Asked for, operator access applies on the separate listener too.
    let (mut server, output) = Server::start_logged(
        dir.path(),
        &[("TNHUB_DATABASE_URL", &db), ("TNHUB_ADMIN_TOKEN", TOKEN)],
        &[
            "--metrics-listen",
            "127.0.0.1:0",
            "--metrics-access",
            "operator",
        ],
    );
    let metrics = metrics_url(&output.lock().unwrap());
    assert_eq!(status(&metrics, None).await, 401);
    assert_eq!(status(&metrics, Some(TOKEN)).await, 200);
    server.signal("TERM");
}
