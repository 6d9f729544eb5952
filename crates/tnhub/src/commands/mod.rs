//! One module per subcommand.

use std::sync::Arc;

use tnhub_core::{SystemClock, Tnhub};
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command, LogArgs, LogFormat};

mod admin;
mod clients;
pub mod copy;
mod health;
mod import;
pub mod seed;
mod serve;
mod snapshot;

/// Sets up logging on stderr; stdout is kept for what a command prints for
/// the user (credentials, lists).
pub fn init_logging(args: &LogArgs) {
    let filter = EnvFilter::try_new(&args.log_level).unwrap_or_else(|e| {
        eprintln!(
            "warning: --log-level '{}' is not valid ({e}); using 'info'",
            args.log_level
        );
        EnvFilter::new("info")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match args.log_format {
        LogFormat::Text => builder.with_target(false).init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Runs the chosen command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(*args).await,
        Command::Migrate(db) => {
            crate::database::open(&db.database_url).await?;
            println!(
                "database {} is up to date",
                crate::database::redact(&db.database_url)
            );
            Ok(())
        }
        Command::Account(cmd) => admin::account(cmd).await,
        Command::User(cmd) => admin::user(cmd).await,
        Command::Client(cmd) => clients::run(cmd).await,
        Command::Ca(args) => clients::ca(args).await,
        Command::Import(args) => import::run(args).await,
        Command::Inventory(cmd) => import::inventory(cmd).await,
        Command::CopyDatabase(args) => copy::run(args).await,
        Command::Snapshot(cmd) => snapshot::run(cmd).await,
        Command::Seed(args) => seed::run(args).await,
        Command::Health(args) => health::run(args),
    }
}

/// The domain service over the database at `url`, on real time.
pub async fn hub(url: &str) -> anyhow::Result<Tnhub> {
    let store = crate::database::open(url).await?;
    Ok(Tnhub::new(store, Arc::new(SystemClock)))
}
