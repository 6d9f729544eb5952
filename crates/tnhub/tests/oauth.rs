//! OAuth API clients through the binary: `tnhub client …`, the demo
//! client `serve` prints (fixed by `TNHUB_DEMO_CLIENT_ID`/`_SECRET`), and two
//! servers on one PostgreSQL database that accept each other's tokens and
//! refuse a revoked client's within their auth-cache time.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::{ACCOUNT, Server, pg_deployment};

const CLIENT: &str = "ci-client";
const SECRET: &str = "ci-client-secret";
const ADMIN: &str = "oauth-test-admin-token";

fn tnhub(dir: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .args(args)
        .current_dir(dir)
        .env("TNHUB_DATABASE_URL", db)
        .env_remove("TNHUB_CLIENT_SECRET")
        .output()
        .expect("run tnhub")
}

fn ok(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

async fn token(http: &reqwest::Client, origin: &str) -> String {
    let r = http
        .post(format!("{origin}/api/v1/oauth2/token"))
        .basic_auth(CLIENT, Some(SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

async fn account_status(http: &reqwest::Client, server: &Server, token: &str) -> u16 {
    http.get(&server.base)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn clients_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("t.db").display());
    ok(&tnhub(d, &db, &["account", "create", "--id", "4400001"]));
    ok(&tnhub(
        d,
        &db,
        &["user", "create", "alice", "--account", "4400001"],
    ));
    let out = ok(&tnhub(
        d,
        &db,
        &["client", "create", "--user", "alice", "--name", "billing"],
    ));
    assert!(out.contains("client secret: "), "{out}");
    let out = ok(&tnhub(
        d,
        &db,
        &[
            "client", "create", "--user", "alice", "--id", CLIENT, "--secret", SECRET,
        ],
    ));
    assert!(out.contains(CLIENT) && out.contains(SECRET), "{out}");
    let list = ok(&tnhub(d, &db, &["client", "list", "--user", "alice"]));
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("billing") && !list.contains(SECRET), "{list}");
    let out = ok(&tnhub(d, &db, &["client", "revoke", CLIENT]));
    assert!(out.contains("revoked"), "{out}");
    let list = ok(&tnhub(d, &db, &["client", "list"]));
    let line = list.lines().find(|l| l.starts_with(CLIENT)).unwrap();
    assert!(line.contains("revoked"), "{list}");
    for bad in [
        &["client", "revoke", "no-such-client"][..],
        &["client", "create", "--user", "nobody"][..],
        &["client", "create", "--user", "alice", "--id", CLIENT][..],
    ] {
        let o = tnhub(d, &db, bad);
        assert!(!o.status.success(), "{bad:?} succeeded");
    }
}

#[tokio::test]
async fn serve_prints_the_demo_client_fixed_by_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let (mut server, output) = Server::start_logged(
        dir.path(),
        &[
            ("TNHUB_DATABASE_URL", db.as_str()),
            ("TNHUB_DEMO_CLIENT_ID", CLIENT),
            ("TNHUB_DEMO_CLIENT_SECRET", SECRET),
        ],
        &[],
    );
    let printed = output.lock().unwrap().clone();
    assert!(
        printed.contains(&format!("client id:     {CLIENT}"))
            && printed.contains(&format!("client secret: {SECRET}")),
        "{printed}"
    );
    let http = reqwest::Client::new();
    let t = token(&http, &server.origin()).await;
    assert_eq!(account_status(&http, &server, &t).await, 200);
    server.signal("TERM");

    // Without fixed values, a fresh sandbox prints a generated client.
    let fresh = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", fresh.path().join("t.db").display());
    let (mut server, output) =
        Server::start_logged(fresh.path(), &[("TNHUB_DATABASE_URL", db.as_str())], &[]);
    let printed = output.lock().unwrap().clone();
    let secret_line = printed
        .lines()
        .find(|l| l.contains("client secret:"))
        .unwrap_or_else(|| panic!("{printed}"));
    assert!(
        secret_line.split_whitespace().last().unwrap().len() >= 20,
        "{printed}"
    );
    server.signal("TERM");
}

#[tokio::test]
async fn two_servers_on_postgres_accept_each_others_tokens() {
    let (url, _store) = pg_deployment("oauth").await;
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("TNHUB_DATABASE_URL", url.as_str()),
        ("TNHUB_DEMO_CLIENT_ID", CLIENT),
        ("TNHUB_DEMO_CLIENT_SECRET", SECRET),
        ("TNHUB_ADMIN_TOKEN", ADMIN),
        ("TNHUB_AUTH_CACHE_TTL", "1"),
    ];
    // One after the other (the demo account is made by the first, as the
    // README asks); the signing key is made on first use, and both servers'
    // first token requests race to make it.
    let (mut a, _) = Server::start_logged(dir.path(), &env, &[]);
    let (mut b, _) = Server::start_logged(dir.path(), &env, &[]);
    let http = reqwest::Client::new();
    let (origin_a, origin_b) = (a.origin(), b.origin());
    let (from_a, from_b) = tokio::join!(token(&http, &origin_a), token(&http, &origin_b));
    for (server, t) in [(&a, &from_a), (&a, &from_b), (&b, &from_a), (&b, &from_b)] {
        assert_eq!(account_status(&http, server, t).await, 200);
    }
    // Revoked through A: A refuses at once, B within its auth-cache time.
    let r = http
        .post(format!("{}/admin/clients/{CLIENT}/revoke", a.origin()))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(account_status(&http, &a, &from_b).await, 401);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let status = account_status(&http, &b, &from_a).await;
        if status == 401 {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            Instant::now() < deadline,
            "B still accepts a revoked client's token"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        http.get(format!("{}/api/accounts/{ACCOUNT}", b.origin()))
            .basic_auth(support::USER, Some(support::PASSWORD))
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    a.signal("TERM");
    b.signal("TERM");
}
