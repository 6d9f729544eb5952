//! The console's pages, one module per area. Each handler takes the
//! session ([`super::extract::Signed`]), the account it may see
//! ([`super::extract::Scoped`]) or a CSRF-checked form
//! ([`super::extract::Action`]), calls the domain, and renders HTML with
//! [`super::layout`].

pub mod accounts;
pub mod callbacks;
pub mod inventory;
pub mod numbers;
pub mod operator;
pub mod orders;
pub mod overview;
pub mod portins;
pub mod requests;
pub mod search;
