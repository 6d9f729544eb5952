//! `tnhub serve`: open (and migrate) the database, make sure the demo
//! credentials exist, print how to use them, and serve until Ctrl-C/SIGTERM.

use std::time::{Duration, Instant};

use anyhow::Context;
use tnhub_core::Tnhub;
use tnhub_core::ids::AccountId;
use tnhub_core::service::DemoClient;
use tnhub_core::user::Username;
use tnhub_server::auth::AuthLimits;
use tnhub_server::auth::throttle::LoginLimits;
use tnhub_server::listen::ConnectionLimits;
use tnhub_server::metrics::{MetricsAccess, MetricsConfig};
use tnhub_server::tls::{Identity, LocalCa};
use tnhub_server::{AppState, OtherListeners, ServerConfig};

use std::sync::Arc;

use tnhub_core::{SandboxClock, SystemClock};

use tnhub_server::callbacks::{AddressPolicy, CallbackConfig, DeliveryMode};

use crate::cli::{CallbackAllow, CallbackMode, Mode, ServeArgs};

/// Runs the server.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), database = %crate::database::redact(&args.database.database_url), "starting tnhub");
    anyhow::ensure!(
        !(args.auto_accounts && args.mode == Mode::Production),
        "--auto-accounts lets anyone create accounts: it works in sandbox mode only"
    );
    anyhow::ensure!(
        args.database_timeout.is_finite()
            && args.database_timeout > 0.0
            && args.database_timeout <= 3_600.0,
        "--database-timeout must be a positive number of seconds (at most 3600)"
    );
    let store = crate::database::open_with_timeout(
        &args.database.database_url,
        Duration::from_secs_f64(args.database_timeout),
    )
    .await?;
    let hub = match args.mode {
        Mode::Sandbox => Tnhub::sandbox(store, Arc::new(SandboxClock::default())),
        Mode::Production => Tnhub::new(store, Arc::new(SystemClock)),
    };
    let duration = |value: f64, unit_secs: f64, flag: &str| -> anyhow::Result<Duration> {
        anyhow::ensure!(
            value.is_finite() && value > 0.0 && value < 36_500.0,
            "{flag} must be a positive number"
        );
        Ok(Duration::from_secs_f64(value * unit_secs))
    };
    let hub = hub
        .with_reservation_hold(duration(
            args.reservation_hours,
            3_600.0,
            "--reservation-hours",
        )?)
        .with_aging(duration(args.aging_days, 86_400.0, "--aging-days")?)
        .with_idempotency_ttl(args.idempotency_ttl);
    hub.sync_clock()
        .await
        .context("reading the sandbox clock")?;
    hub.refresh_inventory()
        .await
        .context("loading the inventory")?;
    let admin_token = match (&args.admin_token, args.mode) {
        (Some(t), _) if !t.trim().is_empty() => Some((t.trim().to_string(), false)),
        (_, Mode::Sandbox) => Some((generate_token(), true)),
        (_, Mode::Production) => None,
    };
    let demo = demo(&hub, &args).await?;
    if let Some(file) = &args.seed {
        super::seed::load(&hub, file).await?;
    }
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {} (is another server running there? choose another with --listen)", args.listen))?;
    let address = listener.local_addr()?;
    let tls = tls_listener(&hub, &args).await?;
    let metrics_listener = match &args.metrics_listen {
        Some(at) => Some(tokio::net::TcpListener::bind(at).await.with_context(|| {
            format!("cannot listen on {at} for /metrics (choose another with --metrics-listen)")
        })?),
        None => None,
    };
    let metrics = metrics_config(&args, admin_token.is_some());
    let state = AppState::new(
        hub,
        ServerConfig {
            body_limit: args.body_limit,
            auth_cache_ttl: Duration::from_secs(args.auth_cache_ttl),
            connections: ConnectionLimits {
                header_timeout: Duration::from_secs(args.header_timeout.max(1)),
                body_timeout: Duration::from_secs(args.body_timeout.max(1)),
                max_connections: args.max_connections.max(1),
                shutdown_timeout: Duration::from_secs(args.shutdown_timeout),
            },
            auth_limits: AuthLimits {
                workers: args.auth_workers.map(usize::from),
                queue: args.auth_queue,
                logins: LoginLimits {
                    per_user: args.login_failures_per_user,
                    per_address: args.login_failures_per_address,
                    window: Duration::from_secs(args.login_window.max(1)),
                },
            },
            admin_token: admin_token.as_ref().map(|(t, _)| t.clone()),
            callbacks: callback_config(&args),
            job_runners: args.job_runners.map(usize::from),
            auto_accounts: args.auto_accounts,
            token_ttl: Duration::from_secs(args.token_ttl),
            metrics,
            journal: tnhub_server::journal::JournalConfig {
                per_account: args.journal_size as usize,
                body_limit: args.journal_body_limit as usize,
            },
            rate_limits: args.rate_limits.clone(),
            ..ServerConfig::default()
        },
    );
    if let Some((tls, from)) = &tls {
        println!(
            "tnhub also serves HTTPS on https://{}  ({from})",
            tls.listener.local_addr()?
        );
    }
    let metrics_address = metrics_listener
        .as_ref()
        .map(tokio::net::TcpListener::local_addr)
        .transpose()?;
    print_banner(
        address,
        metrics_address,
        demo.as_ref(),
        admin_token.as_ref(),
        args.mode,
    );
    if args.auto_accounts {
        tracing::warn!(
            "--auto-accounts: any new credential used on /accounts/{{id}} creates that account"
        );
    }
    tracing::info!(%address, ready_in_ms = started.elapsed().as_millis() as u64, "listening");
    let others = OtherListeners {
        tls: tls.map(|(t, _)| t),
        metrics: metrics_listener,
    };
    tnhub_server::serve_with(listener, others, state, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// The HTTPS listener, and where its certificate came from (for the banner).
async fn tls_listener(
    hub: &Tnhub,
    args: &ServeArgs,
) -> anyhow::Result<Option<(tnhub_server::tls::TlsListener, String)>> {
    let Some(listen) = &args.tls_listen else {
        return Ok(None);
    };
    let (identity, from) = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => (
            Identity::from_files(cert, key).map_err(anyhow::Error::msg)?,
            format!("certificate {}", cert.display()),
        ),
        _ => {
            let names: Vec<String> = args
                .tls_names
                .iter()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            anyhow::ensure!(!names.is_empty(), "--tls-names is empty");
            let ca = LocalCa::load(hub).await.context("loading the local CA")?;
            (
                ca.issue(&names)?,
                format!("{}; trust `tnhub ca`", names.join(", ")),
            )
        }
    };
    let config = identity.server_config().map_err(anyhow::Error::msg)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen} for TLS"))?;
    Ok(Some((
        tnhub_server::tls::TlsListener { listener, config },
        from,
    )))
}

struct Demo {
    account: AccountId,
    user: Username,
    password: Option<String>,
    /// The demo user's OAuth client (sandbox mode, or when asked for).
    client: Option<DemoClient>,
}

async fn demo(hub: &Tnhub, args: &ServeArgs) -> anyhow::Result<Option<Demo>> {
    if args.no_demo {
        return Ok(None);
    }
    let wants_client = args.demo_client_id.is_some() || args.demo_client_secret.is_some();
    let asked = args.demo_account.is_some()
        || args.demo_user.is_some()
        || args.demo_password.is_some()
        || wants_client;
    let first_start = hub.users().await?.is_empty();
    if !asked && !first_start {
        return Ok(None);
    }
    // Without an asked account, the demo user's own (or a new one): servers
    // starting together on a fresh database then agree on one account.
    let account = args
        .demo_account
        .as_deref()
        .map(AccountId::parse)
        .transpose()?;
    let user = Username::parse(args.demo_user.as_deref().unwrap_or("demo"))?;
    let creds = hub
        .ensure_demo_for(account.as_ref(), &user, args.demo_password.as_deref())
        .await
        .context("creating the demo account")?;
    if creds.created {
        tracing::info!(account = %creds.account, user = %creds.user, "demo account created");
    }
    let client = if args.mode == Mode::Sandbox || wants_client {
        let (hub, user) = (hub.clone(), creds.user.clone());
        let (id, secret) = (args.demo_client_id.clone(), args.demo_client_secret.clone());
        // Hashing a secret is slow: off the async threads.
        let handle = tokio::runtime::Handle::current();
        let made = tokio::task::spawn_blocking(move || {
            handle.block_on(hub.ensure_demo_client(&user, id.as_deref(), secret.as_deref()))
        })
        .await?
        .context("creating the demo OAuth client")?;
        Some(made)
    } else {
        None
    };
    Ok(Some(Demo {
        account: creds.account,
        user: creds.user,
        password: creds.password,
        client,
    }))
}

/// `--metrics-access` and `--metrics-listen`: open in sandbox mode or on a
/// listener of its own, the operator's otherwise.
fn metrics_config(args: &ServeArgs, operator_plane: bool) -> MetricsConfig {
    let access = match (args.metrics_access, args.mode) {
        (Some(crate::cli::MetricsAccess::Open), _) => MetricsAccess::Open,
        (Some(crate::cli::MetricsAccess::Operator), _) => MetricsAccess::Operator,
        (None, Mode::Sandbox) => MetricsAccess::Open,
        (None, Mode::Production) if args.metrics_listen.is_some() => MetricsAccess::Open,
        (None, Mode::Production) => MetricsAccess::Operator,
    };
    if access == MetricsAccess::Operator && !operator_plane {
        tracing::warn!(
            "/metrics needs the operator token but none is set: every scrape gets 401 \
             (set TNHUB_ADMIN_TOKEN, or --metrics-listen on a private address, or --metrics-access open)"
        );
    }
    MetricsConfig {
        access,
        separate: args.metrics_listen.is_some(),
    }
}

fn callback_config(args: &ServeArgs) -> CallbackConfig {
    let allow = match (args.callback_allow, args.mode) {
        (Some(CallbackAllow::Public), _) | (None, Mode::Production) => AddressPolicy::PublicOnly,
        (Some(CallbackAllow::Loopback), _) | (None, Mode::Sandbox) => AddressPolicy::Loopback,
        (Some(CallbackAllow::Any), _) => AddressPolicy::Any,
    };
    CallbackConfig {
        mode: match args.callback_mode {
            CallbackMode::Faithful => DeliveryMode::Faithful,
            CallbackMode::Reliable => DeliveryMode::Reliable,
        },
        max_attempts: args.callback_max_attempts.max(1),
        allow,
        timeout: Duration::from_secs(args.callback_timeout.max(1)),
        ..CallbackConfig::default()
    }
}

fn generate_token() -> String {
    tnhub_core::user::Password::generate().expose().to_string()
}

fn print_banner(
    address: std::net::SocketAddr,
    metrics: Option<std::net::SocketAddr>,
    demo: Option<&Demo>,
    admin: Option<&(String, bool)>,
    mode: Mode,
) {
    let base = format!("http://{address}/api");
    println!(
        "tnhub {} is listening on http://{address}",
        env!("CARGO_PKG_VERSION")
    );
    println!("  API (also under /api/v1 and /v1.0): {base}");
    println!("  OpenAPI document:                   {base}/openapi.yaml");
    if let Some(m) = metrics {
        println!("  metrics (and health):               http://{m}/metrics");
    }
    if let Some(d) = demo {
        println!("  demo account: {}", d.account);
        println!("  demo user:    {}", d.user);
        match &d.password {
            Some(p) => {
                println!("  password:     {p}");
                println!(
                    "  try:  curl -u '{}:{p}' {base}/accounts/{}/sites",
                    d.user, d.account
                );
            }
            None => println!(
                "  password:     (unchanged; reset it with `tnhub user passwd {}`)",
                d.user
            ),
        }
        if let Some(c) = &d.client {
            println!("  client id:     {}", c.id);
            match &c.secret {
                Some(secret) => {
                    println!("  client secret: {secret}");
                    println!(
                        "  token: curl -u '{}:{secret}' -d grant_type=client_credentials http://{address}/api/v1/oauth2/token",
                        c.id
                    );
                }
                None => println!(
                    "  client secret: (unchanged; make a new client with `tnhub client create --user {}`)",
                    d.user
                ),
            }
        }
    }
    match (admin, mode) {
        (Some((token, generated)), _) => {
            let shown = if *generated {
                token.as_str()
            } else {
                "(the TNHUB_ADMIN_TOKEN you set)"
            };
            println!("  operator plane: http://{address}/admin  (Authorization: Bearer {shown})");
            if mode == Mode::Sandbox {
                println!(
                    "  sandbox clock:  curl -X POST -H 'Authorization: Bearer {shown}' 'http://{address}/admin/clock/advance?days=1'"
                );
            }
        }
        (None, _) => println!("  operator plane: disabled (set TNHUB_ADMIN_TOKEN to enable it)"),
    }
    println!(
        "  web console:    http://{address}/console  (a user's name and password, or the operator token)"
    );
    println!("Press Ctrl-C to stop.");
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
