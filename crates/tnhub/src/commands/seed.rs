//! `tnhub seed FILE` and `tnhub serve --seed FILE`: a fixture loaded by
//! [`tnhub_core::Tnhub::load_fixture`] (checks, then create-if-absent
//! through the domain operations; see docs/fixtures.md).

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use tnhub_core::Tnhub;
use tnhub_core::fixture::Format;

use crate::cli::SeedArgs;

use super::hub;

/// Runs `tnhub seed`.
pub async fn run(args: SeedArgs) -> anyhow::Result<()> {
    let hub = hub(&args.database.database_url).await?;
    hub.refresh_inventory()
        .await
        .context("loading the inventory")?;
    load(&hub, &args.file).await
}

/// Loads a fixture file into the hub's database and prints what it did;
/// an error lists every problem, one a line, with its place.
pub async fn load(hub: &Tnhub, file: &Path) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read the fixture {name}"))?;
    let started = Instant::now();
    // Password hashing blocks: off the async workers.
    let hub = hub.clone();
    let format = Format::of(&name);
    let loaded = tokio::task::spawn_blocking(move || {
        tokio::runtime::Handle::current().block_on(hub.load_fixture(&text, format))
    })
    .await
    .context("the fixture loader stopped")?;
    match loaded {
        Ok(done) => {
            let ms = started.elapsed().as_millis();
            if done.is_empty() {
                println!("fixture {name}: already loaded, nothing to do ({ms} ms)");
            } else {
                println!("fixture {name}: {done} ({ms} ms)");
            }
            tracing::info!(fixture = %name, ms = ms as u64, "fixture loaded");
            Ok(())
        }
        Err(e) => anyhow::bail!("the fixture {name} {e}"),
    }
}
