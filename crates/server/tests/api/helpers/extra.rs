//! More [`TestApp`] methods: a server with a configured service or in
//! production mode, requests to the operator plane, and another tenant's
//! sites and orders. A child module of `helpers`, so it may build a
//! `TestApp` from its private parts.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use tnhub_core::Tnhub;
use tnhub_core::ids::AccountId;
use tnhub_core::user::Username;
use tnhub_server::ServerConfig;
use tnhub_server::callbacks::CallbackConfig;

use super::{
    ACCOUNT, ADMIN_TOKEN, PASSWORD, Reply, TestApp, TestStore, USER, last_segment, site_xml,
    test_config,
};

impl TestApp {
    /// Starts a server like [`TestApp::spawn`], with its service configured
    /// by `configure` first (a reservation hold, an aging period — what
    /// `tnhub serve --reservation-hours/--aging-days` set) and, with
    /// `production`, in production mode (real time, no sandbox clock).
    pub async fn spawn_configured(
        production: bool,
        configure: impl FnOnce(Tnhub) -> Tnhub,
    ) -> TestApp {
        Self::spawn_with(production, configure, test_config()).await
    }

    /// Like [`TestApp::spawn`], but the deliverer runs with these callback
    /// settings (a short timeout, faithful mode, another address policy …).
    pub async fn spawn_with_callbacks(callbacks: CallbackConfig) -> TestApp {
        let config = ServerConfig {
            callbacks,
            ..test_config()
        };
        Self::spawn_with(false, |hub| hub, config).await
    }

    /// Like [`TestApp::spawn`], with the HTTP settings changed by `change`
    /// (login limits, timeouts …: what `tnhub serve`'s flags set).
    pub async fn spawn_with_config(change: impl FnOnce(&mut ServerConfig)) -> TestApp {
        let mut config = test_config();
        change(&mut config);
        Self::spawn_with(false, |hub| hub, config).await
    }

    /// [`TestApp::spawn_with_config`] in production mode (real time, no
    /// sandbox clock).
    pub async fn spawn_production_with_config(change: impl FnOnce(&mut ServerConfig)) -> TestApp {
        let mut config = test_config();
        change(&mut config);
        Self::spawn_with(true, |hub| hub, config).await
    }

    /// A second server on this server's database (the same SQLite file or
    /// PostgreSQL schema), as two replicas behind a load balancer.
    pub async fn beside(&self) -> TestApp {
        let store = TestStore::open(&self.db_path).await;
        let hub = Tnhub::sandbox(
            store.shared(),
            Arc::new(tnhub_core::SandboxClock::default()),
        );
        Self::launch(self.db_path.clone(), store, hub, test_config()).await
    }

    async fn spawn_with(
        production: bool,
        configure: impl FnOnce(Tnhub) -> Tnhub,
        config: ServerConfig,
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db_path = dir.path().join("tnhub.db");
        let store = TestStore::open(&db_path).await;
        let hub = if production {
            Tnhub::new(store.shared(), Arc::new(tnhub_core::SystemClock))
        } else {
            Tnhub::sandbox(
                store.shared(),
                Arc::new(tnhub_core::SandboxClock::default()),
            )
        };
        let mut app = Self::launch(db_path, store, configure(hub), config).await;
        app._dir = Some(dir);
        app.hub
            .ensure_demo(
                &AccountId::parse(ACCOUNT).unwrap(),
                &Username::parse(USER).unwrap(),
                Some(PASSWORD),
            )
            .await
            .expect("demo account");
        app
    }

    /// Sends a request to the operator plane (`/admin/…`) with the given
    /// bearer token (or none); `path` starts with `/admin`.
    pub async fn admin_as(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> Reply {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(b.to_string());
        }
        Reply::from(req.send().await.expect("request")).await
    }

    /// Sends a request to the operator plane with the right token.
    pub async fn admin(&self, method: Method, path: &str) -> Reply {
        self.admin_as(method, path, None, Some(ADMIN_TOKEN)).await
    }
}

impl TestApp {
    /// Creates a site with a (default) peer on `account` as the user of
    /// `creds` (another tenant, see [`TestApp::other_tenant`]); returns
    /// (site, peer).
    pub async fn site_and_peer_as(&self, account: &str, creds: (&str, &str)) -> (String, String) {
        let r = self
            .request_as(
                Method::POST,
                &format!("/accounts/{account}/sites"),
                Some(&site_xml("tenant")),
                Some(creds),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let site = last_segment(r.header("location"));
        let r = self
            .request_as(
                Method::POST,
                &format!("/accounts/{account}/sites/{site}/sippeers"),
                Some("<SipPeer><PeerName>tenant</PeerName></SipPeer>"),
                Some(creds),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        (site, last_segment(r.header("location")))
    }

    /// Posts an order of `account` as the user of `creds` and polls it
    /// until it leaves RECEIVED/PROCESSING; returns the final GET.
    pub async fn order_as(&self, account: &str, creds: (&str, &str), body: &str) -> Reply {
        let r = self
            .request_as(
                Method::POST,
                &format!("/accounts/{account}/orders"),
                Some(body),
                Some(creds),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.text_of("id").expect("<Order><id>");
        for _ in 0..400 {
            let r = self
                .request_as(
                    Method::GET,
                    &format!("/accounts/{account}/orders/{id}"),
                    None,
                    Some(creds),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            if !matches!(
                r.text_of("OrderStatus").as_deref(),
                Some("RECEIVED" | "PROCESSING")
            ) {
                return r;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("order {id} of {account} did not settle");
    }
}
