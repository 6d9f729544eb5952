//! Connection hygiene of the real binary: a slowloris connection is closed
//! at the header timeout, a stalled body gets 408 at the body timeout, the
//! connection cap holds further clients in the queue until a slot frees,
//! and SIGTERM with a half-sent request exits by the shutdown deadline.
//! Every wait is bounded.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::{PASSWORD, Server, USER};

/// `127.0.0.1:PORT` of a server.
fn address(server: &Server) -> String {
    server
        .base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

/// Reads until the server closes the connection (or `limit` passes);
/// returns what was read and how long it took.
fn read_to_close(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!(
                "the server kept the connection open ({e}) after {:?}",
                started.elapsed()
            ),
        }
    }
    (
        String::from_utf8_lossy(&got).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_slowloris_connection_is_closed_at_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), "t.db", &["--header-timeout", "2"]);
    let mut stream = TcpStream::connect(address(&server)).unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // One more header byte now and then, never the blank line.
    for b in b"X-Slow: " {
        std::thread::sleep(Duration::from_millis(150));
        if stream.write_all(&[*b]).is_err() {
            break;
        }
    }
    let (_, _) = read_to_close(&mut stream, Duration::from_secs(10));
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_secs(5),
        "closed after {took:?}"
    );
    // An idle kept-alive connection is closed by the same clock.
    let mut idle = TcpStream::connect(address(&server)).unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (answer, took) = read_to_close(&mut idle, Duration::from_secs(10));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        took < Duration::from_secs(5),
        "idle connection kept {took:?}"
    );
    server.signal("TERM");
}

#[test]
fn a_stalled_body_gets_408_at_the_body_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), "t.db", &["--body-timeout", "1"]);
    let path = server.base.split_once("/api").unwrap().1.to_string();
    let auth = {
        use std::fmt::Write as _;
        let raw = format!("{USER}:{PASSWORD}");
        // Basic credentials, base64 by hand (no base64 crate in the tests).
        const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in raw.as_bytes().chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        let mut h = String::new();
        write!(h, "Basic {out}").unwrap();
        h
    };
    let mut stream = TcpStream::connect(address(&server)).unwrap();
    write!(
        stream,
        "POST /api{path}/sites HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nContent-Type: application/xml\r\nContent-Length: 1000\r\n\r\n<Site><Name>"
    )
    .unwrap();
    let (answer, took) = read_to_close(&mut stream, Duration::from_secs(10));
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    server.signal("TERM");
}

#[test]
fn the_connection_cap_holds_further_clients_until_a_slot_frees() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), "t.db", &["--max-connections", "2"]);
    let addr = address(&server);
    let request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            s.write_all(request).unwrap();
            let mut buf = [0u8; 512];
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let n = s.read(&mut buf).unwrap();
            assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
            s
        })
        .collect();
    // A third client is accepted by the kernel but not served yet.
    let mut third = TcpStream::connect(&addr).unwrap();
    third.write_all(request).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut buf = [0u8; 512];
    assert!(third.read(&mut buf).is_err(), "served beyond the cap");
    // Closing one frees a slot.
    held.pop();
    third
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let n = third.read(&mut buf).unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    server.signal("TERM");
}

#[test]
fn sigterm_with_a_half_sent_request_exits_by_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), "t.db", &["--shutdown-timeout", "2"]);
    let mut half = TcpStream::connect(address(&server)).unwrap();
    half.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    let deadline = started + Duration::from_secs(15);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running 15 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = started.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(5), "exited after {took:?}");
    drop(half);
}
