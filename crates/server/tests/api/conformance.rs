//! Bandwidth's official clients, unmodified, against the real server.
//!
//! Each test starts a server and runs one script of `conformance/` with the
//! Node client (`@bandwidth/numbers@2.0.0`) or the Python SDK
//! (`bandwidth-numbers-sdk==1.2.0`); the script's exit code is the verdict
//! and its step-by-step output is shown on failure. The clients are
//! installed by `scripts/setup-conformance.sh`, which `scripts/test.sh` runs
//! first; a missing client is a failure, never a skip.

use std::path::PathBuf;
use std::process::Command;

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, PASSWORD, TestApp, USER};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// Runs one conformance script against `app` and fails the test unless it passes.
pub async fn run_script(app: &TestApp, client: &str, script: &str) {
    let root = repo_root();
    let (program, path, installed) = match client {
        "node" => (
            "node".into(),
            root.join(format!("conformance/node/{script}.mjs")),
            root.join("conformance/node/node_modules/@bandwidth/numbers")
                .exists(),
        ),
        "python" => {
            let python = root.join("conformance/python/.venv/bin/python");
            let exists = python.exists();
            (
                python,
                root.join(format!("conformance/python/{script}.py")),
                exists,
            )
        }
        other => panic!("unknown client {other}"),
    };
    assert!(
        installed,
        "the {client} client is not installed: run `bash scripts/setup-conformance.sh` (scripts/test.sh does it for you)"
    );
    let base = format!("{}/api", app.address);
    let output = tokio::task::spawn_blocking(move || {
        Command::new(program)
            .arg(&path)
            .env("TNHUB_BASE_URL", base)
            .env("TNHUB_ACCOUNT_ID", ACCOUNT)
            .env("TNHUB_USER", USER)
            .env("TNHUB_PASSWORD", PASSWORD)
            // The port-in and port-out scripts play the other carrier through /admin.
            .env("TNHUB_ADMIN_TOKEN", ADMIN_TOKEN)
            .output()
            .expect("run the conformance script")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{client} {script} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(
        stdout.contains("all steps passed"),
        "{client} {script} did not finish:\n{stdout}\n{stderr}"
    );
}

#[tokio::test]
async fn node_client_sites_and_peers() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "sites_peers").await;
}

#[tokio::test]
async fn python_client_sites_and_peers() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "sites_peers").await;
}

#[tokio::test]
async fn node_client_applications_and_products() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "apps").await;
}

#[tokio::test]
async fn python_client_account_hosts() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "apps").await;
}

#[tokio::test]
async fn node_client_search() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "search").await;
}

#[tokio::test]
async fn python_client_search() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "search").await;
}

#[tokio::test]
async fn node_client_orders_reservations_and_numbers() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "orders").await;
}

#[tokio::test]
async fn python_client_orders_reservations_and_numbers() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "orders").await;
}

#[tokio::test]
async fn node_client_disconnects_and_features() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "disconnects").await;
}

#[tokio::test]
async fn python_client_disconnects_and_features() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "disconnects_features").await;
}

#[tokio::test]
async fn node_client_subscriptions() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "subscriptions").await;
}

#[tokio::test]
async fn python_client_subscriptions() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "subscriptions").await;
}

#[tokio::test]
async fn node_client_portins() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "portins").await;
}

#[tokio::test]
async fn python_client_portins() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "portins").await;
}

#[tokio::test]
async fn node_client_portouts() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "portouts").await;
}

#[tokio::test]
async fn python_client_portouts() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "portouts").await;
}

/// A user's own test suite (`conformance/node/sandbox_suite.mjs`, Node's
/// test runner and the official client): each of its concurrent tests gets
/// a sandbox from `/admin/sandboxes`, works in it, sees nothing of the
/// others, and deletes it. Node's runner exits non-zero when a test fails.
#[tokio::test]
async fn node_suite_gets_a_sandbox_per_test() {
    let app = TestApp::spawn().await;
    let root = repo_root();
    assert!(
        root.join("conformance/node/node_modules/@bandwidth/numbers")
            .exists(),
        "the node client is not installed: run `bash scripts/setup-conformance.sh`"
    );
    let origin = app.address.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("--test")
            .arg("--test-reporter=tap")
            .arg(root.join("conformance/node/sandbox_suite.mjs"))
            .env("TNHUB_ORIGIN", origin)
            .env("TNHUB_ADMIN_TOKEN", ADMIN_TOKEN)
            .output()
            .expect("run node --test")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the sandbox suite failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    // Five tests ran and passed (not zero tests "passing").
    assert!(stdout.contains("# pass 5"), "{stdout}\n{stderr}");
}

/// The Node client sending `Idempotency-Key` through the hook that
/// docs/idempotency.md shows: a retried order is replayed, not repeated.
#[tokio::test]
async fn node_client_retries_an_order_safely() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "idempotency").await;
}

/// The Python SDK sending `Idempotency-Key` through the hook that
/// docs/idempotency.md shows.
#[tokio::test]
async fn python_client_retries_an_order_safely() {
    let app = TestApp::spawn().await;
    run_script(&app, "python", "idempotency").await;
}

#[tokio::test]
async fn node_client_e911() {
    let app = TestApp::spawn().await;
    run_script(&app, "node", "e911").await;
}
