//! tnhub standing in for Bandwidth's hosts, and HTTPS with an operator's
//! own certificate.
//!
//! - `conformance/oauth.sh` runs the official Node and Python clients
//!   configured with a client id and secret only (then with a ready token
//!   from the token endpoint), keeping Bandwidth's default URLs, in a private
//!   mount and network namespace whose `/etc/hosts` sends
//!   `api.bandwidth.com` and `dashboard.bandwidth.com` to a tnhub serving
//!   HTTPS on 127.0.0.1:443 with its local CA's certificate: a search, an
//!   order and a port-in check each. It needs root (the CI runs as root); it
//!   is a failure, never a skip, without it.
//! - `--tls-cert`/`--tls-key` serve the operator's own files.

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::Server;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

#[test]
fn official_clients_reach_tnhub_at_bandwidths_own_urls() {
    let root = repo_root();
    let output = Command::new("bash")
        .arg(root.join("conformance/oauth.sh"))
        .arg(env!("CARGO_BIN_EXE_tnhub"))
        .output()
        .expect("run conformance/oauth.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("ok   all four runs passed"),
        "conformance/oauth.sh failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert_eq!(
        stdout.matches("ok   all steps passed").count(),
        4,
        "{stdout}"
    );
}

#[tokio::test]
async fn the_tls_listener_serves_the_operators_own_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["tnhub.example.test".to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let (mut server, output) = Server::start_logged(
        dir.path(),
        &[("TNHUB_DATABASE_URL", db.as_str())],
        &[
            "--tls-listen",
            "127.0.0.1:0",
            "--tls-cert",
            cert_path.to_str().unwrap(),
            "--tls-key",
            key_path.to_str().unwrap(),
        ],
    );
    let printed = output.lock().unwrap().clone();
    let address = printed
        .lines()
        .find_map(|l| l.strip_prefix("tnhub also serves HTTPS on https://"))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no HTTPS line in:\n{printed}"))
        .to_string();
    let port = address.rsplit(':').next().unwrap();
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.pem().as_bytes()).unwrap())
        .resolve(
            "tnhub.example.test",
            format!("127.0.0.1:{port}").parse().unwrap(),
        )
        .build()
        .unwrap();
    let r = http
        .get(format!(
            "https://tnhub.example.test:{port}/api/accounts/{}",
            support::ACCOUNT
        ))
        .basic_auth(support::USER, Some(support::PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("<AccountResponse>"));
    server.signal("TERM");
}
