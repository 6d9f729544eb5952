//! `tnhub import FILE.csv` and `tnhub inventory …`: load an operator's
//! inventory into the database the server uses, and switch the embedded
//! default inventory on or off. Running servers rebuild their index when the
//! inventory generation changes (they check every few seconds).

use std::io::Read;
use std::time::{Duration, Instant};

use anyhow::Context;
use tnhub_core::Tnhub;
use tnhub_core::inventory::import::{ParsedImport, RowError, parse_csv};

use crate::cli::{ImportArgs, InventoryCommand, OnOff};

use super::hub;

/// `tnhub import FILE [--replace-default]`.
pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let name = if args.file == "-" {
        "standard input".to_string()
    } else {
        args.file.clone()
    };
    let input: Box<dyn Read + Send> = if args.file == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(&args.file)
                .with_context(|| format!("cannot open the inventory file '{}'", args.file))?,
        )
    };

    // Parse and check the whole file before touching the database.
    let parsed = tokio::task::spawn_blocking(move || {
        let t = Instant::now();
        parse_csv(input, &|rows| {
            eprintln!("  read {} rows ({})", thousands(rows), seconds(t.elapsed()));
        })
    })
    .await
    .context("the parser stopped unexpectedly")?;
    let parsed = match parsed {
        Ok(p) => p,
        Err(errors) => return Err(refuse(&name, &errors)),
    };
    let parse_time = started.elapsed();
    eprintln!(
        "parsed {} rows into {} block rows ({} numbers) in {}",
        thousands(parsed.rows),
        thousands(parsed.blocks.len() as u64),
        thousands(parsed.available_numbers + parsed.excluded_numbers),
        seconds(parse_time)
    );

    let hub = hub(&args.database.database_url).await?;
    let store_started = Instant::now();
    let summary = hub
        .import_inventory(&parsed, args.replace_default)
        .await
        .context("storing the inventory (nothing was stored)")?;
    let store_time = store_started.elapsed();
    let default_sold = default_inventory(&hub).await?;

    println!(
        "imported {name} into {}",
        crate::database::redact(&args.database.database_url)
    );
    print_summary(&parsed, summary.blocks);
    println!(
        "  time:                    {} (parse {}, store {})",
        seconds(started.elapsed()),
        seconds(parse_time),
        seconds(store_time)
    );
    println!(
        "  default inventory:       {}",
        if default_sold {
            "still sold alongside (use --replace-default to sell only imported numbers)"
        } else {
            "not sold (turn it back on with `tnhub inventory default on`)"
        }
    );
    println!(
        "  inventory generation:    {} (running servers pick it up within a few seconds)",
        summary.generation
    );
    Ok(())
}

fn print_summary(parsed: &ParsedImport, blocks: usize) {
    println!("  rows read:               {}", thousands(parsed.rows));
    let (available, excluded) = distinct_numbers(parsed);
    println!("  numbers made available:  {}", thousands(available));
    println!("  numbers excluded:        {}", thousands(excluded));
    println!(
        "  block rows stored:       {} (after merging consecutive numbers)",
        thousands(blocks as u64)
    );
}

/// Distinct numbers the file makes available (an excluded row overlapping
/// an available one takes its numbers away; overlapping rows count once)
/// and distinct numbers it excludes.
fn distinct_numbers(parsed: &ParsedImport) -> (u64, u64) {
    let union = |excluded: bool| {
        let mut ranges: Vec<(u64, u64)> = parsed
            .blocks
            .iter()
            .filter(|b| b.excluded == excluded)
            .map(|b| (b.first, b.last))
            .collect();
        ranges.sort_unstable();
        let mut out: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
        for (first, last) in ranges {
            match out.last_mut() {
                Some(prev) if first <= prev.1 + 1 => prev.1 = prev.1.max(last),
                _ => out.push((first, last)),
            }
        }
        out
    };
    let (available, excluded) = (union(false), union(true));
    let len = |r: &(u64, u64)| r.1 - r.0 + 1;
    let mut overlap = 0;
    let mut j = 0;
    for a in &available {
        while j < excluded.len() && excluded[j].1 < a.0 {
            j += 1;
        }
        let mut k = j;
        while k < excluded.len() && excluded[k].0 <= a.1 {
            overlap += a.1.min(excluded[k].1) - a.0.max(excluded[k].0) + 1;
            k += 1;
        }
    }
    (
        available.iter().map(len).sum::<u64>() - overlap,
        excluded.iter().map(len).sum(),
    )
}

/// Prints every problem on stderr and builds the error that ends the command.
fn refuse(name: &str, errors: &[RowError]) -> anyhow::Error {
    let mut bad = 0;
    for e in errors {
        if e.line == 0 {
            eprintln!("{}", e.message);
        } else {
            bad += 1;
            eprintln!("{e}");
        }
    }
    anyhow::anyhow!(
        "{name} was refused ({} problem{} shown above); nothing was stored. Fix the rows and import again.",
        bad,
        if bad == 1 { "" } else { "s" }
    )
}

async fn default_inventory(hub: &Tnhub) -> anyhow::Result<bool> {
    Ok(hub
        .store()
        .read()
        .await?
        .inventory_meta()
        .await?
        .default_inventory)
}

/// `tnhub inventory status|default on|off`.
pub async fn inventory(cmd: InventoryCommand) -> anyhow::Result<()> {
    match cmd {
        InventoryCommand::Status { database } => {
            let hub = hub(&database.database_url).await?;
            let mut repo = hub.store().read().await?;
            let meta = repo.inventory_meta().await?;
            let blocks = repo.inventory_blocks().await?;
            let excluded = blocks.iter().filter(|b| b.excluded).count() as u64;
            let numbers: u64 = blocks
                .iter()
                .filter(|b| !b.excluded)
                .map(|b| b.last - b.first + 1)
                .sum();
            println!(
                "default inventory:   {}",
                if meta.default_inventory {
                    "sold"
                } else {
                    "not sold"
                }
            );
            println!(
                "imported blocks:     {} ({} numbers)",
                thousands(blocks.len() as u64 - excluded),
                thousands(numbers)
            );
            println!("excluded ranges:     {}", thousands(excluded));
            println!("generation:          {}", meta.generation);
            drop(repo);
            let (c, _) = hub.inventory_coverage().await?;
            println!(
                "area codes offered:  {} of {} geographic US/CA ({} with exchanges derived from the area they overlay)",
                c.area_codes_offered, c.area_codes_total, c.area_codes_derived
            );
            println!("exchanges offered:   {}", thousands(c.exchanges as u64));
            println!(
                "numbers spanned:     {} local, {} toll-free (before exclusions and numbers taken)",
                thousands(c.local_numbers),
                thousands(c.toll_free_numbers)
            );
            if c.empty.is_empty() {
                println!("area codes offering nothing: none");
            } else {
                println!("area codes offering nothing: {}", c.empty.len());
                for e in &c.empty {
                    println!(
                        "  {} {:2}  {}",
                        e.npa,
                        e.state.as_deref().unwrap_or(""),
                        e.reason
                    );
                }
            }
        }
        InventoryCommand::Number { tn, database } => {
            let hub = hub(&database.database_url).await?;
            let f = hub
                .number_facts(&tn)
                .await
                .map_err(|e| anyhow::anyhow!(e.message))?;
            println!("number:        {}", f.tn);
            println!(
                "in inventory:  {}",
                if f.in_inventory { "yes" } else { "no" }
            );
            match f.exchange {
                Some(e) => {
                    println!("exchange:      {} ({})", e.npa_nxx, e.source);
                    println!(
                        "place:         {}, {} (rate centre {}, LATA {}; {})",
                        e.city,
                        e.state,
                        e.rate_center,
                        e.lata.map_or("unknown".to_string(), |l| l.to_string()),
                        e.place_source
                    );
                }
                None => println!("exchange:      not in the reference data"),
            }
            match f.carrier {
                Some(c) => println!(
                    "carrier:       {} (OCN {}, {}; {} holder)",
                    c.name,
                    c.ocn,
                    c.kind,
                    if f.block_holder {
                        "thousands-block"
                    } else {
                        "code"
                    }
                ),
                None => {
                    println!("carrier:       unknown (no NANPA assignment in the embedded data)")
                }
            }
        }
        InventoryCommand::Default { state, database } => {
            let on = state == OnOff::On;
            let hub = hub(&database.database_url).await?;
            if default_inventory(&hub).await? == on {
                println!(
                    "the embedded default inventory is already {}",
                    if on { "sold" } else { "not sold" }
                );
                return Ok(());
            }
            hub.set_default_inventory(on).await?;
            if on {
                println!(
                    "the embedded default inventory is sold again, alongside imported numbers"
                );
            } else {
                println!(
                    "the embedded default inventory is no longer sold; only imported numbers are"
                );
            }
            println!("running servers pick this up within a few seconds");
        }
    }
    Ok(())
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use tnhub_core::inventory::import::parse_csv;

    #[test]
    fn distinct_numbers_subtract_exclusions_and_count_overlaps_once() {
        let file = "number,status\n\
                    9192213,\n\
                    9192213005,\n\
                    9192213010,excluded\n\
                    9192219998,excluded\n\
                    9192210001,\n";
        let parsed = parse_csv(file.as_bytes(), &|_| {}).unwrap();
        assert_eq!(super::distinct_numbers(&parsed), (1_000, 2));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000), "1,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
