//! The error envelopes of the real service.
//!
//! Bandwidth uses four shapes, chosen per endpoint (wire-format.md 1.6):
//! - [`Envelope::ResponseStatus`] — `<Root><ResponseStatus><ErrorCode/><Description/></ResponseStatus></Root>`
//!   (sites, SIP peers, notes, reservations, subscriptions, `/tns`, and the
//!   generic `<ErrorResponse>`);
//! - [`Envelope::ErrorList`] — `<Root><ErrorList><Error><Code/><Description/>[<TelephoneNumber/>]</Error>*</ErrorList></Root>`
//!   (orders, disconnects);
//! - [`Envelope::Errors`] — `<Root><Status><Code/><Description/></Status><Errors>…</Errors>*<ProcessingStatus>EXCEPTION</ProcessingStatus></Root>`
//!   (port-ins, the LNP checker, moves);
//! - [`Envelope::SearchError`] — `<SearchResult><Error><Code/><Description/></Error></SearchResult>`.
//!
//! `ErrorCode` always precedes `Description`: the Python client formats its
//! message from the first two children.

use serde::Serialize;

use crate::write::{WriteError, to_document_with_root};

/// Which of the real service's error shapes an endpoint uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `ResponseStatus` with `ErrorCode` and `Description`.
    ResponseStatus,
    /// `ErrorList/Error` with `Code`, `Description` and an optional number.
    ErrorList,
    /// A `Status` followed by repeated `Errors`, then `ProcessingStatus`.
    Errors,
    /// A single `Error` with `Code` and `Description`.
    SearchError,
}

/// One error to report: a Bandwidth code (absent for the generic "resource
/// does not exist"), its text, and the number it concerns, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail {
    /// The numeric Bandwidth error code.
    pub code: Option<u32>,
    /// Human-readable text, in Bandwidth's wording where it is known.
    pub description: String,
    /// The telephone number the error is about (orders, disconnects).
    pub telephone_number: Option<String>,
}

/// `<ResponseStatus>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResponseStatus {
    /// The error code; omitted for the generic "does not exist".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<u32>,
    /// The error text.
    pub description: String,
}

/// One `<Error>` (or `<Errors>`) entry.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorItem {
    /// The error code.
    pub code: u32,
    /// The error text.
    pub description: String,
    /// The number concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number: Option<String>,
}

/// `<ErrorList>`: always written, empty when there is nothing to report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ErrorList {
    /// The errors.
    #[serde(rename = "Error")]
    pub errors: Vec<ErrorItem>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StatusBody<'a> {
    response_status: &'a ResponseStatus,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorListBody {
    error_list: ErrorList,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SearchBody {
    error: ErrorItem,
}

/// `<Status>` of the port-in family: the request's result, not the lifecycle.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RequestStatus {
    /// HTTP-like code (201, 200, 400 …).
    pub code: u16,
    /// The real service's fixed sentence for that code.
    pub description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorsBody {
    status: RequestStatus,
    #[serde(rename = "Errors")]
    errors: Vec<ErrorItem>,
    processing_status: &'static str,
}

fn items(details: &[ErrorDetail]) -> Vec<ErrorItem> {
    details
        .iter()
        .map(|d| ErrorItem {
            code: d.code.unwrap_or(0),
            description: d.description.clone(),
            telephone_number: d.telephone_number.clone(),
        })
        .collect()
}

/// Writes an error document in the envelope an endpoint uses.
///
/// `details` must hold at least one entry; envelopes that carry one error
/// use the first.
pub fn render(
    root: &str,
    envelope: Envelope,
    http_status: u16,
    details: &[ErrorDetail],
) -> Result<String, WriteError> {
    let first = details.first().cloned().unwrap_or(ErrorDetail {
        code: None,
        description: "Unknown error".into(),
        telephone_number: None,
    });
    match envelope {
        Envelope::ResponseStatus => to_document_with_root(
            root,
            &StatusBody {
                response_status: &ResponseStatus {
                    error_code: first.code,
                    description: first.description,
                },
            },
        ),
        Envelope::ErrorList => to_document_with_root(
            root,
            &ErrorListBody {
                error_list: ErrorList {
                    errors: items(details),
                },
            },
        ),
        Envelope::SearchError => to_document_with_root(
            root,
            &SearchBody {
                error: items(&[first])
                    .pop()
                    .expect("items maps one detail to one item"),
            },
        ),
        Envelope::Errors => to_document_with_root(
            root,
            &ErrorsBody {
                status: RequestStatus {
                    code: http_status,
                    description: if http_status < 500 {
                        "Validation Failed. Please check your input parameters.".into()
                    } else {
                        "Internal error. Please try again later.".into()
                    },
                },
                errors: items(details),
                processing_status: "EXCEPTION",
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(code: u32, text: &str) -> ErrorDetail {
        ErrorDetail {
            code: Some(code),
            description: text.into(),
            telephone_number: None,
        }
    }

    #[test]
    fn response_status_puts_code_first() {
        let doc = render(
            "SiteResponse",
            Envelope::ResponseStatus,
            404,
            &[detail(12016, "Site '3014' does not exist")],
        )
        .unwrap();
        assert!(doc.ends_with("<SiteResponse><ResponseStatus><ErrorCode>12016</ErrorCode><Description>Site &apos;3014&apos; does not exist</Description></ResponseStatus></SiteResponse>")
            || doc.ends_with("<SiteResponse><ResponseStatus><ErrorCode>12016</ErrorCode><Description>Site '3014' does not exist</Description></ResponseStatus></SiteResponse>"), "{doc}");
    }

    #[test]
    fn errors_envelope_repeats_errors() {
        let doc = render(
            "LnpOrderResponse",
            Envelope::Errors,
            400,
            &[detail(7309, "a"), detail(7312, "b")],
        )
        .unwrap();
        assert!(doc.contains("<Status><Code>400</Code><Description>Validation Failed. Please check your input parameters.</Description></Status><Errors><Code>7309</Code><Description>a</Description></Errors><Errors><Code>7312</Code><Description>b</Description></Errors><ProcessingStatus>EXCEPTION</ProcessingStatus>"), "{doc}");
    }

    #[test]
    fn search_and_error_list_shapes() {
        let doc = render(
            "SearchResult",
            Envelope::SearchError,
            400,
            &[detail(4010, "x")],
        )
        .unwrap();
        assert!(doc.ends_with("<SearchResult><Error><Code>4010</Code><Description>x</Description></Error></SearchResult>"));
        let doc = render(
            "OrderResponse",
            Envelope::ErrorList,
            400,
            &[detail(5016, "y")],
        )
        .unwrap();
        assert!(doc.ends_with("<OrderResponse><ErrorList><Error><Code>5016</Code><Description>y</Description></Error></ErrorList></OrderResponse>"));
    }
}
