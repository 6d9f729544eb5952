//! The page shell every console page shares (header, navigation, a skip
//! link, the stylesheet and htmx), and the small pieces pages repeat: the
//! link to the API call showing the same data, the CSRF field of a form,
//! status badges, times, pagers.

use maud::{DOCTYPE, Markup, html};
use tnhub_core::Timestamp;

use super::session::Session;

/// A whole page: `body` inside the shell, with the navigation of the
/// session's role (none on the sign-in and error pages).
pub fn page(session: Option<&Session>, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · tnhub console" }
                link rel="stylesheet" href="/console/static/console.css";
                script src="/console/static/htmx.min.js" defer {}
            }
            body {
                a class="skip" href="#main" { "Skip to the content" }
                header {
                    a class="brand" href="/console" { "tnhub" }
                    @if let Some(s) = session {
                        nav aria-label="Console" {
                            a href="/console" { "Overview" }
                            a href="/console/accounts" { "Accounts" }
                            a href="/console/deliveries" { "Callbacks" }
                            a href="/console/inventory" { "Inventory" }
                            @if s.is_operator() {
                                a href="/console/jobs" { "Jobs" }
                                a href="/console/clock" { "Clock" }
                            }
                        }
                        form class="signout" method="post" action="/console/sign-out" {
                            (csrf(s))
                            span { "Signed in as " strong { (s.name()) } }
                            button type="submit" { "Sign out" }
                        }
                    }
                }
                main id="main" tabindex="-1" { (body) }
            }
        }
    }
}

/// The hidden CSRF field every form of a session carries.
pub fn csrf(s: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(s.csrf); }
}

/// "The same data from the API": a link to the call, shown on every page.
pub fn api_link(method: &str, path: &str) -> Markup {
    html! {
        p class="api" {
            "Same data from the API: "
            @if method == "GET" {
                a href=(path) { code { (method) " " (path) } }
            } @else {
                code { (method) " " (path) }
            }
        }
    }
}

/// A status as a badge whose colour says how it went (with the text, so
/// colour is never the only cue).
pub fn badge(status: &str) -> Markup {
    let class = match status.to_ascii_uppercase().as_str() {
        "COMPLETE" | "DELIVERED" | "INSERVICE" | "FOC" => "ok",
        "FAILED" | "EXCEPTION" | "DEAD" | "CANCELLED" | "PARTIAL" => "bad",
        _ => "wait",
    };
    html! { span class={ "badge " (class) } { (status) } }
}

/// A time as the API writes it (UTC).
pub fn when(t: Timestamp) -> Markup {
    let iso = t.iso();
    html! { time datetime=(iso) { (iso.replace('T', " ").trim_end_matches('Z')) " UTC" } }
}

/// A pager: the link to the next page, when there is one.
pub fn next_page(base: &str, next: Option<&str>) -> Markup {
    html! {
        @if let Some(next) = next {
            nav class="pager" aria-label="Pages" {
                a href={ (base) (if base.contains('?') { "&" } else { "?" }) "page=" (next) } {
                    "Next page →"
                }
            }
        }
    }
}
