//! `tnhub account …` and `tnhub user …`: manage the same database the
//! server uses (a running server sees changes within its auth-cache TTL).

use anyhow::Context;
use tnhub_core::ids::AccountId;
use tnhub_core::user::{Password, Username};

use crate::cli::{AccountCommand, UserCommand};

use super::hub;

/// `tnhub account create|list`.
pub async fn account(cmd: AccountCommand) -> anyhow::Result<()> {
    match cmd {
        AccountCommand::Create {
            id,
            company,
            database,
        } => {
            let id = id.map(|i| AccountId::parse(&i)).transpose()?;
            let account = hub(&database.database_url)
                .await?
                .create_account(id, &company)
                .await?;
            println!("created account {} ({})", account.id, account.company_name);
            println!(
                "grant it to a user with: tnhub user grant USER --account {}",
                account.id
            );
        }
        AccountCommand::List { database } => {
            let accounts = hub(&database.database_url).await?.accounts().await?;
            if accounts.is_empty() {
                println!("no accounts yet; create one with: tnhub account create --company NAME");
            }
            for a in accounts {
                println!("{}\t{}\tcreated {}", a.id, a.company_name, a.created_at);
            }
        }
    }
    Ok(())
}

fn password_or_generated(given: Option<String>) -> anyhow::Result<(Password, bool)> {
    match given {
        Some(p) => Ok((Password::parse(&p)?, false)),
        None => Ok((Password::generate(), true)),
    }
}

/// `tnhub user create|list|passwd|grant`.
pub async fn user(cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Create {
            name,
            accounts,
            password,
            database,
        } => {
            let name = Username::parse(&name)?;
            let accounts = accounts
                .iter()
                .map(|a| AccountId::parse(a))
                .collect::<Result<Vec<_>, _>>()?;
            let (password, generated) = password_or_generated(password)?;
            let user = hub(&database.database_url)
                .await?
                .create_user(&name, &password, &accounts)
                .await
                .context("creating the user")?;
            let granted: Vec<String> = user.accounts.iter().map(ToString::to_string).collect();
            println!(
                "created user {} with access to {}",
                user.name,
                granted.join(", ")
            );
            if generated {
                println!(
                    "password: {}  (shown once; change it with `tnhub user passwd {}`)",
                    password.expose(),
                    user.name
                );
            }
        }
        UserCommand::List { database } => {
            let users = hub(&database.database_url).await?.users().await?;
            if users.is_empty() {
                println!("no users yet; create one with: tnhub user create NAME --account ID");
            }
            for u in users {
                let granted: Vec<String> = u.accounts.iter().map(ToString::to_string).collect();
                println!(
                    "{}\taccounts: {}\tcreated {}",
                    u.name,
                    granted.join(","),
                    u.created_at
                );
            }
        }
        UserCommand::Passwd {
            name,
            password,
            database,
        } => {
            let name = Username::parse(&name)?;
            let (password, generated) = password_or_generated(password)?;
            hub(&database.database_url)
                .await?
                .set_password(&name, &password)
                .await?;
            println!(
                "password of {name} changed (a running server accepts it within its auth cache TTL)"
            );
            if generated {
                println!("new password: {}", password.expose());
            }
        }
        UserCommand::Grant {
            name,
            account,
            database,
        } => {
            let name = Username::parse(&name)?;
            let account = AccountId::parse(&account)?;
            hub(&database.database_url)
                .await?
                .grant(&name, &account)
                .await?;
            println!("user {name} may now use account {account}");
        }
    }
    Ok(())
}
