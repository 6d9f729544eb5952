//! The domain's error type.
//!
//! A [`CoreError`] says what kind of failure happened (which decides the
//! HTTP status) and carries Bandwidth's numeric code and wording (which the
//! API writes into its XML envelope). Named constructors keep the codes in
//! one place.

use std::fmt;

use crate::store::StoreError;

/// What sort of failure an error is; the API maps each to an HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request is invalid (400).
    Invalid,
    /// The thing asked for does not exist (404).
    NotFound,
    /// The request conflicts with the current state (409).
    Conflict,
    /// The caller may not do this (403).
    Forbidden,
    /// Something failed on our side (500); details are logged, not shown.
    Internal,
    /// The database is unreachable or overloaded (503).
    Unavailable,
}

/// A domain failure with Bandwidth's code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreError {
    /// The kind, which decides the status.
    pub kind: ErrorKind,
    /// Bandwidth's error code, where the real service has one.
    pub code: Option<u32>,
    /// The description shown to the client.
    pub message: String,
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "{} (code {code})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CoreError {}

impl CoreError {
    /// An error of any kind with a code.
    pub fn new(kind: ErrorKind, code: u32, message: impl Into<String>) -> Self {
        CoreError {
            kind,
            code: Some(code),
            message: message.into(),
        }
    }

    /// A 400 with a code.
    pub fn invalid(code: u32, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, code, message)
    }

    /// A 404 with a code.
    pub fn not_found(code: u32, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, code, message)
    }

    /// A 409 with a code.
    pub fn conflict(code: u32, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, code, message)
    }

    /// Bandwidth's 1003 "`%s` is required".
    pub fn required(what: &str) -> Self {
        Self::invalid(codes::REQUIRED, format!("{what} is required"))
    }

    /// A failure on our side; the message is for logs only.
    pub fn internal(message: impl Into<String>) -> Self {
        CoreError {
            kind: ErrorKind::Internal,
            code: Some(codes::INTERNAL),
            message: message.into(),
        }
    }
}

impl From<StoreError> for CoreError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(m) => CoreError {
                kind: ErrorKind::Unavailable,
                code: Some(codes::INTERNAL),
                message: format!("the database is unavailable: {m}"),
            },
            other => CoreError::internal(other.to_string()),
        }
    }
}

/// Bandwidth's error codes used by tnhub (wire-format.md 1.7), and the few
/// that tnhub adds where the real service's code is unknown (documented in
/// the README's error table).
pub mod codes {
    /// tnhub: an internal failure.
    pub const INTERNAL: u32 = 1000;
    /// "Access Denied".
    pub const ACCESS_DENIED: u32 = 1001;
    /// tnhub: the request body is not the XML document expected.
    pub const MALFORMED: u32 = 1002;
    /// "%s is required".
    pub const REQUIRED: u32 = 1003;
    /// tnhub: a value is not valid (where no specific code exists).
    pub const INVALID_VALUE: u32 = 1004;
    /// tnhub: no such resource or route.
    pub const NOT_FOUND: u32 = 1005;
    /// tnhub: method not allowed on this resource.
    pub const METHOD_NOT_ALLOWED: u32 = 1006;
    /// tnhub: the request body is larger than the limit.
    pub const TOO_LARGE: u32 = 1007;
    /// Site name invalid or too long.
    pub const SITE_NAME: u32 = 4015;
    /// Site description too long.
    pub const SITE_DESCRIPTION: u32 = 4016;
    /// "Not authorized to perform operation on the account '%s'".
    pub const NOT_AUTHORIZED_ON_ACCOUNT: u32 = 5051;
    /// "Site '%s' does not exist".
    pub const SITE_NOT_FOUND: u32 = 12016;
    /// The site cannot be deleted now (it has peers or numbers).
    pub const SITE_LOCKED: u32 = 12054;
    /// Address verification failed.
    pub const ADDRESS_INVALID: u32 = 12113;
    /// Peer name required.
    pub const PEER_NAME_REQUIRED: u32 = 13500;
    /// Peer name longer than 50 characters.
    pub const PEER_NAME_TOO_LONG: u32 = 13501;
    /// Peer name has characters outside the allowed set.
    pub const PEER_NAME_CHARS: u32 = 13502;
    /// Peer description longer than 50 characters.
    pub const PEER_DESCRIPTION_TOO_LONG: u32 = 13503;
    /// VoiceHosts and VoiceHostGroups sent together.
    pub const PEER_HOSTS_AND_GROUPS: u32 = 13504;
    /// tnhub: too many voice hosts, or a host that is not valid.
    pub const PEER_HOST_INVALID: u32 = 13506;
    /// "IsDefaultPeer cannot be false right now …".
    pub const PEER_DEFAULT_REQUIRED: u32 = 13522;
    /// "SipPeer name '%s' already exists …".
    pub const PEER_NAME_TAKEN: u32 = 13524;
    /// "Sip Peer '%s' … does not exist".
    pub const PEER_NOT_FOUND: u32 = 13563;
    /// tnhub: a SIP peer with numbers cannot be deleted.
    pub const PEER_HAS_NUMBERS: u32 = 13614;
    /// "Delete not allowed while a SIP Peer has SMS feature".
    pub const PEER_HAS_SMS: u32 = 13613;
    /// tnhub: no such application (404).
    pub const APPLICATION_NOT_FOUND: u32 = 17000;
    /// tnhub: an application's service type, name, method or credentials
    /// are not valid.
    pub const APPLICATION_INVALID: u32 = 17001;
    /// tnhub: a callback URL is not an absolute http(s) URL, or its
    /// address is refused by the callback address policy.
    pub const APPLICATION_URL: u32 = 17002;
    /// tnhub: an application a SIP peer points at cannot be deleted (409).
    pub const APPLICATION_IN_USE: u32 = 17003;
    /// tnhub: a SIP peer's product settings are not valid.
    pub const PRODUCT_INVALID: u32 = 17010;
    /// tnhub: the SIP peer has no messaging (SMS) enabled.
    pub const MESSAGING_NOT_ENABLED: u32 = 17011;
    /// tnhub: the product settings asked for do not exist on the peer (404).
    pub const PRODUCT_NOT_FOUND: u32 = 17012;
    /// tnhub: the product settings already exist; edit them with PUT (409).
    pub const PRODUCT_EXISTS: u32 = 17013;
}
