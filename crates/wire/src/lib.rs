//! # tnhub-wire — Bandwidth's XML, as the official clients speak it
//!
//! Bandwidth's clients disagree about element casing, element order and how
//! lists are wrapped, but they all parse responses strictly (root names,
//! PascalCase with a few lower-case exceptions, wrappers always present). So
//! this crate reads tolerantly and writes exactly.
//!
//! Layout:
//! - [`read`]: the tolerant request reader. Element names are matched without
//!   regard to case or namespace prefix, children in any order, unknown
//!   elements ignored, repeated list wrappers merged; DTDs are refused.
//! - [`write`]: response documents with the declaration the real service sends.
//! - [`envelope`]: the error envelopes (`ResponseStatus`, `ErrorList`,
//!   repeated `Errors`, the search `Error`).
//! - [`request`]: request bodies, one module per API area. Their fields carry
//!   the lower-cased wire name, because the reader lower-cases every element.
//! - [`response`]: response bodies with the exact element names.
//! - [`links`]: the body-borne pagination links (`Link=<…>;rel="first";`).
//!
//! Nothing here knows about HTTP, the database or the domain rules: request
//! types hold strings exactly as sent, and the server turns them into domain
//! values (parse once, at the edge).
#![forbid(unsafe_code)]

pub mod envelope;
#[cfg(test)]
mod fuzz_tests;
pub mod links;
pub mod names;
pub mod read;
pub mod request;
pub mod response;
pub mod write;

pub use read::{Notes, ReadError, from_request, from_request_limited, from_request_noted};
pub use write::{Document, WriteError, to_document};
