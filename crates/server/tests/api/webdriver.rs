//! A headless Chromium driven through chromedriver, over WebDriver's plain
//! JSON protocol (W3C WebDriver, HTTP + JSON) with the `reqwest` client the
//! tests already have. The browser tests need a dozen commands (open a
//! page, find, click, type, read text, run a script, take a screenshot);
//! `fantoccini` or `thirtyfour` would bring a second HTTP stack and many
//! crates for them, so this small client is written here instead.
//!
//! Debian's `chromium` and `chromium-driver` must be installed
//! (`scripts/setup-browser.sh`); without them [`Browser::start`] fails with
//! a message saying so. Chromium runs headless with `--no-sandbox` (CI runs
//! as root, where Chromium's sandbox cannot start).

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

/// The WebDriver id of a found element.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session in it.
pub struct Browser {
    http: reqwest::Client,
    session: String,
    driver: tokio::process::Child,
}

fn which(name: &str) -> Option<String> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| format!("{dir}/{name}"))
        .find(|p| std::path::Path::new(p).is_file())
}

/// Sends a WebDriver command (a JSON body, if any) and reads the JSON answer.
async fn send(mut req: reqwest::RequestBuilder, body: Option<Value>) -> Value {
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let text = req
        .send()
        .await
        .expect("WebDriver request")
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("WebDriver answered {text:?}: {e}"))
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a window of
    /// `width`×`height` CSS pixels.
    pub async fn start(width: u32, height: u32) -> Browser {
        let missing = "the browser tests need Debian's chromium and chromium-driver: \
                       run scripts/setup-browser.sh (apt-get install chromium chromium-driver)";
        let driver_bin =
            which("chromedriver").unwrap_or_else(|| panic!("{missing} (no chromedriver on PATH)"));
        let chromium = ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|n| which(n))
            .unwrap_or_else(|| panic!("{missing} (no chromium on PATH)"));
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let driver = tokio::process::Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromedriver: {e}"));
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let mut ready = false;
        for _ in 0..200 {
            if let Ok(r) = http.get(format!("{base}/status")).send().await
                && r.status().is_success()
            {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(ready, "chromedriver did not answer on port {port}");
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-extensions", "--no-first-run", "--hide-scrollbars",
                    format!("--window-size={width},{height}"),
                ],
            },
        }}});
        let r = send(http.post(format!("{base}/session")), Some(caps)).await;
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("Chromium did not start: {r}"))
            .to_string();
        Browser {
            http,
            session: format!("{base}/session/{session}"),
            driver,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let req = self.http.request(method, format!("{}{path}", self.session));
        let r = send(req, body).await;
        if let Some(e) = r["value"]["error"].as_str() {
            panic!("WebDriver {path}: {e}: {}", r["value"]["message"]);
        }
        r["value"].clone()
    }

    /// Opens a URL and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    /// The page's URL now.
    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The first element matching a CSS selector, if any.
    pub async fn try_find(&self, css: &str) -> Option<String> {
        let r = send(
            self.http.post(format!("{}/element", self.session)),
            Some(json!({ "using": "css selector", "value": css })),
        )
        .await;
        r["value"][ELEMENT].as_str().map(str::to_string)
    }

    /// The first element matching a CSS selector (panics when none does).
    pub async fn find(&self, css: &str) -> String {
        match self.try_find(css).await {
            Some(e) => e,
            None => panic!(
                "no element matches {css} on {}:\n{}",
                self.url().await,
                self.text("body").await
            ),
        }
    }

    /// Clicks the element matching `css` (a link or a button: the browser
    /// follows it; this returns once the next page has loaded).
    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{e}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Types `text` into the field matching `css`, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{e}/clear"),
            Some(json!({})),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    /// The rendered text of the element matching `css` ("" when none
    /// does). Read by a script in one step, so an element htmx replaces
    /// meanwhile is never a stale reference.
    pub async fn text(&self, css: &str) -> String {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({
                "script": "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
                "args": [css],
            })),
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Runs a script in the page; returns its value.
    pub async fn script(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
        .await
    }

    /// Waits (up to `secs`) until the element matching `css` shows `wanted`
    /// (without reloading: htmx refreshes the page's parts itself).
    pub async fn wait_for_text(&self, css: &str, wanted: &str, secs: u64) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let t = self.text(css).await;
            if t.contains(wanted) {
                return t;
            }
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "{css} never showed {wanted:?} on {}; it shows {t:?}",
                    self.url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resizes the window (CSS pixels).
    pub async fn set_size(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .await;
    }

    /// Waits (up to `secs`) until the page's URL contains `part` (a click
    /// may return before the navigation it started has finished).
    pub async fn wait_for_url(&self, part: &str, secs: u64) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let url = self.url().await;
            if url.contains(part) {
                return url;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the page never went to …{part}…; it is {url}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A PNG of the viewport.
    pub async fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let b64 = self.call(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap()
    }

    /// Ends the session and chromedriver.
    pub async fn quit(mut self) {
        let _ = self.http.delete(&self.session).send().await;
        let _ = self.driver.kill().await;
    }
}
