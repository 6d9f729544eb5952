//! The served OpenAPI document is valid and tells the truth about statuses:
//! `openapi-spec-validator` accepts it, and every status an operation can
//! answer by the server's general rules is documented with a schema for its
//! body. The rules (see `docs/openapi.md`):
//!
//! - a customer operation answers 401 (no or wrong credentials), 429
//!   (failed logins throttled), 503 (the login pool's queue full), and 403
//!   when its path names an account (not granted to the user);
//! - an operator operation answers 401 (no or wrong admin token);
//! - an operation with a path parameter other than the account answers 404;
//! - an operation with a request body answers 400 (malformed body), and a
//!   customer operation 413 too (over `--body-limit`);
//! - a customer POST, PUT or PATCH answers 400 (an invalid
//!   `Idempotency-Key`), 409 (its key in flight) and 422 (its key used for
//!   another request);
//! - every error response has a body, and every XML or JSON body a schema.
//!
//! What the rules cannot know (a 409 of one operation, the root element of
//! a 404, whether a 200 has a body) the probes and the fuzzer of
//! `scripts/fuzz.sh` check against the live server.

use std::path::PathBuf;
use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_yaml_ng::Value;

use crate::helpers::TestApp;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// Operations whose path parameter names what they create (a PUT that
/// sets a rule under a new key), so they never answer 404.
const UPSERTS: &[&str] = &[
    "PUT /admin/portins/carrier/carriers/{spid}",
    "PUT /admin/portins/carrier/prefixes/{prefix}",
];

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

/// Follows a local `$ref` (`#/components/…`) to what it names.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let mut at = doc;
            for part in r.trim_start_matches("#/").split('/') {
                at = &at[part];
            }
            resolve(doc, at)
        }
        None => v,
    }
}

/// Every rule the document breaks, one line each, naming the operation.
fn missing_statuses(doc: &Value) -> Vec<String> {
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths") {
        let path = path.as_str().unwrap();
        for (method, op) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if !METHODS.contains(&method) {
                continue;
            }
            let name = format!("{} {path}", method.to_ascii_uppercase());
            let open = op
                .get("security")
                .and_then(Value::as_sequence)
                .is_some_and(|s| s.is_empty());
            let responses = op["responses"].as_mapping().expect("responses");
            let has = |status: &str| responses.contains_key(status);
            let mut require = |status: &str, why: &str| {
                if !has(status) {
                    missing.push(format!("{name}: no {status} ({why})"));
                }
            };
            if !open {
                require("401", "every authenticated operation answers it");
            }
            if !open && !path.starts_with("/admin") {
                require("429", "failed logins throttled");
                require("503", "the login pool's queue full");
                if path.contains("{accountId}") {
                    require("403", "an account not granted to the user");
                }
                if ["post", "put", "patch"].contains(&method) {
                    require("400", "an invalid Idempotency-Key");
                    require("409", "an Idempotency-Key still in flight");
                    require("422", "an Idempotency-Key used for another request");
                }
            }
            let params = path.matches('{').count() - usize::from(path.contains("{accountId}"));
            if params > 0 && !UPSERTS.contains(&name.as_str()) {
                require("404", "a path parameter naming nothing");
            }
            if op.get("requestBody").is_some() {
                require("400", "a malformed or invalid body");
                if !path.starts_with("/admin") {
                    require("413", "a body over --body-limit");
                }
            }
            for (status, response) in responses {
                let status = match status {
                    Value::String(s) => s.clone(),
                    other => format!("{other:?}"),
                };
                let response = resolve(doc, response);
                let content = response.get("content").and_then(Value::as_mapping);
                let error = !status.starts_with('2');
                if error && content.is_none_or(|c| c.is_empty()) {
                    missing.push(format!("{name}: {status} has no body schema"));
                }
                for (media, body) in content.into_iter().flatten() {
                    let media = media.as_str().unwrap();
                    let structured = media.ends_with("xml") || media.ends_with("json");
                    if structured && body.get("schema").is_none() {
                        missing.push(format!("{name}: {status} {media} has no schema"));
                    }
                }
            }
        }
    }
    missing
}

#[tokio::test]
async fn every_operation_documents_the_statuses_it_can_answer() {
    let app = TestApp::spawn().await;
    let doc: Value = serde_yaml_ng::from_str(&served_document(&app).await).unwrap();
    let missing = missing_statuses(&doc);
    assert!(
        missing.is_empty(),
        "openapi.yaml leaves {} status(es) undocumented (rules: docs/openapi.md):\n{}",
        missing.len(),
        missing.join("\n")
    );
}
