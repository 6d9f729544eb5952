//! What every handler can reach.

use std::sync::Arc;
use std::time::Duration;

use tnhub_core::Tnhub;

use crate::auth::AuthCache;
use crate::oauth::ClientCache;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// How long a successful Basic-auth check is remembered.
    pub auth_cache_ttl: Duration,
    /// Timeouts, the connection cap and the shutdown deadline.
    pub connections: crate::listen::ConnectionLimits,
    /// How password checks and failed logins are bounded.
    pub auth_limits: crate::auth::AuthLimits,
    /// How often the inventory index is checked against the database.
    pub inventory_refresh: Duration,
    /// The longest the job runner sleeps without being woken.
    pub job_poll: Duration,
    /// How often expired reservations are released and the clock followed.
    pub housekeeping: Duration,
    /// The bearer token of the operator plane (`/admin`); `None` disables it.
    pub admin_token: Option<String>,
    /// How callbacks are delivered.
    pub callbacks: crate::callbacks::CallbackConfig,
    /// How many job runners run side by side; `None`: one on SQLite (one
    /// writer at a time), [`DEFAULT_PG_JOB_RUNNERS`] on PostgreSQL (each
    /// claims its own batch with `SKIP LOCKED`).
    pub job_runners: Option<usize>,
    /// Whether an unknown Basic credential used on `/accounts/{id}` of an
    /// account that does not exist gets that account (a sandbox) on first
    /// use (`--auto-accounts`, sandbox mode only; see [`crate::auth`]).
    pub auto_accounts: bool,
    /// How long an OAuth access token lives (`expires_in`).
    pub token_ttl: Duration,
    /// Who may read `/metrics`, and on which listener.
    pub metrics: crate::metrics::MetricsConfig,
    /// What the request journal keeps (per server; see [`crate::journal`]).
    pub journal: crate::journal::JournalConfig,
    /// Bandwidth-style rate limits (none: off; see [`crate::ratelimit`]).
    pub rate_limits: Vec<crate::ratelimit::Limit>,
}

/// Job runners per server on PostgreSQL unless configured.
pub const DEFAULT_PG_JOB_RUNNERS: usize = 4;

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            body_limit: 4 * 1024 * 1024,
            auth_cache_ttl: Duration::from_secs(60),
            auth_limits: crate::auth::AuthLimits::default(),
            connections: crate::listen::ConnectionLimits::default(),
            inventory_refresh: Duration::from_secs(5),
            job_poll: Duration::from_millis(500),
            housekeeping: Duration::from_secs(1),
            admin_token: None,
            callbacks: crate::callbacks::CallbackConfig::default(),
            job_runners: None,
            auto_accounts: false,
            token_ttl: Duration::from_secs(3600),
            metrics: crate::metrics::MetricsConfig::default(),
            journal: crate::journal::JournalConfig::default(),
            rate_limits: Vec::new(),
        }
    }
}

/// Shared state: the domain service, the auth cache and the settings.
#[derive(Clone)]
pub struct AppState {
    /// The domain service.
    pub hub: Tnhub,
    /// Remembered successful logins.
    pub auth: Arc<AuthCache>,
    /// The token keys and each OAuth client's standing, remembered briefly.
    pub clients: Arc<ClientCache>,
    /// HTTP settings.
    pub config: Arc<ServerConfig>,
    /// Permits for large searches (see [`crate::routes::search`]).
    pub large_searches: Arc<tokio::sync::Semaphore>,
    /// This server's request journal.
    pub journal: Arc<crate::journal::Journal>,
    /// The numbers searches recently offered, for the journal's notes.
    pub offered: Arc<crate::journal::offered::Offered>,
    /// The web console's sessions (see [`crate::console::session`]).
    pub console: Arc<crate::console::session::Sessions>,
    /// This server's fault rules (`/admin/faults`).
    pub faults: Arc<crate::faults::Faults>,
    /// This server's rate-limit counters.
    pub rate_limits: Arc<crate::ratelimit::RateLimiter>,
}

impl AppState {
    /// Builds the state for a service and settings.
    pub fn new(hub: Tnhub, config: ServerConfig) -> Self {
        let journal = Arc::new(crate::journal::Journal::new(config.journal));
        let faults = Arc::new(crate::faults::Faults::new(
            journal.clone(),
            hub.clock().clone(),
        ));
        hub.set_order_faults(faults.clone());
        AppState {
            hub,
            auth: Arc::new(AuthCache::new(config.auth_cache_ttl, config.auth_limits)),
            clients: Arc::new(ClientCache::new(config.auth_cache_ttl)),
            journal,
            offered: Arc::default(),
            faults,
            rate_limits: Arc::new(crate::ratelimit::RateLimiter::new(
                config.rate_limits.clone(),
            )),
            config: Arc::new(config),
            large_searches: Arc::new(tokio::sync::Semaphore::new(large_search_permits())),
            console: Arc::new(crate::console::session::Sessions::default()),
        }
    }
}

impl AppState {
    /// Remembers the numbers a journaled search of `account` offered.
    pub fn searched<'a>(&self, account: &str, tns: impl IntoIterator<Item = &'a str>) {
        if crate::journal::active() {
            let now = self.hub.clock().now().millis();
            self.offered.record(account, tns, now);
        }
    }

    /// Notes on the journaled request when an order or reservation
    /// (`what`) of `account` names numbers no search recently offered.
    pub fn check_offered(&self, account: &str, what: &str, tns: &[String]) {
        if !crate::journal::active() || tns.is_empty() {
            return;
        }
        let now = self.hub.clock().now().millis();
        let missing = self.offered.not_offered(account, tns, now);
        if !missing.is_empty() {
            crate::journal::note(crate::journal::offered::note(what, &missing, tns.len()));
        }
    }
}

/// How many large searches build their answers at once: two per CPU. Such
/// a search is CPU work (drawing and writing thousands of numbers, ~1 MB
/// of XML), so more at once would not finish sooner; they would only hold
/// more answers in memory while they queue for the CPUs.
fn large_search_permits() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}
