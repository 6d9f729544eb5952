//! The served OpenAPI document is valid: `openapi-spec-validator` (installed
//! by `scripts/setup-fuzz.sh`) accepts it, so tools that generate clients or
//! documentation from it do not stop at the first page.

use std::path::PathBuf;
use std::process::Command;

use reqwest::{Method, StatusCode};

use crate::helpers::TestApp;

async fn served_document(app: &TestApp) -> String {
    let r = app
        .request_as(Method::GET, "/api/openapi.yaml", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.body
}

#[tokio::test]
async fn the_served_document_is_valid_openapi() {
    let app = TestApp::spawn().await;
    let body = served_document(&app).await;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let validator = root.join("fuzz/.venv/bin/openapi-spec-validator");
    assert!(
        validator.exists(),
        "openapi-spec-validator is not installed: run `bash scripts/setup-fuzz.sh` (scripts/test.sh does it for you)"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.yaml");
    std::fs::write(&file, body).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(validator)
            .args(["--validation-errors", "all", "--schema", "3.1"])
            .arg(&file)
            .output()
            .expect("run openapi-spec-validator")
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "the served OpenAPI document is not valid:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
