//! Fixtures from the command line: `tnhub seed FILE` loads the example
//! (and a second time does nothing), refuses a broken file with every
//! problem and its place (exit 1, nothing stored), and `tnhub serve --seed
//! FILE` serves what the file holds from its first request.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::Server;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/fixtures/sandbox.yaml")
}

fn tnhub(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .args(args)
        .current_dir(dir)
        .env_remove("TNHUB_DATABASE_URL")
        .env("TNHUB_LOG", "warn")
        .output()
        .expect("run tnhub")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn seed_loads_the_example_once_and_refuses_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = example();
    let file = file.to_str().unwrap();
    let o = tnhub(dir.path(), &["seed", file]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("created 2 accounts, 2 users")
            && out.contains("4 numbers in service, 1 reservations, 2 port-ins, 2 subscriptions"),
        "{out}"
    );
    let o = tnhub(dir.path(), &["seed", file]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("already loaded, nothing to do"),
        "{}",
        text(&o.stdout)
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        r#"{"accounts": [{"id": "9900700", "sites": [{"name": "A", "address": {"houseNumber": "1", "streetName": "Main", "city": "Raleigh", "stateCode": "NC", "zip": "27601"},
             "peers": [{"name": "p", "numbers": ["9192210701", "99"]}, {"name": "p"}]}]}],
            "users": [{"name": "u", "password": "long-enough", "accounts": ["9900800"]}]}"#,
    )
    .unwrap();
    let o = tnhub(dir.path(), &["seed", broken.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = text(&o.stderr);
    for place in [
        "refused with 3 problem(s); nothing was stored",
        "accounts[0].sites[0].peers[0].numbers[1]: '99' is not a valid number",
        "accounts[0].sites[0].peers[1].name: duplicate name \"p\"",
        "users[0].accounts[0]: account '9900800' is neither in this file nor in the database",
    ] {
        assert!(err.contains(place), "{place} missing from:\n{err}");
    }
    let accounts = text(&tnhub(dir.path(), &["account", "list"]).stdout);
    assert!(
        accounts.contains("9900100") && !accounts.contains("9900700"),
        "{accounts}"
    );
    // A JSON syntax error: its line and column.
    std::fs::write(&broken, "{\"accounts\": [\n  {\"id\": }\n]}").unwrap();
    let o = tnhub(dir.path(), &["seed", broken.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("line 2"), "{}", text(&o.stderr));
}

#[tokio::test]
async fn serve_seed_serves_the_fixture_from_the_first_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let file = example();
    let (mut server, output) = Server::start_logged(
        dir.path(),
        &[
            ("TNHUB_DATABASE_URL", db.as_str()),
            ("TNHUB_SEED", file.to_str().unwrap()),
        ],
        &[],
    );
    assert!(
        output
            .lock()
            .unwrap()
            .contains("created 2 accounts, 2 users"),
        "{}",
        output.lock().unwrap()
    );
    let http = reqwest::Client::new();
    let r = http
        .get(format!(
            "{}/api/accounts/9900100/inserviceNumbers",
            server.origin()
        ))
        .basic_auth("acme-admin", Some("acme-admin-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    for tn in ["9192210101", "9192210102", "9192210103", "9192074511"] {
        assert!(body.contains(tn), "{tn} not in service: {body}");
    }
    server.signal("TERM");
    let _ = server.child.wait();

    // Started again on the same file: nothing to do, and it still serves.
    let (mut server, output) = Server::start_logged(
        dir.path(),
        &[
            ("TNHUB_DATABASE_URL", db.as_str()),
            ("TNHUB_SEED", file.to_str().unwrap()),
        ],
        &[],
    );
    assert!(
        output.lock().unwrap().contains("already loaded"),
        "{}",
        output.lock().unwrap()
    );
    server.signal("TERM");
    let _ = server.child.wait();

    // A broken fixture stops the start, saying what is wrong.
    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "accounts:\n  - id: \"9900900\"\n    reservations: [\"12\"]\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .args(["serve", "--seed", broken.to_str().unwrap()])
        .current_dir(dir.path())
        .env("TNHUB_DATABASE_URL", &db)
        .env("TNHUB_LISTEN", "127.0.0.1:0")
        .env_remove("TNHUB_SEED")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("accounts[0].reservations[0]: '12' is not a valid number"),
        "{}",
        text(&o.stderr)
    );
}
