//! A number's page: what `tndetails` says (status, place, site and peer,
//! the order that last changed it, its features) and its history, from
//! [`tnhub_core::Tnhub::number_details`] and `number_history`, limited to
//! the account in the path.

use axum::extract::{Path, State};
use maud::{Markup, html};

use crate::console::extract::{ConsoleError, Scoped, Signed};
use crate::console::layout::{api_link, badge, page, when};
use crate::state::AppState;

/// `GET /console/accounts/{accountId}/numbers/{tn}`.
pub async fn number(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(account): Scoped,
    Path((_, tn)): Path<(String, String)>,
) -> Result<Markup, ConsoleError> {
    let scope = [account.clone()];
    let d = state.hub.number_details(&scope, &tn).await?;
    let history = state.hub.number_history(&scope, &tn).await?;
    let n = &d.number;
    let f = &n.features;
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "on",
        Some(false) => "off",
        None => "system default",
    };
    let body = html! {
        h1 { "Number " (n.tn) }
        dl class="facts" {
            dt { "Status" } dd { (badge(n.status.as_str())) }
            dt { "Account" } dd { a href={ "/console/accounts/" (account) } { (account) } }
            dt { "Place" } dd {
                (n.geo.city.as_deref().unwrap_or("")) ", " (n.geo.state.as_deref().unwrap_or(""))
                " (rate center " (n.geo.rate_center.as_deref().unwrap_or("?"))
                ", LATA " (n.geo.lata.map(|l| l.to_string()).unwrap_or_default()) ", tier " (n.geo.tier) ")"
            }
            @if let Some(site) = &d.site { dt { "Site" } dd { (site.fields.name) " (" (site.id) ")" } }
            @if let Some(peer) = &d.peer { dt { "SIP peer" } dd { (peer.fields.name) " (" (peer.id) ")" } }
            @if let Some(o) = &n.order_id {
                dt { "Last order" } dd {
                    a href={ "/console/accounts/" (account) "/orders/" (o) } { code { (o) } }
                    " " (n.order_type.as_deref().unwrap_or(""))
                }
            }
            @if let Some(t) = n.in_service_at { dt { "In service since" } dd { (when(t)) } }
            @if !n.attributes.is_empty() { dt { "Attributes" } dd { (n.attributes.join(", ")) } }
            dt { "Caller name display" } dd { (yes_no(f.calling_name_display)) }
            dt { "SMS" } dd { (yes_no(f.sms_enabled)) }
            @if let Some(cf) = &f.call_forward { dt { "Call forward" } dd { (cf) } }
        }
        h2 { "History" }
        ol class="timeline" {
            @for e in &history {
                li {
                    (when(e.at)) " " (badge(&e.status)) " "
                    (e.order_type.as_deref().unwrap_or(""))
                    @if let Some(u) = &e.user { " — " (u) }
                }
            }
        }
        (api_link("GET", &format!("/api/tns/{}/tndetails", n.tn)))
        (api_link("GET", &format!("/api/tns/{}/history", n.tn)))
    };
    Ok(page(Some(&s), "Number", body))
}
