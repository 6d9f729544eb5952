//! A full disk under a SQLite server: writes fail cleanly (a Bandwidth-style
//! 503 XML error with `Retry-After`), `/ready` says 503, and as soon as
//! space is freed writes succeed again without a restart; every order
//! acknowledged before, during and after is there, also after a restart.
//!
//! The database lives on a small tmpfs the test mounts itself, which needs
//! root (CI runs as root). Elsewhere the test says loudly that it did not
//! run, and passes.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use support::{PASSWORD, Server, USER, site_and_peer, text_of};

/// A tmpfs mounted for the test, unmounted (lazily, so a server still
/// holding files there cannot keep it) when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Fills the file system holding `path` with one file until it is full.
fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![0x5a_u8; 16 * 1024];
    loop {
        if f.write_all(&chunk).is_err() {
            break;
        }
    }
    // The last partial chunk may have left a few bytes: take them too.
    while f.write_all(&[0]).is_ok() {}
    let _ = f.sync_all();
}

fn order_body(site: &str) -> String {
    format!(
        "<Order><SiteId>{site}</SiteId><AreaCodeSearchAndOrderType><AreaCode>919</AreaCode>\
         <Quantity>1</Quantity></AreaCodeSearchAndOrderType></Order>"
    )
}

/// Posts one order: the status, the order id if acknowledged, the
/// `Retry-After` header and the body.
async fn post_order(
    http: &reqwest::Client,
    server: &Server,
    site: &str,
) -> (u16, Option<String>, Option<String>, String) {
    let r = http
        .post(format!("{}/orders", server.base))
        .basic_auth(USER, Some(PASSWORD))
        .body(order_body(site))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let body = r.text().await.unwrap();
    let id = (status == 201).then(|| text_of(&body, "id")).flatten();
    (status, id, retry, body)
}

async fn ready(http: &reqwest::Client, server: &Server) -> u16 {
    http.get(format!("{}/ready", server.origin()))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn assert_all_there(http: &reqwest::Client, server: &Server, ids: &[String]) {
    for id in ids {
        let r = http
            .get(format!("{}/orders/{id}", server.base))
            .basic_auth(USER, Some(PASSWORD))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "acknowledged order {id} was lost");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_fails_writes_cleanly_and_they_work_again_once_space_is_freed() {
    if !is_root() {
        eprintln!(
            "\n!!! SKIPPED disk_full: mounting a tmpfs needs root (CI runs as root); \
             this test did NOT run !!!\n"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&dir.path().join("disk"), "3m") else {
        panic!("running as root, but mounting a tmpfs failed");
    };
    let mut server = Server::start(&disk.0, "tnhub.db", &[]);
    let http = reqwest::Client::new();
    let site = site_and_peer(&http, &server.base, "full", "p").await;
    let mut acknowledged = Vec::new();
    for _ in 0..5 {
        let (status, id, _, body) = post_order(&http, &server, &site).await;
        assert_eq!(status, 201, "{body}");
        acknowledged.push(id.unwrap());
    }
    assert_eq!(ready(&http, &server).await, 200);

    // The disk fills up. Writes go on until one needs space it cannot get
    // (what the WAL had already allocated is reused first).
    let filler = disk.0.join("filler");
    fill(&filler);
    let mut refused = None;
    for _ in 0..3_000 {
        let (status, id, retry, body) = post_order(&http, &server, &site).await;
        match status {
            201 => acknowledged.push(id.unwrap()),
            _ => {
                refused = Some((status, retry, body));
                break;
            }
        }
    }
    let (status, retry, body) = refused.expect("a full disk never refused a write");
    assert_eq!(status, 503, "{body}");
    assert_eq!(retry.as_deref(), Some("2"), "503 carries Retry-After");
    assert!(
        body.contains("<ErrorCode>") || body.contains("<Code>"),
        "{body}"
    );
    assert!(body.contains("temporarily unavailable"), "{body}");
    assert_eq!(ready(&http, &server).await, 503, "/ready while writes fail");
    // Still failing, not stuck in some other way.
    let (status, _, _, body) = post_order(&http, &server, &site).await;
    assert_eq!(status, 503, "{body}");

    // Space comes back: writes work again at once, without a restart.
    std::fs::remove_file(&filler).unwrap();
    let (status, id, _, body) = post_order(&http, &server, &site).await;
    assert_eq!(status, 201, "the first write after space is freed: {body}");
    acknowledged.push(id.unwrap());
    assert_eq!(ready(&http, &server).await, 200, "/ready once writes work");
    for _ in 0..5 {
        let (status, id, _, body) = post_order(&http, &server, &site).await;
        assert_eq!(status, 201, "{body}");
        acknowledged.push(id.unwrap());
    }
    assert_all_there(&http, &server, &acknowledged).await;

    // And they are on disk: a server started again on the file has them.
    server.signal("KILL");
    let server = Server::start(&disk.0, "tnhub.db", &[]);
    assert_all_there(&http, &server, &acknowledged).await;
    let mut server = server;
    server.signal("TERM");
    // Give the lazy unmount nothing to wait for.
    tokio::time::sleep(Duration::from_millis(50)).await;
}
