//! `tnhub client …`: OAuth API clients in the same database the server
//! uses (a running server refuses a revoked client's tokens within its
//! auth-cache TTL).

use anyhow::Context;
use tnhub_core::client::ClientId;
use tnhub_core::user::{Password, Username};

use crate::cli::ClientCommand;

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
