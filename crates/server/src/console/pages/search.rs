//! The number search, mirroring `GET …/availableNumbers` (the same
//! parameters, passed to the same [`tnhub_core::Tnhub::search`]), with a
//! one-click order of any number found: an existing-number order
//! ([`tnhub_core::Tnhub::create_number_order`]) on a site of the account,
//! after which the browser goes to the order's page and watches it settle.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use maud::{Markup, html};
use tnhub_core::order::number_order::NumberOrderDraft;

use crate::console::extract::{Action, ConsoleError, Scoped, Signed, see_other};
use crate::console::layout::{api_link, csrf, page};
use crate::state::AppState;

/// The search fields: (parameter, label, example).
const FIELDS: [(&str, &str, &str); 10] = [
    ("areaCode", "Area code", "919"),
    ("npaNxx", "NPA-NXX", "919555"),
    ("rateCenter", "Rate center", "RALEIGH"),
    ("state", "State", "NC"),
    ("city", "City", "Raleigh"),
    ("zip", "ZIP", "27601"),
    ("lata", "LATA", "426"),
    ("localVanity", "Local vanity", "HELLO"),
    ("tollFreeVanity", "Toll-free vanity", "FLOWERS"),
    ("tollFreeWildCardPattern", "Toll-free pattern", "8**"),
];

/// `GET /console/accounts/{accountId}/search?…`: the form, and the numbers
/// found when a search was asked for.
pub async fn search(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(account): Scoped,
    RawQuery(raw): RawQuery,
) -> Result<Markup, ConsoleError> {
    let params: Vec<(String, String)> =
        form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
    let value = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let asked = params.iter().any(|(k, _)| k != "quantity");
    let (found, problem) = if asked {
        match state.hub.search(params.as_slice()).await {
            Ok((_, found)) => (found, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        }
    } else {
        (Vec::new(), None)
    };
    let sites = state.hub.sites(&account).await?;
    // The API call with the fields actually filled in.
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    let body = html! {
        h1 { "Search numbers for account " (account) }
        form class="search" method="get" {
            div class="grid" {
                @for (name, label, example) in FIELDS {
                    div {
                        label for=(name) { (label) }
                        input id=(name) name=(name) value=(value(name)) placeholder=(example);
                    }
                }
                div {
                    label for="quantity" { "Quantity" }
                    input id="quantity" name="quantity" type="number" min="1" max="5000"
                        value=(if value("quantity").is_empty() { "10" } else { value("quantity") });
                }
            }
            button type="submit" id="search" { "Search" }
        }
        @if let Some(p) = &problem { p class="problem" role="alert" { (p) } }
        @if asked && problem.is_none() {
            h2 { (found.len()) " numbers available" }
            @if sites.is_empty() {
                p class="problem" { "This account has no site to order on: create one first (" code { "POST /api/accounts/" (account) "/sites" } ")." }
            }
            table {
                thead { tr { th { "Number" } th { "City" } th { "State" } th { "Rate center" } th { "LATA" } th { "Order" } } }
                tbody {
                    @for n in &found {
                        tr {
                            td { code { (n.tn) } }
                            td { (n.attrs.city.as_deref().unwrap_or("")) }
                            td { (n.attrs.state.as_deref().unwrap_or("")) }
                            td { (n.attrs.rate_center.as_deref().unwrap_or("")) }
                            td { (n.attrs.lata.map(|l| l.to_string()).unwrap_or_default()) }
                            td {
                                @if !sites.is_empty() {
                                    form method="post" action={ "/console/accounts/" (account) "/search/order" } class="inline" {
                                        (csrf(&s))
                                        input type="hidden" name="tn" value=(n.tn);
                                        @if sites.len() == 1 {
                                            input type="hidden" name="site" value=(sites[0].id);
                                        } @else {
                                            label class="visually-hidden" for={ "site-" (n.tn) } { "Site for " (n.tn) }
                                            select id={ "site-" (n.tn) } name="site" {
                                                @for site in &sites { option value=(site.id) { (site.fields.name) } }
                                            }
                                        }
                                        button type="submit" class="order" aria-label={ "Order " (n.tn) } { "Order" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (api_link("GET", &format!("/api/accounts/{account}/availableNumbers?{query}")))
        (api_link("POST", &format!("/api/accounts/{account}/orders")))
    };
    Ok(page(Some(&s), "Search numbers", body))
}

/// `POST /console/accounts/{accountId}/search/order`: orders one number.
pub async fn order(
    State(state): State<AppState>,
    Path(account): Path<String>,
    Action { session, form }: Action,
) -> Result<Response, ConsoleError> {
    let account = Scoped::check(&session, &account)?;
    let draft = NumberOrderDraft {
        site_id: form.get("site").map(str::to_string),
        existing: Some((
            form.get("tn").map(str::to_string).into_iter().collect(),
            Vec::new(),
        )),
        ..NumberOrderDraft::default()
    };
    let view = state
        .hub
        .create_number_order(&account, &session.name(), draft)
        .await?;
    Ok(see_other(&format!(
        "/console/accounts/{account}/orders/{}",
        view.row.id
    )))
}
