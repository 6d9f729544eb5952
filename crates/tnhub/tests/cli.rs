//! The binary as a user runs it: `--help`, `--version`, the admin commands,
//! and `serve` with its embedded defaults printing working credentials.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

fn tnhub(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .args(args)
        .current_dir(dir)
        .env_remove("TNHUB_DATABASE_URL")
        .env_remove("TNHUB_DEMO_ACCOUNT")
        .env_remove("TNHUB_DEMO_USER")
        .env_remove("TNHUB_DEMO_PASSWORD")
        .output()
        .expect("run tnhub")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_and_version_explain_every_setting() {
    let dir = tempfile::tempdir().unwrap();
    let v = tnhub(dir.path(), &["--version"]);
    assert!(v.status.success());
    assert_eq!(
        stdout(&v).trim(),
        format!("tnhub {}", env!("CARGO_PKG_VERSION"))
    );
    let h = stdout(&tnhub(dir.path(), &["--help"]));
    for word in ["serve", "migrate", "account", "user"] {
        assert!(h.contains(word), "{h}");
    }
    let h = stdout(&tnhub(dir.path(), &["serve", "--help"]));
    for env in [
        "TNHUB_LISTEN",
        "TNHUB_DATABASE_URL",
        "TNHUB_DEMO_ACCOUNT",
        "TNHUB_DEMO_USER",
        "TNHUB_DEMO_PASSWORD",
        "TNHUB_AUTH_CACHE_TTL",
        "TNHUB_AUTO_ACCOUNTS",
        "TNHUB_SEED",
        "TNHUB_IDEMPOTENCY_TTL",
        "TNHUB_METRICS_ACCESS",
        "TNHUB_METRICS_LISTEN",
    ] {
        assert!(h.contains(env), "serve --help does not mention {env}:\n{h}");
    }
    // Accounts on first use are for sandboxes only.
    let o = tnhub(
        dir.path(),
        &["serve", "--auto-accounts", "--mode", "production"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("sandbox mode only"), "{}", stderr(&o));
}

#[test]
fn accounts_and_users_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = tnhub(
        d,
        &[
            "account",
            "create",
            "--id",
            "4400001",
            "--company",
            "Acme Telecom",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("created account 4400001 (Acme Telecom)"));
    assert!(
        d.join("tnhub.db").exists(),
        "the default database is a file in the working directory"
    );
    assert!(stdout(&tnhub(d, &["account", "list"])).contains("4400001\tAcme Telecom"));

    let o = tnhub(d, &["user", "create", "bob", "--account", "4400001"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("created user bob with access to 4400001"),
        "{out}"
    );
    assert!(
        out.contains("password: "),
        "a generated password is printed once: {out}"
    );

    let o = tnhub(
        d,
        &["user", "passwd", "bob", "--password", "a-new-password"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&tnhub(d, &["user", "list"])).contains("bob\taccounts: 4400001"));

    // Mistakes are explained, with a non-zero exit.
    let o = tnhub(d, &["user", "create", "carol", "--account", "1234"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("account '1234' does not exist"),
        "{}",
        stderr(&o)
    );
    let o = tnhub(d, &["user", "create", "bob", "--account", "4400001"]);
    assert!(
        stderr(&o).contains("user 'bob' already exists"),
        "{}",
        stderr(&o)
    );
    let o = tnhub(d, &["user", "passwd", "bob", "--password", "short"]);
    assert!(stderr(&o).contains("8 to 256 characters"), "{}", stderr(&o));
    let o = tnhub(d, &["account", "create", "--id", "bad id"]);
    assert!(!o.status.success());
    let o = tnhub(
        d,
        &[
            "serve",
            "--database-url",
            "postgres://u:secret@127.0.0.1:1/x",
        ],
    );
    assert!(!o.status.success());
    assert!(
        !stderr(&o).contains("secret"),
        "the password leaked: {}",
        stderr(&o)
    );
}

struct Server {
    child: Child,
    lines: Vec<String>,
}

fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tnhub"));
    cmd.arg("serve")
        .current_dir(dir)
        .env("TNHUB_LISTEN", "127.0.0.1:0")
        .env_remove("TNHUB_DATABASE_URL")
        .env_remove("TNHUB_DEMO_ACCOUNT")
        .env_remove("TNHUB_DEMO_USER")
        .env_remove("TNHUB_DEMO_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start tnhub serve");
    let out = child.stdout.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(out).lines() {
        let line = line.unwrap();
        let done = line.starts_with("Press Ctrl-C");
        lines.push(line);
        if done {
            break;
        }
    }
    Server { child, lines }
}

impl Server {
    fn value(&self, label: &str) -> Option<String> {
        self.lines
            .iter()
            .find_map(|l| l.trim().strip_prefix(label).map(|v| v.trim().to_string()))
    }

    fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill().unwrap();
        panic!("tnhub did not stop within 5 s of SIGTERM");
    }
}

#[tokio::test]
async fn serve_with_no_arguments_prints_credentials_that_work() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[]);
    let banner = server.lines.join("\n");
    let base = server
        .lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("tnhub ")
                .and_then(|l| l.split("listening on ").nth(1))
        })
        .unwrap_or_else(|| panic!("no address in:\n{banner}"))
        .to_string();
    let account = server.value("demo account:").expect(&banner);
    let user = server.value("demo user:").expect(&banner);
    let password = server.value("password:").expect(&banner);
    assert_eq!(user, "demo");
    assert_eq!(password.len(), 20, "{banner}");
    assert!(
        banner.contains(&format!(
            "curl -u '{user}:{password}' {base}/api/accounts/{account}/sites"
        )),
        "{banner}"
    );

    let client = reqwest::Client::new();
    let r = client
        .get(format!("{base}/api/accounts/{account}/sites"))
        .basic_auth(&user, Some(&password))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("<SitesResponse>"));
    assert!(server.stop().success(), "SIGTERM is a clean shutdown");

    // Second start on the same file: the demo exists, nothing new is printed,
    // and the credentials printed the first time still work.
    let server = start(dir.path(), &[]);
    assert!(server.value("password:").is_none(), "{:?}", server.lines);
    let base2 = server.lines[0]
        .split("listening on ")
        .nth(1)
        .unwrap()
        .to_string();
    let r = client
        .get(format!("{base2}/api/accounts/{account}"))
        .basic_auth(&user, Some(&password))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(server.stop().success());
}

#[tokio::test]
async fn demo_credentials_can_be_fixed_by_environment() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("TNHUB_DEMO_ACCOUNT", "9900077"),
        ("TNHUB_DEMO_USER", "ci"),
        ("TNHUB_DEMO_PASSWORD", "ci-password-1"),
    ];
    for _ in 0..2 {
        let server = start(dir.path(), &env);
        assert_eq!(server.value("demo account:").as_deref(), Some("9900077"));
        assert_eq!(server.value("password:").as_deref(), Some("ci-password-1"));
        let base = server.lines[0]
            .split("listening on ")
            .nth(1)
            .unwrap()
            .to_string();
        let r = reqwest::Client::new()
            .get(format!("{base}/v1.0/accounts/9900077"))
            .basic_auth("ci", Some("ci-password-1"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(server.stop().success());
    }
}

#[test]
fn snapshots_are_saved_and_restored_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| {
        let o = tnhub(dir.path(), args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    ok(&["account", "create", "--id", "4400001", "--company", "First"]);
    assert!(ok(&["snapshot", "save", "base"]).contains("saved snapshot base"));
    ok(&[
        "account",
        "create",
        "--id",
        "4400002",
        "--company",
        "Second",
    ]);
    assert!(ok(&["snapshot", "list"]).starts_with("base\t"));
    assert!(ok(&["snapshot", "restore", "base"]).contains("restored snapshot base"));
    let accounts = ok(&["account", "list"]);
    assert!(
        accounts.contains("4400001") && !accounts.contains("4400002"),
        "{accounts}"
    );
    ok(&["snapshot", "delete", "base"]);
    let o = tnhub(dir.path(), &["snapshot", "restore", "base"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
}
