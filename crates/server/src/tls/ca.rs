//! tnhub's local certificate authority.
//!
//! Made once per deployment and kept in the database's settings
//! (`tls.local_ca`: the CA certificate and its key, PEM), not in a file of
//! the data directory: every server sharing the database then presents
//! certificates from the same CA, so an app trusts one CA file for the whole
//! deployment, and a container that keeps only its database keeps its CA.
//! The CA's key is thereby as secret as the database, which already holds
//! everything else of the deployment. Servers starting at once agree on one
//! CA (`Tnhub::shared_value`).
//!
//! Each server issues itself a fresh leaf certificate at start for the
//! names it answers ([`DEFAULT_NAMES`] unless configured), signed by the CA.
//! rcgen signs with an issuer it built itself; the CA is rebuilt from the
//! stored key and the fixed subject below, which is what a leaf's issuer
//! name and authority key identifier derive from, so leaves chain to the
//! stored certificate.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tnhub_core::{CoreError, Tnhub};

use super::Identity;

/// The settings name of the CA.
const SETTING: &str = "tls.local_ca";
/// The CA's subject: fixed, because leaves name it as their issuer.
const CA_NAME: &str = "tnhub local CA";

/// The names the listener answers for unless configured: Bandwidth's two
/// API hosts (the defaults of the official clients) and this machine.
pub const DEFAULT_NAMES: &[&str] = &[
    "api.bandwidth.com",
    "dashboard.bandwidth.com",
    "localhost",
    "127.0.0.1",
];

/// The deployment's CA: its certificate and key, PEM.
#[derive(Debug, Clone)]
pub struct LocalCa {
    /// The CA certificate, what clients trust.
    pub cert_pem: String,
    key_pem: String,
}

fn ca_params() -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, CA_NAME);
    name.push(DnType::OrganizationName, "tnhub");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params
}

fn tls_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::internal(format!("local CA: {e}"))
}

impl LocalCa {
    /// A new CA, valid for ten years.
    fn generate() -> Result<Self, CoreError> {
        let key = KeyPair::generate().map_err(tls_error)?;
        let mut params = ca_params();
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(3650);
        let cert = params.self_signed(&key).map_err(tls_error)?;
        Ok(LocalCa {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        })
    }

    /// The database's CA, made there by the first server or command to ask.
    pub async fn load(hub: &Tnhub) -> Result<Self, CoreError> {
        let stored = hub
            .shared_value(SETTING, || {
                let ca = Self::generate()?;
                Ok(format!("{}{}", ca.cert_pem, ca.key_pem))
            })
            .await?;
        let at = stored
            .find("-----BEGIN PRIVATE KEY-----")
            .ok_or_else(|| tls_error("the stored CA has no private key"))?;
        Ok(LocalCa {
            cert_pem: stored[..at].to_string(),
            key_pem: stored[at..].to_string(),
        })
    }

    /// A leaf certificate for `names` (host names or IP addresses), valid
    /// for a year, with the CA certificate after it in the chain.
    pub fn issue(&self, names: &[String]) -> Result<Identity, CoreError> {
        let ca_key = KeyPair::from_pem(&self.key_pem).map_err(tls_error)?;
        let issuer = ca_params().self_signed(&ca_key).map_err(tls_error)?;
        let key = KeyPair::generate().map_err(tls_error)?;
        let mut params = CertificateParams::new(names.to_vec()).map_err(tls_error)?;
        let mut name = DistinguishedName::new();
        name.push(
            DnType::CommonName,
            names.first().map_or("tnhub", String::as_str),
        );
        params.distinguished_name = name;
        params.use_authority_key_identifier_extension = true;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(365);
        let leaf = params
            .signed_by(&key, &issuer, &ca_key)
            .map_err(tls_error)?;
        let ca_der = CertificateDer::from_pem_slice(self.cert_pem.as_bytes()).map_err(tls_error)?;
        let key_der =
            PrivateKeyDer::from_pem_slice(key.serialize_pem().as_bytes()).map_err(tls_error)?;
        Ok(Identity {
            chain: vec![leaf.der().clone(), ca_der],
            key: key_der,
        })
    }
}
