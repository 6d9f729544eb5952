//! `GET /accounts/{accountId}`.

use axum::extract::State;
use tnhub_wire::response::account::{AccountResponse, AccountXml, Tiers};

use crate::auth::AccountScope;
use crate::error::{ApiError, ErrorShape};
use crate::state::AppState;
use crate::xml::Xml;

const ACCOUNT: ErrorShape = ErrorShape::status("AccountResponse");

/// The account, as Node's `Account.get` reads it.
pub async fn get_account(
    State(state): State<AppState>,
    AccountScope(id): AccountScope,
) -> Result<Xml<AccountResponse>, ApiError> {
    let account = state.hub.account(&id).await.map_err(ACCOUNT.core())?;
    Ok(Xml(AccountResponse {
        account: AccountXml {
            account_id: account.id.to_string(),
            company_name: account.company_name,
            account_type: "Business".into(),
            tiers: Tiers { tiers: vec![0] },
            address: None,
            contact: None,
            reservation_allowed: true,
            lnp_enabled: true,
            spid: None,
            port_carrier_type: "WIRELINE".into(),
        },
    }))
}
