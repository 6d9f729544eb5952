//! `tnhub import` and `tnhub inventory` as an operator runs them: a CSV is
//! loaded into the SQLite file a real `tnhub serve` uses, and searches over
//! HTTP offer exactly what it says (or, for a refused file, nothing of it).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const ACCOUNT: &str = "9900123";
const USER: &str = "importer";
const PASSWORD: &str = "import-test-password";

fn tnhub_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tnhub"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("TNHUB_DATABASE_URL")
        .env_remove("TNHUB_DEMO_ACCOUNT")
        .env_remove("TNHUB_DEMO_USER")
        .env_remove("TNHUB_DEMO_PASSWORD");
    cmd
}

fn tnhub(dir: &Path, args: &[&str]) -> Output {
    tnhub_cmd(dir, args).output().expect("run tnhub")
}

/// Runs `tnhub import -` with `input` on standard input.
fn tnhub_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = tnhub_cmd(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tnhub");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The value printed after `label` on one of the output's lines.
fn field(out: &str, label: &str) -> String {
    out.lines()
        .find_map(|l| l.trim().strip_prefix(label).map(|v| v.trim().to_string()))
        .unwrap_or_else(|| panic!("no '{label}' in:\n{out}"))
}

/// Single numbers with every attribute (one excluded in their middle), a
/// thousands-block, a whole exchange with only a vendor (the rest comes
/// from the reference geography) and one toll-free number.
const INVENTORY: &str = "\
number,type,country,state,rate_center,city,lata,zip,vendor_id,vendor_name,tier,status
# single numbers, with their own attributes
9192210001,local,US,NC,RALEIGHX,Raleigh,426,27601,777,Acme Telecom,2,available
9192210002,local,US,NC,RALEIGHX,Raleigh,426,27601,777,Acme Telecom,2,available
9192210003,local,US,NC,RALEIGHX,Raleigh,426,27601,777,Acme Telecom,2,
9192210002,,,,,,,,,,,excluded
# a thousands-block
984-223-1,local,US,NC,CARY,Cary,426,,778,Beta Networks,1,
# a whole exchange: only the vendor is given
919212,,,,,,,,,Gamma Lines,,
8882345678,toll_free,,,,,,,,,,available
";

struct Server {
    child: Child,
    base: String,
}

fn start(dir: &Path) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tnhub"));
    cmd.arg("serve")
        .current_dir(dir)
        .env("TNHUB_LISTEN", "127.0.0.1:0")
        .env_remove("TNHUB_DATABASE_URL")
        .env("TNHUB_DEMO_ACCOUNT", ACCOUNT)
        .env("TNHUB_DEMO_USER", USER)
        .env("TNHUB_DEMO_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("start tnhub serve");
    let out = child.stdout.take().unwrap();
    let mut base = None;
    for line in BufReader::new(out).lines() {
        let line = line.unwrap();
        if base.is_none() {
            base = line.split("listening on ").nth(1).map(str::to_string);
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    Server {
        child,
        base: base.expect("serve printed no address"),
    }
}

impl Server {
    /// GET availableNumbers with `query`: (ResultCount, body).
    async fn search(&self, query: &str) -> (usize, String) {
        let r = reqwest::Client::new()
            .get(format!(
                "{}/api/accounts/{ACCOUNT}/availableNumbers?{query}",
                self.base
            ))
            .basic_auth(USER, Some(PASSWORD))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let body = r.text().await.unwrap();
        assert_eq!(status, 200, "{query}: {body}");
        let count = between(&body, "ResultCount")
            .first()
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no ResultCount in {body}"));
        (count, body)
    }

    /// Searches until `ok` holds for the result count (a running server
    /// checks the database for a new inventory every few seconds).
    async fn search_until(&self, query: &str, ok: impl Fn(usize) -> bool) -> (usize, String) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (n, body) = self.search(query).await;
            if ok(n) || Instant::now() > deadline {
                return (n, body);
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    fn stop(mut self) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        for _ in 0..100 {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill().unwrap();
        panic!("tnhub did not stop within 5 s of SIGTERM");
    }
}

/// The text of every `<tag>…</tag>` in `xml`, in order.
fn between(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&close).next().map(str::to_string))
        .collect()
}

/// Each `<TelephoneNumberDetail>` of a detailed search.
fn details(xml: &str) -> Vec<String> {
    between(xml, "TelephoneNumberDetail")
}

fn numbers(xml: &str) -> Vec<String> {
    between(xml, "FullNumber")
        .into_iter()
        .chain(between(xml, "TelephoneNumber"))
        .collect()
}

#[test]
fn help_explains_import_and_the_default_switch() {
    let dir = tempfile::tempdir().unwrap();
    let h = stdout(&tnhub(dir.path(), &["--help"]));
    assert!(h.contains("import") && h.contains("inventory"), "{h}");
    // Help is wrapped to the terminal: compare with whitespace collapsed.
    let h = stdout(&tnhub(dir.path(), &["import", "--help"]))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for word in [
        "--replace-default",
        "--database-url",
        "TNHUB_DATABASE_URL",
        "standard input",
        "tnhub inventory default on",
    ] {
        assert!(h.contains(word), "import --help lacks {word}:\n{h}");
    }
    let h = stdout(&tnhub(dir.path(), &["inventory", "default", "--help"]));
    assert!(h.contains("on") && h.contains("off"), "{h}");
}

#[tokio::test]
async fn imported_numbers_are_offered_with_their_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("inventory.csv"), INVENTORY).unwrap();
    let o = tnhub(d, &["import", "inventory.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(field(&out, "rows read:"), "7", "{out}");
    assert_eq!(
        field(&out, "numbers made available:"),
        "11,003",
        "2 single numbers, 1,000 + 10,000 block numbers, 1 toll-free: {out}"
    );
    assert_eq!(field(&out, "numbers excluded:"), "1", "{out}");
    assert!(
        field(&out, "block rows stored:").starts_with("5 "),
        "three numbers merge into one row: {out}"
    );
    assert!(out.contains("within a few seconds"), "{out}");
    assert!(stderr(&o).contains("parsed 7 rows"), "{}", stderr(&o));

    let server = start(d);
    // The single numbers carry the file's attributes; the excluded one never
    // appears, although the default inventory also covers its exchange.
    let (_, body) = server
        .search("npaNxxx=9192210&LCA=false&quantity=1000&enableTNDetail=true")
        .await;
    let found = details(&body);
    // (The default inventory sells the rest of 919-221: a NANPA exchange.)
    let ours: Vec<&String> = found
        .iter()
        .filter(|d| {
            ["9192210001", "9192210002", "9192210003"]
                .iter()
                .any(|tn| d.contains(&format!("<FullNumber>{tn}</FullNumber>")))
        })
        .collect();
    assert_eq!(ours.len(), 2, "{body}");
    for (d, tn) in ours.iter().zip(["9192210001", "9192210003"]) {
        for part in [
            &format!("<FullNumber>{tn}</FullNumber>") as &str,
            "<City>RALEIGH</City>",
            "<LATA>426</LATA>",
            "<RateCenter>RALEIGHX</RateCenter>",
            "<State>NC</State>",
            "<Tier>2</Tier>",
            "<VendorId>777</VendorId>",
            "<VendorName>Acme Telecom</VendorName>",
        ] {
            assert!(d.contains(part), "{part} missing from {d}");
        }
    }
    assert!(!numbers(&body).contains(&"9192210002".to_string()));
    let (n, body) = server
        .search("npaNxx=919221&LCA=false&quantity=5000&enableTNDetail=true")
        .await;
    assert!(n > 0);
    assert!(
        !body.contains("9192210002"),
        "an excluded number was offered"
    );

    // The thousands-block.
    let (n, body) = server
        .search("npaNxxx=9842231&LCA=false&quantity=10&enableTNDetail=true")
        .await;
    assert_eq!(n, 10, "{body}");
    for d in details(&body) {
        assert!(d.contains("<FullNumber>9842231"), "{d}");
        assert!(d.contains("<VendorName>Beta Networks</VendorName>"), "{d}");
        assert!(d.contains("<RateCenter>CARY</RateCenter>"), "{d}");
        assert!(d.contains("<Tier>1</Tier>"), "{d}");
    }

    // The exchange: the vendor from the file, the geography from the reference data.
    let (n, body) = server
        .search("npaNxx=919212&LCA=false&quantity=20&enableTNDetail=true")
        .await;
    assert_eq!(n, 20, "{body}");
    for d in details(&body) {
        assert!(d.contains("<FullNumber>919212"), "{d}");
        assert!(d.contains("<VendorName>Gamma Lines</VendorName>"), "{d}");
        assert!(d.contains("<State>NC</State>"), "{d}");
        assert!(d.contains("<City>RALEIGH</City>"), "{d}");
    }

    // The default inventory is still sold beside the import.
    let (n, _) = server.search("areaCode=212&quantity=5").await;
    assert_eq!(n, 5);

    // Importing again with --replace-default while the server runs: within a
    // few seconds only imported numbers are offered.
    let o = tnhub(d, &["import", "--replace-default", "inventory.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        field(&stdout(&o), "default inventory:").starts_with("not sold"),
        "{}",
        stdout(&o)
    );
    let (n, body) = server
        .search_until("areaCode=212&quantity=5", |n| n == 0)
        .await;
    assert_eq!(n, 0, "nothing of 212 was imported: {body}");
    let (n, body) = server.search("areaCode=919&quantity=50").await;
    assert_eq!(n, 50, "{body}");
    for tn in numbers(&body) {
        assert!(
            tn == "9192210001" || tn == "9192210003" || tn.starts_with("919212"),
            "{tn} was not imported"
        );
    }
    let (n, body) = server
        .search("tollFreeWildCardPattern=8**&quantity=10")
        .await;
    assert_eq!(n, 1, "{body}");
    assert_eq!(numbers(&body), ["8882345678"]);
    let (n, body) = server
        .search("npaNxxx=9192210&LCA=false&quantity=1000&enableTNDetail=true")
        .await;
    assert_eq!(n, 2, "{body}");

    // And back on.
    let o = tnhub(d, &["inventory", "default", "on"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (n, _) = server
        .search_until("areaCode=212&quantity=5", |n| n == 5)
        .await;
    assert_eq!(n, 5, "the default inventory is sold again");
    let o = tnhub(d, &["inventory", "status"]);
    assert_eq!(field(&stdout(&o), "default inventory:"), "sold");
    server.stop();
}

#[tokio::test]
async fn a_file_with_bad_rows_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = "\
number,state,tier,vendor_name,status
9842231234,NC,0,Refused Co,
12345,NC,0,Refused Co,
9842231235,ZZ,0,Refused Co,
9842231238,NC,0,Refused Co,
9195550150,NC,0,Refused Co,
9842231236,NC,0,Refused Co,sold
9842231237,NC,0,Refused Co,
";
    std::fs::write(d.join("bad.csv"), file).unwrap();
    let o = tnhub(d, &["import", "--replace-default", "bad.csv"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for line in ["line 3: ", "line 4: ", "line 6: ", "line 7: "] {
        assert!(err.contains(line), "{line} missing from:\n{err}");
    }
    assert!(
        !err.contains("line 2: ") && !err.contains("line 8: "),
        "{err}"
    );
    assert!(err.contains("nothing was stored"), "{err}");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));

    // Nothing stored, not even --replace-default.
    let o = tnhub(d, &["inventory", "status"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(field(&out, "default inventory:"), "sold", "{out}");
    assert!(field(&out, "imported blocks:").starts_with("0 "), "{out}");
    assert_eq!(field(&out, "excluded ranges:"), "0", "{out}");
    assert_eq!(field(&out, "generation:"), "0", "{out}");

    let server = start(d);
    let (n, body) = server
        .search("npaNxxx=9842231&LCA=false&quantity=1000&enableTNDetail=true")
        .await;
    assert!(
        !body.contains("Refused Co"),
        "a number of the refused file is offered ({n} results)"
    );
    server.stop();
}

#[tokio::test]
async fn importing_the_same_file_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("inventory.csv"), INVENTORY).unwrap();
    let first = tnhub(d, &["import", "--replace-default", "inventory.csv"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let status_first = stdout(&tnhub(d, &["inventory", "status"]));
    // The second time from standard input.
    let second = tnhub_stdin(d, &["import", "--replace-default", "-"], INVENTORY);
    assert!(second.status.success(), "{}", stderr(&second));
    let status_second = stdout(&tnhub(d, &["inventory", "status"]));
    for label in [
        "rows read:",
        "numbers made available:",
        "numbers excluded:",
        "block rows stored:",
    ] {
        assert_eq!(
            field(&stdout(&first), label),
            field(&stdout(&second), label),
            "{label}"
        );
    }
    for label in ["imported blocks:", "excluded ranges:"] {
        assert_eq!(
            field(&status_first, label),
            field(&status_second, label),
            "{label}"
        );
    }
    assert_eq!(
        field(&status_second, "imported blocks:"),
        "4 (11,004 numbers)",
        "{status_second}"
    );
    assert_eq!(field(&status_second, "excluded ranges:"), "1");

    let server = start(d);
    let (n, body) = server
        .search("npaNxxx=9842231&LCA=false&quantity=5000")
        .await;
    assert_eq!(n, 1_000, "every number of the block once: {body}");
    let mut tns = numbers(&body);
    tns.sort();
    tns.dedup();
    assert_eq!(tns.len(), 1_000);
    let (n, body) = server.search("areaCode=919&quantity=5000").await;
    assert_eq!(n, 5_000, "10,002 numbers of 919 imported: {body}");
    server.stop();
}

#[tokio::test]
async fn protected_blocks_are_stored_and_offered_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("protected.csv"),
        "number,protected\n9842231,true\n9842232,\n9842233,false\n",
    )
    .unwrap();
    let o = tnhub(d, &["import", "--replace-default", "protected.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let server = start(d);
    for (query, want) in [
        ("npaNxxx=9842231&LCA=false&quantity=5000", 0),
        (
            "npaNxxx=9842231&LCA=false&quantity=5000&protected=ONLY",
            1_000,
        ),
        ("npaNxxx=9842232&LCA=false&quantity=5000", 1_000),
        ("npaNxxx=9842232&LCA=false&quantity=5000&protected=only", 0),
        ("areaCode=984&quantity=5000", 2_000),
        ("areaCode=984&quantity=5000&protected=MIXED", 3_000),
    ] {
        assert_eq!(server.search(query).await.0, want, "{query}");
    }
    // Importing the block again unprotected updates the stored flag: the
    // running server offers it to everyone within a few seconds.
    let o = tnhub_stdin(d, &["import", "-"], "number,protected\n9842231,false\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let (n, body) = server
        .search_until("npaNxxx=9842231&LCA=false&quantity=5000", |n| n == 1_000)
        .await;
    assert_eq!(n, 1_000, "{body}");
    assert_eq!(
        server
            .search("npaNxxx=9842231&LCA=false&quantity=5000&protected=ONLY")
            .await
            .0,
        0
    );
    server.stop();
}
