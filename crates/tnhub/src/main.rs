//! # tnhub — the binary
//!
//! `tnhub serve` runs the API; the other subcommands manage the same
//! database from the command line (accounts, users, migrations).
//!
//! Layout: [`cli`] declares every command and setting (each with an
//! environment fallback); [`database`] opens the store named by a URL;
//! [`commands`] holds one module per subcommand.
#![forbid(unsafe_code)]

use clap::Parser;

mod cli;
mod commands;
mod database;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    commands::init_logging(&cli.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
