//! One callback over HTTP: the signature headers, Basic credentials (or, in
//! faithful mode, the real service's challenge dance), and what came of it.

use std::net::IpAddr;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tnhub_core::subscription::Callback;

use super::policy::{AddressRefused, check_literal};
use super::{Deliverer, DeliveryMode};

/// Signs a callback body the Standard Webhooks way.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap_or_else(|_| key.as_bytes().to_vec());
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC takes keys of any length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Sent {
    /// The receiver answered (2xx is success, anything else a failure;
    /// redirects are not followed). `challenged`: in faithful mode, after
    /// a 401 challenge to the unauthenticated first POST.
    Answered { code: u16, challenged: bool },
    /// No answer: connection refused or reset, timeout, DNS failure … worth
    /// retrying.
    Failed(String),
    /// The address policy refuses the destination, or the URL is unusable:
    /// retrying cannot help.
    Refused(String),
}

/// The message of an error and all its sources.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let part = s.to_string();
        if !msg.contains(&part) {
            msg = format!("{msg}: {part}");
        }
        src = s.source();
    }
    msg
}

/// The address refusal somewhere among an error's sources.
fn refusal<'e>(e: &'e (dyn std::error::Error + 'static)) -> Option<&'e AddressRefused> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<AddressRefused>() {
            return Some(r);
        }
        cur = err.source();
    }
    None
}

impl Deliverer {
    /// Sends one callback (in faithful mode with credentials, perhaps two
    /// requests: the real service's challenge).
    pub(super) async fn send(
        &self,
        callback: &Callback,
        secret: &str,
        id: &str,
        body: String,
    ) -> Sent {
        let url = match reqwest::Url::parse(&callback.url) {
            Ok(u) => u,
            Err(e) => return Sent::Refused(format!("invalid callback URL: {e}")),
        };
        // An IP literal is never resolved, so it is checked here (IPv6
        // ones come bracketed).
        let literal = url
            .host_str()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
            .and_then(|h| h.parse::<IpAddr>().ok());
        if let Some(ip) = literal
            && let Err(r) = check_literal(self.config.allow, ip)
        {
            return Sent::Refused(r.0);
        }
        let creds = callback
            .basic_user
            .as_ref()
            .zip(callback.basic_password.as_ref());
        // The real service POSTs without credentials first and re-POSTs
        // with them when challenged (wire-format.md 2.12); reliable mode
        // sends them at once.
        let challenge_first = self.config.mode == DeliveryMode::Faithful && creds.is_some();
        let first = self
            .post(&url, secret, id, &body, creds.filter(|_| !challenge_first))
            .await;
        match first {
            Ok(r)
                if challenge_first
                    && r.status() == reqwest::StatusCode::UNAUTHORIZED
                    && r.headers().contains_key(reqwest::header::WWW_AUTHENTICATE) =>
            {
                match self.post(&url, secret, id, &body, creds).await {
                    Ok(r) => Sent::Answered {
                        code: r.status().as_u16(),
                        challenged: true,
                    },
                    Err(e) => self.failure(&e),
                }
            }
            Ok(r) => Sent::Answered {
                code: r.status().as_u16(),
                challenged: false,
            },
            Err(e) => self.failure(&e),
        }
    }

    fn failure(&self, e: &reqwest::Error) -> Sent {
        if let Some(r) = refusal(e) {
            return Sent::Refused(r.0.clone());
        }
        if e.is_timeout() {
            return Sent::Failed(format!(
                "timed out (connect {:?}, whole request {:?}): {}",
                self.config.connect_timeout,
                self.config.timeout,
                chain(e)
            ));
        }
        Sent::Failed(chain(e))
    }

    async fn post(
        &self,
        url: &reqwest::Url,
        secret: &str,
        id: &str,
        body: &str,
        creds: Option<(&String, &String)>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let mut req = self
            .http
            .post(url.clone())
            .header("content-type", "application/xml; charset=utf-8")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature(secret, id, timestamp, body));
        if let Some((user, password)) = creds {
            req = req.basic_auth(user, Some(password));
        }
        req.body(body.to_string()).send().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The example from the Standard Webhooks specification.
        let s = signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(s, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
