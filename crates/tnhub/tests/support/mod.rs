//! What the binary-level tests share: starting the real `tnhub` binary on a
//! loopback port with known demo credentials, and reading bits of XML.
//!
//! Each test file that uses it declares `mod support;`, so an item one file
//! does not use would warn; hence the `allow(dead_code)`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub const ACCOUNT: &str = "9900001";
pub const USER: &str = "crash";
pub const PASSWORD: &str = "crash-test-password";

/// A running `tnhub serve` process.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT/api/accounts/ACCOUNT`.
    pub base: String,
}

impl Server {
    /// Starts `tnhub serve` in `dir` on the SQLite file `db`, with `args`
    /// added, and waits until it says it is ready.
    pub fn start(dir: &Path, db: &str, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tnhub"))
            .arg("serve")
            .args(args)
            .current_dir(dir)
            .env("TNHUB_LISTEN", "127.0.0.1:0")
            .env(
                "TNHUB_DATABASE_URL",
                format!("sqlite://{}", dir.join(db).display()),
            )
            .env("TNHUB_DEMO_ACCOUNT", ACCOUNT)
            .env("TNHUB_DEMO_USER", USER)
            .env("TNHUB_DEMO_PASSWORD", PASSWORD)
            .env("TNHUB_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tnhub");
        let out = child.stdout.take().unwrap();
        let mut base = String::new();
        for line in BufReader::new(out).lines() {
            let line = line.unwrap();
            if let Some(addr) = line.split("listening on ").nth(1) {
                base = format!("{addr}/api/accounts/{ACCOUNT}");
            }
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        assert!(!base.is_empty(), "the server did not print its address");
        Server { child, base }
    }

    /// Sends `signal` (`KILL`, `TERM`) and waits for the process to end.
    pub fn signal(&mut self, signal: &str) {
        Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap();
    }
}

/// The text of the first `<tag>` in `body`.
pub fn text_of(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    Some(
        body[start..]
            .split(&format!("</{tag}>"))
            .next()?
            .to_string(),
    )
}

/// The text of every `<tag>` in `body`.
pub fn all_of(body: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    body.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&format!("</{tag}>")).next())
        .map(str::to_string)
        .collect()
}
