//! Measures how long parsing the embedded geography takes: the exchanges,
//! area codes and LATAs (at start-up), and the ZIP and carrier tables (on
//! first use).
//! Run: `cargo run --release -p tnhub-nanp --example parse_time [RUNS]`

use std::time::{Duration, Instant};

use tnhub_nanp::Geography;

fn summary(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    println!(
        "{what} over {n} runs: min {:?}, median {:?}, max {:?}",
        times[0],
        times[n / 2],
        times[n - 1]
    );
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(9)
        .max(1);
    let (mut start_up, mut zips, mut carriers, mut total) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let g = Geography::parse_embedded().expect("embedded data parses");
        let t1 = Instant::now();
        std::hint::black_box(g.zips().len());
        let t2 = Instant::now();
        std::hint::black_box(g.carrier_count());
        let t3 = Instant::now();
        start_up.push(t1 - t0);
        zips.push(t2 - t1);
        carriers.push(t3 - t2);
        total.push(t3 - t0);
        last = Some(g);
    }
    let g = last.expect("at least one run");
    println!(
        "{} exchanges, {} NPAs, {} ZIPs, {} LATAs, {} states/provinces",
        g.exchanges().len(),
        g.npas().len(),
        g.zips().len(),
        g.latas().len(),
        g.states().len()
    );
    summary("start-up parse (exchanges, NPAs, LATAs)", start_up);
    summary("ZIP table on first use", zips);
    summary("carrier table on first use", carriers);
    summary("everything", total);
}
