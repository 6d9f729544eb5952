//! `tnhub client …`: OAuth API clients in the same database the server
//! uses (a running server refuses a revoked client's tokens within its
//! auth-cache TTL); `tnhub ca`: the local CA apps trust to reach
//! `--tls-listen` under Bandwidth's host names.

use anyhow::Context;
use tnhub_core::client::ClientId;
use tnhub_core::user::{Password, Username};

use crate::cli::{CaArgs, ClientCommand};

use super::hub;

/// `tnhub client create|list|revoke`.
pub async fn run(cmd: ClientCommand) -> anyhow::Result<()> {
    match cmd {
        ClientCommand::Create {
            user,
            name,
            id,
            secret,
            database,
        } => {
            let user = Username::parse(&user)?;
            let id = id.as_deref().map(ClientId::parse).transpose()?;
            let secret = secret.as_deref().map(Password::parse).transpose()?;
            let made = hub(&database.database_url)
                .await?
                .create_client(&user, name.as_deref(), id, secret)
                .await
                .context("creating the client")?;
            println!(
                "created client {} for user {}",
                made.client.id, made.client.user
            );
            println!("client id:     {}", made.client.id);
            println!("client secret: {}  (shown once)", made.secret);
        }
        ClientCommand::List { user, database } => {
            let user = user.as_deref().map(Username::parse).transpose()?;
            let clients = hub(&database.database_url)
                .await?
                .clients(user.as_ref())
                .await?;
            if clients.is_empty() {
                println!("no clients yet; create one with: tnhub client create --user NAME");
            }
            for c in clients {
                let state = match c.revoked_at {
                    Some(t) => format!("revoked {t}"),
                    None => "active".to_string(),
                };
                println!(
                    "{}\tuser: {}\t{}\tcreated {}\t{}",
                    c.id,
                    c.user,
                    c.name.as_deref().unwrap_or("-"),
                    c.created_at,
                    state
                );
            }
        }
        ClientCommand::Revoke { id, database } => {
            let id = ClientId::parse(&id)?;
            let c = hub(&database.database_url)
                .await?
                .revoke_client(&id)
                .await?;
            println!(
                "client {} of user {} is revoked (running servers refuse its tokens within their auth cache TTL)",
                c.id, c.user
            );
        }
    }
    Ok(())
}

/// `tnhub ca [--out FILE]`: the deployment's CA certificate (made in the
/// database if it has none yet).
pub async fn ca(args: CaArgs) -> anyhow::Result<()> {
    let ca = tnhub_server::tls::LocalCa::load(&hub(&args.database.database_url).await?).await?;
    match args.out {
        Some(path) => {
            std::fs::write(&path, &ca.cert_pem)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote tnhub's CA certificate to {}; trust it with NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE or SSL_CERT_FILE",
                path.display()
            );
        }
        None => print!("{}", ca.cert_pem),
    }
    Ok(())
}
