//! `tnhub health`: the container image's health check. A scratch image has
//! no curl or shell, so the binary asks itself: one `GET /health` over a
//! plain TCP connection to the address `serve` listens on. Hand-written
//! because it is one request line and one status line; an HTTP client
//! crate would add nothing but size.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::Context;

use crate::cli::HealthArgs;

/// Where to ask: the listen address, with an unspecified IP replaced by
/// the loopback address of its family.
fn target(listen: &str) -> anyhow::Result<SocketAddr> {
    let mut addr: SocketAddr = listen
        .parse()
        .with_context(|| format!("--listen '{listen}' is not an IP address and port"))?;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        });
    }
    Ok(addr)
}

/// Runs the check; an error (exit status 1) says what failed.
pub fn run(args: HealthArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 300.0,
        "--timeout must be a positive number of seconds (at most 300)"
    );
    let timeout = Duration::from_secs_f64(args.timeout);
    let addr = target(&args.listen)?;
    let mut conn = TcpStream::connect_timeout(&addr, timeout)
        .with_context(|| format!("no server answers on {addr}"))?;
    conn.set_read_timeout(Some(timeout))?;
    conn.set_write_timeout(Some(timeout))?;
    conn.write_all(
        format!("GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )?;
    let mut head = [0u8; 64];
    let mut n = 0;
    while n < 12 {
        let read = conn.read(&mut head[n..]).context("reading the answer")?;
        if read == 0 {
            break;
        }
        n += read;
    }
    let status = String::from_utf8_lossy(&head[..n]);
    let line = status.lines().next().unwrap_or_default();
    anyhow::ensure!(
        line.split(' ').nth(1) == Some("200"),
        "{addr}/health answered '{line}'"
    );
    println!("healthy: {addr}/health answered 200");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unspecified_address_is_asked_on_the_loopback() {
        assert_eq!(
            target("0.0.0.0:8080").unwrap(),
            "127.0.0.1:8080".parse().unwrap()
        );
        assert_eq!(target("[::]:9").unwrap(), "[::1]:9".parse().unwrap());
        assert_eq!(
            target("10.0.0.2:80").unwrap(),
            "10.0.0.2:80".parse().unwrap()
        );
        assert!(target("localhost:80").is_err());
    }
}
