//! The container image (Containerfile, scripts/image.sh) builds and its
//! file system serves the API. Containers cannot be started on this kind
//! of machine, so the test builds the image from the binary cargo built for
//! the tests, mounts it (`podman image mount`), checks its configuration
//! (the TNHUB_* environment, /data volume, non-root user, HEALTHCHECK), and
//! starts the server from the image's own files with `chroot` in a private
//! mount namespace (the image's /data bound to a temporary directory), as
//! the image's user, with the image's environment; then drives it over
//! HTTP and runs the health check command of the image.
//!
//! Needs root (CI runs as root; scripts/test.sh installs podman). Skipped
//! with a message otherwise.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const ACCOUNT: &str = "9900001";
const USER: &str = "image";
const PASSWORD: &str = "image-test-password";

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        .unwrap_or(false)
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> String {
    let o = cmd.output().expect("run a command");
    assert!(
        o.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// The image and its mount, removed when the test ends however it ends.
struct Image {
    tag: String,
    mount: Option<PathBuf>,
    server: Option<Child>,
}

impl Drop for Image {
    fn drop(&mut self) {
        if let Some(mut s) = self.server.take() {
            let _ = s.kill();
            let _ = s.wait();
        }
        if self.mount.is_some() {
            let _ = Command::new("podman")
                .args(["image", "unmount", &self.tag])
                .output();
        }
        let _ = Command::new("podman")
            .args(["rmi", "-f", &self.tag])
            .output();
    }
}

#[tokio::test]
async fn the_image_builds_and_its_file_system_serves_the_api() {
    if !is_root() {
        eprintln!(
            "SKIPPED: the image test needs root (podman image mount, chroot); CI runs it as root"
        );
        return;
    }
    assert!(
        Command::new("podman").arg("--version").output().is_ok(),
        "podman is not installed: scripts/test.sh installs it (or: apt-get install podman)"
    );
    let mut image = Image {
        tag: format!("localhost/tnhub-image-test:{}", std::process::id()),
        mount: None,
        server: None,
    };
    run(Command::new("bash")
        .arg(repo_root().join("scripts/image.sh"))
        .args(["--binary", env!("CARGO_BIN_EXE_tnhub"), "--tag", &image.tag]));

    // Its configuration.
    let inspect: serde_json::Value = serde_json::from_str(&run(
        Command::new("podman").args(["image", "inspect", &image.tag])
    ))
    .unwrap();
    let config = &inspect[0]["Config"];
    let env: Vec<String> = config["Env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for want in [
        "TNHUB_LISTEN=0.0.0.0:8080",
        "TNHUB_DATABASE_URL=sqlite:///data/tnhub.db",
    ] {
        assert!(env.iter().any(|e| e == want), "{want} not in {env:?}");
    }
    assert_eq!(config["User"], "10001:10001", "{config}");
    assert!(config["Volumes"].get("/data").is_some(), "{config}");
    assert_eq!(
        inspect[0]["Healthcheck"]["Test"],
        serde_json::json!(["CMD", "/usr/local/bin/tnhub", "health"]),
        "{inspect}"
    );

    // Its file system: the binary, its libraries, CA certificates, a user.
    let mount = PathBuf::from(run(
        Command::new("podman").args(["image", "mount", &image.tag])
    ));
    image.mount = Some(mount.clone());
    for f in [
        "usr/local/bin/tnhub",
        "etc/ssl/certs/ca-certificates.crt",
        "etc/passwd",
        "data",
    ] {
        assert!(mount.join(f).exists(), "{f} missing from the image");
    }

    // The server, started from the image's files with the image's
    // environment (only the port changed: 8080 may be taken here).
    let data = tempfile::tempdir().unwrap();
    run(Command::new("chown").arg("10001:10001").arg(data.path()));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("0.0.0.0:{port}");
    let image_env = |cmd: &mut Command| {
        cmd.env_clear();
        for e in &env {
            let (k, v) = e.split_once('=').unwrap();
            cmd.env(k, v);
        }
        cmd.env("TNHUB_LISTEN", &listen);
    };
    let mut server = Command::new("unshare");
    server
        .args([
            "--mount",
            "sh",
            "-c",
            r#"mount --bind "$1" "$2/data" && exec chroot --userspec=10001:10001 "$2" /usr/local/bin/tnhub serve"#,
            "sh",
        ])
        .arg(data.path())
        .arg(&mount);
    image_env(&mut server);
    let mut child = server
        .env("TNHUB_DEMO_ACCOUNT", ACCOUNT)
        .env("TNHUB_DEMO_USER", USER)
        .env("TNHUB_DEMO_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the image's tnhub");
    let out = child.stdout.take().unwrap();
    image.server = Some(child);
    let mut printed = String::new();
    for line in BufReader::new(out).lines() {
        let line = line.unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    assert!(
        printed.contains(&format!("listening on http://0.0.0.0:{port}")),
        "{printed}"
    );

    let origin = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let r = http.get(format!("{origin}/health")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = http
        .get(format!("{origin}/api/accounts/{ACCOUNT}/sites"))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let r = http
        .get(format!("{origin}/api/openapi.yaml"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The database is on the /data volume, written by the image's user.
    let db = data.path().join("tnhub.db");
    assert!(db.exists(), "no database in /data");
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(&db).unwrap().uid(), 10001);

    // The image's HEALTHCHECK command, run from the image.
    let mut health = Command::new("chroot");
    health
        .arg("--userspec=10001:10001")
        .arg(&mount)
        .arg("/usr/local/bin/tnhub")
        .arg("health");
    image_env(&mut health);
    assert!(run(&mut health).contains("healthy"));
    // … and it fails once the server is gone.
    let mut s = image.server.take().unwrap();
    let _ = Command::new("kill")
        .args(["-TERM", &s.id().to_string()])
        .status();
    let _ = s.wait();
    let o = health.output().unwrap();
    assert!(!o.status.success(), "health passed with no server");
}
