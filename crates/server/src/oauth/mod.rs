//! OAuth 2.0 client credentials, as Bandwidth's API offers them: a client
//! trades its id and secret at the token endpoint ([`crate::routes::oauth`])
//! for a short-lived bearer token, then calls the API with
//! `Authorization: Bearer …` instead of a user's password.
//!
//! - [`token`]: the tokens themselves, JWTs signed (HS256) with a key every
//!   server sharing the database reads from it, so any server verifies any
//!   server's token without a database read;
//! - [`bearer`]: the customer routes' authentication, Bearer or Basic, and
//!   the short cache of each client's standing (revoked or not, its user's
//!   grants) that keeps per-request checks off the database.

pub mod bearer;
pub mod token;

pub use bearer::{ClientCache, require_customer};
pub use token::{TokenError, TokenKeys};
