//! `tnhub inventory status` and `tnhub inventory number` on a fresh SQLite
//! file: the coverage of the embedded numbering plan, the area codes that
//! offer nothing and why, and a number's carrier (NANPA's holder).

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .args(args)
        .current_dir(dir)
        .env_remove("TNHUB_DATABASE_URL")
        .output()
        .expect("run tnhub");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "tnhub {args:?}: {err}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn status_reports_coverage_and_number_names_the_carrier() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(d, &["inventory", "status"]);
    assert!(
        out.contains("area codes offered:  415 of 415 geographic US/CA"),
        "{out}"
    );
    assert!(out.contains("area codes offering nothing: none"), "{out}");
    let exchanges: u64 = out
        .lines()
        .find_map(|l| l.strip_prefix("exchanges offered:"))
        .map(|v| v.trim().replace(',', "").parse().unwrap())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(exchanges > 200_000, "{out}");

    let out = run(d, &["inventory", "number", "2012005555"]);
    assert!(out.contains("in inventory:  yes"), "{out}");
    assert!(out.contains("VERIZON NEW JERSEY"), "{out}");
    assert!(out.contains("OCN 9206, RBOC; code holder"), "{out}");
    let out = run(d, &["inventory", "number", "9172001123"]);
    assert!(
        out.contains("OCN 6622, PCS; thousands-block holder"),
        "{out}"
    );
    assert!(out.contains("derived_overlay"), "{out}");

    // With the default inventory off every area code is empty, and says why.
    run(d, &["inventory", "default", "off"]);
    let out = run(d, &["inventory", "status"]);
    assert!(out.contains("area codes offering nothing: 415"), "{out}");
    assert!(
        out.contains("  917 NY  the embedded default inventory is not sold"),
        "{out}"
    );
}
