//! Port-in documents (`…/portins/{id}/loas`, wire-format.md 2.14): files
//! stored in the database byte for byte with their content type and
//! metadata. An LOA lets a port-in waiting in PENDING_DOCUMENTS go to the
//! losing carrier (a toll-free one needs a PDF or TIFF).

use crate::error::{CoreError, ErrorKind};
use crate::ids::AccountId;
use crate::order::portin::{PortStatus, codes};
use crate::store::{LoaFile, Repo, StoreError};

use super::Tnhub;
use super::portin_flow::{Change, schedule, transition};
use super::portins::{PortInView, load_port_in};

/// The largest document accepted (the real service's limit).
pub const MAX_LOA_BYTES: usize = 3 * 1024 * 1024;

/// The document types (`documentType`).
pub const DOCUMENT_TYPES: [&str; 4] = ["LOA", "INVOICE", "CSR", "OTHER"];

/// The content types accepted, and the file extension each gets.
const CONTENT_TYPES: &[(&str, &str)] = &[
    ("application/pdf", "pdf"),
    ("image/tiff", "tiff"),
    ("image/tif", "tif"),
    ("image/jpeg", "jpg"),
    ("image/jpg", "jpg"),
    ("image/png", "png"),
    ("text/plain", "txt"),
    ("text/csv", "csv"),
    ("application/msword", "doc"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ("application/vnd.ms-excel", "xls"),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
    ("audio/x-wav", "wav"),
    ("audio/wav", "wav"),
    ("application/zip", "zip"),
    // Node's createFile sends this when the caller names no type.
    ("application/octet-stream", "bin"),
];

/// The extension of a content type (parameters such as `; charset=` ignored),
/// or 7640 for one that cannot be stored.
pub fn extension_of(content_type: &str) -> Result<&'static str, CoreError> {
    let bare = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    CONTENT_TYPES
        .iter()
        .find(|(t, _)| *t == bare)
        .map(|(_, e)| *e)
        .ok_or_else(|| {
            CoreError::invalid(
                codes::DOCUMENT_INVALID,
                format!(
                    "The file type '{content_type}' is not supported; send pdf, tiff, jpg, png, txt, csv, doc, docx, xls, xlsx, xml, wav or zip"
                ),
            )
        })
}

/// Checks a `documentType` (7639); `None` when absent.
pub fn document_type(raw: Option<&str>) -> Result<Option<String>, CoreError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => DOCUMENT_TYPES
            .iter()
            .find(|d| d.eq_ignore_ascii_case(t))
            .map(|d| Some((*d).to_string()))
            .ok_or_else(|| {
                CoreError::invalid(
                    codes::DOCUMENT_TYPE,
                    "Unknown documentType specified, valid values are: LOA, INVOICE, CSR, OTHER.",
                )
            }),
    }
}

fn is_pdf_or_tiff(content_type: &str) -> bool {
    let t = content_type.to_ascii_lowercase();
    t.starts_with("application/pdf") || t.starts_with("image/tif")
}

/// Whether the port-in has an LOA that lets it leave PENDING_DOCUMENTS.
pub(super) async fn has_usable_loa(tx: &mut dyn Repo, v: &PortInView) -> Result<bool, CoreError> {
    Ok(tx.loas(&v.row.id).await?.iter().any(|f| usable(v, f)))
}

fn usable(v: &PortInView, f: &LoaFile) -> bool {
    f.document_type.as_deref().unwrap_or("LOA") == "LOA"
        && (!v.result.toll_free || is_pdf_or_tiff(&f.content_type))
}

fn file_not_found(id: &str, name: &str) -> CoreError {
    CoreError::not_found(
        codes::NOT_FOUND,
        format!("The resource does not exist: no file '{name}' on port-in '{id}'"),
    )
}

fn check_content(content_type: &str, bytes: &[u8]) -> Result<&'static str, CoreError> {
    let ext = extension_of(content_type)?;
    if bytes.is_empty() {
        return Err(CoreError::invalid(
            codes::DOCUMENT_INVALID,
            "The file is empty",
        ));
    }
    if bytes.len() > MAX_LOA_BYTES {
        return Err(CoreError::new(
            ErrorKind::Invalid,
            crate::error::codes::TOO_LARGE,
            format!("The file is larger than the limit of {MAX_LOA_BYTES} bytes"),
        ));
    }
    Ok(ext)
}

impl Tnhub {
    /// Stores a document for a port-in; returns it (with its new name).
    pub async fn upload_loa(
        &self,
        account: &AccountId,
        id: &str,
        user: &str,
        content_type: &str,
        document_type: Option<String>,
        bytes: &[u8],
    ) -> Result<LoaFile, CoreError> {
        let ext = check_content(content_type, bytes)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let mut v = load_port_in(tx.as_mut(), account, id).await?;
        let mut file = LoaFile {
            order_id: v.row.id.clone(),
            name: String::new(),
            content_type: content_type.trim().to_string(),
            size: bytes.len() as u64,
            document_name: None,
            document_type: Some(document_type.unwrap_or_else(|| "LOA".into())),
            created_at: now,
            updated_at: now,
        };
        let mut millis = now.millis();
        loop {
            file.name = format!("{}-{millis}.{ext}", v.row.id);
            match tx.insert_loa(&file, bytes).await {
                Ok(()) => break,
                Err(StoreError::Duplicate(_)) if millis < now.millis() + 1_000 => millis += 1,
                Err(e) => return Err(e.into()),
            }
        }
        if usable(&v, &file) && v.result.loa_date.is_none() {
            v.result.loa_date = Some(now);
            let mut change = Change::new(format!("LOA file {} uploaded", file.name), user);
            change.difference = Some(format!("LoaDate : \"\" --> {}", now.iso()));
            let status = v.status();
            if status == PortStatus::PendingDocuments {
                self.send_to_carrier(tx.as_mut(), &mut v, PortStatus::Submitted, change, now)
                    .await?;
            } else if status.is_terminal() {
                super::portin_flow::store(tx.as_mut(), &mut v).await?;
            } else {
                transition(tx.as_mut(), &mut v, status, change, now).await?;
            }
        } else if usable(&v, &file) && v.status() == PortStatus::PendingDocuments {
            let change = Change::new(format!("LOA file {} uploaded", file.name), user);
            self.send_to_carrier(tx.as_mut(), &mut v, PortStatus::Submitted, change, now)
                .await?;
        }
        schedule(tx.as_mut(), &v, now).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(file)
    }

    /// Replaces a document's bytes (and content type).
    pub async fn replace_loa(
        &self,
        account: &AccountId,
        id: &str,
        name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<LoaFile, CoreError> {
        check_content(content_type, bytes)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let v = load_port_in(tx.as_mut(), account, id).await?;
        if !tx
            .replace_loa(&v.row.id, name, content_type.trim(), bytes, now)
            .await?
        {
            return Err(file_not_found(id, name));
        }
        let file = tx
            .loa(&v.row.id, name)
            .await?
            .ok_or_else(|| file_not_found(id, name))?;
        tx.commit().await?;
        Ok(file)
    }

    /// A port-in's documents, oldest first.
    pub async fn loas(&self, account: &AccountId, id: &str) -> Result<Vec<LoaFile>, CoreError> {
        let mut repo = self.store.read().await?;
        let v = load_port_in(repo.as_mut(), account, id).await?;
        Ok(repo.loas(&v.row.id).await?)
    }

    /// One document with its bytes.
    pub async fn loa(
        &self,
        account: &AccountId,
        id: &str,
        name: &str,
    ) -> Result<(LoaFile, Vec<u8>), CoreError> {
        let mut repo = self.store.read().await?;
        let v = load_port_in(repo.as_mut(), account, id).await?;
        let file = repo
            .loa(&v.row.id, name)
            .await?
            .ok_or_else(|| file_not_found(id, name))?;
        let bytes = repo
            .loa_content(&v.row.id, name)
            .await?
            .ok_or_else(|| file_not_found(id, name))?;
        Ok((file, bytes))
    }

    /// Deletes a document.
    pub async fn delete_loa(
        &self,
        account: &AccountId,
        id: &str,
        name: &str,
    ) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        let v = load_port_in(tx.as_mut(), account, id).await?;
        if !tx.delete_loa(&v.row.id, name).await? {
            return Err(file_not_found(id, name));
        }
        tx.commit().await?;
        Ok(())
    }

    /// One document's metadata.
    pub async fn loa_metadata(
        &self,
        account: &AccountId,
        id: &str,
        name: &str,
    ) -> Result<LoaFile, CoreError> {
        let mut repo = self.store.read().await?;
        let v = load_port_in(repo.as_mut(), account, id).await?;
        repo.loa(&v.row.id, name)
            .await?
            .ok_or_else(|| file_not_found(id, name))
    }

    /// Sets a document's metadata (`None`s clear it: DELETE …/metadata).
    pub async fn set_loa_metadata(
        &self,
        account: &AccountId,
        id: &str,
        name: &str,
        document_name: Option<&str>,
        document_type: Option<&str>,
    ) -> Result<LoaFile, CoreError> {
        let document_name = document_name.map(str::trim).filter(|n| !n.is_empty());
        if document_name.is_some_and(|n| n.chars().count() > 255 || n.chars().any(char::is_control))
        {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                "DocumentName must be at most 255 printable characters",
            ));
        }
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let v = load_port_in(tx.as_mut(), account, id).await?;
        if !tx
            .update_loa_metadata(&v.row.id, name, document_name, document_type, now)
            .await?
        {
            return Err(file_not_found(id, name));
        }
        let file = tx
            .loa(&v.row.id, name)
            .await?
            .ok_or_else(|| file_not_found(id, name))?;
        tx.commit().await?;
        Ok(file)
    }
}
