//! The operator's tools: the sandbox clock (read, advance by hours and
//! days: [`tnhub_core::Tnhub::advance_clock`], as `POST /admin/clock/advance`
//! does) and the jobs waiting with this server's job runner (pause and
//! resume it, as `/admin/worker/…` does). Operator sessions only.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use crate::console::extract::{Action, ConsoleError, Signed, see_other};
use crate::console::layout::{api_link, csrf, page, when};
use crate::state::AppState;

/// Jobs shown (the next due).
const JOBS: u32 = 200;

/// `GET /console/clock`.
pub async fn clock(
    State(state): State<AppState>,
    Signed(s): Signed,
) -> Result<Markup, ConsoleError> {
    if !s.is_operator() {
        return Err(ConsoleError::operator_only());
    }
    let c = state.hub.clock_state();
    let body = html! {
        h1 { "Sandbox clock" }
        dl class="facts" {
            dt { "Now" } dd id="clock-now" { (when(c.now)) }
            dt { "Ahead of real time by" } dd id="clock-offset" {
                @match c.offset_ms {
                    Some(ms) => { (format!("{:.2}", ms as f64 / 3_600_000.0)) " hours" }
                    None => { "— (not a sandbox: the clock is real time)" }
                }
            }
        }
        @if c.offset_ms.is_some() {
            form method="post" action="/console/clock/advance" class="inline-form" {
                (csrf(&s))
                label for="days" { "Days" }
                input id="days" name="days" type="number" min="0" step="any" value="0";
                label for="hours" { "Hours" }
                input id="hours" name="hours" type="number" min="0" step="any" value="1";
                button type="submit" id="advance" { "Advance the clock" }
            }
            p { "Work that becomes due (port-in dates, reservations ending, aging numbers) runs at once." }
        }
        (api_link("GET", "/admin/clock"))
        (api_link("POST", "/admin/clock/advance?hours=1"))
    };
    Ok(page(Some(&s), "Clock", body))
}

/// `POST /console/clock/advance` (fields `days`, `hours`).
pub async fn advance(
    State(state): State<AppState>,
    Action { session, form }: Action,
) -> Result<Response, ConsoleError> {
    if !session.is_operator() {
        return Err(ConsoleError::operator_only());
    }
    let mut ms = 0f64;
    for (field, unit) in [("days", 86_400_000f64), ("hours", 3_600_000f64)] {
        match form.get(field).map(str::parse::<f64>) {
            None => {}
            Some(Ok(n)) if n.is_finite() && (0.0..1e7).contains(&n) => ms += n * unit,
            Some(_) => {
                return Err(ConsoleError::page(
                    StatusCode::BAD_REQUEST,
                    format!("{field} must be a non-negative number."),
                ));
            }
        }
    }
    if ms < 1.0 {
        return Err(ConsoleError::page(
            StatusCode::BAD_REQUEST,
            "Say how far to move the clock: some days or hours.",
        ));
    }
    state.hub.advance_clock(ms.round() as i64).await?;
    Ok(see_other("/console/clock"))
}

/// `GET /console/jobs`.
pub async fn jobs(
    State(state): State<AppState>,
    Signed(s): Signed,
) -> Result<Markup, ConsoleError> {
    if !s.is_operator() {
        return Err(ConsoleError::operator_only());
    }
    let jobs = state.hub.pending_jobs(JOBS).await?;
    let paused = state.hub.worker_paused();
    let body = html! {
        h1 { "Jobs and the worker" }
        p id="worker-state" {
            "This server's job runner is " strong { (if paused { "paused" } else { "running" }) } "."
        }
        form method="post" action={ "/console/worker/" (if paused { "resume" } else { "pause" }) } {
            (csrf(&s))
            button type="submit" id="worker-toggle" { (if paused { "Resume the worker" } else { "Pause the worker" }) }
        }
        h2 { (jobs.len()) " jobs waiting (next due first)" }
        table {
            thead { tr { th { "Job" } th { "Kind" } th { "Subject" } th { "Due" } th { "Attempts" } th { "Last error" } } }
            tbody {
                @for j in &jobs {
                    tr {
                        td { (j.id) } td { (j.kind) } td { code { (j.subject) } }
                        td { (when(j.run_at)) } td { (j.attempts) }
                        td { (j.last_error.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
        (api_link("GET", "/admin/jobs"))
        (api_link("GET", "/admin/worker"))
    };
    Ok(page(Some(&s), "Jobs", body))
}

/// `POST /console/worker/{pause|resume}`.
pub async fn worker(
    State(state): State<AppState>,
    Path(action): Path<String>,
    Action { session, .. }: Action,
) -> Result<Response, ConsoleError> {
    if !session.is_operator() {
        return Err(ConsoleError::operator_only());
    }
    match action.as_str() {
        "pause" => state.hub.pause_worker(true),
        "resume" => state.hub.pause_worker(false),
        _ => return Err(ConsoleError::page(StatusCode::NOT_FOUND, "No such action.")),
    }
    tracing::warn!(action = %action, "job runner changed from the console");
    Ok(see_other("/console/jobs"))
}
