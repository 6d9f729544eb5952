//! Port-in documents: `POST|GET …/portins/{id}/loas`,
//! `GET|PUT|DELETE …/loas/{fileName}` and `GET|PUT|DELETE …/metadata`
//! (wire-format.md 2.14). Uploads are the raw file bytes with their
//! `Content-Type` (not multipart, not XML); downloads give them back byte
//! for byte with the stored type.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tnhub_core::CoreError;
use tnhub_core::order::portin::codes;
use tnhub_core::service::{MAX_LOA_BYTES, document_type};
use tnhub_wire::request::portin::FileMetaDataBody;
use tnhub_wire::response::portin::{FileListResponse, FileMetaDataXml, FileUploadResponse};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse, xml_response};

const UPLOAD: ErrorShape = ErrorShape::status("fileUploadResponse");
const FILES: ErrorShape = ErrorShape::status("fileListResponse");
const METADATA: ErrorShape = ErrorShape::status("FileMetaData");
const GENERIC: ErrorShape = crate::error::GENERIC;

/// The body's content type (Node's default when the caller names none is
/// `application/octet-stream`).
fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or("application/octet-stream")
        .to_string()
}

fn check_size(body: &RawBody) -> Result<(), ApiError> {
    if body.0.len() > MAX_LOA_BYTES {
        return Err(ApiError::too_large(MAX_LOA_BYTES));
    }
    Ok(())
}

/// `documentType` from the query or a header (both: they must agree, 409).
fn requested_type(q: &QueryMap, headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let from_query = q
        .get("documenttype")
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let from_header = headers
        .get("documenttype")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    if let (Some(a), Some(b)) = (from_query, from_header)
        && !a.eq_ignore_ascii_case(b)
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            UPLOAD,
            Some(codes::DOCUMENT_TYPE),
            format!("documentType '{a}' in the query conflicts with '{b}' in the header"),
        ));
    }
    document_type(from_query.or(from_header)).map_err(UPLOAD.core())
}

/// `POST …/loas`: 201, `Location …/loas/{fileName}`, `<fileUploadResponse>`.
#[allow(clippy::too_many_arguments)] // one per extractor
pub async fn upload(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
    q: QueryMap,
    base: RequestBase,
    headers: HeaderMap,
    body: RawBody,
) -> Result<Created, ApiError> {
    check_size(&body)?;
    let doc_type = requested_type(&q, &headers)?;
    let id = p.get("portinId");
    let file = state
        .hub
        .upload_loa(
            &account,
            id,
            user.user.as_str(),
            &content_type(&headers),
            doc_type,
            &body.0,
        )
        .await
        .map_err(UPLOAD.core())?;
    tracing::info!(account = %account, portin = %file.order_id, file = %file.name, bytes = file.size, "port-in document uploaded");
    Ok(Created {
        location: base.url(&format!(
            "/accounts/{account}/portins/{}/loas/{}",
            file.order_id, file.name
        )),
        body: Some(xml_response(
            StatusCode::CREATED,
            &FileUploadResponse {
                result_message: format!(
                    "LOA file uploaded successfully for order {}",
                    file.order_id
                ),
                filename: file.name,
                result_code: 0,
            },
        )),
    })
}

/// `GET …/loas?metadata=true|false`: `<fileListResponse>`.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    q: QueryMap,
) -> Result<Xml<FileListResponse>, ApiError> {
    let with_metadata = convert::boolean(&q.get("metadata").map(str::to_string), "metadata")
        .map_err(FILES.core())?
        .unwrap_or(false);
    let files = state
        .hub
        .loas(&account, p.get("portinId"))
        .await
        .map_err(GENERIC.core())?;
    Ok(Xml(FileListResponse {
        file_count: files.len(),
        file_names: if with_metadata {
            Vec::new()
        } else {
            files.iter().map(|f| f.name.clone()).collect()
        },
        file_data: if with_metadata {
            files.iter().map(convert::portins::file_data).collect()
        } else {
            Vec::new()
        },
        result_code: 0,
        result_message: if files.is_empty() {
            "No LOA files found for the order".into()
        } else {
            "LOA file list successfully returned".into()
        },
    }))
}

/// `GET …/loas/{fileName}`: the bytes, with the stored content type.
pub async fn download(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    let (file, bytes) = state
        .hub
        .loa(&account, p.get("portinId"), p.get("fileName"))
        .await
        .map_err(GENERIC.core())?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&file.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `PUT …/loas/{fileName}`: replaces the bytes; 200 `<fileUploadResponse>`.
pub async fn replace(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    headers: HeaderMap,
    body: RawBody,
) -> Result<Xml<FileUploadResponse>, ApiError> {
    check_size(&body)?;
    let file = state
        .hub
        .replace_loa(
            &account,
            p.get("portinId"),
            p.get("fileName"),
            &content_type(&headers),
            &body.0,
        )
        .await
        .map_err(UPLOAD.core())?;
    Ok(Xml(FileUploadResponse {
        result_message: format!("LOA file updated successfully for order {}", file.order_id),
        filename: file.name,
        result_code: 0,
    }))
}

/// `DELETE …/loas/{fileName}`: 200.
pub async fn remove(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .delete_loa(&account, p.get("portinId"), p.get("fileName"))
        .await
        .map_err(GENERIC.core())?;
    Ok(ok_empty())
}

/// `GET …/loas/{fileName}/metadata`: `<FileMetaData>`.
pub async fn metadata(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<FileMetaDataXml>, ApiError> {
    let file = state
        .hub
        .loa_metadata(&account, p.get("portinId"), p.get("fileName"))
        .await
        .map_err(METADATA.core())?;
    Ok(Xml(convert::portins::metadata(&file)))
}

/// `PUT …/loas/{fileName}/metadata` with `<FileMetaData>`: 200.
pub async fn set_metadata(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: FileMetaDataBody = parse(&body, METADATA)?;
    let doc_type = document_type(request.document_type.as_deref())
        .map_err(METADATA.core())?
        .ok_or_else(|| ApiError::from_core(CoreError::required("DocumentType"), METADATA))?;
    state
        .hub
        .set_loa_metadata(
            &account,
            p.get("portinId"),
            p.get("fileName"),
            request.document_name.as_deref(),
            Some(&doc_type),
        )
        .await
        .map_err(METADATA.core())?;
    Ok(ok_empty())
}

/// `DELETE …/loas/{fileName}/metadata`: 200.
pub async fn delete_metadata(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .set_loa_metadata(&account, p.get("portinId"), p.get("fileName"), None, None)
        .await
        .map_err(METADATA.core())?;
    Ok(ok_empty())
}
