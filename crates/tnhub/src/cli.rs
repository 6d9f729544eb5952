//! Commands and settings. Every setting is a flag with an environment
//! variable fallback, shown in `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// tnhub: a self-hostable phone-number platform that speaks Bandwidth's
/// Phone Numbers API (search, order, port, disconnect numbers; sites and SIP
/// peers; callbacks).
#[derive(Debug, Parser)]
#[command(name = "tnhub", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub log: LogArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Logging settings (all commands).
#[derive(Debug, Args)]
pub struct LogArgs {
    /// What to log: a level (error, warn, info, debug, trace) or a tracing
    /// filter such as `info,tnhub_server=debug`.
    #[arg(long, env = "TNHUB_LOG", default_value = "info", global = true)]
    pub log_level: String,

    /// Log line format: `text` for people, `json` for log collectors.
    #[arg(long, env = "TNHUB_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

/// How callbacks are retried.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CallbackMode {
    /// Retries with backoff, then dead (replayable).
    Reliable,
    /// One attempt, as the real service.
    Faithful,
}

/// Where callbacks may go.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CallbackAllow {
    /// Public addresses only.
    Public,
    /// Public and loopback.
    Loopback,
    /// Anything, private networks included.
    Any,
}

/// How time flows.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Mode {
    /// A clock the operator plane can move forward.
    Sandbox,
    /// Real time only.
    Production,
}

/// Who may read `/metrics`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Anyone who can reach the listener.
    Open,
    /// Only with the operator's bearer token (TNHUB_ADMIN_TOKEN); 401 otherwise.
    Operator,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Where the database is (all commands).
#[derive(Debug, Args, Clone)]
pub struct DatabaseArgs {
    /// The database: `sqlite://FILE` (created if missing) or a bare file
    /// path, or `postgres://USER:PASSWORD@HOST:PORT/DATABASE` to share one
    /// PostgreSQL database between several servers (`?max_connections=N`
    /// sets the pool size, 10 by default). The file is created in the
    /// working directory by default.
    #[arg(
        long,
        env = "TNHUB_DATABASE_URL",
        default_value = "sqlite://tnhub.db",
        hide_env_values = true
    )]
    pub database_url: String,
}

// Parsed once per process: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the API server.
    Serve(Box<ServeArgs>),
    /// Create the database if needed and apply pending migrations, then exit.
    Migrate(DatabaseArgs),
    /// Manage accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Manage users and the accounts granted to them.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage OAuth 2.0 API clients (client id and secret) of users.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Print (or write to a file) the certificate of tnhub's local CA, which
    /// issues the --tls-listen certificate for Bandwidth's host names; made
    /// in the database on first use.
    Ca(CaArgs),
    /// Load an operator's inventory CSV into the database (all or nothing).
    Import(ImportArgs),
    /// Inspect the inventory, or turn the embedded default inventory on or off.
    #[command(subcommand)]
    Inventory(InventoryCommand),
    /// Copy a whole deployment from its SQLite file into an empty PostgreSQL database.
    CopyDatabase(crate::commands::copy::CopyArgs),
    /// Save, restore, list or delete named snapshots of the whole database
    /// (on a stopped or running server).
    #[command(subcommand)]
    Snapshot(SnapshotCommand),
    /// Load a fixture file (YAML or JSON: accounts, users, sites, SIP peers,
    /// numbers in service, reservations, port-ins, subscriptions; see
    /// docs/fixtures.md). Checked first, every problem reported with its
    /// place and nothing stored if any; loading it again changes nothing.
    Seed(SeedArgs),
    /// Ask the server on --listen (TNHUB_LISTEN) whether it is up: exit 0
    /// when `GET /health` answers 200, 1 otherwise. The container image's
    /// HEALTHCHECK (a scratch image has no curl).
    Health(HealthArgs),
}

/// `tnhub health`.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The server's listen address, as given to `serve` (0.0.0.0 or [::]
    /// are asked on the loopback address).
    #[arg(long, env = "TNHUB_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Seconds to wait for the answer.
    #[arg(long, env = "TNHUB_HEALTH_TIMEOUT", default_value_t = 3.0)]
    pub timeout: f64,
}

/// `tnhub seed FILE`.
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// The fixture file (`.json` is read as JSON, anything else as YAML).
    pub file: std::path::PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `tnhub snapshot …`: the operator plane's `/admin/snapshots`, on the
/// database directly. A running server follows a restore within seconds
/// (its clock within one, its inventory index within five, logins it
/// remembers within --auth-cache-ttl).
#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Save every table's rows under NAME (replacing a snapshot of that name).
    Save {
        /// 1-64 letters, digits, '.', '_' or '-'.
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Bring back exactly the state saved under NAME.
    Restore {
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List the snapshots: name, size, when saved.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Delete the snapshot NAME.
    Delete {
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// `tnhub serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "TNHUB_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// PostgreSQL: seconds a request waits for a pooled database connection
    /// before it is answered 503 with Retry-After (a database that went
    /// away then fails requests this fast instead of holding them).
    #[arg(long, env = "TNHUB_DATABASE_TIMEOUT", default_value_t = 3.0)]
    pub database_timeout: f64,

    /// Demo account id. On first start (no users yet) a demo account and
    /// user are created and their credentials printed; setting any of the
    /// TNHUB_DEMO_* variables makes sure they exist on every start.
    #[arg(long, env = "TNHUB_DEMO_ACCOUNT")]
    pub demo_account: Option<String>,

    /// Demo user name (default `demo`).
    #[arg(long, env = "TNHUB_DEMO_USER")]
    pub demo_user: Option<String>,

    /// Demo user's password (default: generated and printed once). When set,
    /// the demo user's password is reset to it on start.
    #[arg(long, env = "TNHUB_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<String>,

    /// Client id of the demo user's OAuth client. In sandbox mode the demo
    /// user gets a client (id and secret printed like the password); set
    /// this and --demo-client-secret to fix both, so scripts know them in
    /// advance.
    #[arg(long, env = "TNHUB_DEMO_CLIENT_ID")]
    pub demo_client_id: Option<String>,

    /// Secret of the demo OAuth client (default: generated and printed
    /// once). When set, the client's secret is reset to it on start.
    #[arg(long, env = "TNHUB_DEMO_CLIENT_SECRET", hide_env_values = true)]
    pub demo_client_secret: Option<String>,

    /// Seconds an OAuth access token from `/api/v1/oauth2/token` is valid
    /// (its `expires_in`; Bandwidth's tokens last an hour).
    #[arg(long, env = "TNHUB_TOKEN_TTL", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub token_ttl: u64,

    /// Also serve HTTPS on this address (e.g. 127.0.0.1:443, the port
    /// Bandwidth's URLs imply). Without --tls-cert/--tls-key its certificate
    /// is issued by tnhub's local CA (`tnhub ca`) for --tls-names.
    #[arg(long, env = "TNHUB_TLS_LISTEN")]
    pub tls_listen: Option<String>,

    /// The names the local CA's certificate is issued for (comma-separated
    /// host names or IP addresses).
    #[arg(
        long,
        env = "TNHUB_TLS_NAMES",
        value_delimiter = ',',
        default_value = "api.bandwidth.com,dashboard.bandwidth.com,localhost,127.0.0.1"
    )]
    pub tls_names: Vec<String>,

    /// Your own certificate chain (PEM) for --tls-listen, instead of one
    /// from the local CA; needs --tls-key.
    #[arg(long, env = "TNHUB_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,

    /// The private key (PEM) of --tls-cert.
    #[arg(long, env = "TNHUB_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,

    /// Load this fixture file (YAML or JSON, see docs/fixtures.md) after
    /// the migrations and before listening; a fixture with problems stops
    /// the start with every problem listed. Loading is idempotent, so every
    /// start may name the same file.
    #[arg(long, env = "TNHUB_SEED")]
    pub seed: Option<std::path::PathBuf>,

    /// Never create the demo account and user. In the environment,
    /// TNHUB_NO_DEMO takes 1/0, true/false, yes/no or on/off.
    #[arg(long, env = "TNHUB_NO_DEMO", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub no_demo: bool,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "TNHUB_BODY_LIMIT", default_value_t = 4 * 1024 * 1024)]
    pub body_limit: usize,

    /// `sandbox` (the default) runs on a sandbox clock that the operator
    /// plane can move forward (FOC dates, reservation expiry, aging);
    /// `production` runs on real time only.
    #[arg(long, env = "TNHUB_MODE", value_enum, default_value_t = Mode::Sandbox)]
    pub mode: Mode,

    /// Bearer token of the operator plane (`/admin/…`: sandbox clock, jobs).
    /// In sandbox mode a random one is generated and printed when unset; in
    /// production mode the operator plane is disabled when unset.
    #[arg(long, env = "TNHUB_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Who may read `/metrics`: `open` (anyone) or `operator` (only with
    /// `Authorization: Bearer <TNHUB_ADMIN_TOKEN>`, 401 otherwise). Default:
    /// `open` in sandbox mode or with --metrics-listen, `operator` in
    /// production mode.
    #[arg(long, env = "TNHUB_METRICS_ACCESS", value_enum)]
    pub metrics_access: Option<MetricsAccess>,

    /// Serve `/metrics` (and `/health`) on this address (e.g.
    /// 10.0.0.5:9100, a private interface) instead: the main listener then
    /// answers 404 for `/metrics`.
    #[arg(long, env = "TNHUB_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,

    /// How long `Idempotency-Key`s are kept (and their first answers
    /// replayed): a number with `s`, `m`, `h` or `d` (`24h`, `90m`, `7d`),
    /// at least a minute. Judged on the service's clock (the sandbox clock
    /// in sandbox mode).
    #[arg(long, env = "TNHUB_IDEMPOTENCY_TTL", default_value = "24h", value_parser = parse_span)]
    pub idempotency_ttl: std::time::Duration,

    /// Hours a reservation (`POST …/tnreservation`) holds its number.
    #[arg(long, env = "TNHUB_RESERVATION_HOURS", default_value_t = 4.0)]
    pub reservation_hours: f64,

    /// Days a disconnected number ages (offered to nobody, re-orderable by
    /// its last owner) before it returns to inventory.
    #[arg(long, env = "TNHUB_AGING_DAYS", default_value_t = 30.0)]
    pub aging_days: f64,

    /// `reliable` (the default) retries failed callbacks with exponential
    /// backoff and jitter up to --callback-max-attempts, then parks them as
    /// dead (replayable); `faithful` makes a single attempt, as the real
    /// service does, including its Basic-auth challenge (an unauthenticated
    /// POST first, the Basic one only after a 401 with `WWW-Authenticate`).
    #[arg(long, env = "TNHUB_CALLBACK_MODE", value_enum, default_value_t = CallbackMode::Reliable)]
    pub callback_mode: CallbackMode,

    /// Attempts per callback before it is parked as dead (reliable mode).
    #[arg(long, env = "TNHUB_CALLBACK_MAX_ATTEMPTS", default_value_t = 8)]
    pub callback_max_attempts: u32,

    /// Which addresses callbacks may be sent to: `public` only, also
    /// `loopback` (the default in sandbox mode, for local receivers), or
    /// `any` (private networks too). Production mode defaults to `public`.
    #[arg(long, env = "TNHUB_CALLBACK_ALLOW", value_enum)]
    pub callback_allow: Option<CallbackAllow>,

    /// Seconds a callback may take (the connection gets at most 5).
    #[arg(long, env = "TNHUB_CALLBACK_TIMEOUT", default_value_t = 15)]
    pub callback_timeout: u64,

    /// Seconds a successful Basic-auth check is remembered (password checks
    /// cost ~30 ms each). A changed password or grant takes effect after at most this long.
    #[arg(long, env = "TNHUB_AUTH_CACHE_TTL", default_value_t = 60)]
    pub auth_cache_ttl: u64,

    /// Threads that check passwords (Argon2id: ~30 ms of CPU and 19 MiB of
    /// memory each). Default: one per CPU. They bound the CPU and memory
    /// that logins, wrong ones included, can take.
    #[arg(long, env = "TNHUB_AUTH_WORKERS", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub auth_workers: Option<u16>,

    /// Password checks that may wait for a thread; beyond that a login is
    /// refused with 503 and `Retry-After: 1`.
    #[arg(long, env = "TNHUB_AUTH_QUEUE", default_value_t = 64)]
    pub auth_queue: usize,

    /// Failed logins allowed per user name within --login-window; then
    /// logins for that name answer 429 with `Retry-After` (remembered
    /// logins still work). 0 turns this count off.
    #[arg(long, env = "TNHUB_LOGIN_FAILURES_PER_USER", default_value_t = 10)]
    pub login_failures_per_user: u32,

    /// Failed logins allowed per client address within --login-window; then
    /// logins from that address answer 429 with `Retry-After`. Behind a
    /// reverse proxy every client has the proxy's address: raise it or set
    /// 0 (off).
    #[arg(long, env = "TNHUB_LOGIN_FAILURES_PER_ADDRESS", default_value_t = 100)]
    pub login_failures_per_address: u32,

    /// Seconds a client has to send a request's head (its line and headers),
    /// counted from when the server starts waiting for it: so also how long
    /// an idle kept-alive connection stays open. Closes slowloris
    /// connections.
    #[arg(long, env = "TNHUB_HEADER_TIMEOUT", default_value_t = 60)]
    pub header_timeout: u64,

    /// Seconds the server waits for the next piece of a request body; a
    /// body that stalls longer is refused with 408.
    #[arg(long, env = "TNHUB_BODY_TIMEOUT", default_value_t = 60)]
    pub body_timeout: u64,

    /// Connections served at once; more wait in the kernel's queue. Lowered
    /// at start to fit the descriptor limit (`ulimit -n`, raised to its hard
    /// limit) less 128 kept for the database and workers.
    #[arg(long, env = "TNHUB_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Seconds a shutdown (Ctrl-C, SIGTERM) waits for open connections to
    /// finish their requests; then the rest are closed.
    #[arg(long, env = "TNHUB_SHUTDOWN_TIMEOUT", default_value_t = 30)]
    pub shutdown_timeout: u64,

    /// Seconds a failure window lasts from a name's or address's first
    /// failed login.
    #[arg(long, env = "TNHUB_LOGIN_WINDOW", default_value_t = 60)]
    pub login_window: u64,

    /// How many job runners this server runs side by side (orders,
    /// disconnects, port-in steps). Default: 1 on SQLite, where one
    /// transaction writes at a time anyway; 4 on PostgreSQL, where each
    /// claims its own batch of jobs.
    #[arg(long, env = "TNHUB_JOB_RUNNERS", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub job_runners: Option<u16>,

    /// Sandbox mode only: a Basic credential whose user does not exist,
    /// used on /accounts/{id} of an account that does not exist, creates
    /// that account and user (with a site and default SIP peer) on first
    /// use, so a CI job needs no setup call. Anyone who can reach the server
    /// can then create accounts (never take over existing ones): use it only
    /// where the server is private to the tests. In the environment,
    /// TNHUB_AUTO_ACCOUNTS takes 1/0, true/false, yes/no or on/off.
    #[arg(long, env = "TNHUB_AUTO_ACCOUNTS", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub auto_accounts: bool,

    /// Requests kept per account in this server's request journal
    /// (`GET /admin/requests`, `GET /api/accounts/{id}/tnhub/requests`);
    /// kept in memory, per server. 0 turns the journal off.
    #[arg(long, env = "TNHUB_JOURNAL_SIZE", default_value_t = 100, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub journal_size: u32,

    /// Bytes kept of each request and response body in the journal
    /// (redacted; longer bodies are cut). 0 keeps no bodies.
    #[arg(long, env = "TNHUB_JOURNAL_BODY_LIMIT", default_value_t = 8192, value_parser = clap::value_parser!(u32).range(0..=1_048_576))]
    pub journal_body_limit: u32,

    /// A Bandwidth-style rate limit, GROUP=N/PERIOD (repeatable; in the
    /// environment, comma-separated): at most N requests of the group per
    /// account in each window of PERIOD (s, m, h, or a number before one:
    /// 10s), counted per server on the sandbox clock; over it, 429 with
    /// X-RateLimit-Reset and Retry-After. Groups: order, search, move_tns,
    /// disconnect, port_in. None by default.
    #[arg(long = "rate-limit", env = "TNHUB_RATE_LIMITS", value_delimiter = ',')]
    pub rate_limits: Vec<tnhub_server::ratelimit::Limit>,
}

/// A span such as `24h`, `90m`, `30s` or `7d` (a few lines rather than a
/// crate: four units are all a flag needs).
fn parse_span(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.');
    let (number, unit) = s.split_at(split.unwrap_or(s.len()));
    let unit_secs = match unit {
        "s" => 1.0,
        "m" => 60.0,
        "h" | "" => 3_600.0,
        "d" => 86_400.0,
        _ => {
            return Err(format!(
                "'{s}': use a number with s, m, h or d, such as 24h"
            ));
        }
    };
    let n: f64 = number
        .parse()
        .map_err(|_| format!("'{s}': use a number with s, m, h or d, such as 24h"))?;
    let secs = n * unit_secs;
    if !(60.0..=3_650.0 * 86_400.0).contains(&secs) {
        return Err(format!("'{s}': at least 1m and at most 3650d"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create an account.
    Create {
        /// The account id (default: a random 7-digit id, as the real service uses).
        #[arg(long)]
        id: Option<String>,
        /// The company name shown by GET /accounts/{id}.
        #[arg(long, default_value = "tnhub customer")]
        company: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List accounts.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user granted one or more accounts.
    Create {
        /// The user name (letters, digits, '.', '_', '@', '-').
        name: String,
        /// Account to grant (repeat for several).
        #[arg(long = "account", required = true)]
        accounts: Vec<String>,
        /// The password (default: generated and printed once).
        #[arg(long, env = "TNHUB_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List users and their accounts.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Set a user's password.
    Passwd {
        /// The user name.
        name: String,
        /// The new password (default: generated and printed once).
        #[arg(long, env = "TNHUB_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Grant an account to a user.
    Grant {
        /// The user name.
        name: String,
        /// The account to grant.
        #[arg(long)]
        account: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Create an OAuth client for a user; prints its id and secret (the
    /// secret only this once). The client acts with the user's grants.
    Create {
        /// The user the client acts as.
        #[arg(long)]
        user: String,
        /// A name to tell clients apart in lists.
        #[arg(long)]
        name: Option<String>,
        /// The client id (default: 32 random hex digits).
        #[arg(long)]
        id: Option<String>,
        /// The secret (default: generated).
        #[arg(long, env = "TNHUB_CLIENT_SECRET", hide_env_values = true)]
        secret: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List clients (never their secrets), revoked ones included.
    List {
        /// Only this user's clients.
        #[arg(long)]
        user: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke a client: it gets no new token, and running servers refuse
    /// its tokens within their --auth-cache-ttl.
    Revoke {
        /// The client id.
        id: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// `tnhub ca`.
#[derive(Debug, Args)]
pub struct CaArgs {
    /// Write the CA certificate (PEM) to this file instead of printing it.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `tnhub import`.
#[derive(Debug, Args)]
#[command(
    after_help = "The CSV has a header row and one row per number, thousands-block \
(NPA-NXX-X) or exchange (NPA-NXX); only `number` is required. Columns: number, type, country, \
state, rate_center, city, lata, zip, ocn, vendor_id, vendor_name, tier, lat, lon, tz, status \
(available, reserved or excluded). Lines starting with # are comments. Running servers on the \
same database offer the new inventory within a few seconds."
)]
pub struct ImportArgs {
    /// The CSV file to import, or `-` to read it from standard input. The
    /// whole file is checked first: if any row is bad, every problem is
    /// reported by line number and nothing is stored.
    pub file: String,

    /// Stop selling the embedded default inventory (every exchange of the
    /// reference geography and the toll-free codes), so only imported
    /// numbers are offered. Undo with `tnhub inventory default on`.
    #[arg(long)]
    pub replace_default: bool,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Show whether the embedded default inventory is sold, how many
    /// imported block rows the database holds, and the coverage: geographic
    /// US/CA area codes, exchanges and numbers offered, and every area code
    /// that offers nothing, with the reason.
    Status {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Show what is known about one number: whether the inventory sells it,
    /// its exchange's place (and where each fact came from), and the carrier
    /// holding it (NANPA's thousands-block or code holder, the losing
    /// carrier of a port-in).
    Number {
        /// The 10-digit number (`9195551234`, `+19195551234` ...).
        tn: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Sell the embedded default inventory (`on`, the initial setting) or
    /// only imported numbers (`off`, what `import --replace-default` sets).
    /// Imported blocks are kept either way.
    Default {
        /// Whether to sell the embedded default inventory.
        #[arg(value_enum)]
        state: OnOff,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// A switch.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OnOff {
    /// Sell it.
    On,
    /// Do not sell it.
    Off,
}
