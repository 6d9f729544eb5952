//! HTTP-level tests: the real server on a loopback port, a fresh SQLite
//! file per test, requests over HTTP. One binary, one module per area.

mod helpers;

mod admin;
mod admin_accounts;
mod auth;
mod auth_limits;
mod auto_accounts;
mod bounded_lists;
mod callbacks;
mod callbacks_delivery;
mod callbacks_filters;
mod callbacks_portins;
mod conformance;
mod disconnects;
mod disconnects_rules;
mod errors;
mod features;
mod features_checks;
mod features_concurrent;
mod geography;
mod inservice;
mod movetns;
mod openapi;
mod openapi_statuses;
mod orders;
mod orders_backorder;
mod orders_lists;
mod orders_search;
mod peer_tn_settings;
mod portins;
mod portins_cancel;
mod portins_docs;
mod portins_lifecycle;
mod portins_operator;
mod portins_validation;
mod receiver;
mod reservations;
mod restart;
mod sandboxes;
mod search;
mod sippeers;
mod sites;
mod tn_lookups;
mod tns;
mod worker;
