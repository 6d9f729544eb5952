//! On-demand activation of a triggered port-in: `GET|PUT
//! …/portins/{portinId}/activationStatus`. Split from the port-in itself
//! to keep each file short.

use axum::extract::State;
use tnhub_core::order::portin::PortStatus;
use tnhub_core::service::PortInView;
use tnhub_core::{CoreError, Timestamp};
use tnhub_wire::request::portin::ActivationStatusBody;
use tnhub_wire::response::order::TelephoneNumberListXml;
use tnhub_wire::response::portin::{ActivationStatusResponse, ActivationStatusXml};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::error::ApiError;
use crate::state::AppState;
use crate::xml::{RawBody, Xml, parse};

use super::ACTIVATION;

fn activation_xml(v: &PortInView) -> ActivationStatusResponse {
    let done = v.status() == PortStatus::Complete;
    ActivationStatusResponse {
        activation_status: ActivationStatusXml {
            auto_activation_date: v
                .result
                .activation_date
                .or(v.result.actual_foc_date)
                .map(|t| t.iso()),
            activated_telephone_numbers_list: TelephoneNumberListXml {
                numbers: if done {
                    v.result.completed.clone()
                } else {
                    Vec::new()
                },
            },
            not_yet_activated_telephone_numbers_list: TelephoneNumberListXml {
                numbers: if done {
                    Vec::new()
                } else {
                    v.request.tns.clone()
                },
            },
        },
    }
}

/// `GET …/portins/{portinId}/activationStatus` (triggered ports in FOC).
pub async fn activation(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<ActivationStatusResponse>, ApiError> {
    let v = state
        .hub
        .activation_status(&account, p.get("portinId"))
        .await
        .map_err(|f| ApiError::from_core(f.first(), ACTIVATION))?;
    Ok(Xml(activation_xml(&v)))
}

/// `PUT …/portins/{portinId}/activationStatus`: `AutoActivationDate` in
/// the past activates now; a later one (within three days of the FOC date)
/// schedules the activation.
pub async fn set_activation(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
    body: RawBody,
) -> Result<Xml<ActivationStatusResponse>, ApiError> {
    let request: ActivationStatusBody = parse(&body, ACTIVATION)?;
    let raw = tnhub_wire::read::non_empty(&request.auto_activation_date).ok_or_else(|| {
        ApiError::from_core(CoreError::required("AutoActivationDate"), ACTIVATION)
    })?;
    let when = Timestamp::parse(raw).ok_or_else(|| {
        ApiError::from_core(
            CoreError::invalid(
                tnhub_core::error::codes::INVALID_VALUE,
                format!("AutoActivationDate '{raw}' is not a date"),
            ),
            ACTIVATION,
        )
    })?;
    let v = state
        .hub
        .set_activation(&account, p.get("portinId"), user.user.as_str(), when)
        .await
        .map_err(|f| ApiError::from_core(f.first(), ACTIVATION))?;
    Ok(Xml(activation_xml(&v)))
}
