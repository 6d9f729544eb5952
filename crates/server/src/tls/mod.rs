//! HTTPS without a proxy, and a stand-in for Bandwidth's own hosts.
//!
//! An app that keeps Bandwidth's default URLs (`https://dashboard.bandwidth.com/api`,
//! the token URL on `https://api.bandwidth.com`) reaches tnhub unchanged
//! when those names point at it and it answers TLS for them: [`ca`] keeps a
//! local certificate authority in the database and issues the listener a
//! certificate for those names; the app trusts that CA (`tnhub ca` exports
//! it). The same listener serves an operator's own certificate and key
//! instead ([`TlsSettings::files`]). [`listen`] runs the TLS accept loop
//! beside the plain HTTP one, serving the same application.

pub mod ca;
pub mod listen;

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls;

pub use ca::{DEFAULT_NAMES, LocalCa};
pub use listen::TlsListener;

/// Marks a request that came over the TLS listener (the console's session
/// cookie is then `Secure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverTls;

/// A certificate chain (leaf first) and its key.
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

impl Identity {
    /// Reads an operator's PEM files: the certificate chain and its key.
    pub fn from_files(cert: &std::path::Path, key: &std::path::Path) -> Result<Self, String> {
        let chain = CertificateDer::pem_file_iter(cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("reading certificates from {}: {e}", cert.display()))?;
        if chain.is_empty() {
            return Err(format!("{} holds no certificate", cert.display()));
        }
        let key = PrivateKeyDer::from_pem_file(key)
            .map_err(|e| format!("reading the private key from {}: {e}", key.display()))?;
        Ok(Identity { chain, key })
    }

    /// The rustls settings serving this identity (HTTP/1.1, TLS 1.2 and 1.3,
    /// ring's algorithms).
    pub fn server_config(self) -> Result<Arc<rustls::ServerConfig>, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS settings: {e}"))?
            .with_no_client_auth()
            .with_single_cert(self.chain, self.key)
            .map_err(|e| format!("the certificate and key do not make a TLS identity: {e}"))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}
