//! `tnhub snapshot save|restore|list|delete`: named snapshots of the whole
//! database, the same domain operations as `/admin/snapshots`.

use std::time::Instant;

use crate::cli::SnapshotCommand;

use super::hub;

/// Runs a snapshot subcommand.
pub async fn run(cmd: SnapshotCommand) -> anyhow::Result<()> {
    match cmd {
        SnapshotCommand::Save { name, database } => {
            let hub = hub(&database.database_url).await?;
            let started = Instant::now();
            let s = hub.save_snapshot(&name).await?;
            println!(
                "saved snapshot {} ({} bytes) in {} ms",
                s.name,
                s.bytes,
                started.elapsed().as_millis()
            );
        }
        SnapshotCommand::Restore { name, database } => {
            let hub = hub(&database.database_url).await?;
            let started = Instant::now();
            hub.restore_snapshot(&name).await?;
            println!(
                "restored snapshot {name} in {} ms",
                started.elapsed().as_millis()
            );
        }
        SnapshotCommand::List { database } => {
            let list = hub(&database.database_url).await?.snapshots().await?;
            if list.is_empty() {
                println!("no snapshots yet; save one with: tnhub snapshot save NAME");
            }
            for s in list {
                println!("{}\t{} bytes\tsaved {}", s.name, s.bytes, s.created_at);
            }
        }
        SnapshotCommand::Delete { name, database } => {
            hub(&database.database_url)
                .await?
                .delete_snapshot(&name)
                .await?;
            println!("deleted snapshot {name}");
        }
    }
    Ok(())
}
